/*
 * Round trip: random nginx log_format and Apache LogFormat strings, lines
 * written for them by this test's own writer (each server's escaping: nginx
 * escape=default and escape=json, Apache with UTF-8 escaped or raw, done
 * here, not by the code under test), read back through access_log() and
 * compared field by field with the values the writer started from.
 *
 * Values are drawn to hurt: quotes, backslashes, tabs, UTF-8 of 2 to 4
 * bytes, empty strings and "-" (which access_log() reads as NULL). A field
 * that goes to extra may come twice: extra has its later value.
 *
 *   test_round_trip [seed]     the seed is printed; give it to replay a run
 */
#define _GNU_SOURCE /* mkdtemp() */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "extension_fixture.h"

enum { FORMATS = 400, LINES = 12, MAX_FIELDS = 12 };

static uint64_t rng_state;

static uint32_t next(void)
{
	/* xorshift64*: the test's own, so a seed replays on any libc. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

static unsigned below(unsigned n)
{
	return next() % n;
}

/* ---- What a field is -------------------------------------------------- */

enum kind {
	ADDR,    /* remote address: IPv4 or IPv6 */
	TOKEN,   /* a word without spaces, or "-" */
	TIME,    /* [25/Nov/2026:23:42:16 +0000] */
	REQUEST, /* "METHOD /path PROTOCOL" */
	STATUS,
	BYTES,   /* a number or "-" */
	TEXT,    /* quoted, anything */
	SECONDS, /* nginx $request_time: 0.123 */
	MICROS,  /* Apache %D */
	QUERY,   /* Apache %q: "?" and a word */
};

static const struct field {
	const char *nginx, *apache; /* as written in the format, quotes included */
	const char *column;         /* the column, or "extra ->> 'name'" */
	enum kind kind;
} FIELDS[] = {
	{ "$remote_addr", "%h", "remote_addr", ADDR },
	{ "$remote_user", "%u", "remote_user", TOKEN },
	{ "[$time_local]", "%t", "time", TIME },
	{ "\"$request\"", "\"%r\"", "method || ' ' || path || ' ' || protocol", REQUEST },
	{ "$status", "%>s", "status", STATUS },
	{ "$body_bytes_sent", "%b", "bytes", BYTES },
	{ "\"$http_referer\"", "\"%{Referer}i\"", "referer", TEXT },
	{ "\"$http_user_agent\"", "\"%{User-Agent}i\"", "user_agent", TEXT },
	{ "$request_time", NULL, "request_time", SECONDS },
	{ NULL, "%D", "request_time", MICROS },
	{ "$host", "%v", "vhost", TOKEN },
	{ "\"$http_x_forwarded_for\"", "\"%{X-Forwarded-For}i\"",
	  "extra ->> 'http_x_forwarded_for'", TEXT },
	{ "$upstream_addr", "%{X-Upstream}o", NULL, TOKEN },
	/* No %U here: beside %r or alone, %q goes to extra. */
	{ NULL, "%q", "extra ->> 'query_string'", QUERY },
};
#define FIELD_COUNT (sizeof(FIELDS) / sizeof(FIELDS[0]))

/* The extra name of a field that has no column of its own. */
static const char *column_of(const struct field *f, int apache)
{
	if (f->column)
		return f->column;
	return apache ? "extra ->> 'sent_http_x_upstream'" : "extra ->> 'upstream_addr'";
}

/* ---- Values ------------------------------------------------------------ */

struct buf {
	char s[4096];
	size_t n;
};

static void put(struct buf *b, const char *s, size_t n)
{
	assert_true(b->n + n < sizeof(b->s));
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void printf_(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b->s + b->n, sizeof(b->s) - b->n, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && b->n + (size_t)n < sizeof(b->s));
	b->n += (size_t)n;
}

/* Pieces a text value is made of: ASCII, the characters servers escape,
 * and UTF-8 of every length. */
static const char *const PIECES[] = {
	"a", "Z", "0", " ", "/", "-", "+", "'", "\"", "\\", "\t", "%", "?", "=", "[", "]",
	"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xD0\x96", "Mozilla/5.0", "\\x22",
};

static void random_text(struct buf *v)
{
	unsigned pick = below(10);
	if (pick == 0)
		return; /* empty */
	if (pick == 1) {
		puts_(v, "-");
		return;
	}
	unsigned n = 1 + below(10);
	for (unsigned i = 0; i < n; i++)
		puts_(v, PIECES[below(sizeof(PIECES) / sizeof(PIECES[0]))]);
}

static void random_token(struct buf *v)
{
	static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:@";
	if (below(5) == 0) {
		puts_(v, "-");
		return;
	}
	unsigned n = 1 + below(16);
	for (unsigned i = 0; i < n; i++)
		put(v, &chars[below(sizeof(chars) - 1)], 1);
}

/* ---- The writers: each server's escaping ------------------------------- */

/* nginx (escape=default): '"', '\' and bytes outside 0x20..0x7E as \xHH. */
static void write_nginx(struct buf *out, const struct buf *v)
{
	for (size_t i = 0; i < v->n; i++) {
		unsigned char c = (unsigned char)v->s[i];
		if (c == '"' || c == '\\' || c < 0x20 || c > 0x7E)
			printf_(out, "\\x%02X", c);
		else
			put(out, (const char *)&c, 1);
	}
}

/* nginx escape=json: '"' and '\' with a backslash, control bytes as
 * \u00XX, UTF-8 as it is. */
static void write_nginx_json(struct buf *out, const struct buf *v)
{
	for (size_t i = 0; i < v->n; i++) {
		unsigned char c = (unsigned char)v->s[i];
		if (c == '"' || c == '\\')
			printf_(out, "\\%c", c);
		else if (c < 0x20)
			printf_(out, "\\u%04x", c);
		else
			put(out, (const char *)&c, 1);
	}
}

/* Apache (ap_escape_logitem): \" \\ \t, other control bytes \xhh; bytes
 * over 0x7E escaped too, or, as older versions and other writers do,
 * left as they are. */
static void write_apache(struct buf *out, const struct buf *v, int raw_utf8)
{
	for (size_t i = 0; i < v->n; i++) {
		unsigned char c = (unsigned char)v->s[i];
		if (c == '"' || c == '\\')
			printf_(out, "\\%c", c);
		else if (c == '\t')
			puts_(out, "\\t");
		else if (c < 0x20 || c == 0x7F || (c > 0x7F && !raw_utf8))
			printf_(out, "\\x%02x", c);
		else
			put(out, (const char *)&c, 1);
	}
}

/* ---- One field: the text a server writes and the value read back ------- */

struct expected {
	char value[1024]; /* as sqlite3_column_text gives it */
	int is_null;
	double real;      /* for request_time */
	int is_real;
};

static const char *const MONTHS[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

enum writer { NGINX, NGINX_JSON, APACHE, APACHE_RAW_UTF8 };

static void write_escaped(struct buf *out, const struct buf *v, enum writer w)
{
	switch (w) {
	case NGINX: write_nginx(out, v); break;
	case NGINX_JSON: write_nginx_json(out, v); break;
	case APACHE: write_apache(out, v, 0); break;
	case APACHE_RAW_UTF8: write_apache(out, v, 1); break;
	}
}

static void make_field(const struct field *f, enum writer w, struct buf *line,
		       struct expected *e)
{
	struct buf v = { .n = 0 };
	memset(e, 0, sizeof(*e));
	switch (f->kind) {
	case ADDR:
		if (below(3) == 0)
			printf_(&v, "2001:db8::%x", below(0x10000));
		else
			printf_(&v, "%u.%u.%u.%u", below(256), below(256), below(256), below(256));
		puts_(line, v.s);
		break;
	case TOKEN:
		random_token(&v);
		puts_(line, v.s);
		break;
	case QUERY: /* never empty: a format of %q alone would write empty lines */
		puts_(&v, "?");
		random_token(&v);
		puts_(line, v.s);
		break;
	case TIME: {
		static const int offsets[] = { 0, 60, -330, 345, -720, 840, 530 };
		int year = 1971 + (int)below(120), month = 1 + (int)below(12), day = 1 + (int)below(28);
		int hh = (int)below(24), mm = (int)below(60), ss = (int)below(60);
		int off = offsets[below(sizeof(offsets) / sizeof(offsets[0]))];
		char sign = off < 0 ? '-' : '+';
		int a = abs(off);
		printf_(line, "[%02d/%s/%04d:%02d:%02d:%02d %c%02d%02d]", day, MONTHS[month - 1], year,
			hh, mm, ss, sign, a / 60, a % 60);
		printf_(&v, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", year, month, day, hh, mm, ss,
			sign, a / 60, a % 60);
		break;
	}
	case REQUEST: {
		static const char *const methods[] = { "GET", "POST", "PUT", "DELETE", "OPTIONS" };
		static const char *const protocols[] = { "HTTP/1.0", "HTTP/1.1", "HTTP/2.0" };
		struct buf path = { .n = 0 };
		puts_(&path, "/");
		unsigned n = below(6);
		for (unsigned i = 0; i < n; i++) {
			const char *piece = PIECES[below(sizeof(PIECES) / sizeof(PIECES[0]))];
			if (strcmp(piece, " ") != 0 && strcmp(piece, "\t") != 0 &&
			    strcmp(piece, "Mozilla/5.0") != 0)
				puts_(&path, piece);
		}
		const char *method = methods[below(5)], *protocol = protocols[below(3)];
		printf_(&v, "%s %s %s", method, path.s, protocol);
		puts_(line, "\"");
		write_escaped(line, &v, w);
		puts_(line, "\"");
		break;
	}
	case STATUS:
		printf_(&v, "%u", 100 + below(500));
		puts_(line, v.s);
		break;
	case BYTES:
		if (below(4) == 0)
			puts_(&v, "-");
		else
			printf_(&v, "%u", below(2000000000));
		puts_(line, v.s);
		break;
	case TEXT:
		random_text(&v);
		puts_(line, "\"");
		write_escaped(line, &v, w);
		puts_(line, "\"");
		break;
	case SECONDS: {
		unsigned ms = below(100000);
		printf_(line, "%u.%03u", ms / 1000, ms % 1000);
		e->real = ms / 1000.0;
		e->is_real = 1;
		return;
	}
	case MICROS: {
		unsigned us = below(100000000);
		printf_(line, "%u", us);
		e->real = us / 1e6;
		e->is_real = 1;
		return;
	}
	}
	/* "-" is no value, in any field. */
	e->is_null = strcmp(v.s, "-") == 0;
	assert_true(v.n < sizeof(e->value));
	memcpy(e->value, v.s, v.n + 1);
}

/* ---- One format, LINES lines, read back -------------------------------- */

struct plan {
	enum writer writer;
	int apache, n;
	const struct field *field[MAX_FIELDS];
	const char *sep[MAX_FIELDS]; /* before field i (i > 0) */
	struct buf format;
};

static void make_plan(struct plan *p)
{
	static const char *const seps[] = { " ", " ", " ", " | ", ", ", " - " };
	int used[FIELD_COUNT] = { 0 };
	memset(p, 0, sizeof(*p));
	p->writer = (enum writer)below(4);
	p->apache = p->writer == APACHE || p->writer == APACHE_RAW_UTF8;
	if (p->writer == NGINX_JSON)
		puts_(&p->format, "escape=json ");
	int want = 1 + (int)below(MAX_FIELDS);
	for (int tries = 0; p->n < want && tries < 100; tries++) {
		unsigned k = below(FIELD_COUNT);
		const struct field *f = &FIELDS[k];
		const char *spelled = p->apache ? f->apache : f->nginx;
		/* One field per column, but a field that goes to extra may
		 * come again (its later value is the answer). */
		int taken = 0, again = used[k] && strncmp(column_of(f, p->apache), "extra", 5) == 0 &&
				       below(3) == 0;
		for (int i = 0; i < p->n; i++)
			taken |= strcmp(column_of(p->field[i], p->apache), column_of(f, p->apache)) == 0;
		if (spelled == NULL || (taken && !again))
			continue;
		used[k] = 1;
		if (p->n > 0) {
			p->sep[p->n] = seps[below(sizeof(seps) / sizeof(seps[0]))];
			puts_(&p->format, p->sep[p->n]);
		}
		p->field[p->n++] = f;
		puts_(&p->format, spelled);
	}
}

static char *text_or_null(sqlite3_stmt *stmt, int col, char *out, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(stmt, col);
	if (t == NULL)
		return NULL;
	snprintf(out, cap, "%s", (const char *)t);
	return out;
}

static void check_one_format(sqlite3 *db, const char *path, int round)
{
	struct plan p;
	make_plan(&p);

	static struct expected want[LINES][MAX_FIELDS];
	static struct buf lines[LINES];
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	for (int l = 0; l < LINES; l++) {
		lines[l].n = 0;
		lines[l].s[0] = '\0';
		for (int i = 0; i < p.n; i++) {
			if (i > 0)
				puts_(&lines[l], p.sep[i]);
			make_field(p.field[i], p.writer, &lines[l], &want[l][i]);
		}
		assert_int_equal(fprintf(f, "%s\n", lines[l].s), (int)lines[l].n + 1);
	}
	assert_int_equal(fclose(f), 0);

	struct buf sql = { .n = 0 };
	puts_(&sql, "SELECT rowid, line, error");
	for (int i = 0; i < p.n; i++)
		printf_(&sql, ", %s", column_of(p.field[i], p.apache));
	puts_(&sql, " FROM access_log(?1, ?2)");
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, sql.s, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("format %d %s: %s", round, p.format.s, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_bind_text(stmt, 1, path, -1, SQLITE_STATIC), SQLITE_OK);
	assert_int_equal(sqlite3_bind_text(stmt, 2, p.format.s, -1, SQLITE_STATIC), SQLITE_OK);

	int l = 0, rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		char got[1024];
		assert_true(l < LINES);
		if (sqlite3_column_int(stmt, 0) != l + 1 ||
		    text_or_null(stmt, 1, got, sizeof(got)) == NULL || strcmp(got, lines[l].s) != 0)
			fail_msg("format %d: %s\n  line %d: %s\n  rowid or line differ", round,
				 p.format.s, l + 1, lines[l].s);
		if (sqlite3_column_type(stmt, 2) != SQLITE_NULL)
			fail_msg("format %d (%s): %s\n  line %d: %s\n  error: %s", round,
				 p.apache ? "apache" : "nginx", p.format.s, l + 1, lines[l].s,
				 sqlite3_column_text(stmt, 2));
		for (int i = 0; i < p.n; i++) {
			int last = i; /* a field given again: the later value */
			for (int j = i + 1; j < p.n; j++)
				if (p.field[j] == p.field[i])
					last = j;
			const struct expected *e = &want[l][last];
			int col = 3 + i;
			const char *column = column_of(p.field[i], p.apache);
			if (e->is_real) {
				double d = sqlite3_column_double(stmt, col);
				if (sqlite3_column_type(stmt, col) != SQLITE_FLOAT || fabs(d - e->real) > 1e-9)
					fail_msg("format %d: %s\n  line %d: %s\n  %s: expected %.6f, got %s",
						 round, p.format.s, l + 1, lines[l].s, column, e->real,
						 sqlite3_column_text(stmt, col));
				continue;
			}
			const char *t = text_or_null(stmt, col, got, sizeof(got));
			if (e->is_null ? t != NULL : (t == NULL || strcmp(t, e->value) != 0))
				fail_msg("format %d: %s\n  line %d: %s\n  %s: expected %s%s%s, got %s%s%s",
					 round, p.format.s, l + 1, lines[l].s, column,
					 e->is_null ? "" : "'", e->is_null ? "NULL" : e->value,
					 e->is_null ? "" : "'", t ? "'" : "", t ? t : "NULL", t ? "'" : "");
		}
		l++;
	}
	if (rc != SQLITE_DONE)
		fail_msg("format %d %s: %s", round, p.format.s, sqlite3_errmsg(db));
	assert_int_equal(l, LINES);
	assert_int_equal(sqlite3_finalize(stmt), SQLITE_OK);
}

static void random_formats_read_back_the_values_they_were_written_with(void **state)
{
	sqlite3 *db = *state;
	char dir[] = "/tmp/test_round_trip.XXXXXX", path[64];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/access.log", dir);
	for (int round = 0; round < FORMATS; round++)
		check_one_format(db, path, round);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 0x5eed2026;
	rng_state = seed ? seed : 1;
	printf("test_round_trip: seed %llu (%d formats of %d lines)\n", (unsigned long long)seed,
	       FORMATS, LINES);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_formats_read_back_the_values_they_were_written_with),
	};
	return cmocka_run_group_tests(tests, open_db, close_db);
}
