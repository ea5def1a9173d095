/*
 * W3C extended log files (IIS): the fields are named by a "#Fields:" line,
 * which may change in the middle of a file (log.c follows it).
 */
#include "syntax.h"

#include <string.h>
#include <strings.h>

#include "set_err.h"

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

/* CloudFront (it logs x-edge-location) means its own things by some. */
static const struct name_map CLOUDFRONT_FIELDS[] = {
	{"time-taken", K_SECONDS, AL_REQUEST_TIME},
	{"cs(User-Agent)", K_AGENT_PCT, AL_USER_AGENT},
	{"x-host-header", K_TEXT, AL_VHOST},
	{"cs(Host)", K_EXTRA, -1}, /* the distribution's own domain */
	{"cs-protocol-version", K_TEXT, AL_PROTOCOL},
};

/* Whether a field list names a field: a word between spaces or tabs, as
 * the list is split below. */
static bool names_field(const char *fields, size_t len, const char *name)
{
	size_t k = strlen(name);

	for (size_t i = 0; i + k <= len; i++)
		if (strncasecmp(fields + i, name, k) == 0 &&
		    (i == 0 || fields[i - 1] == ' ' || fields[i - 1] == '\t') &&
		    (i + k == len || fields[i + k] == ' ' ||
		     fields[i + k] == '\t'))
			return true;
	return false;
}

int al_compile_w3c(const char *fields, size_t len, char sep,
		   struct al_format **out, char *err, size_t errlen)
{
	struct al_format *f = al_format_new("w3c", len);
	size_t i = 0;

	if (!f) {
		set_err(err, errlen, "out of memory");
		return AL_NOMEM;
	}
	f->esc = ESC_NONE;
	f->w3c = true;
	/* The Host header names the site better than "W3SVC1": when both are
	 * logged, cs-host is the vhost and s-sitename goes to extra. */
	bool has_host = names_field(fields, len, "cs-host");
	bool cloudfront = names_field(fields, len, "x-edge-location");
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
		if (f->n > 0 && al_add_literal(f, &sep, 1, err, errlen))
			goto fail;
		const struct name_map *m = NULL;
		if (cloudfront)
			m = al_find_name(CLOUDFRONT_FIELDS,
					 sizeof(CLOUDFRONT_FIELDS) /
						 sizeof(CLOUDFRONT_FIELDS[0]),
					 fields + start, n);
		if (!m)
			m = al_find_name(W3C_FIELDS,
					 sizeof(W3C_FIELDS) / sizeof(W3C_FIELDS[0]),
					 fields + start, n);
		if (m && has_host && strcmp(m->name, "s-sitename") == 0)
			m = NULL;
		if (al_add_field(f, m ? m->kind : K_EXTRA, m ? m->col : -1,
			      fields + start, n, err, errlen))
			goto fail;
	}
	if (f->n == 0) {
		set_err(err, errlen, "#Fields: line names no field");
		goto fail;
	}
	al_finish_format(f);
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

	return al_compile_w3c(fields, len, ' ', &f, err, errlen) == AL_OK ? f
									 : NULL;
}

static int w3c_compile(const char *spec, struct al_format **out, char *err,
		       size_t errlen)
{
	/* A preset's field list written with tabs: so are its lines. */
	return al_compile_w3c(spec, strlen(spec), strchr(spec, '\t') ? '\t' : ' ',
			      out, err, errlen);
}

const struct al_syntax al_syntax_w3c = {
	.name = "w3c",
	.starts_at = NULL,
	.compile = w3c_compile,
};
