/*
 * access_log: format compilation, line splitting, escape decoding and time
 * conversion for nginx, Apache and W3C (IIS) access logs. See access_log.h.
 *
 * A format compiles to a literal prefix and a list of fields, each followed
 * by the literal text that ends it:
 *
 *   $remote_addr - $remote_user [$time_local] "$request" $status ...
 *   field        "- " ...
 *
 * A line is split by looking for each field's closing literal. Inside a
 * quoted field a backslash escapes the next byte (Apache writes \" there;
 * nginx writes \x22 and so never puts a bare quote inside). The last field
 * ends where the line's closing literal begins, so an unescaped quote
 * inside it is harmless.
 */
/* NOLINTNEXTLINE(bugprone-reserved-identifier): a feature-test macro, reserved for exactly this use */
#define _GNU_SOURCE /* strverscmp(), memrchr() */
#include "access_log.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* ------------------------------------------------------------------ */
/* Formats                                                            */

enum al_kind {
	K_DROP,     /* matched, not kept: Apache's %l, always "-" */
	K_TEXT,     /* text for column col; "-" is NULL */
	K_AGENT,    /* W3C user agent: '+' stands for a space */
	K_REQUEST,  /* "METHOD target PROTOCOL" */
	K_TIME_CLF, /* 25/Nov/2026:23:42:16 +0000, in [] for Apache's %t */
	K_TIME_ISO, /* 2026-11-25T23:42:16+00:00 */
	K_TIME_EPOCH, /* nginx $msec: 1764114136.123, seconds since 1970, UTC */
	K_W3C_DATE, /* 2026-11-25 */
	K_W3C_TIME, /* 23:42:16, UTC */
	K_STATUS,
	K_SUBSTATUS,
	K_BYTES,
	K_SECONDS,  /* request time as written in seconds: 0.123 */
	K_MILLIS,   /* W3C time-taken */
	K_MICROS,   /* Apache %D */
	K_QUERY,    /* query string, joined to the path */
	K_EXTRA     /* goes to the JSON "extra" object under its name */
};

enum al_escape {
	ESC_BACKSLASH, /* nginx \xHH, Apache \" \\ \n \t \xhh, JSON \uXXXX */
	ESC_NONE       /* W3C and nginx escape=none: bytes as they are */
};

struct al_field {
	enum al_kind kind;
	int col;          /* the column of a K_TEXT field */
	bool quoted;      /* between double quotes */
	const char *name; /* as the format writes it; the key in "extra" */
	const char *after;
	size_t after_len;
};

struct al_format {
	const char *kind;
	enum al_escape esc;
	const char *prefix;
	size_t prefix_len;
	int n;
	struct al_field field[AL_MAX_FIELDS];
	int col_field[AL_COL_COUNT]; /* field that feeds a column, or -1 */
	int w3c_time_field;          /* a W3C time joins its date */
	int query_field;
	bool has_extra;
	/* Detected combined or common followed by more fields: the last
	 * field ends at its own end (its first unescaped quote, or a space)
	 * and what follows is fields without names, for "extra". */
	bool trailing;
	/* Literals and names are copied here. */
	char *strings;
	size_t strings_used, strings_cap;
};

static const char COMBINED[] =
	"$remote_addr - $remote_user [$time_local] \"$request\" $status "
	"$body_bytes_sent \"$http_referer\" \"$http_user_agent\"";
static const char COMMON[] =
	"$remote_addr - $remote_user [$time_local] \"$request\" $status "
	"$body_bytes_sent";

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static struct al_format *format_new(const char *kind, size_t spec_len)
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
	free(f->strings);
	free(f);
}

const char *al_format_kind(const struct al_format *f)
{
	return f->kind;
}

/* Room for n bytes and a NUL in the format's string store. */
static char *reserve(struct al_format *f, size_t n)
{
	char *p;

	if (f->strings_used + n + 1 > f->strings_cap)
		return NULL;
	p = f->strings + f->strings_used;
	p[n] = '\0';
	f->strings_used += n + 1;
	return p;
}

static const char *store(struct al_format *f, const char *s, size_t n)
{
	char *p = reserve(f, n);

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
	case K_W3C_DATE: return AL_TIME;
	case K_STATUS: return AL_STATUS;
	case K_SUBSTATUS: return AL_SUBSTATUS;
	case K_BYTES: return AL_BYTES;
	case K_SECONDS:
	case K_MILLIS:
	case K_MICROS: return AL_REQUEST_TIME;
	default: return -1;
	}
}

/*
 * Add a field. A second field for a column that is already fed (say $uri
 * after $request_uri) goes to "extra" instead, so no value is lost.
 */
static int add_field(struct al_format *f, enum al_kind kind, int col,
		     const char *name, size_t name_len, char *err,
		     size_t errlen)
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
	if (kind == K_REQUEST) {
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
static int add_literal(struct al_format *f, const char *s, size_t n,
		       char *err, size_t errlen)
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
	/* "%%" makes literals come in pieces: join them. */
	p = reserve(f, *len + n);
	if (!p) {
		set_err(err, errlen, "format too long");
		return -1;
	}
	if (*len)
		memcpy(p, *text, *len);
	memcpy(p + *len, s, n);
	*text = p;
	*len += n;
	return 0;
}

/* Mark fields that sit between double quotes. */
static void finish_format(struct al_format *f)
{
	for (int i = 0; i < f->n; i++) {
		const char *before = i == 0 ? f->prefix : f->field[i - 1].after;
		size_t blen = i == 0 ? f->prefix_len : f->field[i - 1].after_len;
		f->field[i].quoted = blen > 0 && before[blen - 1] == '"' &&
				     f->field[i].after_len > 0 &&
				     f->field[i].after[0] == '"';
	}
}

/* --- nginx log_format --- */

struct name_map {
	const char *name;
	enum al_kind kind;
	int col;
};

static const struct name_map NGINX_VARS[] = {
	{"remote_addr", K_TEXT, AL_REMOTE_ADDR},
	{"remote_user", K_TEXT, AL_REMOTE_USER},
	{"time_local", K_TIME_CLF, AL_TIME},
	{"time_iso8601", K_TIME_ISO, AL_TIME},
	{"msec", K_TIME_EPOCH, AL_TIME},
	{"request", K_REQUEST, AL_METHOD},
	{"request_method", K_TEXT, AL_METHOD},
	{"request_uri", K_TEXT, AL_PATH},
	{"uri", K_TEXT, AL_PATH},
	{"document_uri", K_TEXT, AL_PATH},
	{"server_protocol", K_TEXT, AL_PROTOCOL},
	{"status", K_STATUS, AL_STATUS},
	{"body_bytes_sent", K_BYTES, AL_BYTES},
	{"http_referer", K_TEXT, AL_REFERER},
	{"http_user_agent", K_TEXT, AL_USER_AGENT},
	{"request_time", K_SECONDS, AL_REQUEST_TIME},
	{"host", K_TEXT, AL_VHOST},
	{"server_name", K_TEXT, AL_VHOST},
	{"http_host", K_TEXT, AL_VHOST},
};

static bool is_var_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static const struct name_map *find_name(const struct name_map *map,
					size_t count, const char *s, size_t n)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(map[i].name) == n &&
		    strncasecmp(map[i].name, s, n) == 0)
			return &map[i];
	return NULL;
}

/* The compilers return AL_OK with *out set, else AL_ERROR or AL_NOMEM with
 * a message in err. */
static int compile_nginx(const char *kind, const char *spec,
			 struct al_format **out, char *err, size_t errlen)
{
	size_t len = strlen(spec);
	struct al_format *f = format_new(kind, len);
	const char *p = spec, *lit = spec;

