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
#include "log_reading.h"

/* The error a format named spec gives a line, on its own. */
static const char *error_of(const char *spec, const char *line)
{
	static char out[512];
	struct reading r;

	reading_start(&r, spec);
	const char *e = reading_feed(&r, line);
	snprintf(out, sizeof(out), "%s", e ? e : "(none)");
	reading_finish(&r);
	return out;
}

static const char HAPROXY[] = "192.0.2.22:39540 [25/Nov/2026:23:42:16.584] public web/w1 "
			      "0/0/1/12/13 503 1024 - - ---- 3/3/0/0/0 0/0 \"GET /x HTTP/1.1\"";
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

	reading_start(&r, NULL);
	snprintf(first, sizeof(first), "%s", reading_feed(&r, "xx"));
	assert_non_null(strstr(first, "no known format reads this line (tried "));
	assert_string_equal(reading_feed(&r, "xx"), first);
	assert_string_equal(reading_feed(&r, long_garbage), first);
	assert_string_equal(reading_feed(&r, long_garbage), first);
	/* Lines after them are still detected, line by line. */
	assert_null(reading_feed(&r, COMMON));
	assert_string_equal(reading_kind(&r), "common");
	assert_null(reading_feed(&r, COMBINED));
	assert_string_equal(reading_kind(&r), "combined");
	assert_string_equal(reading_col(&r, AL_STATUS), "404");
	/* Once the file has a format, that format says why. */
	snprintf(first, sizeof(first), "%s", error_of("combined", "xx"));
	assert_string_equal(reading_feed(&r, "xx"), first);
	assert_string_equal(reading_feed(&r, "xx"), first);
	snprintf(first, sizeof(first), "%s", error_of("combined", long_garbage));
	assert_string_equal(reading_feed(&r, long_garbage), first);
	assert_null(reading_feed(&r, COMMON));
	assert_string_equal(reading_kind(&r), "common");
	reading_finish(&r);
}

static void unread_lines_and_a_readable_one_of_their_length_are_told_apart(void **state)
{
	(void)state;
	struct reading r;
	/* All 14 bytes; only the last is JSON with a key json reads. */
	const char *readable = "{\"status\":200}";
	char unread[32], why[512];

	reading_start(&r, NULL);
	for (int i = 0; i < 3; i++) {
		for (int k = 0; k < 256; k++) {
			snprintf(unread, sizeof(unread), "{\"x\":1%07d}", k);
			assert_int_equal(strlen(unread), strlen(readable));
			snprintf(why, sizeof(why), "%s", error_of("json", unread));
			assert_non_null(strstr(why, "none of the known keys"));
			assert_string_equal(reading_feed(&r, unread), why);
		}
		assert_null(reading_feed(&r, readable));
		assert_string_equal(reading_col(&r, AL_STATUS), "200");
	}
	reading_finish(&r);
}

/* ---- syslog headers ---- */

/* The HAProxy line behind a header: its error, or NULL with the line read. */
static const char *behind(struct reading *r, const char *header)
{
	char line[1024];

	snprintf(line, sizeof(line), "%s%s", header, HAPROXY);
	const char *e = reading_feed(r, line);
	if (!e) {
		assert_string_equal(reading_kind(r), "haproxy");
		assert_string_equal(reading_col(r, AL_STATUS), "503");
		assert_string_equal(reading_col(r, AL_REMOTE_ADDR), "192.0.2.22");
	}
	return e;
}

static void syslog_tags_of_any_spelling_structured_data_and_a_bom_are_skipped(void **state)
{
	(void)state;
	const char *headers[] = {
		"Nov 25 23:42:16 lb1 HAProxy_2.8-lts/x[7]: ",
		"Nov 25 23:42:16 lb1 haproxy: ", /* no pid */
		"<134>Nov 25 23:42:16 haproxy: ",
		"<134>1 2026-11-25T23:42:16Z lb1 haproxy 7 - [a x=\"1\"][b y=\"2\"] ",
		"<134>1 2026-11-25T23:42:16Z lb1 haproxy 7 - - \xEF\xBB\xBF", /* UTF-8 message */
	};
	struct reading r;

	for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		reading_start(&r, NULL);
		const char *e = behind(&r, headers[i]);
		if (e)
			fail_msg("'%s': %s", headers[i], e);
		reading_finish(&r);
	}
}

