/*
 * Column values: a parsed field turned into the value of a column, when
 * the column is asked for. Decoded text goes to the caller's scratch
 * buffer, reused from row to row.
 */
/* NOLINTNEXTLINE(bugprone-reserved-identifier): a feature-test macro, reserved for exactly this use */
#define _GNU_SOURCE /* memrchr() */
#include "access_log.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "format.h"
#include "parse.h"
#include "syntax_json.h"
#include "times.h"

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

	if (al_is_dash(s, n)) {
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
	if (mlen == 0 || (mlen == 1 && s[0] == '-')) /* Envoy's "- - -" */
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

/* "192.0.2.1:4242", "[2001:db8::1]:4242" or "2001:db8::1:4242" (AWS):
 * the address without its port; "-" is NULL. */
static int addr_value(const char *s, size_t n, struct al_value *out)
{
	const char *colon = memrchr(s, ':', n);

	out->type = AL_NULL;
	if (al_is_dash(s, n) || n == 0)
		return AL_OK;
	if (colon && colon > s) {
		n = (size_t)(colon - s);
		if (s[0] == '[' && s[n - 1] == ']') {
			s++;
			n -= 2;
		}
	}
	if (n == 0 || al_is_dash(s, n))
		return AL_OK;
	out->type = AL_TEXT;
	out->s = s;
	out->n = n;
	return AL_OK;
}

/* A virtual host with or without its port ("www.example.com:443",
 * "[2001:db8::1]:80"): the host; "-" is NULL. */
static int host_value(const char *s, size_t n, struct al_value *out)
{
	const char *colon = memrchr(s, ':', n);

	out->type = AL_NULL;
	if (al_is_dash(s, n) || n == 0)
		return AL_OK;
	if (colon && colon + 1 < s + n &&
	    (s[0] == '[' || !memchr(s, ':', (size_t)(colon - s)))) {
		const char *d = colon + 1;
		while (d < s + n && *d >= '0' && *d <= '9')
			d++;
		if (d == s + n)
			n = (size_t)(colon - s);
	}
	out->type = AL_TEXT;
	out->s = s;
	out->n = n;
	return AL_OK;
}

/* CloudFront encodes its user agents twice ("%2520" for a space). */
static int agent_pct_value(const char *s, size_t n, struct al_buf *scratch,
			   struct al_value *out)
{
	size_t bad;

	out->type = AL_NULL;
	if (al_is_dash(s, n))
		return AL_OK;
	if (buf_reserve(scratch, 2 * n + 2))
		return AL_NOMEM;
	size_t once = al_decode_percent(s, n, scratch->p + n + 1);
	out->n = al_decode_percent(scratch->p + n + 1, once, scratch->p);
	out->s = scratch->p;
	out->type = al_check_bytes(out->s, out->n, &bad) ? AL_BLOB : AL_TEXT;
	return AL_OK;
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
			size_t k = al_utf8_seq(u + i, n - i);
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
	if (al_is_dash(s, n)) {
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
	if (row->nfields <= f->n && !f->has_extra) {
		out->type = AL_NULL;
		return 0;
	}
	/* The decoded copy of the longest value, then the JSON: each byte
	 * of a value takes at most 6 bytes, each key the same (a position
	 * takes at most 2). */
	for (int i = 0; i < row->nfields; i++)
		if (i >= f->n)
			need += 6 * (size_t)row->field[i].len + 16;
		else if (f->field[i].kind == K_EXTRA || f->field[i].in_extra)
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

		if (i < f->n && fd->kind != K_EXTRA && !fd->in_extra)
			continue;
		if (!first)
			scratch->p[scratch->n++] = ',';
		first = false;
		if (i < f->n) {
			json_string(scratch, fd->name, strlen(fd->name));
		} else { /* a field the format does not know: its position */
			char key[8];
			int k = snprintf(key, sizeof(key), "%d", i + 1);
			json_string(scratch, key, (size_t)k);
		}
		scratch->p[scratch->n++] = ':';
		append_json_field(f, s, n, scratch, dec_at);
	}
	scratch->p[scratch->n++] = '}';
	out->type = AL_TEXT;
	out->s = scratch->p;
	out->n = scratch->n;
	return 0;
}

/* Length of "scheme://" at the start of s, or 0. */
static size_t scheme_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '+' ||
			 s[i] == '-' || s[i] == '.'))
		i++;
	if (i == 0 || !isalpha((unsigned char)s[0]) || n - i < 3 ||
	    memcmp(s + i, "://", 3) != 0)
		return 0;
	return i + 3;
}

/*
 * An absolute URL as request target ("http://example.com:80/a?b", which
 * proxies and load balancers log): where its host (port dropped) and its
 * path and query are. False when s is not one.
 */
