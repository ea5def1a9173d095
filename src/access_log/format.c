/*
 * The format builder (see format.h): fields and literals in order, names
 * and literals copied into the format's own store.
 */
#include "format.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "set_err.h"
#include "syntax_json.h"

struct al_format *al_format_new(const char *kind, size_t spec_len)
{
	struct al_format *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	/* Literals and names never outgrow the spec plus a NUL per field
	 * and the longest prefix a name gains ("sent_http_"). */
	f->strings_cap = spec_len * 2 + (AL_MAX_FIELDS + 1) * 16 + 64;
	f->strings = malloc(f->strings_cap);
	if (!f->strings) {
		free(f);
		return NULL;
	}
	f->kind = kind;
	f->w3c_time_field = -1;
	f->query_field = -1;
	for (int i = 0; i < AL_COL_COUNT; i++)
		f->col_field[i] = -1;
	return f;
}

void al_format_free(struct al_format *f)
{
	if (!f)
		return;
	al_json_free(f->json);
	free(f->strings);
	free(f);
}

const char *al_format_kind(const struct al_format *f)
{
	return f->kind;
}

/* Room for n bytes and a NUL at offset at of the format's string store,
 * which then ends there. */
static char *reserve_at(struct al_format *f, size_t at, size_t n)
{
	char *p;

	if (at + n + 1 > f->strings_cap)
		return NULL;
	p = f->strings + at;
	p[n] = '\0';
	f->strings_used = at + n + 1;
	return p;
}

static const char *store(struct al_format *f, const char *s, size_t n)
{
	char *p = reserve_at(f, f->strings_used, n);

	if (p)
		memcpy(p, s, n);
	return p;
}

/* Which column a typed kind feeds. */
static int kind_col(enum al_kind kind, int col)
{
	switch (kind) {
	case K_TEXT: return col;
	case K_AGENT: return AL_USER_AGENT;
	case K_REQUEST: return AL_METHOD;
	case K_TIME_CLF:
	case K_TIME_ISO:
	case K_TIME_EPOCH:
	case K_TIME_EPOCH_MS:
	case K_TIME_EPOCH_US:
	case K_TIME_LOCAL_MS:
	case K_W3C_DATE: return AL_TIME;
	case K_ADDR_PORT: return AL_REMOTE_ADDR;
	case K_HOST_PORT: return AL_VHOST;
	case K_AGENT_PCT: return AL_USER_AGENT;
	case K_STATUS: return AL_STATUS;
	case K_SUBSTATUS: return AL_SUBSTATUS;
	case K_BYTES: return AL_BYTES;
	case K_SECONDS:
	case K_MILLIS:
	case K_MICROS:
	case K_SECONDS_SUM: return AL_REQUEST_TIME;
	default: return -1;
	}
}

/* A name given twice ("%{X}o %{X}o") is one key in "extra": the later
 * field's, as the last of a JSON line's repeated keys counts. (Fields that
 * feed a column and are in "extra" too are the presets', whose names
 * differ: a test checks.) */
static void keep_later_key(struct al_format *f, const char *name)
{
	for (int i = 0; i < f->n; i++)
		if (f->field[i].kind == K_EXTRA &&
		    strcmp(f->field[i].name, name) == 0)
			f->field[i].kind = K_DROP;
}

/*
 * Add a field. A second field for a column that is already fed (say $uri
 * after $request_uri) goes to "extra" instead, so no value is lost.
 */