static void a_header_that_is_not_quite_syslog_leaves_the_line_unread(void **state)
{
	(void)state;
	const char *headers[] = {
		"<>",                                    /* no priority */
		"<13x>",                                 /* not a number */
		"<134>1 2026-11-25T23:42:16Z lb1 haproxy 7 - [a x=\"1\"]x ", /* no space after */
		"nov 25 23:42:16 lb1 haproxy[7]: ",      /* a month in lower case */
		"Nov-25 23:42:16 lb1 haproxy[7]: ",
		"Nov 25-23:42:16 lb1 haproxy[7]: ",
		"Nov 25 23-42:16 lb1 haproxy[7]: ",
		"Nov 25 23:42-16 lb1 haproxy[7]: ",
		"Nov 25 23:42:16-lb1 haproxy[7]: ",
		"Nov 25 23:42:16 lb1 : ",                /* an empty tag */
		"Nov 25 23:42:16 lb1 haproxy[7: ",       /* a pid not closed */
		"Nov 25 23:42:16 lb1 haproxy[7]:",       /* no space after the colon */
		"Nov 25 23:42:16 lb1 ha~proxy[7]: ",     /* not a tag's character */
		"1ov 25 23:42:16 lb1 haproxy[7]: ",      /* a month starts with a capital */
	};
	struct reading r;

	for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		reading_start(&r, NULL);
		const char *e = behind(&r, headers[i]);
		if (!e)
			fail_msg("'%s' was read as a syslog header", headers[i]);
		assert_non_null(strstr(e, "no known format reads this line"));
		reading_finish(&r);
	}
}

/* Headers that end early: each line is given in a buffer of its exact
 * size, so that a read past its end fails under ASan and valgrind. */
static void a_header_cut_short_is_an_error_row_read_within_its_bytes(void **state)
{
	(void)state;
	const char *lines[] = {
		"<134", "<134>", "<134>1", "<134>1 2026-11-25T23:42:16Z lb1",
		"<134>1 2026-11-25T23:42:16Z lb1 haproxy 7 - ",
		"<134>1 2026-11-25T23:42:16Z lb1 haproxy 7 - [a x=\"1\"]",
		"<134>1 2026-11-25T23:42:16Z lb1 haproxy 7 - - ab", /* a message of two bytes */
		"<134>1 2026-11-25T23:42:16Z lb1 haproxy 7 - [a x=\"1\\",
		"<134>1 2026-11-25T23:42:16Z lb1 haproxy 7 - [a x=\"1\"",
		"Nov 25 23:42:16 ", "Nov 25 23:42:16 lb1 haproxy", "Nov 25 23:42:16 lb1 haproxy[7",
		"Nov 25 23:42:16 lb1 haproxy[7]: ", "2026-11-25T23:42:16+01:00",
		"2026-11-25T23:42:16+01:00 lb1",
	};
	struct reading r;

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		size_t n = strlen(lines[i]);
		char *exact = malloc(n);
		assert_non_null(exact);
		memcpy(exact, lines[i], n);
		reading_start(&r, NULL);
		const char *e = reading_feed_n(&r, exact, n);
		if (!e || !strstr(e, "no known format reads this line"))
			fail_msg("'%s': %s", lines[i], e ? e : "read");
		reading_finish(&r);
		free(exact);
	}
}

/* ---- containers ---- */

static void a_container_record_of_an_empty_line_is_an_error_row(void **state)
{
	(void)state;
	struct reading r;

	reading_start(&r, NULL);
	assert_string_equal(reading_feed(&r, "{\"log\":\"\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-25T23:42:16Z\"}"),
			    "empty line inside a container record");
	assert_string_equal(reading_feed(&r, "2026-11-25T23:42:16.1Z stdout F"),
			    "empty line inside a container record");
	/* The record of a line is read as that line. */
	/* COMMON holds quotes: write them as JSON does. */
	char docker[512], escaped[256];
	size_t k = 0;
	for (const char *c = COMMON; *c && k + 2 < sizeof(escaped); c++) {
		if (*c == '"')
			escaped[k++] = '\\';
		escaped[k++] = *c;
	}
	escaped[k] = '\0';
	snprintf(docker, sizeof(docker), "{\"log\":\"%s\\n\",\"stream\":\"stdout\"}", escaped);
	assert_null(reading_feed(&r, docker));
	assert_string_equal(reading_col(&r, AL_PATH), "/a");
	reading_finish(&r);
}

static void a_json_mapping_reads_a_docker_shaped_line_by_its_own_keys(void **state)
{
	(void)state;
	struct reading r;

	/* With a mapping the keys are the user's: "log" is not a wrapper. */
	reading_start(&r, "{\"status\": \"$.log\", \"path\": \"$.stream\"}");
	assert_null(reading_feed(&r, "{\"log\":\"404\",\"stream\":\"/p\"}"));
	assert_string_equal(reading_col(&r, AL_STATUS), "404");
	assert_string_equal(reading_col(&r, AL_PATH), "/p");
	reading_finish(&r);
}

