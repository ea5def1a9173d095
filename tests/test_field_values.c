/*
 * Field values, through the src/ API the SQL module uses: every time
 * notation a log writes (each field at and past its bounds), every escape
 * the decoders read, and how a field becomes a column (requests, addresses,
 * hosts, absolute URLs, joined queries, CloudFront's twice-encoded agents).
 * A time that cannot be is an error row that quotes it, as a time that does
 * not parse is; a decoder keeps what it cannot decode as written.
 *
 * Linked with -Wl,--wrap=realloc (tests/meson.build): the scratch buffer
 * that al_value() grows is the only realloc() here, and a test can make the
 * next one fail.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "access_log.h"
#include "decode.h"

/* ---- realloc that fails when asked ------------------------------------ */

void *__real_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n);

static bool fail_realloc;

void *__wrap_realloc(void *p, size_t n)
{
	return fail_realloc ? NULL : __real_realloc(p, n);
}

/* ---- helpers ------------------------------------------------------------ */

/* A format by name or format string, or "w3c:<#Fields list>". */
static struct al_format *compile(const char *spec)
{
	char err[AL_ERR_MAX] = "";
	struct al_format *f =
		strncmp(spec, "w3c:", 4) == 0
			? al_format_w3c(spec + 4, strlen(spec + 4), err, sizeof(err))
			: al_format_compile(spec, err, sizeof(err));

	if (f == NULL)
		fail_msg("format '%s' did not compile: %s", spec, err);
	return f;
}

/* A value as text: "NULL", the text, or "BLOB:" and the bytes in hex. */
static const char *show(const struct al_value *v)
{
	static char text[4096];
	size_t o = 0;

	switch (v->type) {
	case AL_NULL: return "NULL";
	case AL_INT: snprintf(text, sizeof(text), "%lld", (long long)v->i); break;
	case AL_REAL: snprintf(text, sizeof(text), "%g", v->r); break;
	case AL_TEXT: snprintf(text, sizeof(text), "%.*s", (int)v->n, v->s); break;
	case AL_BLOB:
		o = (size_t)snprintf(text, sizeof(text), "BLOB:");
		for (size_t i = 0; i < v->n && o + 3 < sizeof(text); i++)
			o += (size_t)snprintf(text + o, sizeof(text) - o, "%02X",
					      (unsigned char)v->s[i]);
		break;
	}
	return text;
}

/* Columns of line read in format spec, joined by '|', or "error: <the row's
 * error>". */
static const char *cells(const char *spec, const char *line, const enum al_col *cols,
			 size_t ncols)
{
	static char out[4096];
	struct al_format *f = compile(spec);
	struct al_buf scratch = {0};
	struct al_row row;
	struct al_value v;
	size_t o = 0;

	memset(&row, 0, sizeof(row));
	out[0] = '\0';
	if (al_parse_line(f, line, strlen(line), &row) != 0)
		snprintf(out, sizeof(out), "error: %s", row.error);
	else
		for (size_t i = 0; i < ncols; i++) {
			assert_int_equal(al_value(f, &row, cols[i], &scratch, &v), AL_OK);
			o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s",
					      i ? "|" : "", show(&v));
		}
	al_buf_free(&scratch);
	al_format_free(f);
	return out;
}

static const char *cell(const char *spec, const char *line, enum al_col col)
{
	return cells(spec, line, &col, 1);
}

struct example {
	const char *in, *want;
};

/* Each line of examples, placed in line_fmt ("%s" where the field goes),
 * gives the wanted columns in format spec; every failure is reported before
 * the test fails. */
static void check_examples(const char *spec, const char *line_fmt, const enum al_col *cols,
			   size_t ncols, const struct example *ex, size_t n)
{
	int failed = 0;

	for (size_t i = 0; i < n; i++) {
		char line[1024];
		snprintf(line, sizeof(line), line_fmt, ex[i].in);
		const char *got = cells(spec, line, cols, ncols);
		if (strcmp(got, ex[i].want) != 0) {
			print_error("%s: '%s'\n  want %s\n  got  %s\n", spec, line,
				    ex[i].want, got);
			failed++;
		}
	}
	if (failed)
		fail_msg("%d of %zu examples", failed, n);
}

#define COLS(...) (const enum al_col[]){__VA_ARGS__}, \
	sizeof((const enum al_col[]){__VA_ARGS__}) / sizeof(enum al_col)
#define CHECK_EXAMPLES(spec, line_fmt, col, ex) \
	check_examples(spec, line_fmt, COLS(col), ex, sizeof(ex) / sizeof(ex[0]))
#define CHECK_EXAMPLES_COLS(spec, line_fmt, ex, ...) \
	check_examples(spec, line_fmt, COLS(__VA_ARGS__), ex, sizeof(ex) / sizeof(ex[0]))

/* ---- Apache %t and nginx $time_local ------------------------------------ */