	if (!f) {
		set_err(err, errlen, "out of memory");
		return AL_NOMEM;
	}
	/* nginx's own parameter before the format string. */
	if (strncmp(p, "escape=", 7) == 0) {
		const char *sp = strchr(p, ' ');
		size_t n = sp ? (size_t)(sp - p) : strlen(p);
		if (n == 14 && strncmp(p, "escape=default", n) == 0)
			f->esc = ESC_BACKSLASH;
		else if (n == 11 && strncmp(p, "escape=json", n) == 0)
			f->esc = ESC_BACKSLASH;
		else if (n == 11 && strncmp(p, "escape=none", n) == 0)
			f->esc = ESC_NONE;
		else {
			set_err(err, errlen, "unknown nginx parameter '%.*s'",
				(int)n, p);
			goto fail;
		}
		p += n;
		while (*p == ' ')
			p++;
		lit = p;
	}
	while (*p) {
		const char *name;
		size_t n;

		if (*p != '$') {
			p++;
			continue;
		}
		if (add_literal(f, lit, (size_t)(p - lit), err, errlen))
			goto fail;
		if (p[1] == '{') {
			const char *close = strchr(p + 2, '}');
			if (!close) {
				set_err(err, errlen,
					"unclosed '${' in nginx format");
				goto fail;
			}
			name = p + 2;
			n = (size_t)(close - name);
			p = close + 1;
		} else {
			name = p + 1;
			n = 0;
			while (is_var_char(name[n]))
				n++;
			p = name + n;
		}
		if (n == 0) {
			set_err(err, errlen,
				"'$' without a variable name in nginx format");
			goto fail;
		}
		const struct name_map *m = find_name(
			NGINX_VARS, sizeof(NGINX_VARS) / sizeof(NGINX_VARS[0]),
			name, n);
		if (add_field(f, m ? m->kind : K_EXTRA, m ? m->col : -1, name,
			      n, err, errlen))
			goto fail;
		lit = p;
	}
	if (add_literal(f, lit, (size_t)(p - lit), err, errlen))
		goto fail;
	if (f->n == 0) {
		set_err(err, errlen, "nginx format has no $variable");
		goto fail;
	}
	finish_format(f);
	*out = f;
	return AL_OK;
fail:
	al_format_free(f);
	return AL_ERROR;
}

/* --- Apache LogFormat --- */

/* Letters of mod_log_config and the names nginx gives the same things. */
static const struct {
	char letter;
	enum al_kind kind;
	int col;
	const char *name;
} APACHE_DIRECTIVES[] = {
	{'a', K_TEXT, AL_REMOTE_ADDR, "remote_addr"},
	{'A', K_EXTRA, -1, "server_addr"},
	{'b', K_BYTES, AL_BYTES, "body_bytes_sent"},
	{'B', K_BYTES, AL_BYTES, "body_bytes_sent"},
	{'D', K_MICROS, AL_REQUEST_TIME, "request_time_us"},
	{'f', K_EXTRA, -1, "request_filename"},
	{'h', K_TEXT, AL_REMOTE_ADDR, "remote_host"},
	{'H', K_TEXT, AL_PROTOCOL, "server_protocol"},
	{'I', K_EXTRA, -1, "bytes_received"},
	{'k', K_EXTRA, -1, "keepalive_requests"},
	{'l', K_DROP, -1, "remote_logname"},
	{'L', K_EXTRA, -1, "log_id"},
	{'m', K_TEXT, AL_METHOD, "request_method"},
	{'O', K_EXTRA, -1, "bytes_sent"},
	{'p', K_EXTRA, -1, "server_port"},
	{'P', K_EXTRA, -1, "pid"},
	{'q', K_QUERY, -1, "query_string"},
	{'r', K_REQUEST, AL_METHOD, "request"},
	{'R', K_EXTRA, -1, "handler"},
	{'s', K_STATUS, AL_STATUS, "status"},
	{'S', K_EXTRA, -1, "bytes_transferred"},
	{'t', K_TIME_CLF, AL_TIME, "time_local"},
	{'T', K_SECONDS, AL_REQUEST_TIME, "request_time"},
	{'u', K_TEXT, AL_REMOTE_USER, "remote_user"},
	{'U', K_TEXT, AL_PATH, "uri"},
	{'v', K_TEXT, AL_VHOST, "server_name"},
	{'V', K_TEXT, AL_VHOST, "host"},
	{'X', K_EXTRA, -1, "connection_status"},
};

/* "%{X-Forwarded-For}i" -> "http_x_forwarded_for", as nginx names it. */
static size_t header_var(char *out, size_t cap, const char *prefix,
			 const char *s, size_t n)
{
	size_t k = strlen(prefix);

	if (k + n + 1 > cap)
		return 0;
	memcpy(out, prefix, k);
	for (size_t i = 0; i < n; i++)
		out[k + i] = s[i] == '-' ? '_' : (char)tolower((unsigned char)s[i]);
	out[k + n] = '\0';
	return k + n;
}

static int apache_directive(struct al_format *f, const char *arg, size_t argn,
			    char letter, char *err, size_t errlen)
{
	char name[160];
	size_t n;

	switch (letter) {
	case 'i':
		if (argn == 7 && strncasecmp(arg, "Referer", 7) == 0)
			return add_field(f, K_TEXT, AL_REFERER, "http_referer",
					 12, err, errlen);
		if (argn == 10 && strncasecmp(arg, "User-Agent", 10) == 0)
			return add_field(f, K_TEXT, AL_USER_AGENT,
					 "http_user_agent", 15, err, errlen);
		n = header_var(name, sizeof(name), "http_", arg, argn);
		if (argn == 4 && strncasecmp(arg, "Host", 4) == 0)
			return add_field(f, K_TEXT, AL_VHOST, name, n, err,
					 errlen);
		break;
	case 'o': n = header_var(name, sizeof(name), "sent_http_", arg, argn); break;
	case 'C': n = header_var(name, sizeof(name), "cookie_", arg, argn); break;
	case 'e': n = header_var(name, sizeof(name), "env_", arg, argn); break;
	case 'n': n = header_var(name, sizeof(name), "note_", arg, argn); break;
	case 't':
		/* %{strftime format}t: kept as written, time stays NULL. */
		if (arg)
			return add_field(f, K_EXTRA, -1, "time", 4, err, errlen);
		return add_field(f, K_TIME_CLF, AL_TIME, "time_local", 10, err,
				 errlen);
	case 'q':
		/* "%U%q" is one target: %q is empty or starts with '?', so
		 * nothing separates them; the path field takes both. */
		if (f->n > 0 && f->field[f->n - 1].after_len == 0 &&
		    strcmp(f->field[f->n - 1].name, "uri") == 0)
			return 0;
		return add_field(f, K_QUERY, -1, "query_string", 12, err,
				 errlen);
	case 'T':
		if (argn == 2 && strncmp(arg, "ms", 2) == 0)
			return add_field(f, K_MILLIS, AL_REQUEST_TIME,
					 "request_time_ms", 15, err, errlen);
		if (argn == 2 && strncmp(arg, "us", 2) == 0)
			return add_field(f, K_MICROS, AL_REQUEST_TIME,
					 "request_time_us", 15, err, errlen);
		return add_field(f, K_SECONDS, AL_REQUEST_TIME, "request_time",
				 12, err, errlen);
	case 'a':
		if (argn == 1 && arg[0] == 'c')
			return add_field(f, K_EXTRA, -1, "realip_remote_addr",
					 18, err, errlen);
		return add_field(f, K_TEXT, AL_REMOTE_ADDR, "remote_addr", 11,
				 err, errlen);
	case 'p':
		n = header_var(name, sizeof(name), "server_port_", arg, argn);
		if (argn == 0)
			n -= 1; /* "server_port" */
		break;
	default:
		for (size_t i = 0; i < sizeof(APACHE_DIRECTIVES) /
					       sizeof(APACHE_DIRECTIVES[0]);
		     i++)
			if (APACHE_DIRECTIVES[i].letter == letter)
				return add_field(
					f, APACHE_DIRECTIVES[i].kind,
					APACHE_DIRECTIVES[i].col,
					APACHE_DIRECTIVES[i].name,
					strlen(APACHE_DIRECTIVES[i].name), err,
					errlen);
		set_err(err, errlen, "unknown Apache directive '%%%c'", letter);
		return -1;
	}
	if (n == 0) {
		set_err(err, errlen, "Apache directive argument too long");
		return -1;
	}
	name[n] = '\0';
	return add_field(f, K_EXTRA, -1, name, n, err, errlen);
}

static int compile_apache(const char *spec, struct al_format **out,
			  char *err, size_t errlen)
{
	size_t len = strlen(spec);
	struct al_format *f = format_new("apache", len);
	const char *p = spec, *lit = spec;

	if (!f) {
		set_err(err, errlen, "out of memory");
		return AL_NOMEM;
	}
	while (*p) {
		const char *arg = NULL;
		size_t argn = 0;

		if (*p != '%') {
			p++;
			continue;
		}
		if (p[1] == '%') { /* "%%" is a literal percent sign */
			if (add_literal(f, lit, (size_t)(p + 1 - lit), err,
					errlen))
				goto fail;
			p += 2;
			lit = p;
			continue;
		}
		if (add_literal(f, lit, (size_t)(p - lit), err, errlen))
			goto fail;
		p++;
		/* Modifiers: %>s, %<s, %400,501{User-agent}i, %!200h */
		while (*p == '<' || *p == '>' || *p == '!' || *p == ',' ||
		       isdigit((unsigned char)*p))
			p++;
		if (*p == '{') {
			const char *close = strchr(p + 1, '}');
			if (!close) {
				set_err(err, errlen,
					"unclosed '%%{' in Apache format");
				goto fail;
			}
			arg = p + 1;
			argn = (size_t)(close - arg);
			p = close + 1;
		}
		if (!*p) {
			set_err(err, errlen, "Apache format ends after '%%'");
			goto fail;
		}
		if (apache_directive(f, arg, argn, *p, err, errlen))
			goto fail;
		p++;
		lit = p;
	}
	if (add_literal(f, lit, (size_t)(p - lit), err, errlen))
		goto fail;
	finish_format(f);
	*out = f;
	return AL_OK;
fail:
	al_format_free(f);
	return AL_ERROR;
}

