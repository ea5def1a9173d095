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

/* Column col of line read in format spec, or "error: <the row's error>". */
static const char *cell(const char *spec, const char *line, enum al_col col)
{
	static char out[4096];
	struct al_format *f = compile(spec);
	struct al_buf scratch = {0};
	struct al_row row;
	struct al_value v;

	memset(&row, 0, sizeof(row));
	if (al_parse_line(f, line, strlen(line), &row) != 0) {
		snprintf(out, sizeof(out), "error: %s", row.error);
	} else {
		assert_int_equal(al_value(f, &row, col, &scratch, &v), AL_OK);
		snprintf(out, sizeof(out), "%s", show(&v));
	}
	al_buf_free(&scratch);
	al_format_free(f);
	return out;
}

struct example {
	const char *in, *want;
};

/* Each line of examples, placed in line_fmt ("%s" where the field goes),
 * gives the wanted column in format spec; every failure is reported before
 * the test fails. */
static void check_examples(const char *spec, const char *line_fmt, enum al_col col,
			   const struct example *ex, size_t n)
{
	int failed = 0;

	for (size_t i = 0; i < n; i++) {
		char line[1024];
		snprintf(line, sizeof(line), line_fmt, ex[i].in);
		const char *got = cell(spec, line, col);
		if (strcmp(got, ex[i].want) != 0) {
			print_error("%s: '%s'\n  want %s\n  got  %s\n", spec, line,
				    ex[i].want, got);
			failed++;
		}
	}
	if (failed)
		fail_msg("%d of %zu examples", failed, n);
}

#define CHECK_EXAMPLES(spec, line_fmt, col, ex) \
	check_examples(spec, line_fmt, col, ex, sizeof(ex) / sizeof(ex[0]))

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
static void apache_strftime_and_unix_times_are_kept_in_extra(void **state)
{
	(void)state;
	static const struct example ex[] = {
		{"%{%Y-%m-%dT%H:%M:%S}t", "{\"time\":\"2026-11-25T23:42:16\"}"},
		{"%{sec}t", "{\"time\":\"1764114136\"}"},
		{"%{msec}t", "{\"time\":\"1764114136123\"}"},
		{"%{usec}t", "{\"time\":\"1764114136123456\"}"},
	};
	const char *value[] = {"2026-11-25T23:42:16", "1764114136", "1764114136123",
			       "1764114136123456"};
	for (size_t i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		char spec[64], line[64];
		snprintf(spec, sizeof(spec), "%s %%>s", ex[i].in);
		snprintf(line, sizeof(line), "%s 200", value[i]);
		assert_string_equal(cell(spec, line, AL_TIME), "NULL");
		assert_string_equal(cell(spec, line, AL_EXTRA), ex[i].want);
		assert_string_equal(cell(spec, line, AL_STATUS), "200");
	}
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
	 * kept to the second; or RFC 3339 text. */
	static const struct example ex[] = {
		{"1764114136", "2025-11-25T23:42:16+00:00"},
		{"1764114136123", "2025-11-25T23:42:16+00:00"},
		{"1764114136123456", "2025-11-25T23:42:16+00:00"},
		{"1764114136123456789", "2025-11-25T23:42:16+00:00"},
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clf_times_are_checked_field_by_field_and_against_the_calendar),
		cmocka_unit_test(apache_t_is_the_same_time_in_its_brackets),
		cmocka_unit_test(al_time_clf_to_iso_takes_the_time_with_or_without_brackets),
		cmocka_unit_test(apache_strftime_and_unix_times_are_kept_in_extra),
		cmocka_unit_test(iso_8601_times_with_zone_and_fraction_are_checked_field_by_field),
		cmocka_unit_test(haproxy_accept_dates_have_no_offset_and_an_optional_fraction),
		cmocka_unit_test(unix_times_are_utc_and_stop_before_year_10000),
		cmocka_unit_test(json_unix_times_in_seconds_milliseconds_microseconds_or_nanoseconds),
		cmocka_unit_test(w3c_dates_are_checked_against_the_calendar),
		cmocka_unit_test(w3c_times_are_checked_field_by_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