static void clf_times_are_checked_field_by_field_and_against_the_calendar(void **state)
{
	(void)state;
	static const struct example ex[] = {
		{"25/Nov/2026:23:42:16 +0000", "2026-11-25T23:42:16+00:00"},
		{"25/Nov/2026:23:42:16 -0730", "2026-11-25T23:42:16-07:30"},
		{"01/Jan/0000:00:00:00 +0000", "0000-01-01T00:00:00+00:00"},
		/* Days each month has; 29 Feb in leap years only (2000 is one,
		 * 2100 is not). */
		{"31/Jan/2026:00:00:00 +0000", "2026-01-31T00:00:00+00:00"},
		{"28/Feb/2026:00:00:00 +0000", "2026-02-28T00:00:00+00:00"},
		{"29/Feb/2024:00:00:00 +0000", "2024-02-29T00:00:00+00:00"},
		{"29/Feb/2000:00:00:00 +0000", "2000-02-29T00:00:00+00:00"},
		{"30/Apr/2026:00:00:00 +0000", "2026-04-30T00:00:00+00:00"},
		{"31/Dec/2026:00:00:00 +0000", "2026-12-31T00:00:00+00:00"},
		{"29/Feb/2026:00:00:00 +0000", "error: time_local is not a time: '29/Feb/2026:00:00:00 +0000'"},
		{"29/Feb/2100:00:00:00 +0000", "error: time_local is not a time: '29/Feb/2100:00:00:00 +0000'"},
		{"31/Feb/2026:00:00:00 +0000", "error: time_local is not a time: '31/Feb/2026:00:00:00 +0000'"},
		{"31/Apr/2026:00:00:00 +0000", "error: time_local is not a time: '31/Apr/2026:00:00:00 +0000'"},
		{"31/Jun/2026:00:00:00 +0000", "error: time_local is not a time: '31/Jun/2026:00:00:00 +0000'"},
		{"31/Sep/2026:00:00:00 +0000", "error: time_local is not a time: '31/Sep/2026:00:00:00 +0000'"},
		{"31/Nov/2026:00:00:00 +0000", "error: time_local is not a time: '31/Nov/2026:00:00:00 +0000'"},
		{"32/Jan/2026:00:00:00 +0000", "error: time_local is not a time: '32/Jan/2026:00:00:00 +0000'"},
		{"00/Jan/2026:00:00:00 +0000", "error: time_local is not a time: '00/Jan/2026:00:00:00 +0000'"},
		/* Month names as Apache and nginx write them, in English. */
		{"25/nov/2026:23:42:16 +0000", "error: time_local is not a time: '25/nov/2026:23:42:16 +0000'"},
		{"25/Noe/2026:23:42:16 +0000", "error: time_local is not a time: '25/Noe/2026:23:42:16 +0000'"},
		/* The clock: second 60 is a leap second. */
		{"25/Nov/2026:23:59:60 +0000", "2026-11-25T23:59:60+00:00"},
		{"25/Nov/2026:24:00:00 +0000", "error: time_local is not a time: '25/Nov/2026:24:00:00 +0000'"},
		{"25/Nov/2026:23:60:00 +0000", "error: time_local is not a time: '25/Nov/2026:23:60:00 +0000'"},
		{"25/Nov/2026:23:59:61 +0000", "error: time_local is not a time: '25/Nov/2026:23:59:61 +0000'"},
		/* A digit that is not one, in each field. */
		{"2x/Nov/2026:23:42:16 +0000", "error: time_local is not a time: '2x/Nov/2026:23:42:16 +0000'"},
		{"25/Nov/20:6:23:42:16 +0000", "error: time_local is not a time: '25/Nov/20:6:23:42:16 +0000'"},
		{"25/Nov/2026:2 :42:16 +0000", "error: time_local is not a time: '25/Nov/2026:2 :42:16 +0000'"},
		{"25/Nov/2026:23:4/:16 +0000", "error: time_local is not a time: '25/Nov/2026:23:4/:16 +0000'"},
		{"25/Nov/2026:23:42:1a +0000", "error: time_local is not a time: '25/Nov/2026:23:42:1a +0000'"},
		/* The offset: up to 14 hours either way (Kiribati), as far as
		 * SQLite's datetime() reads. */
		{"25/Nov/2026:23:42:16 +1400", "2026-11-25T23:42:16+14:00"},
		{"25/Nov/2026:23:42:16 -1200", "2026-11-25T23:42:16-12:00"},
		{"25/Nov/2026:23:42:16 +1500", "error: time_local is not a time: '25/Nov/2026:23:42:16 +1500'"},
		{"25/Nov/2026:23:42:16 +0060", "error: time_local is not a time: '25/Nov/2026:23:42:16 +0060'"},
		{"25/Nov/2026:23:42:16 +0x00", "error: time_local is not a time: '25/Nov/2026:23:42:16 +0x00'"},
		{"25/Nov/2026:23:42:16 +000x", "error: time_local is not a time: '25/Nov/2026:23:42:16 +000x'"},
		{"25/Nov/2026:23:42:16 *0000", "error: time_local is not a time: '25/Nov/2026:23:42:16 *0000'"},
		/* Each separator in its place, and the length. */
		{"25-Nov/2026:23:42:16 +0000", "error: time_local is not a time: '25-Nov/2026:23:42:16 +0000'"},
		{"25/Nov-2026:23:42:16 +0000", "error: time_local is not a time: '25/Nov-2026:23:42:16 +0000'"},
		{"25/Nov/2026 23:42:16 +0000", "error: time_local is not a time: '25/Nov/2026 23:42:16 +0000'"},
		{"25/Nov/2026:23.42:16 +0000", "error: time_local is not a time: '25/Nov/2026:23.42:16 +0000'"},
		{"25/Nov/2026:23:42.16 +0000", "error: time_local is not a time: '25/Nov/2026:23:42.16 +0000'"},
		{"25/Nov/2026:23:42:16_+0000", "error: time_local is not a time: '25/Nov/2026:23:42:16_+0000'"},
		{"25/Nov/2026:23:42:16 +00", "error: time_local is not a time: '25/Nov/2026:23:42:16 +00'"},
		{"25/Nov/2026:23:42:16", "error: time_local is not a time: '25/Nov/2026:23:42:16'"},
	};
	CHECK_EXAMPLES("[$time_local] $status", "[%s] 200", AL_TIME, ex);
}

static void apache_t_is_the_same_time_in_its_brackets(void **state)
{
	(void)state;
	static const struct example ex[] = {
		{"[25/Nov/2026:23:42:16 +0100]", "2026-11-25T23:42:16+01:00"},
		{"[31/Apr/2026:23:42:16 +0100]", "error: time_local is not a time: '31/Apr/2026:23:42:16 +0100'"},
		/* A bracket on one side only is not Apache's %t. */
		{"[25/Nov/2026:23:42:16 +0100>", "error: expected ' ' after time_local"},
	};
	CHECK_EXAMPLES("%t %>s", "%s 200", AL_TIME, ex);
}

static void al_time_clf_to_iso_takes_the_time_with_or_without_brackets(void **state)
{
	(void)state;
	char out[32];

	assert_int_equal(al_time_clf_to_iso("[29/Feb/2024:13:55:36 -0700]", 28, out), 25);
	assert_memory_equal(out, "2024-02-29T13:55:36-07:00", 25);
	assert_int_equal(al_time_clf_to_iso("29/Feb/2024:13:55:36 -0700", 26, out), 25);
	assert_memory_equal(out, "2024-02-29T13:55:36-07:00", 25);
	assert_int_equal(al_time_clf_to_iso("[29/Feb/2026:13:55:36 -0700]", 28, out), 0);
	assert_int_equal(al_time_clf_to_iso("(29/Feb/2024:13:55:36 -0700]", 28, out), 0);
	assert_int_equal(al_time_clf_to_iso("[29/Feb/2024:13:55:36 -0700)", 28, out), 0);
}

