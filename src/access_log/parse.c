/*
 * Splitting a line into the fields of its format.
 *
 * A line is split by looking for each field's closing literal. Inside a
 * quoted field a backslash escapes the next byte (Apache writes \" there;
 * nginx writes \x22 and so never puts a bare quote inside). The last field
 * ends where the line's closing literal begins, so an unescaped quote
 * inside it is harmless.
 */
#include "parse.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "syntax_json.h"
#include "times.h"

bool al_is_dash(const char *s, size_t n)
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

/* How much of a text a message quotes. */
static int clip(size_t n, int most)
{
	return n > (size_t)most ? most : (int)n;
}

static void row_verror(struct al_row *row, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void row_verror(struct al_row *row, const char *fmt, va_list ap)
{
	if (row->quiet) {
		row->error = "does not match";
		return;
	}
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): al_row_error() starts ap; clang 14 loses track of it across the call */
	vsnprintf(row->errbuf, sizeof(row->errbuf), fmt, ap);
	row->error = row->errbuf;
}

int al_row_error(struct al_row *row, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	row_verror(row, fmt, ap);
	va_end(ap);
	return 1;
}

/* "status is not a number: 'OK'": a field's text does not fit it. */
static int field_error(struct al_row *row, const struct al_field *fd,
		       const char *what, const char *s, size_t n)
{
	return al_row_error(row, "%s %s: '%.*s'", fd->name, what, clip(n, 40),
			    s);
}

/* Separators are a byte or three: a loop beats a call to memcmp(). */
static inline bool same(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* An odd run of backslashes, none before from, just before line[q]
 * escapes the quote there (Apache's and nginx's \"). */
static inline bool escaped(const char *line, size_t from, size_t q)
{
	size_t k = q;

	while (k > from && line[k - 1] == '\\')
		k--;
	return (q - k) % 2 == 1;
}

/* The quote that closes a quoted token whose text starts at from: the
 * first unescaped '"' followed by a space or the line's end; SIZE_MAX when
 * there is none. */
static size_t closing_quote(const char *line, size_t len, size_t from)
{
	for (size_t p = from; p < len;) {
		const char *hit = memchr(line + p, '"', len - p);
		if (!hit)
			break;
		size_t q = (size_t)(hit - line);
		p = q + 1;
		if (!escaped(line, from, q) && (p == len || line[p] == ' '))
			return q;
	}
	return SIZE_MAX;
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
		if (fd->quoted && f->esc == ESC_BACKSLASH && escaped(line, pos, q))
			continue;
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
		if (al_is_dash(s, n)) {
			*slot = -1;
			return 0;
		}
		if (fd->kind == K_STATUS && n == 2 && s[0] == '-' &&
		    s[1] == '1') {
			*slot = 0; /* HAProxy: no response was sent */
			return 0;
		}
		/* HAProxy's logasap marks bytes still being sent with '+'. */
		if (fd->kind == K_BYTES && n > 1 && s[0] == '+') {
			s++;
			n--;
		}
		*slot = parse_uint(s, n);
		if (fd->kind == K_STATUS && n > 3)
			*slot = -1; /* status codes have three digits */
		if (*slot < 0)
			return field_error(row, fd, "is not a number", s, n);
		return 0;
	}
	case K_SECONDS_SUM:
		if (row->request_time < 0)
			return 0; /* an earlier timing was not known */
		if (al_is_dash(s, n) || (n == 2 && s[0] == '-' && s[1] == '1')) {
			row->request_time = -1;
			return 0;
		}
		if (!parse_decimal(s, n, &d))
			return field_error(row, fd, "is not a number", s, n);
		row->request_time += d;
		return 0;
	case K_SECONDS:
	case K_MILLIS:
	case K_MICROS:
		if (al_is_dash(s, n)) {
			row->request_time = -1;
			return 0;
		}
		if (fd->kind == K_MILLIS && n > 1 && s[0] == '+') {
			s++; /* HAProxy's logasap: the time so far */
			n--;
		}
		if (!parse_decimal(s, n, &d))
			return field_error(row, fd, "is not a number", s, n);
		row->request_time = fd->kind == K_SECONDS ? d
				    : fd->kind == K_MILLIS ? d / 1e3
							   : d / 1e6;
		return 0;
	case K_TIME_CLF:
		if (n == 28 && s[0] == '[' && s[27] == ']') {
			s++;
			n -= 2;
		}
		if (!al_parse_clf_time(s, n, row))
			return field_error(row, fd, "is not a time", s, n);
		return 0;
	case K_TIME_ISO:
		if (!al_parse_iso_time(s, n, row))
			return field_error(row, fd, "is not a time", s, n);
		return 0;
	case K_TIME_EPOCH:
		if (!al_parse_epoch_time(s, n, row))
			return field_error(row, fd, "is not a time", s, n);
		return 0;
	case K_TIME_EPOCH_MS:
	case K_TIME_EPOCH_US:
		if (!al_parse_epoch_digits(s, n, fd->kind == K_TIME_EPOCH_MS ? 3 : 6, row))
			return field_error(row, fd, "is not a time", s, n);
		return 0;
	case K_W3C_DATE:
		if (!al_parse_w3c_date(s, n, row))
			return field_error(row, fd, "is not a date", s, n);
		return 0;
	case K_W3C_TIME: {
		if (!al_parse_w3c_time(s, n, row))
			return field_error(row, fd, "is not a time", s, n);
		return 0;
	}
	case K_TIME_LOCAL_MS:
		if (!al_parse_clf_local_time(s, n, row))
			return field_error(row, fd, "is not a time", s, n);
		return 0;
	default:
		return 0;
	}
}