/* --- W3C extended --- */

static const struct name_map W3C_FIELDS[] = {
	{"date", K_W3C_DATE, AL_TIME},
	{"time", K_W3C_TIME, -1},
	{"c-ip", K_TEXT, AL_REMOTE_ADDR},
	{"cs-username", K_TEXT, AL_REMOTE_USER},
	{"cs-method", K_TEXT, AL_METHOD},
	{"cs-uri-stem", K_TEXT, AL_PATH},
	{"cs-uri", K_TEXT, AL_PATH},
	{"cs-uri-query", K_QUERY, -1},
	{"cs-version", K_TEXT, AL_PROTOCOL},
	{"sc-status", K_STATUS, AL_STATUS},
	{"sc-substatus", K_SUBSTATUS, AL_SUBSTATUS},
	{"sc-bytes", K_BYTES, AL_BYTES},
	{"cs(Referer)", K_TEXT, AL_REFERER},
	{"cs(User-Agent)", K_AGENT, AL_USER_AGENT},
	{"time-taken", K_MILLIS, AL_REQUEST_TIME},
	{"s-sitename", K_TEXT, AL_VHOST},
	{"cs-host", K_TEXT, AL_VHOST},
};

static int compile_w3c(const char *fields, size_t len, struct al_format **out,
		       char *err, size_t errlen)
{
	struct al_format *f = format_new("w3c", len);
	size_t i = 0;

	if (!f) {
		set_err(err, errlen, "out of memory");
		return AL_NOMEM;
	}
	f->esc = ESC_NONE;
	/* The Host header names the site better than "W3SVC1": when both are
	 * logged, cs-host is the vhost and s-sitename goes to extra. */
	bool has_host = false;
	for (size_t k = 0; k + 7 <= len; k++)
		if (strncasecmp(fields + k, "cs-host", 7) == 0 &&
		    (k == 0 || fields[k - 1] == ' ') &&
		    (k + 7 == len || fields[k + 7] == ' ' || fields[k + 7] == '\r'))
			has_host = true;
	while (i < len) {
		size_t start, n;

		while (i < len && (fields[i] == ' ' || fields[i] == '\t'))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && fields[i] != ' ' && fields[i] != '\t')
			i++;
		n = i - start;
		if (f->n > 0 && add_literal(f, " ", 1, err, errlen))
			goto fail;
		const struct name_map *m = find_name(
			W3C_FIELDS, sizeof(W3C_FIELDS) / sizeof(W3C_FIELDS[0]),
			fields + start, n);
		if (m && has_host && strcmp(m->name, "s-sitename") == 0)
			m = NULL;
		if (add_field(f, m ? m->kind : K_EXTRA, m ? m->col : -1,
			      fields + start, n, err, errlen))
			goto fail;
	}
	if (f->n == 0) {
		set_err(err, errlen, "#Fields: line names no field");
		goto fail;
	}
	finish_format(f);
	*out = f;
	return AL_OK;
fail:
	al_format_free(f);
	return AL_ERROR;
}

struct al_format *al_format_w3c(const char *fields, size_t len, char *err,
				size_t errlen)
{
	struct al_format *f = NULL;

	return compile_w3c(fields, len, &f, err, errlen) == AL_OK ? f : NULL;
}

static int compile_format(const char *spec, struct al_format **out, char *err,
			  size_t errlen)
{
	if (strcmp(spec, "combined") == 0)
		return compile_nginx("combined", COMBINED, out, err, errlen);
	if (strcmp(spec, "common") == 0)
		return compile_nginx("common", COMMON, out, err, errlen);
	for (const char *p = spec; *p; p++) {
		if (p[0] == '$' && (is_var_char(p[1]) || p[1] == '{'))
			return compile_nginx("nginx", spec, out, err, errlen);
		if (p[0] == '%' && p[1] && p[1] != ' ')
			return compile_apache(spec, out, err, errlen);
	}
	set_err(err, errlen,
		"unknown format '%s': use combined, common, w3c, an nginx "
		"log_format or an Apache LogFormat string",
		spec);
	return AL_ERROR;
}

struct al_format *al_format_compile(const char *spec, char *err, size_t errlen)
{
	struct al_format *f = NULL;

	return compile_format(spec, &f, err, errlen) == AL_OK ? f : NULL;
}

/* ------------------------------------------------------------------ */
/* Byte checks and decoding                                           */

/* Length of the valid UTF-8 sequence at s, or 0 (RFC 3629: no overlongs,
 * no surrogates, nothing above U+10FFFF). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && s[1] < 0xA0)
			return 0;
		if (c == 0xED && s[1] >= 0xA0)
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && s[1] < 0x90)
			return 0;
		if (c == 0xF4 && s[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

int al_check_bytes(const char *s, size_t len, size_t *bad_at)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		/* Most log bytes are printable ASCII: test 8 at a time for a
		 * high bit or a zero byte. */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, u + i, 8);
			uint64_t zero = (w - 0x0101010101010101ULL) & ~w &
					0x8080808080808080ULL;
			if ((w & 0x8080808080808080ULL) | zero)
				break;
			i += 8;
		}
		if (i == len)
			break;
		if (u[i] == 0) {
			*bad_at = i;
			return 1;
		}
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		size_t k = utf8_seq(u + i, len - i);
		if (k == 0) {
			*bad_at = i;
			return 2;
		}
		i += k;
	}
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* nginx: \xHH for '"', '\' and bytes outside 0x20..0x7E. */
size_t al_decode_nginx(const char *s, size_t len, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 3 < len && s[i + 1] == 'x' &&
		    hexval(s[i + 2]) >= 0 && hexval(s[i + 3]) >= 0) {
			out[o++] = (char)(hexval(s[i + 2]) * 16 + hexval(s[i + 3]));
			i += 3;
		} else {
			out[o++] = s[i];
		}
	}
	return o;
}

/* UTF-8 of a code point; cp < 0x10000 here (\uXXXX). */
static size_t put_utf8(unsigned cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	out[0] = (char)(0xE0 | (cp >> 12));
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

/*
 * Apache: \" \\ \n \t \r and \xhh; also nginx's \xHH and escape=json's
 * \uXXXX. A decoded value is never longer than its escaped form.
 */
size_t al_decode_apache(const char *s, size_t len, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] != '\\' || i + 1 == len) {
			out[o++] = s[i];
			continue;
		}
		char c = s[i + 1];
		switch (c) {
		case '"': case '\\': case '/':
			out[o++] = c; i++; break;
		case 'n': out[o++] = '\n'; i++; break;
		case 't': out[o++] = '\t'; i++; break;
		case 'r': out[o++] = '\r'; i++; break;
		case 'b': out[o++] = '\b'; i++; break;
		case 'f': out[o++] = '\f'; i++; break;
		case 'v': out[o++] = '\v'; i++; break;
		case 'x':
			if (i + 3 < len && hexval(s[i + 2]) >= 0 &&
			    hexval(s[i + 3]) >= 0) {
				out[o++] = (char)(hexval(s[i + 2]) * 16 +
						  hexval(s[i + 3]));
				i += 3;
			} else {
				out[o++] = s[i];
			}
			break;
		case 'u':
			if (i + 5 < len && hexval(s[i + 2]) >= 0 &&
			    hexval(s[i + 3]) >= 0 && hexval(s[i + 4]) >= 0 &&
			    hexval(s[i + 5]) >= 0) {
				/* NOLINTBEGIN(clang-analyzer-core.UndefinedBinaryOperatorResult):
				 * each hexval() was found >= 0 just above; the
				 * analyzer does not know it is a pure function. */
				unsigned cp = (unsigned)(hexval(s[i + 2]) << 12 |
							 hexval(s[i + 3]) << 8 |
							 hexval(s[i + 4]) << 4 |
							 hexval(s[i + 5]));
				/* NOLINTEND(clang-analyzer-core.UndefinedBinaryOperatorResult) */
				/* Lone surrogates have no UTF-8: keep the
				 * escape as written. */
				if (cp >= 0xD800 && cp <= 0xDFFF) {
					out[o++] = s[i];
					break;
				}
				o += put_utf8(cp, out + o);
				i += 5;
			} else {
				out[o++] = s[i];
			}
			break;
		default:
			out[o++] = s[i];
		}
	}
	return o;
}