/* Apache's %{format}t writes the time as strftime() or in Unix units
 * (sec, msec, usec); none has a zone the reader could trust, so the text
 * goes to extra under "time" and the time column stays NULL. */
static void apache_strftime_times_are_kept_in_extra(void **state)
{
	(void)state;
	/* %{sec}t, %{msec}t and %{usec}t are Unix times (test_access_log_edges). */
	const char *spec = "%{%Y-%m-%dT%H:%M:%S}t %>s", *line = "2026-11-25T23:42:16 200";
	assert_string_equal(cell(spec, line, AL_TIME), "NULL");
	assert_string_equal(cell(spec, line, AL_EXTRA), "{\"time\":\"2026-11-25T23:42:16\"}");
	assert_string_equal(cell(spec, line, AL_STATUS), "200");
}

/* ---- ISO 8601: nginx $time_iso8601, AWS, Envoy -------------------------- */

static void iso_8601_times_with_zone_and_fraction_are_checked_field_by_field(void **state)
{
	(void)state;
	static const struct example ex[] = {
		{"2026-11-25T23:42:16Z", "2026-11-25T23:42:16+00:00"},
		{"2026-11-25T23:42:16+05:30", "2026-11-25T23:42:16+05:30"},
		{"2026-11-25T23:42:16-08:00", "2026-11-25T23:42:16-08:00"},
		{"2026-11-25T23:42:16.5Z", "2026-11-25T23:42:16.5+00:00"},
		{"2026-11-25T23:42:16.123456-03:00", "2026-11-25T23:42:16.123456-03:00"},
		/* A fraction is kept to nine digits (nanoseconds). */
		{"2026-11-25T23:42:16.123456789012Z", "2026-11-25T23:42:16.123456789+00:00"},
		{"2024-02-29T00:00:00Z", "2024-02-29T00:00:00+00:00"},
		{"2026-02-29T00:00:00Z", "error: time_iso8601 is not a time: '2026-02-29T00:00:00Z'"},
		{"2026-04-31T00:00:00Z", "error: time_iso8601 is not a time: '2026-04-31T00:00:00Z'"},
		{"2026-00-10T00:00:00Z", "error: time_iso8601 is not a time: '2026-00-10T00:00:00Z'"},
		{"2026-13-10T00:00:00Z", "error: time_iso8601 is not a time: '2026-13-10T00:00:00Z'"},
		{"2026-11-00T00:00:00Z", "error: time_iso8601 is not a time: '2026-11-00T00:00:00Z'"},
		{"20x6-11-25T23:42:16Z", "error: time_iso8601 is not a time: '20x6-11-25T23:42:16Z'"},
		{"2026-11-25T23:59:60Z", "2026-11-25T23:59:60+00:00"},
		{"2026-11-25T24:00:00Z", "error: time_iso8601 is not a time: '2026-11-25T24:00:00Z'"},
		{"2026-11-25T23:60:00Z", "error: time_iso8601 is not a time: '2026-11-25T23:60:00Z'"},
		{"2026-11-25T23:59:61Z", "error: time_iso8601 is not a time: '2026-11-25T23:59:61Z'"},
		/* Zones: Z or +hh:mm, nothing after, at most 14 hours. */
		{"2026-11-25T23:42:16+14:00", "2026-11-25T23:42:16+14:00"},
		{"2026-11-25T23:42:16+15:00", "error: time_iso8601 is not a time: '2026-11-25T23:42:16+15:00'"},
		{"2026-11-25T23:42:16+05:60", "error: time_iso8601 is not a time: '2026-11-25T23:42:16+05:60'"},
		{"2026-11-25T23:42:16+0x:00", "error: time_iso8601 is not a time: '2026-11-25T23:42:16+0x:00'"},
		{"2026-11-25T23:42:16+05:3x", "error: time_iso8601 is not a time: '2026-11-25T23:42:16+05:3x'"},
		{"2026-11-25T23:42:16+0530", "error: time_iso8601 is not a time: '2026-11-25T23:42:16+0530'"},
		{"2026-11-25T23:42:16+05-30", "error: time_iso8601 is not a time: '2026-11-25T23:42:16+05-30'"},
		{"2026-11-25T23:42:16+05:30:00", "error: time_iso8601 is not a time: '2026-11-25T23:42:16+05:30:00'"},
		{"2026-11-25T23:42:16*05:30", "error: time_iso8601 is not a time: '2026-11-25T23:42:16*05:30'"},
		{"2026-11-25T23:42:16Zulu", "error: time_iso8601 is not a time: '2026-11-25T23:42:16Zulu'"},
		{"2026-11-25T23:42:16z", "error: time_iso8601 is not a time: '2026-11-25T23:42:16z'"},
		/* A time without its zone, and a point without a fraction. */
		{"2026-11-25T23:42:16", "error: time_iso8601 is not a time: '2026-11-25T23:42:16'"},
		{"2026-11-25T23:42:16.123", "error: time_iso8601 is not a time: '2026-11-25T23:42:16.123'"},
		{"2026-11-25T23:42:16.Z", "error: time_iso8601 is not a time: '2026-11-25T23:42:16.Z'"},
		/* Each separator in its place. */
		{"2026/11-25T23:42:16Z", "error: time_iso8601 is not a time: '2026/11-25T23:42:16Z'"},
		{"2026-11/25T23:42:16Z", "error: time_iso8601 is not a time: '2026-11/25T23:42:16Z'"},
		{"2026-11-25_23:42:16Z", "error: time_iso8601 is not a time: '2026-11-25_23:42:16Z'"},
		{"2026-11-25T23.42:16Z", "error: time_iso8601 is not a time: '2026-11-25T23.42:16Z'"},
		{"2026-11-25T23:42.16Z", "error: time_iso8601 is not a time: '2026-11-25T23:42.16Z'"},
	};
	CHECK_EXAMPLES("$time_iso8601 $status", "%s 200", AL_TIME, ex);
}