/*
 * A name outside quotes holds no space: a field more in front
 * ("www.example.com 192.0.2.1 - - [...]" read as combined) would
 * otherwise be glued to it. A list "10.0.0.2, 10.0.0.1", as nginx writes
 * an address taken from X-Forwarded-For, is one. An address or host name
 * does not start with markup either ("<134>" of syslog, a quoted list).
 */
static int check_name(const struct al_field *fd, const char *s, size_t n,
		      struct al_row *row)
{
	const char *sp = memchr(s, ' ', n);

	for (; sp; sp = memchr(sp + 1, ' ', n - (size_t)(sp + 1 - s)))
		if (sp == s || sp[-1] != ',')
			return field_error(row, fd, "holds a space", s, n);
	if (fd->address && n > 0 &&
	    (s[0] == '<' || s[0] == '"' || s[0] == '{' || s[0] == '\''))
		return field_error(row, fd, "is not an address", s, n);
	return 0;
}

/* Checks of one field: its name's and its kind's. */
static inline int check_one(const struct al_format *f, int i, const char *s,
			    size_t n, struct al_row *row)
{
	const struct al_field *fd = &f->field[i];

	if (fd->no_space && check_name(fd, s, n, row))
		return 1;
	return check_field(f, i, s, n, row);
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
			/* The formats that read trailing fields are nginx's
			 * and Apache's, which escape (a test checks). */
			size_t q = closing_quote(line, len, start + 1);
			if (q == SIZE_MAX)
				goto not_fields;
			end = q + 1;
		} else {
			const char *sp = memchr(line + start, ' ', len - start);
			end = sp ? (size_t)(sp - line) : len;
			if (memchr(line + start, '"', end - start))
				goto not_fields;
		}
		if (n == AL_MAX_FIELDS)
			return al_row_error(row, "more than %d fields", AL_MAX_FIELDS);
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
	return al_row_error(row, "not space-separated fields after %s: '%.*s'",
			 after, clip(len - pos, 40), line + pos);
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
		return al_row_error(row, "empty line");
	if (len < f->prefix_len || !same(line, f->prefix, f->prefix_len))
		return al_row_error(row, "line does not start with '%.*s'",
				    clip(f->prefix_len, 40), f->prefix);
	pos = f->prefix_len;
	row->request_time = 0; /* timings add up from here */
	for (int i = 0; i < f->n; i++) {
		const struct al_field *fd = &f->field[i];
		size_t end = field_end(f, i, line, len, pos);
		/* Fields from f->required on may be missing (CloudFront): one
		 * whose separator is not in the line is its last. Such fields
		 * are unquoted and end at one byte (a test checks the
		 * formats), so it is the rest of the line. */
		bool ends_line = end == SIZE_MAX && i + 1 >= f->required &&
				 i + 1 < f->n;
		if (ends_line)
			end = len;
		if (end == SIZE_MAX) {
			int most = clip(fd->after_len, 40);
			if (i == f->n - 1)
				return al_row_error(row,
						    "line does not end with '%.*s' "
						    "after %s",
						    most, fd->after, fd->name);
			return al_row_error(row, "expected '%.*s' after %s", most,
					    fd->after, fd->name);
		}
		row->field[i].off = (uint32_t)pos;
		row->field[i].len = (uint32_t)(end - pos);
		if (check_one(f, i, line + pos, end - pos, row))
			return 1;
		if (ends_line) {
			row->nfields = i + 1;
			return 0;
		}
		pos = end + f->field[i].after_len;
		if (f->squeeze && f->field[i].after_len > 0 &&
		    f->field[i].after[f->field[i].after_len - 1] == ' ')
			while (pos < len && line[pos] == ' ')
				pos++;
	}
	row->nfields = f->n;
	if (f->trailing && split_trailing(f, line, len, pos, row))
		return 2;
	return 0;
}