static bool split_url(const char *s, size_t n, const char **host,
		      size_t *host_len, const char **path, size_t *path_len)
{
	size_t i = scheme_len(s, n), h;

	if (i == 0)
		return false;
	h = i;
	while (i < n && s[i] != '/' && s[i] != '?')
		i++;
	*host = s + h;
	*host_len = i - h;
	/* The port goes, not an IPv6 address's colons: "[::1]:80". */
	for (size_t k = *host_len; k > 0; k--) {
		char c = (*host)[k - 1];
		if (c == ':') {
			*host_len = k - 1;
			break;
		}
		if (c < '0' || c > '9')
			break;
	}
	*path = s + i;
	*path_len = n - i;
	return true;
}

static int field_value(const struct al_format *f, const struct al_row *row,
		       enum al_col col, struct al_buf *scratch,
		       struct al_value *out);

/* Field i of the row; false when the format has no such field (i < 0) or
 * the line ended before it, where later fields may be missing. */
static bool field_text(const struct al_row *row, int i, const char **s,
		       size_t *n)
{
	if (i < 0 || i >= row->nfields)
		return false;
	*s = row->line + row->field[i].off;
	*n = row->field[i].len;
	return true;
}

/* The host of an absolute URL in the path, for a format with no vhost. */
static int url_host(const struct al_format *f, const struct al_row *row,
		    struct al_buf *scratch, struct al_value *out)
{
	const char *host, *path;
	size_t host_len, path_len;
	int rc = field_value(f, row, AL_PATH, scratch, out);

	if (rc != AL_OK || out->type != AL_TEXT)
		return rc;
	out->type = AL_NULL;
	if (split_url(out->s, out->n, &host, &host_len, &path, &path_len) &&
	    host_len > 0) {
		out->type = AL_TEXT;
		out->s = host;
		out->n = host_len;
	}
	return AL_OK;
}

int al_value(const struct al_format *f, const struct al_row *row,
	     enum al_col col, struct al_buf *scratch, struct al_value *out)
{
	const char *host, *path;
	size_t host_len, path_len;

	if (f->json) { /* JSON lines: columns by key (syntax_json.c) */
		out->type = AL_NULL;
		if (row->error)
			return AL_OK;
		return al_json_value(f, row, col, scratch, out);
	}
	if (col == AL_VHOST && f->col_field[AL_VHOST] < 0)
		return url_host(f, row, scratch, out);
	int rc = field_value(f, row, col, scratch, out);
	if (rc != AL_OK || col != AL_PATH || out->type != AL_TEXT ||
	    !split_url(out->s, out->n, &host, &host_len, &path, &path_len))
		return rc;
	/* RFC 9110: an empty path in an absolute URL is "/", before its
	 * query too ("http://h?q" asks for "/?q"). */
	if (path_len > 0 && path[0] == '/') {
		out->s = path;
		out->n = path_len;
		return AL_OK;
	}
	/* When the value is in scratch, scratch holds more than path_len + 1
	 * bytes: the reserve does not move it. */
	if (buf_reserve(scratch, path_len + 1))
		return AL_NOMEM;
	memmove(scratch->p + 1, path, path_len);
	scratch->p[0] = '/';
	out->s = scratch->p;
	out->n = path_len + 1;
	return AL_OK;
}

static int field_value(const struct al_format *f, const struct al_row *row,
		       enum al_col col, struct al_buf *scratch,
		       struct al_value *out)
{
	const char *s, *q;
	size_t n, qn;
	int fi;

	out->type = AL_NULL;
	if (row->error || row->is_directive)
		return 0;
	if (col == AL_EXTRA)
		return extra_value(f, row, scratch, out);
	fi = f->col_field[col];
	if (!field_text(row, fi, &s, &n))
		return 0;
	const struct al_field *fd = &f->field[fi];

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
	case K_SECONDS_SUM:
		if (row->request_time >= 0) {
			out->type = AL_REAL;
			out->r = row->request_time;
		}
		return 0;
	case K_TIME_CLF:
	case K_TIME_ISO:
	case K_TIME_EPOCH:
	case K_TIME_EPOCH_MS:
	case K_TIME_EPOCH_US:
	case K_TIME_LOCAL_MS:
	case K_W3C_DATE:
		/* A W3C date alone is not a time of day. */
		if (fd->kind == K_W3C_DATE && f->w3c_time_field < 0)
			return 0;
		if (buf_reserve(scratch, 40))
			return AL_NOMEM;
		out->type = AL_TEXT;
		out->s = scratch->p;
		out->n = al_format_iso(row, scratch->p);
		return 0;
	case K_REQUEST:
		return request_part(f, s, n, col, scratch, out);
	case K_ADDR_PORT:
		return addr_value(s, n, out);
	case K_HOST_PORT:
		return host_value(s, n, out);
	case K_AGENT_PCT:
		return agent_pct_value(s, n, scratch, out);
	default:
		break;
	}
	if (col == AL_PATH && field_text(row, f->query_field, &q, &qn)) {
		if (al_is_dash(s, n))
			return 0;
		/* W3C's cs-uri-query has no '?', Apache's %q starts with it. */
		if (qn > 0 && !al_is_dash(q, qn)) {
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