/* ---- HAProxy's accept date: local time, no zone ------------------------- */

static void haproxy_accept_dates_have_no_offset_and_an_optional_fraction(void **state)
{
	(void)state;
	static const struct example ex[] = {
		{"25/Nov/2026:23:42:16.584", "2026-11-25T23:42:16.584"},
		{"25/Nov/2026:23:42:16", "2026-11-25T23:42:16"},
		{"29/Feb/2024:23:42:16.584", "2024-02-29T23:42:16.584"},
		{"29/Feb/2026:23:42:16.584", "error: accept_date is not a time: '29/Feb/2026:23:42:16.584'"},
		{"25/Nov/2026:24:42:16.584", "error: accept_date is not a time: '25/Nov/2026:24:42:16.584'"},
		{"25/Nov/2026:23:42:16,584", "error: accept_date is not a time: '25/Nov/2026:23:42:16,584'"},
		{"25/Nov/2026:23:42:16.5x4", "error: accept_date is not a time: '25/Nov/2026:23:42:16.5x4'"},
		{"25/Nov/2026:23:42:16.5/4", "error: accept_date is not a time: '25/Nov/2026:23:42:16.5/4'"},
		{"25/Nov/2026:23:42:16.", "error: accept_date is not a time: '25/Nov/2026:23:42:16.'"},
		{"25/Nov/2026:23:42:1", "error: accept_date is not a time: '25/Nov/2026:23:42:1'"},
		{"25-Nov/2026:23:42:16.584", "error: accept_date is not a time: '25-Nov/2026:23:42:16.584'"},
		{"25/Nov-2026:23:42:16.584", "error: accept_date is not a time: '25/Nov-2026:23:42:16.584'"},
		{"25/Nov/2026 23:42:16.584", "error: accept_date is not a time: '25/Nov/2026 23:42:16.584'"},
		{"25/Nov/2026:23.42:16.584", "error: accept_date is not a time: '25/Nov/2026:23.42:16.584'"},
		{"25/Nov/2026:23:42.16.584", "error: accept_date is not a time: '25/Nov/2026:23:42.16.584'"},
	};
	CHECK_EXAMPLES("haproxy",
		       "192.0.2.22:39540 [%s] public~ webservers/web1 0/0/1/12/13 200 1024 - - "
		       "---- 3/3/0/0/0 0/0 \"GET /index.html HTTP/1.1\"",
		       AL_TIME, ex);
}

/* ---- Unix time: nginx $msec, Squid, JSON logs ---------------------------- */

static void unix_times_are_utc_and_stop_before_year_10000(void **state)
{
	(void)state;
	static const struct example ex[] = {
		{"1764114136", "2025-11-25T23:42:16+00:00"},
		{"1764114136.123", "2025-11-25T23:42:16.123+00:00"},
		{"1709164800", "2024-02-29T00:00:00+00:00"},
		{"0", "1970-01-01T00:00:00+00:00"},
		{"253402300799", "9999-12-31T23:59:59+00:00"},
		{"253402300800", "error: msec is not a time: '253402300800'"},
		{"99999999999999999999999", "error: msec is not a time: '99999999999999999999999'"},
		{".5", "error: msec is not a time: '.5'"},
		{"-1", "error: msec is not a time: '-1'"},
		{"1764114136.", "error: msec is not a time: '1764114136.'"},
		{"1764114136.12x", "error: msec is not a time: '1764114136.12x'"},
		{"1764114136x", "error: msec is not a time: '1764114136x'"},
	};
	CHECK_EXAMPLES("$msec $status", "%s 200", AL_TIME, ex);
}

static void json_unix_times_in_seconds_milliseconds_microseconds_or_nanoseconds(void **state)
{
	(void)state;
	/* Cloudflare's EdgeStartTimestamp: the unit by the count of digits,
	 * those past the second its fraction; or RFC 3339 text. */
	static const struct example ex[] = {
		{"1764114136", "2025-11-25T23:42:16+00:00"},
		{"1764114136123", "2025-11-25T23:42:16.123+00:00"},
		{"1764114136123456", "2025-11-25T23:42:16.123456+00:00"},
		{"1764114136123456789", "2025-11-25T23:42:16.123456789+00:00"},
		{"\"2025-11-25T23:42:16Z\"", "2025-11-25T23:42:16+00:00"},
		{"\"2025-02-29T23:42:16Z\"", "error: EdgeStartTimestamp is not a time: 2025-02-29T23:42:16Z"},
	};
	CHECK_EXAMPLES("cloudflare",
		       "{\"ClientIP\":\"192.0.2.45\",\"EdgeResponseStatus\":200,"
		       "\"EdgeStartTimestamp\":%s}",
		       AL_TIME, ex);
	/* Caddy's ts: seconds with their fraction. */
	assert_string_equal(cell("caddy", "{\"ts\":1764114136.5241024,\"status\":200}", AL_TIME),
			    "2025-11-25T23:42:16.5241024+00:00");
}

/* ---- W3C: date and time in two fields ------------------------------------ */

static void w3c_dates_are_checked_against_the_calendar(void **state)
{
	(void)state;
	static const struct example ex[] = {
		{"2026-11-25", "2026-11-25T10:00:00+00:00"},
		{"2024-02-29", "2024-02-29T10:00:00+00:00"},
		{"2026-02-29", "error: date is not a date: '2026-02-29'"},
		{"2026-04-31", "error: date is not a date: '2026-04-31'"},
		{"2026-11-31", "error: date is not a date: '2026-11-31'"},
		{"2026-11-00", "error: date is not a date: '2026-11-00'"},
		{"2026-00-25", "error: date is not a date: '2026-00-25'"},
		{"2026-13-25", "error: date is not a date: '2026-13-25'"},
		{"x026-11-25", "error: date is not a date: 'x026-11-25'"},
		{"2026/11-25", "error: date is not a date: '2026/11-25'"},
		{"2026-11/25", "error: date is not a date: '2026-11/25'"},
		{"2026-11-5", "error: date is not a date: '2026-11-5'"},
	};
	CHECK_EXAMPLES("w3c:date time sc-status", "%s 10:00:00 200", AL_TIME, ex);
}