/* "[25/Nov/2026:23:42:16 +0000]" is one token; "[2001:db8::7]:80" is a
 * bare one. */
static bool bracketed(const char *line, size_t len, size_t pos)
{
	const char *close = memchr(line + pos, ']', len - pos);

	return close && (close + 1 == line + len || close[1] == ' ');
}

/*
 * Lines of space-separated tokens (AWS): each token is "quoted" (to an
 * unescaped quote before a space or the end), [bracketed], or a run of
 * bytes without space, whatever the format's literals say, since AWS
 * writes a bare - where a quoted field has no value. Tokens past the
 * format's fields are kept for "extra" under their position.
 */
int al_split_tokens(const struct al_format *f, const char *line, size_t len,
		    struct al_row *row)
{
	size_t pos = 0;
	int i = 0;

	row->line = line;
	row->len = len;
	row->error = NULL;
	row->is_directive = false;
	row->nfields = 0;
	row->request_time = 0;
	if (len == 0)
		return al_row_error(row, "empty line");
	while (pos < len) {
		size_t start, end;

		if (i == AL_MAX_FIELDS)
			return al_row_error(row, "more than %d fields",
					    AL_MAX_FIELDS);
		if (i > 0) {
			/* Each token ended at a space or the line's end. */
			if (pos + 1 == len)
				return al_row_error(row,
						    "expected one space after "
						    "field %d",
						    i);
			pos++;
		}
		if (line[pos] == '"') {
			start = pos + 1;
			end = closing_quote(line, len, start);
			if (end == SIZE_MAX)
				return al_row_error(row,
						    "unclosed quote in field %d",
						    i + 1);
			pos = end + 1;
		} else if (line[pos] == '[' && bracketed(line, len, pos)) {
			start = pos + 1;
			end = (size_t)((const char *)memchr(line + pos, ']',
							    len - pos) - line);
			pos = end + 1;
		} else {
			const char *sp = memchr(line + pos, ' ', len - pos);
			start = pos;
			end = sp ? (size_t)(sp - line) : len;
			pos = end;
		}
		row->field[i].off = (uint32_t)start;
		row->field[i].len = (uint32_t)(end - start);
		if (i < f->n && check_one(f, i, line + start, end - start, row))
			return 1;
		i++;
	}
	if (i < f->required)
		return al_row_error(row, "%d fields, not the %d or more of %s",
				    i, f->required, f->kind);
	row->nfields = i;
	return 0;
}

static int parse_line(const struct al_format *f, const char *line, size_t len,
		      struct al_row *row)
{
	if (f->split)
		return f->split(f, line, len, row);
	return parse_fields(f, line, len, row) == 0 ? 0 : 1;
}

int al_parse_line(const struct al_format *f, const char *line, size_t len,
		  struct al_row *row)
{
	row->quiet = false;
	return parse_line(f, line, len, row);
}

int al_try_line(const struct al_format *f, const char *line, size_t len,
		struct al_row *row)
{
	row->quiet = true;
	int rc = parse_line(f, line, len, row);
	row->quiet = false;
	return rc;
}