int al_add_field(struct al_format *f, enum al_kind kind, int col,
		 const char *name, size_t name_len, char *err, size_t errlen)
{
	struct al_field *fd;
	int c = kind_col(kind, col);

	if (f->n == AL_MAX_FIELDS) {
		set_err(err, errlen, "format has more than %d fields",
			AL_MAX_FIELDS);
		return -1;
	}
	if (f->n > 0 && f->field[f->n - 1].after_len == 0) {
		set_err(err, errlen,
			"format has no separator between %s and %.*s",
			f->field[f->n - 1].name, (int)name_len, name);
		return -1;
	}
	/* A request line feeds method, path and protocol at once. */
	if (kind == K_REQUEST &&
	    (f->col_field[AL_METHOD] >= 0 || f->col_field[AL_PATH] >= 0 ||
	     f->col_field[AL_PROTOCOL] >= 0))
		kind = K_EXTRA;
	else if (kind == K_W3C_TIME && f->w3c_time_field >= 0)
		kind = K_EXTRA;
	else if (kind == K_QUERY && f->query_field >= 0)
		kind = K_EXTRA;
	else if (kind == K_SECONDS_SUM)
		; /* the timings add up (and are a preset's only ones: a test
		   * checks) */
	else if (c >= 0 && f->col_field[c] >= 0)
		kind = K_EXTRA;

	fd = &f->field[f->n];
	fd->kind = kind;
	fd->col = kind == K_TEXT ? col : kind_col(kind, col);
	fd->name = store(f, name, name_len);
	if (!fd->name) {
		set_err(err, errlen, "format too long");
		return -1;
	}
	fd->after = "";
	fd->after_len = 0;
	/* Each timing keeps its own name in extra: the column is their sum;
	 * an address keeps its port there. */
	fd->in_extra = kind == K_SECONDS_SUM || kind == K_ADDR_PORT;
	fd->no_space = fd->address = false;
	if (fd->in_extra)
		f->has_extra = true;
	if (kind == K_EXTRA)
		keep_later_key(f, fd->name);
	if (kind == K_SECONDS_SUM && f->col_field[c] >= 0) {
		/* the first timing feeds the column */
	} else if (kind == K_REQUEST) {
		f->col_field[AL_METHOD] = f->n;
		f->col_field[AL_PATH] = f->n;
		f->col_field[AL_PROTOCOL] = f->n;
	} else if (kind == K_W3C_TIME) {
		f->w3c_time_field = f->n;
	} else if (kind == K_QUERY) {
		f->query_field = f->n;
	} else if (kind == K_EXTRA) {
		f->has_extra = true;
	} else if (kind != K_DROP) {
		f->col_field[fd->col] = f->n;
	}
	f->n++;
	return 0;
}

/* The literal after the last field (or the prefix before the first). */
int al_add_literal(struct al_format *f, const char *s, size_t n, char *err,
		   size_t errlen)
{
	const char **text;
	size_t *len;
	char *p;

	if (n == 0)
		return 0;
	if (f->n == 0) {
		text = &f->prefix;
		len = &f->prefix_len;
	} else {
		text = &f->field[f->n - 1].after;
		len = &f->field[f->n - 1].after_len;
	}
	/* "%%" makes literals come in pieces. The literal is the last thing
	 * stored, so a piece goes where its NUL was. */
	p = reserve_at(f, *len ? (size_t)(*text - f->strings) + *len
			       : f->strings_used, n);
	if (!p) {
		set_err(err, errlen, "format too long");
		return -1;
	}
	memcpy(p, s, n);
	if (*len == 0)
		*text = p;
	*len += n;
	return 0;
}

/*
 * Mark fields that sit between double quotes, and addresses, host names
 * and user names outside quotes: those never hold a space, so a line with
 * a field more in front ("www.example.com 192.0.2.1 - - [...]" read as
 * combined) fails instead of giving "www.example.com 192.0.2.1" as the
 * address.
 */
void al_finish_format(struct al_format *f)
{
	int path = f->col_field[AL_PATH], q = f->query_field;

	/* A query joins a path that is a field of its own. Without one, or
	 * beside a request line, which holds its query, it goes to "extra"
	 * (where a later field of its name keeps the key). */
	if (q >= 0 && (path < 0 || f->field[path].kind == K_REQUEST)) {
		f->query_field = -1;
		f->has_extra = true;
		f->field[q].kind = K_EXTRA;
		for (int i = q + 1; i < f->n; i++)
			if (f->field[i].kind == K_EXTRA &&
			    strcmp(f->field[i].name, f->field[q].name) == 0)
				f->field[q].kind = K_DROP;
	}
	for (int i = 0; i < f->n; i++) {
		struct al_field *fd = &f->field[i];
		const char *before = i == 0 ? f->prefix : f->field[i - 1].after;
		size_t blen = i == 0 ? f->prefix_len : f->field[i - 1].after_len;
		fd->quoted = blen > 0 && before[blen - 1] == '"' &&
			     fd->after_len > 0 && fd->after[0] == '"';
		fd->address = !fd->quoted &&
			      ((fd->kind == K_TEXT && (fd->col == AL_REMOTE_ADDR ||
						       fd->col == AL_VHOST)) ||
			       fd->kind == K_ADDR_PORT || fd->kind == K_HOST_PORT);
		fd->no_space = fd->address ||
			       (!fd->quoted && fd->kind == K_TEXT &&
				fd->col == AL_REMOTE_USER);
	}
	f->required = f->n;
}

const struct name_map *al_find_name(const struct name_map *map, size_t count,
				    const char *s, size_t n)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(map[i].name) == n &&
		    strncasecmp(map[i].name, s, n) == 0)
			return &map[i];
	return NULL;
}