static void w3c_times_are_checked_field_by_field(void **state)
{
	(void)state;
	static const struct example ex[] = {
		{"23:42:16", "2026-11-25T23:42:16+00:00"},
		{"23:42:16.25", "2026-11-25T23:42:16.25+00:00"},
		{"23:59:60", "2026-11-25T23:59:60+00:00"},
		{"24:00:00", "error: time is not a time: '24:00:00'"},
		{"23:60:00", "error: time is not a time: '23:60:00'"},
		{"23:59:61", "error: time is not a time: '23:59:61'"},
		{"2x:42:16", "error: time is not a time: '2x:42:16'"},
		{"23:4x:16", "error: time is not a time: '23:4x:16'"},
		{"23:42:1x", "error: time is not a time: '23:42:1x'"},
		{"23:42:16.", "error: time is not a time: '23:42:16.'"},
		{"23:42:16,5", "error: time is not a time: '23:42:16,5'"},
		{"23:42:16.5x", "error: time is not a time: '23:42:16.5x'"},
		{"23.42:16", "error: time is not a time: '23.42:16'"},
		{"23:42.16", "error: time is not a time: '23:42.16'"},
		{"23:42", "error: time is not a time: '23:42'"},
	};
	CHECK_EXAMPLES("w3c:date time sc-status", "2026-11-25 %s 200", AL_TIME, ex);
}

/* ---- Bytes: UTF-8 and the escapes servers write -------------------------- */

static void utf8_sequences_are_measured_as_rfc_3629_allows_them(void **state)
{
	(void)state;
	static const struct {
		const char *bytes;
		size_t n, want;
	} ex[] = {
		{"A", 1, 1},
		{"\xC3\xA9", 2, 2},          /* U+00E9 */
		{"\xC3", 1, 0},              /* cut short */
		{"\xC3\x41", 2, 0},          /* no continuation */
		{"\xC1\xBF", 2, 0},          /* overlong */
		{"\xE2\x82\xAC", 3, 3},      /* U+20AC */
		{"\xE2\x82", 2, 0},
		{"\xE2\x41\xAC", 3, 0},
		{"\xE2\x82\x41", 3, 0},
		{"\xE0\x9F\xBF", 3, 0},      /* overlong */
		{"\xE0\xA0\x80", 3, 3},      /* U+0800, the first of three bytes */
		{"\xED\xA0\x80", 3, 0},      /* a surrogate */
		{"\xED\x9F\xBF", 3, 3},      /* U+D7FF, the last before them */
		{"\xF0\x9F\x98\x80", 4, 4},  /* U+1F600 */
		{"\xF0\x9F\x98", 3, 0},
		{"\xF0\x41\x98\x80", 4, 0},
		{"\xF0\x9F\x41\x80", 4, 0},
		{"\xF0\x9F\x98\x41", 4, 0},
		{"\xF0\x8F\xBF\xBF", 4, 0},  /* overlong */
		{"\xF4\x8F\xBF\xBF", 4, 4},  /* U+10FFFF */
		{"\xF4\x90\x80\x80", 4, 0},  /* above it */
		{"\xF5\x80\x80\x80", 4, 0},
		{"\x80", 1, 0},              /* a continuation first */
	};
	for (size_t i = 0; i < sizeof(ex) / sizeof(ex[0]); i++)
		if (al_utf8_seq((const unsigned char *)ex[i].bytes, ex[i].n) != ex[i].want)
			fail_msg("example %zu: %zu, not %zu", i,
				 al_utf8_seq((const unsigned char *)ex[i].bytes, ex[i].n), ex[i].want);
}

static void the_first_nul_or_invalid_utf8_byte_of_a_line_is_found(void **state)
{
	(void)state;
	size_t at = 99;

	/* Past the eight-byte stride as well as in it. */
	assert_int_equal(al_check_bytes("0123456789abcdef\xC3\xA9", 18, &at), 0);
	assert_int_equal(al_check_bytes("0123456789\xF0\x9F\x98", 13, &at), 2);
	assert_int_equal(at, 10);
	assert_int_equal(al_check_bytes("01234567\0", 9, &at), 1);
	assert_int_equal(at, 8);
	assert_int_equal(al_check_bytes("", 0, &at), 0);
}

struct decoding {
	const char *in;
	size_t in_len;
	const char *want;
	size_t want_len;
};

#define DECODING(in, want) {in, sizeof(in) - 1, want, sizeof(want) - 1}

static void check_decodings(size_t (*decode)(const char *, size_t, char *),
			    const struct decoding *ex, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char out[64];
		size_t got = decode(ex[i].in, ex[i].in_len, out);
		if (got != ex[i].want_len || memcmp(out, ex[i].want, got) != 0)
			fail_msg("'%s' decoded to '%.*s', not '%s'", ex[i].in,
				 (int)got, out, ex[i].want);
	}
}

static void backslash_escapes_of_apache_nginx_and_json_are_decoded(void **state)
{
	(void)state;
	static const struct decoding ex[] = {
		DECODING("a\\\"b\\\\c\\/d", "a\"b\\c/d"),
		DECODING("\\n\\t\\r\\b\\f\\v", "\n\t\r\b\f\v"),
		/* \xhh in either case (Apache lower, nginx upper) */
		DECODING("\\x22\\x5C\\xe9\\xE9\\x7f", "\"\\\xe9\xe9\x7f"),
		DECODING("\\x0a\\xAf\\x9F", "\n\xaf\x9f"),
		/* escape=json: one, two and three bytes of UTF-8 */
		DECODING("\\u0041\\u00e9\\u20AC\\uFFFD", "A\xC3\xA9\xE2\x82\xAC\xEF\xBF\xBD"),
		DECODING("\\uE000\\u07FF\\u0800", "\xEE\x80\x80\xDF\xBF\xE0\xA0\x80"),
	};
	check_decodings(al_decode_apache, ex, sizeof(ex) / sizeof(ex[0]));
}