size_t al_decode_w3c_agent(const char *s, size_t len, char *out)
{
	for (size_t i = 0; i < len; i++) {
		/* "; +http://..." is logged as ";++http://...": the first '+'
		 * was a space, the second a real plus sign. */
		if (s[i] == '+' && i + 1 < len && s[i + 1] == '+') {
			out[i] = ' ';
			out[i + 1] = '+';
			i++;
		} else {
			out[i] = s[i] == '+' ? ' ' : s[i];
		}
	}
	return len;
}

/* ------------------------------------------------------------------ */
/* Times                                                              */

static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Only digits, however many: a fraction of a second is not a number we
 * compute with, so it cannot overflow one. */
static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

static int month_of(const char *s)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

	for (int i = 0; i < 12; i++)
		if (memcmp(names + 3 * i, s, 3) == 0)
			return i + 1;
	return 0;
}

static bool time_in_range(const struct al_row *r)
{
	return r->year >= 0 && r->month >= 1 && r->month <= 12 &&
	       r->day >= 1 && r->day <= 31 && r->hour >= 0 && r->hour <= 23 &&
	       r->minute >= 0 && r->minute <= 59 && r->second >= 0 &&
	       r->second <= 60;
}

/* "25/Nov/2026:23:42:16 +0000" */
static bool parse_clf_time(const char *s, size_t len, struct al_row *r)
{
	if (len != 26 || s[2] != '/' || s[6] != '/' || s[11] != ':' ||
	    s[14] != ':' || s[17] != ':' || s[20] != ' ' ||
	    (s[21] != '+' && s[21] != '-'))
		return false;
	r->day = digits(s, 2);
	r->month = month_of(s + 3);
	r->year = digits(s + 7, 4);
	r->hour = digits(s + 12, 2);
	r->minute = digits(s + 15, 2);
	r->second = digits(s + 18, 2);
	int hh = digits(s + 22, 2), mm = digits(s + 24, 2);
	if (hh < 0 || mm < 0 || mm > 59 || !time_in_range(r))
		return false;
	r->tz_minutes = (s[21] == '-' ? -1 : 1) * (hh * 60 + mm);
	r->time_frac_len = 0;
	return true;
}

/* "2026-11-25T23:42:16+00:00", "...16.123Z" */
static bool parse_iso_time(const char *s, size_t len, struct al_row *r)
{
	size_t i = 19;

	if (len < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':')
		return false;
	r->year = digits(s, 4);
	r->month = digits(s + 5, 2);
	r->day = digits(s + 8, 2);
	r->hour = digits(s + 11, 2);
	r->minute = digits(s + 14, 2);
	r->second = digits(s + 17, 2);
	r->time_frac_len = 0;
	if (s[i] == '.') {
		r->time_frac_off = (uint32_t)(s - r->line) + (uint32_t)i;
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		r->time_frac_len = (uint32_t)(s - r->line) + (uint32_t)i -
				   r->time_frac_off;
	}
	if (i < len && s[i] == 'Z' && i + 1 == len) {
		r->tz_minutes = 0;
	} else if (i + 6 == len && (s[i] == '+' || s[i] == '-') &&
		   s[i + 3] == ':') {
		int hh = digits(s + i + 1, 2), mm = digits(s + i + 4, 2);
		if (hh < 0 || mm < 0 || mm > 59)
			return false;
		r->tz_minutes = (s[i] == '-' ? -1 : 1) * (hh * 60 + mm);
	} else {
		return false;
	}
	return time_in_range(r);
}

/* nginx's $msec: "1764114136.123", seconds since 1970-01-01 in UTC with
 * their milliseconds. The date comes from the day count by the proleptic
 * Gregorian calendar (H. Hinnant's civil_from_days). */
static bool parse_epoch_time(const char *s, size_t len, struct al_row *r)
{
	/* Year 10000 starts here: the ISO text has four digits of year. */
	const int64_t limit = INT64_C(253402300800);
	int64_t secs = 0;
	size_t i = 0;

	while (i < len && s[i] >= '0' && s[i] <= '9') {
		secs = secs * 10 + (s[i] - '0');
		if (secs >= limit)
			return false;
		i++;
	}
	if (i == 0)
		return false;
	r->time_frac_len = 0;
	if (i < len && s[i] == '.') {
		size_t dot = i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == dot + 1)
			return false;
		r->time_frac_off = (uint32_t)(s - r->line) + (uint32_t)dot;
		r->time_frac_len = (uint32_t)(i - dot);
	}
	if (i != len)
		return false;

	int64_t days = secs / 86400 + 719468, rem = secs % 86400;
	int64_t era = days / 146097, doe = days - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	r->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	r->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	r->year = (int)(yoe + era * 400 + (r->month <= 2));
	r->hour = (int)(rem / 3600);
	r->minute = (int)(rem / 60 % 60);
	r->second = (int)(rem % 60);
	r->tz_minutes = 0;
	return time_in_range(r);
}

static bool parse_w3c_date(const char *s, size_t len, struct al_row *r)
{
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return false;
	r->year = digits(s, 4);
	r->month = digits(s + 5, 2);
	r->day = digits(s + 8, 2);
	return r->year >= 0 && r->month >= 1 && r->month <= 12 &&
	       r->day >= 1 && r->day <= 31;
}

/* "23:42:16" or "23:42:16.123" (UTC) */
static bool parse_w3c_time(const char *s, size_t len, struct al_row *r)
{
	if (len < 8 || s[2] != ':' || s[5] != ':')
		return false;
	r->hour = digits(s, 2);
	r->minute = digits(s + 3, 2);
	r->second = digits(s + 6, 2);
	r->tz_minutes = 0;
	r->time_frac_len = 0;
	if (len > 8) {
		if (s[8] != '.' || !all_digits(s + 9, len - 9))
			return false;
		r->time_frac_off = (uint32_t)(s - r->line) + 8;
		r->time_frac_len = (uint32_t)len - 8;
	}
	return r->hour >= 0 && r->hour <= 23 && r->minute >= 0 &&
	       r->minute <= 59 && r->second >= 0 && r->second <= 60;
}

static void put2(char *o, int v)
{
	o[0] = (char)('0' + v / 10 % 10);
	o[1] = (char)('0' + v % 10);
}

/* Room: 19 + fraction + 6; the fraction is cut to 9 digits. */
static size_t format_iso(const struct al_row *r, char *o)
{
	int tz = r->tz_minutes < 0 ? -r->tz_minutes : r->tz_minutes;
	size_t n = 19;

	put2(o, r->year / 100);
	put2(o + 2, r->year % 100);
	o[4] = '-';
	put2(o + 5, r->month);
	o[7] = '-';
	put2(o + 8, r->day);
	o[10] = 'T';
	put2(o + 11, r->hour);
	o[13] = ':';
	put2(o + 14, r->minute);
	o[16] = ':';
	put2(o + 17, r->second);
	if (r->time_frac_len > 1) {
		size_t k = r->time_frac_len > 10 ? 10 : r->time_frac_len;
		memcpy(o + n, r->line + r->time_frac_off, k);
		n += k;
	}
	o[n] = r->tz_minutes < 0 ? '-' : '+';
	put2(o + n + 1, tz / 60);
	o[n + 3] = ':';
	put2(o + n + 4, tz % 60);
	return n + 6;
}

size_t al_time_clf_to_iso(const char *s, size_t len, char out[32])
{
	struct al_row r;

	r.line = s;
	if (len == 28 && s[0] == '[' && s[27] == ']') {
		s++;
		len -= 2;
	}
	if (!parse_clf_time(s, len, &r))
		return 0;
	return format_iso(&r, out);
}

/* ------------------------------------------------------------------ */
/* Splitting a line                                                   */

static bool is_dash(const char *s, size_t n)
{
	return n == 1 && s[0] == '-';
}

/* Unsigned decimal; -1 when not one (or absurdly long). */
static int64_t parse_uint(const char *s, size_t n)
{
	int64_t v = 0;

	if (n == 0 || n > 18)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "0.123", "12", "1.5e3" is refused: logs write plain decimals. */
static bool parse_decimal(const char *s, size_t n, double *out)
{
	double v = 0, scale = 1;
	size_t i = 0;
	bool any = false;

	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, any = true)
		v = v * 10 + (s[i] - '0');
	if (i < n && s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, any = true) {
			scale /= 10;
			v += (s[i] - '0') * scale;
		}
	}
	*out = v;
	return any && i == n;
}