static void a_short_json_line_in_a_json_file_gets_the_json_reason(void **state)
{
	(void)state;
	struct reading r;
	char why[512];

	snprintf(why, sizeof(why), "%s", error_of("json", "{\"a\":1}"));
	reading_start(&r, NULL);
	assert_null(reading_feed(&r, "{\"status\":200,\"path\":\"/a\"}"));
	assert_string_equal(reading_kind(&r), "json");
	assert_string_equal(reading_feed(&r, "{\"a\":1}"), why);
	assert_null(reading_feed(&r, "{\"status\":201}"));
	assert_string_equal(reading_col(&r, AL_STATUS), "201");
	reading_finish(&r);
}

/* ---- '#' lines ---- */

static void a_hash_line_in_a_file_detected_as_combined_is_not_a_directive(void **state)
{
	(void)state;
	struct reading r;
	char why[512];

	snprintf(why, sizeof(why), "%s", error_of("combined", "#Fields: date time"));
	reading_start(&r, NULL);
	assert_null(reading_feed(&r, COMBINED));
	/* After a combined line, a '#' line is a line combined does not read. */
	assert_string_equal(reading_feed(&r, "#Fields: date time"), why);
	assert_false(r.row.is_directive);
	assert_null(reading_feed(&r, COMBINED));
	assert_string_equal(reading_col(&r, AL_PATH), "/b");
	reading_finish(&r);
	/* So it is with combined given. */
	reading_start(&r, "combined");
	assert_string_equal(reading_feed(&r, "#Fields: date time"), why);
	assert_false(r.row.is_directive);
	reading_finish(&r);
}

static void a_w3c_file_may_start_with_directives_shorter_than_fields(void **state)
{
	(void)state;
	struct reading r;

	reading_start(&r, NULL);
	assert_null(reading_feed(&r, "#V"));
	assert_true(r.row.is_directive);
	assert_null(reading_feed(&r, "#Fields: date time sc-status"));
	assert_null(reading_feed(&r, "2026-11-25 23:42:16 404"));
	assert_string_equal(reading_col(&r, AL_STATUS), "404");
	reading_finish(&r);
}

static void a_w3c_format_given_reads_lines_before_any_fields_line(void **state)
{
	(void)state;
	struct reading r;

	/* iis is W3C without its #Fields: line: directives do not change that. */
	reading_start(&r, "iis");
	assert_null(reading_feed(&r, "#Software: Microsoft Internet Information Services 10.0"));
	assert_true(r.row.is_directive);
	assert_null(reading_feed(&r, "2026-11-25 23:42:16 10.0.0.5 GET /default.aspx q=1 443 - 192.0.2.26 "
			     "Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 15"));
	assert_string_equal(reading_col(&r, AL_PATH), "/default.aspx?q=1");
	assert_string_equal(reading_col(&r, AL_USER_AGENT), "Mozilla/5.0 (Windows NT 10.0)");
	reading_finish(&r);
}

static void auto_is_not_a_format_detection_is_no_format(void **state)
{
	(void)state;
	char err[AL_ERR_MAX] = "";
	struct al_log *log;

	assert_int_equal(al_log_open(&log, "auto", err, sizeof(err)), AL_ERROR);
	assert_null(log);
	assert_non_null(strstr(err, "unknown format 'auto'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_line_no_format_reads_is_an_error_row_every_time_it_comes_back),
		cmocka_unit_test(unread_lines_and_a_readable_one_of_their_length_are_told_apart),
		cmocka_unit_test(syslog_tags_of_any_spelling_structured_data_and_a_bom_are_skipped),
		cmocka_unit_test(a_header_that_is_not_quite_syslog_leaves_the_line_unread),
		cmocka_unit_test(a_header_cut_short_is_an_error_row_read_within_its_bytes),
		cmocka_unit_test(a_container_record_of_an_empty_line_is_an_error_row),
		cmocka_unit_test(a_json_mapping_reads_a_docker_shaped_line_by_its_own_keys),
		cmocka_unit_test(a_short_json_line_in_a_json_file_gets_the_json_reason),
		cmocka_unit_test(a_hash_line_in_a_file_detected_as_combined_is_not_a_directive),
		cmocka_unit_test(a_w3c_file_may_start_with_directives_shorter_than_fields),
		cmocka_unit_test(a_w3c_format_given_reads_lines_before_any_fields_line),
		cmocka_unit_test(auto_is_not_a_format_detection_is_no_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