static void a_backslash_that_starts_no_escape_is_kept_as_written(void **state)
{
	(void)state;
	static const struct decoding ex[] = {
		DECODING("a\\", "a\\"),            /* at the end */
		DECODING("\\q\\ \\0", "\\q\\ \\0"),  /* no such escape */
		DECODING("\\x", "\\x"),
		DECODING("\\x4", "\\x4"),
		DECODING("\\xg1\\x1g\\x 1\\x:1\\xG1", "\\xg1\\x1g\\x 1\\x:1\\xG1"),
		DECODING("\\u12", "\\u12"),
		DECODING("\\u123", "\\u123"),
		DECODING("\\uz234\\u1z34\\u12z4\\u123z", "\\uz234\\u1z34\\u12z4\\u123z"),
		/* A lone surrogate has no UTF-8. */
		DECODING("\\ud800\\uDFFF", "\\ud800\\uDFFF"),
	};
	check_decodings(al_decode_apache, ex, sizeof(ex) / sizeof(ex[0]));
}

static void iis_writes_a_space_in_a_user_agent_as_a_plus(void **state)
{
	(void)state;
	static const struct decoding ex[] = {
		DECODING("Mozilla/5.0+(X11)", "Mozilla/5.0 (X11)"),
		DECODING("bot;++http://x", "bot; +http://x"),
		DECODING("a+", "a "),
		DECODING("+", " "),
	};
	check_decodings(al_decode_w3c_agent, ex, sizeof(ex) / sizeof(ex[0]));
}

static void percent_escapes_are_decoded_and_a_broken_one_kept(void **state)
{
	(void)state;
	static const struct decoding ex[] = {
		DECODING("a%20b%2fc%2F", "a b/c/"),
		DECODING("%C3%a9", "\xC3\xA9"),
		DECODING("%", "%"),
		DECODING("a%2", "a%2"),
		DECODING("%g0%0g%%41", "%g0%0g%A"),
	};
	check_decodings(al_decode_percent, ex, sizeof(ex) / sizeof(ex[0]));
}

/* ---- Fields as columns -------------------------------------------------- */

static void a_request_line_is_method_target_and_protocol_or_nothing(void **state)
{
	(void)state;
	static const struct example ex[] = {
		{"GET /a?b=1 HTTP/1.1", "GET|/a?b=1|HTTP/1.1"},
		{"M /a HTTP/1.1", "M|/a|HTTP/1.1"},
		/* HTTP/0.9, and a target with spaces: no protocol */
		{"GET /a", "GET|/a|NULL"},
		{"GET /a b", "GET|/a b|NULL"},
		{"GET /a HTTX/1.1", "GET|/a HTTX/1.1|NULL"},
		{"GET /a HTTP", "GET|/a HTTP|NULL"},
		/* Junk a server logs as it came: all three NULL */
		{"- - -", "NULL|NULL|NULL"},
		{" /a HTTP/1.1", "NULL|NULL|NULL"},
		{"G(T /a HTTP/1.1", "NULL|NULL|NULL"},
		{"GET  HTTP/1.1", "NULL|NULL|NULL"},
		{"\\x16\\x03\\x01", "NULL|NULL|NULL"},
		/* The target's escapes are decoded. */
		{"GET /a\\x22b HTTP/1.1", "GET|/a\"b|HTTP/1.1"},
	};
	CHECK_EXAMPLES_COLS("\"$request\" $status", "\"%s\" 200", ex, AL_METHOD, AL_PATH,
			    AL_PROTOCOL);
}

static void an_absolute_url_as_target_gives_the_path_and_the_host(void **state)
{
	(void)state;
	static const struct example ex[] = {
		{"http://www.example.com:80/a?b", "/a?b|www.example.com"},
		{"https://www.example.com/", "/|www.example.com"},
		/* RFC 9110: an empty path is "/" */
		{"http://www.example.com", "/|www.example.com"},
		{"http://www.example.com?q=1", "/?q=1|www.example.com"},
		/* decoded first: the '?' is \x3F */
		{"http://h\\x3Fq=1", "/?q=1|h"},
		{"http://example.com./a", "/a|example.com."},
		{"http://[2001:db8::1]:8080/a", "/a|[2001:db8::1]"},
		{"http://[2001:db8::1]/a", "/a|[2001:db8::1]"},
		{"http://example.com:/a", "/a|example.com"},
		{"http://8080/a", "/a|8080"},
		{"svn+ssh://example.com/r", "/r|example.com"},
		{"coap-tcp.x://example.com/r", "/r|example.com"},
		/* No host: the path is read, vhost NULL */
		{"http:///a", "/a|NULL"},
		{"http://:80/a", "/a|NULL"},
		/* Not a URL: the target as it is */
		{"/a://b", "/a://b|NULL"},
		{"1http://example.com/a", "1http://example.com/a|NULL"},
		{"http:/a", "http:/a|NULL"},
		{"h:", "h:|NULL"},
		{"http", "http|NULL"},
		{"http//example.com", "http//example.com|NULL"},
		{"*", "*|NULL"},
	};
	CHECK_EXAMPLES_COLS("\"$request\" $status", "\"GET %s HTTP/1.1\" 200", ex, AL_PATH,
			    AL_VHOST);
}

static void a_vhost_column_of_a_log_that_names_none_is_null_on_rows_without_fields(void **state)
{
	(void)state;
	char err[AL_ERR_MAX];
	struct al_log *log = al_log_new("w3c", err, sizeof(err));
	struct al_buf scratch = {0};
	struct al_row row;
	struct al_value v;
	const char *lines[] = {"#Fields: cs-uri-stem sc-status", "http://h/a 200", "/a x",
			       "#Software: IIS"};
	const char *want[] = {"NULL", "h", "NULL", "NULL"};

	assert_non_null(log);
	for (size_t i = 0; i < 4; i++) {
		memset(&row, 0, sizeof(row));
		(void)al_log_parse(log, lines[i], strlen(lines[i]), &row);
		assert_int_equal(al_value(al_log_format(log), &row, AL_VHOST, &scratch, &v), AL_OK);
		assert_string_equal(show(&v), want[i]);
		assert_int_equal(al_value(al_log_format(log), &row, AL_STATUS, &scratch, &v), AL_OK);
		assert_string_equal(show(&v), i == 1 ? "200" : "NULL");
	}
	al_buf_free(&scratch);
	al_log_free(log);
}