/* Quote a literal for a message: separators are often spaces. */
static void describe_literal(char *o, size_t cap, const char *s, size_t n)
{
	size_t k = 0;

	if (cap < 8)
		return;
	o[k++] = '\'';
	for (size_t i = 0; i < n && k + 6 < cap; i++)
		o[k++] = s[i];
	o[k++] = '\'';
	o[k] = '\0';
}

static int row_error(struct al_row *row, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int row_error(struct al_row *row, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(row->errbuf, sizeof(row->errbuf), fmt, ap);
	va_end(ap);
	row->error = row->errbuf;
	return 1;
}

/* Separators are a byte or three: a loop beats a call to memcmp(). */
static inline bool same(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* Find where field i ends, from pos; SIZE_MAX when its literal is missing. */
static size_t field_end(const struct al_format *f, int i, const char *line,
			size_t len, size_t pos)
{
	const struct al_field *fd = &f->field[i];
	const char *after = fd->after;
	size_t L = fd->after_len;

	if (L == 0) { /* the last field, up to the end of the line */
		if (f->trailing) { /* ... or to the first space */
			const char *sp = memchr(line + pos, ' ', len - pos);
			return sp ? (size_t)(sp - line) : len;
		}
		return len;
	}
	if (i == f->n - 1 && !f->trailing) {
		/* The closing literal is at the very end. */
		if (len - pos < L || !same(line + len - L, after, L))
			return SIZE_MAX;
		return len - L;
	}
	/* Apache's %t carries its own brackets, and a space inside. */
	if (fd->kind == K_TIME_CLF && pos < len && line[pos] == '[') {
		const char *close = memchr(line + pos, ']', len - pos);
		if (!close)
			return SIZE_MAX;
		size_t e = (size_t)(close - line) + 1;
		if (len - e < L || !same(line + e, after, L))
			return SIZE_MAX;
		return e;
	}
	const char c = after[0];
	size_t p = pos;
	while (p < len) {
		const char *hit = memchr(line + p, c, len - p);
		if (!hit)
			return SIZE_MAX;
		size_t q = (size_t)(hit - line);
		p = q + 1;
		/* Apache's \" inside quotes: an odd run of backslashes before
		 * the quote escapes it. */
		if (fd->quoted && f->esc == ESC_BACKSLASH && q > pos &&
		    line[q - 1] == '\\') {
			size_t k = q - 1;
			while (k > pos && line[k - 1] == '\\')
				k--;
			if ((q - k) % 2 == 1)
				continue;
		}
		if (len - q >= L && same(hit, after, L))
			return q;
	}
	return SIZE_MAX;
}

/* Check a typed field and keep its value in the row. */
static int check_field(const struct al_format *f, int i, const char *s,
		       size_t n, struct al_row *row)
{
	const struct al_field *fd = &f->field[i];
	double d;

	switch (fd->kind) {
	case K_STATUS:
	case K_SUBSTATUS:
	case K_BYTES: {
		int64_t *slot = fd->kind == K_STATUS	  ? &row->status
				: fd->kind == K_SUBSTATUS ? &row->substatus
							  : &row->bytes;
		if (is_dash(s, n)) {
			*slot = -1;
			return 0;
		}
		*slot = parse_uint(s, n);
		if (fd->kind == K_STATUS && n > 3)
			*slot = -1; /* status codes have three digits */
		if (*slot < 0)
			return row_error(row, "%s is not a number: '%.*s'",
					 fd->name, n > 40 ? 40 : (int)n, s);
		return 0;
	}
	case K_SECONDS:
	case K_MILLIS:
	case K_MICROS:
		if (is_dash(s, n)) {
			row->request_time = -1;
			return 0;
		}
		if (!parse_decimal(s, n, &d))
			return row_error(row, "%s is not a number: '%.*s'",
					 fd->name, n > 40 ? 40 : (int)n, s);
		row->request_time = fd->kind == K_SECONDS ? d
				    : fd->kind == K_MILLIS ? d / 1e3
							   : d / 1e6;
		return 0;
	case K_TIME_CLF:
		if (n == 28 && s[0] == '[' && s[27] == ']') {
			s++;
			n -= 2;
		}
		if (!parse_clf_time(s, n, row))
			return row_error(row, "%s is not a time: '%.*s'",
					 fd->name, n > 40 ? 40 : (int)n, s);
		return 0;
	case K_TIME_ISO:
		if (!parse_iso_time(s, n, row))
			return row_error(row, "%s is not a time: '%.*s'",
					 fd->name, n > 40 ? 40 : (int)n, s);
		return 0;
	case K_TIME_EPOCH:
		if (!parse_epoch_time(s, n, row))
			return row_error(row, "%s is not a time: '%.*s'",
					 fd->name, n > 40 ? 40 : (int)n, s);
		return 0;
	case K_W3C_DATE:
		if (!parse_w3c_date(s, n, row))
			return row_error(row, "%s is not a date: '%.*s'",
					 fd->name, n > 40 ? 40 : (int)n, s);
		return 0;
	case K_W3C_TIME: {
		if (!parse_w3c_time(s, n, row))
			return row_error(row, "%s is not a time: '%.*s'",
					 fd->name, n > 40 ? 40 : (int)n, s);
		return 0;
	}
	default:
		return 0;
	}
}

/*
 * The fields after the format's last one: each is a space, then either a
 * double-quoted text (it ends at an unescaped quote followed by a space or
 * the end of the line) or a run of bytes without space or quote. Spans
 * keep the quotes. Returns 0, or 1 with the reason in row->error.
 */
static int split_trailing(const struct al_format *f, const char *line,
			  size_t len, size_t pos, struct al_row *row)
{
	const char *after = f->field[f->n - 1].name;
	int n = f->n;

	while (pos < len) {
		size_t start = pos + 1, end;
		if (line[pos] != ' ' || start == len || line[start] == ' ')
			goto not_fields;
		if (line[start] == '"') {
			size_t p = start + 1;
			end = SIZE_MAX;
			while (p < len) {
				const char *hit = memchr(line + p, '"', len - p);
				if (!hit)
					break;
				size_t q = (size_t)(hit - line), k = q;
				p = q + 1;
				while (k > start + 1 && line[k - 1] == '\\')
					k--;
				if (f->esc == ESC_BACKSLASH && (q - k) % 2 == 1)
					continue; /* escaped by an odd run */
				if (p == len || line[p] == ' ') {
					end = p;
					break;
				}
			}
			if (end == SIZE_MAX)
				goto not_fields;
		} else {
			const char *sp = memchr(line + start, ' ', len - start);
			end = sp ? (size_t)(sp - line) : len;
			if (memchr(line + start, '"', end - start))
				goto not_fields;
		}
		if (n == AL_MAX_FIELDS)
			return row_error(row, "more than %d fields", AL_MAX_FIELDS);
		row->field[n].off = (uint32_t)start;
		row->field[n].len = (uint32_t)(end - start);
		n++;
		pos = end;
	}
	row->nfields = n;
	return 0;
not_fields:
	pos += line[pos] == ' ';
	/* The line has no NUL: the length bounds the quote. */
	return row_error(row, "not space-separated fields after %s: '%.*s'",
			 after, len - pos > 40 ? 40 : (int)(len - pos),
			 line + pos);
}

/* al_parse_line(), but 2 when all went well up to what follows the last
 * field of a trailing format (the caller may read the line another way). */
static int parse_fields(const struct al_format *f, const char *line,
			size_t len, struct al_row *row)
{
	size_t pos;

	row->line = line;
	row->len = len;
	row->error = NULL;
	row->is_directive = false;
	row->nfields = 0;
	if (len == 0)
		return row_error(row, "empty line");
	if (len < f->prefix_len || !same(line, f->prefix, f->prefix_len)) {
		char lit[64];
		describe_literal(lit, sizeof(lit), f->prefix, f->prefix_len);
		return row_error(row, "line does not start with %s", lit);
	}
	pos = f->prefix_len;
	for (int i = 0; i < f->n; i++) {
		size_t end = field_end(f, i, line, len, pos);
		if (end == SIZE_MAX) {
			char lit[64];
			describe_literal(lit, sizeof(lit), f->field[i].after,
					 f->field[i].after_len);
			if (i == f->n - 1)
				return row_error(row,
						 "line does not end with %s "
						 "after %s",
						 lit, f->field[i].name);
			return row_error(row, "expected %s after %s", lit,
					 f->field[i].name);
		}
		row->field[i].off = (uint32_t)pos;
		row->field[i].len = (uint32_t)(end - pos);
		if (f->field[i].kind >= K_TIME_CLF &&
		    f->field[i].kind <= K_MICROS &&
		    check_field(f, i, line + pos, end - pos, row))
			return 1;
		pos = end + f->field[i].after_len;
	}
	row->nfields = f->n;
	if (f->trailing && split_trailing(f, line, len, pos, row))
		return 2;
	return 0;
}

int al_parse_line(const struct al_format *f, const char *line, size_t len,
		  struct al_row *row)
{
	return parse_fields(f, line, len, row) == 0 ? 0 : 1;
}

/* ------------------------------------------------------------------ */
/* Column values                                                      */

void al_buf_free(struct al_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}

static int buf_reserve(struct al_buf *b, size_t need)
{
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p)
		return AL_NOMEM;
	b->p = p;
	b->cap = cap;
	return 0;
}

static bool needs_decoding(const struct al_format *f, enum al_kind kind,
			   const char *s, size_t n)
{
	if (kind == K_AGENT)
		return memchr(s, '+', n) != NULL;
	return f->esc == ESC_BACKSLASH && memchr(s, '\\', n) != NULL;
}

/* Text of a field: "-" is NULL; escapes decoded; not UTF-8 -> BLOB. */
static int text_value(const struct al_format *f, enum al_kind kind,
		      const char *s, size_t n, struct al_buf *scratch,
		      struct al_value *out)
{
	size_t bad;

	if (is_dash(s, n)) {
		out->type = AL_NULL;
		return 0;
	}
	out->type = AL_TEXT;
	out->s = s;
	out->n = n;
	if (!needs_decoding(f, kind, s, n))
		return 0;
	if (buf_reserve(scratch, n + 1))
		return AL_NOMEM;
	out->n = kind == K_AGENT ? al_decode_w3c_agent(s, n, scratch->p)
				 : al_decode_apache(s, n, scratch->p);
	out->s = scratch->p;
	if (al_check_bytes(out->s, out->n, &bad) != 0)
		out->type = AL_BLOB;
	return 0;
}

static bool is_tchar(char c)
{
	return isalnum((unsigned char)c) || strchr("!#$%&'*+-.^_`|~", c);
}

/* Split "METHOD target PROTOCOL". Anything else (nginx logs a 400's junk
 * as it came) leaves all three NULL. */
static int request_part(const struct al_format *f, const char *s, size_t n,
			enum al_col col, struct al_buf *scratch,
			struct al_value *out)
{
	const char *sp1 = memchr(s, ' ', n);
	size_t mlen;

	out->type = AL_NULL;
	if (!sp1)
		return 0;
	mlen = (size_t)(sp1 - s);
	for (size_t i = 0; i < mlen; i++)
		if (!is_tchar(s[i]))
			return 0;
	if (mlen == 0)
		return 0;
	const char *target = sp1 + 1, *end = s + n;
	const char *sp2 = memrchr(target, ' ', (size_t)(end - target));
	const char *proto = NULL;
	if (sp2 && end - (sp2 + 1) >= 5 && memcmp(sp2 + 1, "HTTP/", 5) == 0)
		proto = sp2 + 1;
	else
		sp2 = end; /* HTTP/0.9 "GET /", or a target with spaces */
	if (sp2 == target)
		return 0;
	switch (col) {
	case AL_METHOD:
		out->type = AL_TEXT;
		out->s = s;
		out->n = mlen;
		return 0;
	case AL_PROTOCOL:
		if (proto) {
			out->type = AL_TEXT;
			out->s = proto;
			out->n = (size_t)(end - proto);
		}
		return 0;
	default:
		return text_value(f, K_TEXT, target, (size_t)(sp2 - target),
				  scratch, out);
	}
}

/* Append a JSON string to b (which has room reserved by the caller). */
static void json_string(struct al_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	char *o = b->p + b->n;

	*o++ = '"';
	for (size_t i = 0; i < n;) {
		unsigned char c = u[i];
		if (c == '"' || c == '\\') {
			*o++ = '\\';
			*o++ = (char)c;
			i++;
		} else if (c < 0x20) {
			memcpy(o, "\\u00", 4);
			o[4] = hex[c >> 4];
			o[5] = hex[c & 15];
			o += 6;
			i++;
		} else if (c < 0x80) {
			*o++ = (char)c;
			i++;
		} else {
			size_t k = utf8_seq(u + i, n - i);
			if (k == 0) { /* JSON is UTF-8: U+FFFD for a bad byte */
				memcpy(o, "\xEF\xBF\xBD", 3);
				o += 3;
				i++;
			} else {
				memcpy(o, u + i, k);
				o += k;
				i += k;
			}
		}
	}
	*o++ = '"';
	b->n = (size_t)(o - b->p);
}

/* A field's value in JSON: null for "-", else its decoded text as a string.
 * The decoded copy goes to scratch at dec_at, past the JSON being built. */
static void append_json_field(const struct al_format *f, const char *s,
			      size_t n, struct al_buf *scratch, size_t dec_at)
{
	if (is_dash(s, n)) {
		memcpy(scratch->p + scratch->n, "null", 4);
		scratch->n += 4;
		return;
	}
	if (needs_decoding(f, K_TEXT, s, n)) {
		n = al_decode_apache(s, n, scratch->p + dec_at);
		s = scratch->p + dec_at;
	}
	json_string(scratch, s, n);
}

/* The fields after a detected combined or common line, which have no
 * names: a JSON array of their texts, quotes removed, escapes decoded,
 * "-" as null; NULL when the line has none. */
static int trailing_value(const struct al_format *f, const struct al_row *row,
			  struct al_buf *scratch, struct al_value *out)
{
	size_t need = 2, dec_at;

	out->type = AL_NULL;
	if (row->nfields <= f->n)
		return AL_OK;
	for (int i = f->n; i < row->nfields; i++)
		need += 6 * (size_t)row->field[i].len + 8;
	dec_at = need;
	if (buf_reserve(scratch, need + row->len + 1))
		return AL_NOMEM;
	scratch->n = 0;
	scratch->p[scratch->n++] = '[';
	for (int i = f->n; i < row->nfields; i++) {
		const char *s = row->line + row->field[i].off;
		size_t n = row->field[i].len;

		if (i > f->n)
			scratch->p[scratch->n++] = ',';
		if (s[0] == '"') { /* split_trailing() saw both quotes */
			s++;
			n -= 2;
		}
		append_json_field(f, s, n, scratch, dec_at);
	}
	scratch->p[scratch->n++] = ']';
	out->type = AL_TEXT;
	out->s = scratch->p;
	out->n = scratch->n;
	return AL_OK;
}

static int extra_value(const struct al_format *f, const struct al_row *row,
		       struct al_buf *scratch, struct al_value *out)
{
	size_t need = 2, dec_at;
	bool first = true;

	if (f->trailing)
		return trailing_value(f, row, scratch, out);
	if (!f->has_extra) {
		out->type = AL_NULL;
		return 0;
	}
	/* The decoded copy of the longest value, then the JSON: each byte
	 * of a value takes at most 6 bytes, each key the same. */
	for (int i = 0; i < row->nfields; i++)
		if (f->field[i].kind == K_EXTRA)
			need += 6 * (row->field[i].len + strlen(f->field[i].name)) + 8;
	dec_at = need;
	if (buf_reserve(scratch, need + row->len + 1))
		return AL_NOMEM;
	scratch->n = 0;
	scratch->p[scratch->n++] = '{';
	for (int i = 0; i < row->nfields; i++) {
		const struct al_field *fd = &f->field[i];
		const char *s = row->line + row->field[i].off;
		size_t n = row->field[i].len;

		if (fd->kind != K_EXTRA)
			continue;
		if (!first)
			scratch->p[scratch->n++] = ',';
		first = false;
		json_string(scratch, fd->name, strlen(fd->name));
		scratch->p[scratch->n++] = ':';
		append_json_field(f, s, n, scratch, dec_at);
	}
	scratch->p[scratch->n++] = '}';
	out->type = AL_TEXT;
	out->s = scratch->p;
	out->n = scratch->n;
	return 0;
}

int al_value(const struct al_format *f, const struct al_row *row,
	     enum al_col col, struct al_buf *scratch, struct al_value *out)
{
	int fi;

	out->type = AL_NULL;
	if (row->error || row->is_directive || row->nfields == 0)
		return 0;
	if (col == AL_EXTRA)
		return extra_value(f, row, scratch, out);
	fi = f->col_field[col];
	if (fi < 0)
		return 0;
	const struct al_field *fd = &f->field[fi];
	const char *s = row->line + row->field[fi].off;
	size_t n = row->field[fi].len;

	switch (fd->kind) {
	case K_STATUS:
	case K_SUBSTATUS:
	case K_BYTES: {
		int64_t v = fd->kind == K_STATUS      ? row->status
			    : fd->kind == K_SUBSTATUS ? row->substatus
						      : row->bytes;
		if (v >= 0) {
			out->type = AL_INT;
			out->i = v;
		}
		return 0;
	}
	case K_SECONDS:
	case K_MILLIS:
	case K_MICROS:
		if (row->request_time >= 0) {
			out->type = AL_REAL;
			out->r = row->request_time;
		}
		return 0;
	case K_TIME_CLF:
	case K_TIME_ISO:
	case K_TIME_EPOCH:
	case K_W3C_DATE:
		/* A W3C date alone is not a time of day. */
		if (fd->kind == K_W3C_DATE && f->w3c_time_field < 0)
			return 0;
		if (buf_reserve(scratch, 40))
			return AL_NOMEM;
		out->type = AL_TEXT;
		out->s = scratch->p;
		out->n = format_iso(row, scratch->p);
		return 0;
	case K_REQUEST:
		return request_part(f, s, n, col, scratch, out);
	default:
		break;
	}
	if (col == AL_PATH && f->query_field >= 0) {
		const char *q = row->line + row->field[f->query_field].off;
		size_t qn = row->field[f->query_field].len;
		if (is_dash(s, n))
			return 0;
		/* W3C's cs-uri-query has no '?', Apache's %q starts with it. */
		if (qn > 0 && !is_dash(q, qn)) {
			bool mark = q[0] != '?';
			if (buf_reserve(scratch, 2 * (n + qn) + 2))
				return AL_NOMEM;
			char *joined = scratch->p + n + qn + 1;
			memcpy(joined, s, n);
			if (mark)
				joined[n] = '?';
			memcpy(joined + n + mark, q, qn);
			return text_value(f, K_TEXT, joined, n + mark + qn,
					  scratch, out);
		}
	}
	return text_value(f, fd->kind, s, n, scratch, out);
}

/* ------------------------------------------------------------------ */
/* Following a log: detection and W3C directives                      */

enum log_mode {
	MODE_FIXED,  /* an nginx, Apache, combined or common format given */
	MODE_W3C,    /* W3C: formats come from #Fields: lines */
	MODE_DETECT  /* nothing known yet about this file */
};

struct al_log {
	bool detect;             /* no format given: detect in every file */
	bool given_w3c;
	enum log_mode mode;
	struct al_format *given; /* the format argument, compiled */
	/* For detection, compiled once: combined and common, each maybe
	 * followed by more fields (see al_log_parse()). */
	struct al_format *combined, *common;
	struct al_format *w3c;   /* from the last #Fields: line */
	const struct al_format *current;
};

int al_log_open(struct al_log **out, const char *spec, char *err,
		size_t errlen)
{
	struct al_log *log = calloc(1, sizeof(*log));
	int rc = AL_OK;

	*out = NULL;
	if (!log) {
		set_err(err, errlen, "out of memory");
		return AL_NOMEM;
	}
	if (!spec || strcmp(spec, "auto") == 0) {
		log->detect = true;
		rc = compile_format("combined", &log->combined, err, errlen);
		if (rc == AL_OK)
			rc = compile_format("common", &log->common, err, errlen);
		if (rc == AL_OK)
			log->combined->trailing = log->common->trailing = true;
	} else if (strcmp(spec, "w3c") == 0) {
		log->given_w3c = true;
	} else {
		rc = compile_format(spec, &log->given, err, errlen);
		/* Named, they read what detection reads: trailing fields go to
		 * extra instead of into the user agent. */
		if (rc == AL_OK &&
		    (strcmp(spec, "combined") == 0 || strcmp(spec, "common") == 0))
			log->given->trailing = true;
	}
	if (rc != AL_OK) {
		al_log_free(log);
		return rc;
	}
	al_log_start_file(log);
	*out = log;
	return AL_OK;
}

struct al_log *al_log_new(const char *spec, char *err, size_t errlen)
{
	struct al_log *log;

	return al_log_open(&log, spec, err, errlen) == AL_OK ? log : NULL;
}

void al_log_free(struct al_log *log)
{
	if (!log)
		return;
	al_format_free(log->given);
	al_format_free(log->combined);
	al_format_free(log->common);
	al_format_free(log->w3c);
	free(log);
}

void al_log_start_file(struct al_log *log)
{
	al_format_free(log->w3c);
	log->w3c = NULL;
	log->current = log->given;
	log->mode = log->detect ? MODE_DETECT
		    : log->given_w3c ? MODE_W3C
				     : MODE_FIXED;
}

const struct al_format *al_log_format(const struct al_log *log)
{
	return log->current;
}

static bool starts_with(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

/* "#Software:", "#Version:", "#Date:", "#Fields:", "#Remark:", ... */
static int w3c_directive(struct al_log *log, const char *line, size_t len,
			 struct al_row *row)
{
	char msg[sizeof(row->errbuf) - 40];
	struct al_format *f = NULL;

	row->is_directive = true;
	if (!starts_with(line, len, "#Fields:"))
		return 0;
	int rc = compile_w3c(line + 8, len - 8, &f, msg, sizeof(msg));
	if (rc == AL_NOMEM) /* not the line's fault: no row for it */
		return AL_NOMEM;
	if (rc != AL_OK) {
		row->is_directive = false;
		return row_error(row, "bad #Fields: line: %s", msg);
	}
	al_format_free(log->w3c);
	log->w3c = f;
	log->current = f;
	return 0;
}

int al_log_parse(struct al_log *log, const char *line, size_t len,
		 struct al_row *row)
{
	size_t bad;
	int rc;

	row->line = line;
	row->len = len;
	row->error = NULL;
	row->is_directive = false;
	row->binary = false;
	row->nfields = 0;
	if (len == 0)
		return row_error(row, "empty line");
	rc = al_check_bytes(line, len, &bad);
	if (rc != 0) {
		row->binary = true;
		return row_error(row, rc == 1 ? "NUL byte at offset %zu"
					      : "invalid UTF-8 at offset %zu",
				 bad);
	}
	/* Detected combined and common accept more fields after their own
	 * (nginx's "main" adds "$http_x_forwarded_for", others $request_time):
	 * the first unescaped quote ends the user agent, and what follows it
	 * must be space-separated fields or nothing (see split_trailing()). */
	if (log->mode == MODE_DETECT) {
		if (line[0] == '#') {
			log->mode = MODE_W3C;
		} else if (al_parse_line(log->combined, line, len, row) == 0) {
			log->mode = MODE_FIXED;
			log->current = log->combined;
			return 0;
		} else if (al_parse_line(log->common, line, len, row) == 0) {
			log->mode = MODE_FIXED;
			log->current = log->common;
			return 0;
		} else {
			return row_error(row,
					 "not a combined, common or W3C log "
					 "line: give the format as the second "
					 "argument (an nginx log_format or "
					 "Apache LogFormat string)");
		}
	}
	if (log->mode == MODE_W3C) {
		if (line[0] == '#')
			return w3c_directive(log, line, len, row);
		if (!log->w3c)
			return row_error(row, "no #Fields: line before this one");
	}
	return al_parse_line(log->current, line, len, row);
}

/* ------------------------------------------------------------------ */
/* Reading files                                                      */

/* Big reads: a syscall per MiB, and room for a whole line at the limit. */
#define READ_CHUNK (1024 * 1024)

struct al_reader {
	int fd;
	gzFile gz;
	char *buf;
	size_t cap, start, end;
	bool eof;
	bool regular;       /* a regular file: its size means something */
	uint64_t offset;    /* bytes read from fd (plain files) */
	uint64_t size_seen; /* the largest size known: at open, or read */
	int64_t lineno;
	char path[];
};

/*
 * At the end of a plain regular file: if it is now smaller than it was,
 * it was truncated while we read it (logrotate's copytruncate), and the
 * bytes read last may be a torn line: an error rather than rows that
 * never were in the file. A file that shrank and grew back past the size
 * we knew is not told apart from one that only grew.
 */
static int check_not_truncated(struct al_reader *r, char *err, size_t errlen)
{
	struct stat st;

	if (!r->regular || r->gz)
		return AL_OK;
	if (fstat(r->fd, &st) != 0) {
		set_err(err, errlen, "cannot read '%s': %s", r->path,
			strerror(errno));
		return AL_ERROR;
	}
	if ((uint64_t)st.st_size >= r->size_seen)
		return AL_OK;
	set_err(err, errlen,
		"cannot read '%s': file truncated while it was read "
		"(from %llu to %llu bytes)",
		r->path, (unsigned long long)r->size_seen,
		(unsigned long long)st.st_size);
	return AL_ERROR;
}

static int reader_fill(struct al_reader *r, size_t at, char *err,
		       size_t errlen)
{
	size_t room = r->cap - at;
	ssize_t got;

	if (r->gz) {
		int n = gzread(r->gz, r->buf + at, (unsigned)room);
		if (n < 0) {
			int zerr;
			const char *msg = gzerror(r->gz, &zerr);
			set_err(err, errlen, "cannot read '%s': %s", r->path,
				zerr == Z_ERRNO ? strerror(errno) : msg);
			/* zlib allocates its window on the first read. */
			return zerr == Z_MEM_ERROR ? AL_NOMEM : AL_ERROR;
		}
		got = n;
	} else {
		do
			got = read(r->fd, r->buf + at, room);
		while (got < 0 && errno == EINTR);
		if (got < 0) {
			set_err(err, errlen, "cannot read '%s': %s", r->path,
				strerror(errno));
			return AL_ERROR;
		}
		r->offset += (uint64_t)got;
		if (r->offset > r->size_seen)
			r->size_seen = r->offset;
		if (got == 0) {
			int rc = check_not_truncated(r, err, errlen);
			if (rc != AL_OK)
				return rc;
		}
	}
	if (got == 0 && r->gz) {
		int zerr;
		(void)gzerror(r->gz, &zerr);
		/* zlib's way to say the input ended inside a stream. */
		if (zerr == Z_BUF_ERROR) {
			set_err(err, errlen,
				"cannot read '%s': gzip data ends early "
				"(truncated file?)",
				r->path);
			return AL_ERROR;
		}
	}
	if (got == 0)
		r->eof = true;
	r->end = at + (size_t)got;
	return 0;
}

int al_reader_open(struct al_reader **out, const char *path, char *err,
		   size_t errlen)
{
	size_t plen = strlen(path);
	struct al_reader *r = calloc(1, sizeof(*r) + plen + 1);
	struct stat st;
	int rc = AL_ERROR;

	*out = NULL;
	if (!r) {
		set_err(err, errlen, "out of memory");
		return AL_NOMEM;
	}
	memcpy(r->path, path, plen + 1);
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		set_err(err, errlen, "cannot open '%s': %s", path,
			strerror(errno));
		free(r);
		return AL_ERROR;
	}
	if (fstat(r->fd, &st) != 0) {
		set_err(err, errlen, "cannot open '%s': %s", path,
			strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		set_err(err, errlen, "cannot open '%s': %s", path,
			strerror(EISDIR));
		goto fail;
	}
	r->regular = S_ISREG(st.st_mode);
	r->size_seen = r->regular ? (uint64_t)st.st_size : 0;
	r->cap = AL_LINE_MAX + 1 + READ_CHUNK;
	r->buf = malloc(r->cap);
	if (!r->buf) {
		set_err(err, errlen, "out of memory");
		rc = AL_NOMEM;
		goto fail;
	}
	rc = reader_fill(r, 0, err, errlen);
	if (rc != AL_OK)
		goto fail;
	/* gzip is told by its magic bytes, not by the file name. */
	if (r->end >= 2 && (unsigned char)r->buf[0] == 0x1f &&
	    (unsigned char)r->buf[1] == 0x8b) {
		if (lseek(r->fd, 0, SEEK_SET) != 0) {
			set_err(err, errlen, "cannot read '%s': %s", path,
				strerror(errno));
			rc = AL_ERROR;
			goto fail;
		}
		r->gz = gzdopen(r->fd, "rb");
		if (!r->gz) {
			/* With a valid fd and mode, only its allocation fails. */
			set_err(err, errlen, "cannot read '%s': out of memory",
				path);
			rc = AL_NOMEM;
			goto fail;
		}
		r->fd = -1; /* gzclose() closes it */
		if (gzbuffer(r->gz, 256 * 1024) != 0) {
			set_err(err, errlen, "cannot read '%s': gzbuffer failed",
				path);
			rc = AL_ERROR;
			goto fail;
		}
		r->eof = false;
		rc = reader_fill(r, 0, err, errlen);
		if (rc != AL_OK)
			goto fail;
	}
	*out = r;
	return AL_OK;
fail:
	al_reader_close(r);
	return rc;
}

void al_reader_close(struct al_reader *r)
{
	if (!r)
		return;
	if (r->gz)
		(void)gzclose(r->gz); /* read-only: nothing to lose */
	if (r->fd >= 0)
		(void)close(r->fd);
	free(r->buf);
	free(r);
}

/* Move the unread bytes to the front so the next read has room. */
static void reader_compact(struct al_reader *r)
{
	if (r->start == 0)
		return;
	memmove(r->buf, r->buf + r->start, r->end - r->start);
	r->end -= r->start;
	r->start = 0;
}

/*
 * A line longer than the limit: keep its first AL_LINE_MAX bytes at the
 * front of the buffer and read on, discarding, to its newline.
 */
static int reader_skip_long(struct al_reader *r, struct al_line *line,
			    char *err, size_t errlen)
{
	uint64_t full;

	reader_compact(r);
	full = r->end;
	r->end = AL_LINE_MAX; /* drop what is past the kept text */
	for (;;) {
		if (r->eof) {
			r->start = r->end;
			break;
		}
		int rc = reader_fill(r, AL_LINE_MAX, err, errlen);
		if (rc != AL_OK)
			return rc;
		size_t got = r->end - AL_LINE_MAX;
		const char *nl = memchr(r->buf + AL_LINE_MAX, '\n', got);
		if (nl) {
			full += (uint64_t)(nl - (r->buf + AL_LINE_MAX));
			r->start = (size_t)(nl - r->buf) + 1;
			break;
		}
		full += got;
		r->end = AL_LINE_MAX;
	}
	line->text = r->buf;
	line->len = AL_LINE_MAX;
	line->full_len = full;
	line->too_long = true;
	return 1;
}

int al_reader_next(struct al_reader *r, struct al_line *line, char *err,
		   size_t errlen)
{
	size_t from = r->start; /* newline search resumes past what was seen */

	for (;;) {
		const char *nl = memchr(r->buf + from, '\n', r->end - from);
		if (nl) {
			line->text = r->buf + r->start;
			line->len = (size_t)(nl - line->text);
			r->start = (size_t)(nl - r->buf) + 1;
			break;
		}
		if (r->eof) {
			if (r->start == r->end)
				return 0;
			line->text = r->buf + r->start; /* no final newline */
			line->len = r->end - r->start;
			r->start = r->end;
			break;
		}
		if (r->end - r->start > AL_LINE_MAX) {
			r->lineno++;
			line->lineno = r->lineno;
			return reader_skip_long(r, line, err, errlen);
		}
		size_t seen = r->end - r->start;
		reader_compact(r);
		int rc = reader_fill(r, r->end, err, errlen);
		if (rc != AL_OK)
			return rc;
		from = seen;
	}
	line->too_long = line->len > AL_LINE_MAX;
	line->full_len = line->len;
	if (line->too_long)
		line->len = AL_LINE_MAX;
	else if (line->len > 0 && line->text[line->len - 1] == '\r')
		line->len--;
	r->lineno++;
	line->lineno = r->lineno;
	return 1;
}

/* ------------------------------------------------------------------ */
/* Paths and globs                                                    */

static int by_version(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

void al_paths_free(char **paths, int n)
{
	if (!paths)
		return;
	for (int i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

int al_expand_paths(const char *pattern, char ***paths, char *err,
		    size_t errlen)
{
	glob_t g;
	char **out;
	int rc;

	*paths = NULL;
	if (!strpbrk(pattern, "*?[")) {
		out = calloc(1, sizeof(*out));
		if (!out || !(out[0] = strdup(pattern))) {
			free(out);
			set_err(err, errlen, "out of memory");
			return AL_NOMEM;
		}
		*paths = out;
		return 1;
	}
	rc = glob(pattern, GLOB_NOSORT, NULL, &g);
	if (rc == GLOB_NOMATCH) {
		set_err(err, errlen, "no file matches '%s'", pattern);
		return AL_ERROR;
	}
	if (rc != 0) {
		set_err(err, errlen, "cannot expand '%s': %s", pattern,
			rc == GLOB_NOSPACE ? "out of memory" : "read error");
		globfree(&g);
		return rc == GLOB_NOSPACE ? AL_NOMEM : AL_ERROR;
	}
	out = calloc(g.gl_pathc, sizeof(*out));
	if (!out) {
		globfree(&g);
		set_err(err, errlen, "out of memory");
		return AL_NOMEM;
	}
	for (size_t i = 0; i < g.gl_pathc; i++) {
		out[i] = strdup(g.gl_pathv[i]);
		if (!out[i]) {
			al_paths_free(out, (int)i);
			globfree(&g);
			set_err(err, errlen, "out of memory");
			return AL_NOMEM;
		}
	}
	int n = (int)g.gl_pathc;
	globfree(&g);
	qsort(out, (size_t)n, sizeof(*out), by_version);
	*paths = out;
	return n;
}
