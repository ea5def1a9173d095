/*
 * Following a log line by line (src/access_log/log.c) without SQLite: what
 * detection does with lines no format reads, the syslog headers it looks
 * past, the containers it unwraps and the W3C directives it follows. Each
 * test feeds lines to one al_log as the table does with a file's lines.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "access_log.h"

struct reading {
	struct al_log *log;
	struct al_row row;
	struct al_buf scratch;
	char error[sizeof(((struct al_row *)NULL)->errbuf)];
	char text[4096];
};

static void start(struct reading *r, const char *spec)
{
	char err[AL_ERR_MAX] = "";

	memset(r, 0, sizeof(*r));
	r->log = al_log_new(spec, err, sizeof(err));
	if (!r->log)
		fail_msg("al_log_new: %s", err);
}

static void finish(struct reading *r)
{
	al_log_free(r->log);
	al_buf_free(&r->scratch);
}

/* Parse a line of len bytes; its error (a copy), or NULL. */
static const char *feed_n(struct reading *r, const char *line, size_t len)
{
	int rc = al_log_parse(r->log, line, len, &r->row);

	assert_int_equal(rc, r->row.error != NULL);
	if (!r->row.error)
		return NULL;
	snprintf(r->error, sizeof(r->error), "%s", r->row.error);
	return r->error;
}

static const char *feed(struct reading *r, const char *line)
{
	return feed_n(r, line, strlen(line));
}

static const char *col(struct reading *r, enum al_col c)
{
	const struct al_format *f = al_log_format(r->log);
	struct al_value v = {.type = AL_NULL};

	if (f && !r->row.error)
		assert_int_equal(al_value(f, &r->row, c, &r->scratch, &v), AL_OK);
	switch (v.type) {
	case AL_NULL: return "NULL";
	case AL_INT: snprintf(r->text, sizeof(r->text), "%lld", (long long)v.i); break;
	case AL_REAL: snprintf(r->text, sizeof(r->text), "%g", v.r); break;
	case AL_TEXT:
	case AL_BLOB: snprintf(r->text, sizeof(r->text), "%.*s", (int)v.n, v.s); break;
	}
	return r->text;
}

static const char *kind(struct reading *r)
{
	const struct al_format *f = al_log_format(r->log);

	return f ? al_format_kind(f) : "none";
}

/* The error a format named spec gives a line, on its own. */
static const char *error_of(const char *spec, const char *line)
{
	static char out[512];
	struct reading r;

	start(&r, spec);
	const char *e = feed(&r, line);
	snprintf(out, sizeof(out), "%s", e ? e : "(none)");
	finish(&r);
	return out;
}

static const char COMMON[] = "192.0.2.1 - - [25/Nov/2026:23:42:16 +0000] \"GET /a HTTP/1.1\" 200 5";
static const char COMBINED[] = "192.0.2.2 - - [25/Nov/2026:23:42:17 +0000] \"GET /b HTTP/1.1\" "
			       "404 7 \"-\" \"Mozilla/5.0\"";

/* ---- lines no format reads ---- */

static void a_line_no_format_reads_is_an_error_row_every_time_it_comes_back(void **state)
{
	(void)state;
	struct reading r;
	char first[512];
	/* Longer than the lines detection remembers, and shorter. */
	const char *long_garbage = "this is not a log line, and it is longer than fifty bytes";

	start(&r, NULL);
	snprintf(first, sizeof(first), "%s", feed(&r, "xx"));
	assert_non_null(strstr(first, "no known format reads this line (tried "));
	assert_string_equal(feed(&r, "xx"), first);
	assert_string_equal(feed(&r, long_garbage), first);
	assert_string_equal(feed(&r, long_garbage), first);
	/* Lines after them are still detected, line by line. */
	assert_null(feed(&r, COMMON));
	assert_string_equal(kind(&r), "common");
	assert_null(feed(&r, COMBINED));
	assert_string_equal(kind(&r), "combined");
	assert_string_equal(col(&r, AL_STATUS), "404");
	/* Once the file has a format, that format says why. */
	snprintf(first, sizeof(first), "%s", error_of("combined", "xx"));
	assert_string_equal(feed(&r, "xx"), first);
	assert_string_equal(feed(&r, "xx"), first);
	snprintf(first, sizeof(first), "%s", error_of("combined", long_garbage));
	assert_string_equal(feed(&r, long_garbage), first);
	assert_null(feed(&r, COMMON));
	assert_string_equal(kind(&r), "common");
	finish(&r);
}

static void unread_lines_and_a_readable_one_of_their_length_are_told_apart(void **state)
{
	(void)state;
	struct reading r;
	/* All 14 bytes; only the last is JSON with a key json reads. */
	const char *readable = "{\"status\":200}";
	char unread[32], why[512];

	start(&r, NULL);
	for (int i = 0; i < 3; i++) {
		for (int k = 0; k < 256; k++) {
			snprintf(unread, sizeof(unread), "{\"x\":1%07d}", k);
			assert_int_equal(strlen(unread), strlen(readable));
			snprintf(why, sizeof(why), "%s", error_of("json", unread));
			assert_non_null(strstr(why, "none of the known keys"));
			assert_string_equal(feed(&r, unread), why);
		}
		assert_null(feed(&r, readable));
		assert_string_equal(col(&r, AL_STATUS), "200");
	}
	finish(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_line_no_format_reads_is_an_error_row_every_time_it_comes_back),
		cmocka_unit_test(unread_lines_and_a_readable_one_of_their_length_are_told_apart),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