static void an_address_with_a_port_gives_the_address(void **state)
{
	(void)state;
	static const struct example ex[] = {
		{"192.0.2.20:2817", "192.0.2.20"},
		{"192.0.2.20", "192.0.2.20"},
		{"[2001:db8::1]:2817", "2001:db8::1"},
		{"2001:db8::1:2817", "2001:db8::1"},
		{"[2001:db8::1:2817", "[2001:db8::1"},
		{":2817", ":2817"},
		{"-", "NULL"},
		{"-:2817", "NULL"},
		{"[]:2817", "NULL"},
		{"\"\"", "NULL"},
	};
	CHECK_EXAMPLES("elb",
		       "2026-11-25T23:42:16.945958Z my-loadbalancer %s 10.0.0.1:80 0.000073 "
		       "0.001048 0.000057 200 200 0 29 \"GET http://www.example.com:80/ HTTP/1.1\" "
		       "\"curl/7.38.0\" - -",
		       AL_REMOTE_ADDR, ex);
}

static void a_virtual_host_loses_its_port_and_keeps_its_brackets(void **state)
{
	(void)state;
	static const struct example ex[] = {
		{"www.example.com", "www.example.com"},
		{"www.example.com:443", "www.example.com"},
		{"[2001:db8::1]:80", "[2001:db8::1]"},
		{"[2001:db8::1]", "[2001:db8::1]"},
		{"2001:db8::1", "2001:db8::1"},
		{"www.example.com:", "www.example.com:"},
		{"www.example.com:8x", "www.example.com:8x"},
		{"www.example.com:8-", "www.example.com:8-"},
		{"", "NULL"},
		{"-", "NULL"},
	};
	CHECK_EXAMPLES("host_combined",
		       "%s 192.0.2.16 - - [25/Nov/2026:23:42:16 +0000] \"GET / HTTP/1.1\" 200 612 "
		       "\"-\" \"Mozilla/5.0\"",
		       AL_VHOST, ex);
}

static void cloudfront_user_agents_are_percent_decoded_twice(void **state)
{
	(void)state;
	static const struct example ex[] = {
		{"Mozilla/5.0%2520(X11)", "Mozilla/5.0 (X11)"},
		{"a%252", "a%2"},
		{"%25", "%"},
		{"100%", "100%"},
		{"%25C3%25A9", "\xC3\xA9"},
		{"%25FF", "BLOB:FF"},
		{"-", "NULL"},
	};
	CHECK_EXAMPLES("cloudfront",
		       "2026-11-25\t23:42:16\tSEA19-C1\t2390\t192.0.2.25\tGET\t"
		       "d111111abcdef8.cloudfront.net\t/index.html\t200\t-\t%s\t-\t-\tHit\t"
		       "SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==\twww.example.com\t"
		       "https\t23\t0.001\t-\tTLSv1.3\tTLS_AES_128_GCM_SHA256\tHit\tHTTP/2.0\t-\t-\t"
		       "11040\t0.001\tHit\ttext/html\t78\t-\t-",
		       AL_USER_AGENT, ex);
}

static void a_path_and_its_query_in_two_fields_are_one_path(void **state)
{
	(void)state;
	static const struct example w3c[] = {
		{"/a q=1", "/a?q=1"},
		{"/a ?q=1", "/a?q=1"},
		{"/a -", "/a"},
		{"- q=1", "NULL"},
		{"/a%20b q=%22", "/a%20b?q=%22"},
		{"http://h q=1", "/?q=1"},
	};
	CHECK_EXAMPLES("w3c:cs-uri-stem cs-uri-query sc-status", "%s 200", AL_PATH, w3c);
	/* Apache's %q is empty or starts with '?'. */
	static const struct example apache[] = {
		{"/a|?q=1", "/a?q=1"},
		{"/a|", "/a"},
		{"/a\\x22|?q=\\x22", "/a\"?q=\""},
	};
	CHECK_EXAMPLES("%U|%q|%>s", "%s|200", AL_PATH, apache);
}

static void fields_past_the_end_of_a_short_line_are_null(void **state)
{
	(void)state;
	/* ELB's last two fields may be missing, as may the query. */
	assert_string_equal(
		cells("elb",
		      "2026-11-25T23:42:16.945958Z my-loadbalancer 192.0.2.20:2817 10.0.0.1:80 "
		      "0.000073 0.001048 0.000057 200 200 0 29 \"GET http://h/ HTTP/1.1\"",
		      COLS(AL_STATUS, AL_USER_AGENT, AL_PATH, AL_VHOST)),
		"200|NULL|/|h");
}

static void tokens_past_an_aws_log_s_fields_go_to_extra_by_their_position(void **state)
{
	(void)state;
	assert_string_equal(
		cell("elb",
		     "2026-11-25T23:42:16.945958Z my-loadbalancer 192.0.2.20:2817 10.0.0.1:80 "
		     "0.000073 0.001048 0.000057 200 200 0 29 \"GET http://h/ HTTP/1.1\" "
		     "\"curl/7.38.0\" - - new \"x y\"",
		     AL_EXTRA),
		"{\"elb\":\"my-loadbalancer\",\"client:port\":\"192.0.2.20:2817\","
		"\"backend:port\":\"10.0.0.1:80\",\"request_processing_time\":\"0.000073\","
		"\"backend_processing_time\":\"0.001048\",\"response_processing_time\":\"0.000057\","
		"\"backend_status_code\":\"200\",\"received_bytes\":\"0\",\"ssl_cipher\":null,"
		"\"ssl_protocol\":null,\"16\":\"new\",\"17\":\"x y\"}");
	/* A format whose every field has a column: no extra. */
	assert_string_equal(cell("$remote_addr $status", "192.0.2.1 200", AL_EXTRA), "NULL");
}

/* Every column of the row, and that all are NULL. */
static void assert_all_null(const struct al_log *log, const struct al_row *row, const char *line)
{
	struct al_buf scratch = {0};
	struct al_value v;

	for (int c = 0; c < AL_COL_COUNT; c++) {
		assert_int_equal(al_value(al_log_format(log), row, c, &scratch, &v), AL_OK);
		if (v.type != AL_NULL)
			fail_msg("'%s' (%s): column %d is %s", line,
				 row->error ? row->error : "a directive", c, show(&v));
	}
	al_buf_free(&scratch);
}

static void every_column_of_an_error_row_or_a_directive_is_null(void **state)
{
	(void)state;
	static const struct {
		const char *spec, *directive, *line;
	} ex[] = {
		{"combined", NULL,
		 "192.0.2.13 - - [31/Apr/2026:23:42:16 +0000] \"GET http://h/ HTTP/1.1\" 200 1"},
		{"common", NULL, "not a log line"},
		{"json", NULL, "{\"status\":\"x\",\"path\":\"/a\"}"},
		{"json", NULL, "[1]"},
		{"w3c", "#Fields: cs-uri-stem cs-uri-query sc-status", "/a"},
	};
	for (size_t i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		char err[AL_ERR_MAX];
		struct al_log *log = al_log_new(ex[i].spec, err, sizeof(err));
		struct al_row row;

		assert_non_null(log);
		if (ex[i].directive) {
			memset(&row, 0, sizeof(row));
			assert_int_equal(al_log_parse(log, ex[i].directive, strlen(ex[i].directive),
						      &row), 0);
			assert_true(row.is_directive);
			assert_all_null(log, &row, ex[i].directive);
		}
		memset(&row, 0, sizeof(row));
		assert_int_equal(al_log_parse(log, ex[i].line, strlen(ex[i].line), &row), 1);
		assert_all_null(log, &row, ex[i].line);
		al_log_free(log);
	}
}

/* ---- Out of memory -------------------------------------------------------- */

static void a_value_that_needs_the_scratch_buffer_is_nomem_when_it_cannot_grow(void **state)
{
	(void)state;
	static const struct {
		const char *spec, *line;
		enum al_col col;
		const char *want;
	} ex[] = {
		{"$status \"$http_user_agent\"", "200 \"a\\x22b\"", AL_USER_AGENT, "a\"b"},
		{"$status \"$http_user_agent\"", "200 \"a\"", AL_TIME, "NULL"},
		{"$msec $status", "1764114136 200", AL_TIME, "2025-11-25T23:42:16+00:00"},
		{"w3c:cs-uri-stem cs-uri-query", "/a q=1", AL_PATH, "/a?q=1"},
		{"w3c:cs-uri-stem cs-uri-query", "http://h/a q=1", AL_VHOST, "h"},
		{"w3c:cs(User-Agent) sc-status", "a+b 200", AL_USER_AGENT, "a b"},
		{"w3c:cs(User-Agent) x-edge-location", "a%2520b SEA19", AL_USER_AGENT, "a b"},
		{"w3c:cs-uri-stem x-a", "/a b", AL_EXTRA, "{\"x-a\":\"b\"}"},
		{"\"$request\" $status", "\"GET http://h?q HTTP/1.1\" 200", AL_PATH, "/?q"},
		{"combined",
		 "192.0.2.13 - - [25/Nov/2026:23:42:16 +0000] \"GET / HTTP/1.1\" 200 612 \"-\" "
		 "\"Mozilla/5.0\" \"203.0.113.9\"",
		 AL_EXTRA, "[\"203.0.113.9\"]"},
	};
	for (size_t i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		struct al_format *f = compile(ex[i].spec);
		struct al_buf scratch = {0};
		struct al_row row;
		struct al_value v;

		memset(&row, 0, sizeof(row));
		assert_int_equal(al_parse_line(f, ex[i].line, strlen(ex[i].line), &row), 0);
		fail_realloc = true;
		int rc = al_value(f, &row, ex[i].col, &scratch, &v);
		fail_realloc = false;
		if (strcmp(ex[i].want, "NULL") == 0) /* needs no buffer */
			assert_int_equal(rc, AL_OK);
		else if (rc != AL_NOMEM)
			fail_msg("%s: '%s' gave %d, not AL_NOMEM", ex[i].spec, ex[i].line, rc);
		assert_int_equal(al_value(f, &row, ex[i].col, &scratch, &v), AL_OK);
		assert_string_equal(show(&v), ex[i].want);
		al_buf_free(&scratch);
		al_format_free(f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clf_times_are_checked_field_by_field_and_against_the_calendar),
		cmocka_unit_test(apache_t_is_the_same_time_in_its_brackets),
		cmocka_unit_test(al_time_clf_to_iso_takes_the_time_with_or_without_brackets),
		cmocka_unit_test(apache_strftime_times_are_kept_in_extra),
		cmocka_unit_test(iso_8601_times_with_zone_and_fraction_are_checked_field_by_field),
		cmocka_unit_test(haproxy_accept_dates_have_no_offset_and_an_optional_fraction),
		cmocka_unit_test(unix_times_are_utc_and_stop_before_year_10000),
		cmocka_unit_test(json_unix_times_in_seconds_milliseconds_microseconds_or_nanoseconds),
		cmocka_unit_test(w3c_dates_are_checked_against_the_calendar),
		cmocka_unit_test(w3c_times_are_checked_field_by_field),
		cmocka_unit_test(utf8_sequences_are_measured_as_rfc_3629_allows_them),
		cmocka_unit_test(the_first_nul_or_invalid_utf8_byte_of_a_line_is_found),
		cmocka_unit_test(backslash_escapes_of_apache_nginx_and_json_are_decoded),
		cmocka_unit_test(a_backslash_that_starts_no_escape_is_kept_as_written),
		cmocka_unit_test(iis_writes_a_space_in_a_user_agent_as_a_plus),
		cmocka_unit_test(percent_escapes_are_decoded_and_a_broken_one_kept),
		cmocka_unit_test(a_request_line_is_method_target_and_protocol_or_nothing),
		cmocka_unit_test(an_absolute_url_as_target_gives_the_path_and_the_host),
		cmocka_unit_test(a_vhost_column_of_a_log_that_names_none_is_null_on_rows_without_fields),
		cmocka_unit_test(an_address_with_a_port_gives_the_address),
		cmocka_unit_test(a_virtual_host_loses_its_port_and_keeps_its_brackets),
		cmocka_unit_test(cloudfront_user_agents_are_percent_decoded_twice),
		cmocka_unit_test(a_path_and_its_query_in_two_fields_are_one_path),
		cmocka_unit_test(fields_past_the_end_of_a_short_line_are_null),
		cmocka_unit_test(tokens_past_an_aws_log_s_fields_go_to_extra_by_their_position),
		cmocka_unit_test(every_column_of_an_error_row_or_a_directive_is_null),
		cmocka_unit_test(a_value_that_needs_the_scratch_buffer_is_nomem_when_it_cannot_grow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
