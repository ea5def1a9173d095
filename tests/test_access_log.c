/*
 * The access log parser (src/access_log/) without SQLite: formats, line
 * splitting, escapes, times, the reader and globs.
 *
 *   test_access_log <tests/logs directory>
 */
#define _GNU_SOURCE /* mkdtemp() */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <cmocka.h>

#include "access_log.h"

static const char *logs_dir = "tests/logs";

/* ---- helpers ---- */

struct parsed {
	struct al_format *f;
	struct al_row row;
	struct al_buf scratch;
	char text[8192]; /* the last value, NUL-terminated */
};

static struct parsed *parse_with(const char *spec, const char *line)
{
	static struct parsed p;
	char err[AL_ERR_MAX] = "";

	al_format_free(p.f);
	memset(&p.row, 0, sizeof(p.row));
	p.f = al_format_compile(spec, err, sizeof(err));
	if (p.f == NULL)
		fail_msg("format did not compile: %s", err);
	(void)al_parse_line(p.f, line, strlen(line), &p.row);
	return &p;
}

/* A column as text ("NULL", or the text, or "BLOB:" + bytes). */
static const char *col(struct parsed *p, enum al_col c)
{
	struct al_value v;

	assert_int_equal(al_value(p->f, &p->row, c, &p->scratch, &v), 0);
	switch (v.type) {
	case AL_NULL: return "NULL";
	case AL_INT: snprintf(p->text, sizeof(p->text), "%lld", (long long)v.i); break;
	case AL_REAL: snprintf(p->text, sizeof(p->text), "%g", v.r); break;
	case AL_TEXT: snprintf(p->text, sizeof(p->text), "%.*s", (int)v.n, v.s); break;
	case AL_BLOB: snprintf(p->text, sizeof(p->text), "BLOB:%.*s", (int)v.n, v.s); break;
	}
	return p->text;
}

static char *path_of(const char *name)
{
	static char path[4096];
	snprintf(path, sizeof(path), "%s/%s", logs_dir, name);
	return path;
}

/* ---- combined and common ---- */

static void combined_line_fills_every_column(void **state)
{
	(void)state;
	struct parsed *p = parse_with("combined",
		"192.0.2.11 - alice [25/Nov/2026:23:42:17 +0100] \"POST /api/items?x=1 HTTP/2.0\" "
		"201 48 \"https://example.com/form\" \"Mozilla/5.0 (X11)\"");
	assert_null(p->row.error);
	assert_string_equal(col(p, AL_REMOTE_ADDR), "192.0.2.11");
	assert_string_equal(col(p, AL_REMOTE_USER), "alice");
	assert_string_equal(col(p, AL_TIME), "2026-11-25T23:42:17+01:00");
	assert_string_equal(col(p, AL_METHOD), "POST");
	assert_string_equal(col(p, AL_PATH), "/api/items?x=1");
	assert_string_equal(col(p, AL_PROTOCOL), "HTTP/2.0");
	assert_string_equal(col(p, AL_STATUS), "201");
	assert_string_equal(col(p, AL_BYTES), "48");
	assert_string_equal(col(p, AL_REFERER), "https://example.com/form");
	assert_string_equal(col(p, AL_USER_AGENT), "Mozilla/5.0 (X11)");
	/* Not in the format: NULL, and no extra fields. */
	assert_string_equal(col(p, AL_SUBSTATUS), "NULL");
	assert_string_equal(col(p, AL_REQUEST_TIME), "NULL");
	assert_string_equal(col(p, AL_VHOST), "NULL");
	assert_string_equal(col(p, AL_EXTRA), "NULL");
}

static void dash_is_null_for_user_bytes_referer_and_agent(void **state)
{
	(void)state;
	struct parsed *p = parse_with("combined",
		"192.0.2.13 - - [25/Nov/2026:23:42:20 +0000] \"GET /old HTTP/1.1\" 301 - \"-\" \"-\"");
	assert_null(p->row.error);
	assert_string_equal(col(p, AL_REMOTE_USER), "NULL");
	assert_string_equal(col(p, AL_BYTES), "NULL");
	assert_string_equal(col(p, AL_REFERER), "NULL");
	assert_string_equal(col(p, AL_USER_AGENT), "NULL");
	assert_string_equal(col(p, AL_STATUS), "301");
}

static void nginx_hex_escapes_are_decoded(void **state)
{
	(void)state;
	struct parsed *p = parse_with("combined",
		"2001:db8::1 - - [25/Nov/2026:23:42:18 -0530] \"GET /caf\\xC3\\xA9/\\x22q\\x22 HTTP/1.1\" "
		"404 153 \"-\" \"Agent \\x22with quotes\\x22\"");
	assert_null(p->row.error);
	assert_string_equal(col(p, AL_PATH), "/caf\xC3\xA9/\"q\"");
	assert_string_equal(col(p, AL_USER_AGENT), "Agent \"with quotes\"");
	assert_string_equal(col(p, AL_TIME), "2026-11-25T23:42:18-05:30");
}

static void apache_backslash_escapes_are_decoded_and_do_not_end_a_field(void **state)
{
	(void)state;
	struct parsed *p = parse_with("combined",
		"198.51.100.7 - - [10/Oct/2026:13:55:36 -0700] \"GET /a\\\"b\\\\c HTTP/1.1\" 200 2326 "
		"\"http://example.com/\" \"Mozilla/4.08 \\\"quoted\\\" agent\"");
	assert_null(p->row.error);
	assert_string_equal(col(p, AL_PATH), "/a\"b\\c");
	assert_string_equal(col(p, AL_USER_AGENT), "Mozilla/4.08 \"quoted\" agent");
	assert_string_equal(col(p, AL_STATUS), "200");
}

static void decoded_bytes_that_are_not_utf8_come_back_as_a_blob(void **state)
{
	(void)state;
	struct parsed *p = parse_with("combined",
		"192.0.2.1 - - [25/Nov/2026:23:42:18 +0000] \"GET /\\xFF HTTP/1.1\" 400 1 \"-\" \"-\"");
	assert_null(p->row.error);
	assert_string_equal(col(p, AL_PATH), "BLOB:/\xFF");
}

static void a_request_that_is_not_method_target_protocol_is_not_an_error(void **state)
{
	(void)state;
	struct parsed *p = parse_with("combined",
		"192.0.2.12 - - [25/Nov/2026:23:42:19 +0000] \"GARBAGE\" 400 157 \"-\" \"-\"");
	assert_null(p->row.error);
	assert_string_equal(col(p, AL_METHOD), "NULL");
	assert_string_equal(col(p, AL_PATH), "NULL");
	assert_string_equal(col(p, AL_PROTOCOL), "NULL");
	assert_string_equal(col(p, AL_STATUS), "400");
	assert_string_equal(col(p, AL_BYTES), "157");

	/* TLS bytes sent to a plain HTTP port, as nginx logs them. */
	p = parse_with("combined",
		"192.0.2.12 - - [25/Nov/2026:23:42:19 +0000] \"\\x16\\x03\\x01\\x02\\x00\\x01 x\" 400 157 \"-\" \"-\"");
	assert_null(p->row.error);
	assert_string_equal(col(p, AL_METHOD), "NULL");
}

static void http09_request_has_no_protocol(void **state)
{
	(void)state;
	struct parsed *p = parse_with("combined",
		"192.0.2.14 - - [25/Nov/2026:23:42:21 +0000] \"GET /\" 200 5 \"-\" \"-\"");
	assert_string_equal(col(p, AL_METHOD), "GET");
	assert_string_equal(col(p, AL_PATH), "/");
	assert_string_equal(col(p, AL_PROTOCOL), "NULL");
}

static void common_format_has_no_referer_or_agent(void **state)
{
	(void)state;
	struct parsed *p = parse_with("common",
		"192.0.2.20 - - [01/Jan/2026:00:00:00 +0000] \"GET / HTTP/1.0\" 200 1024");
	assert_null(p->row.error);
	assert_string_equal(col(p, AL_BYTES), "1024");
	assert_string_equal(col(p, AL_REFERER), "NULL");
}

/* ---- errors of a line: each names what is wrong ---- */

static void a_truncated_line_is_an_error_naming_the_field(void **state)
{
	(void)state;
	struct parsed *p = parse_with("combined",
		"192.0.2.31 - - [25/Nov/2026:23:42:16 +0000] \"GET /cut");
	assert_non_null(p->row.error);
	assert_string_equal(p->row.error, "expected '\" ' after request");
	/* An error row has no columns. */
	assert_string_equal(col(p, AL_REMOTE_ADDR), "NULL");
}

static void a_status_that_is_not_a_three_digit_number_is_an_error(void **state)
{
	(void)state;
	struct parsed *p = parse_with("common",
		"192.0.2.35 - - [25/Nov/2026:23:42:16 +0000] \"GET / HTTP/1.1\" OK 5");
	assert_string_equal(p->row.error, "status is not a number: 'OK'");
	p = parse_with("common",
		"192.0.2.35 - - [25/Nov/2026:23:42:16 +0000] \"GET / HTTP/1.1\" 2000 5");
	assert_string_equal(p->row.error, "status is not a number: '2000'");
}

static void an_impossible_time_is_an_error(void **state)
{
	(void)state;
	struct parsed *p = parse_with("common",
		"192.0.2.34 - - [32/Nov/2026:23:42:16 +0000] \"GET / HTTP/1.1\" 200 5");
	assert_string_equal(p->row.error,
			    "time_local is not a time: '32/Nov/2026:23:42:16 +0000'");
	p = parse_with("common",
		"192.0.2.34 - - [25/Foo/2026:23:42:16 +0000] \"GET / HTTP/1.1\" 200 5");
	assert_non_null(p->row.error);
}

static void trailing_text_after_the_last_field_is_an_error(void **state)
{
	(void)state;
	struct parsed *p = parse_with("common",
		"192.0.2.20 - - [01/Jan/2026:00:00:00 +0000] \"GET / HTTP/1.0\" 200 1024extra");
	assert_string_equal(p->row.error,
			    "body_bytes_sent is not a number: '1024extra'");
}

/* ---- custom formats ---- */

static void nginx_log_format_maps_known_variables_and_keeps_the_rest_in_extra(void **state)
{
	(void)state;
	struct parsed *p = parse_with(
		"$remote_addr $host [$time_local] \"$request\" $status $body_bytes_sent "
		"$request_time \"${upstream_addr}\" \"$http_x_forwarded_for\"",
		"203.0.113.5 example.org [25/Nov/2026:10:00:00 +0000] \"GET /app HTTP/1.1\" 502 166 "
		"0.250 \"10.1.1.1:8080\" \"-\"");
	assert_null(p->row.error);
	assert_string_equal(al_format_kind(p->f), "nginx");
	assert_string_equal(col(p, AL_VHOST), "example.org");
	assert_string_equal(col(p, AL_REQUEST_TIME), "0.25");
	assert_string_equal(col(p, AL_STATUS), "502");
	assert_string_equal(col(p, AL_EXTRA),
			    "{\"upstream_addr\":\"10.1.1.1:8080\",\"http_x_forwarded_for\":null}");
}

static void nginx_time_iso8601_is_kept_with_its_offset(void **state)
{
	(void)state;
	struct parsed *p = parse_with("$time_iso8601 $status",
				      "2026-11-25T23:42:16+02:00 200");
	assert_null(p->row.error);
	assert_string_equal(col(p, AL_TIME), "2026-11-25T23:42:16+02:00");
}

static void nginx_msec_is_a_utc_time_with_its_milliseconds(void **state)
{
	(void)state;
	struct parsed *p = parse_with("$msec $status", "1764114136.123 200");
	assert_null(p->row.error);
	assert_string_equal(col(p, AL_TIME), "2025-11-25T23:42:16.123+00:00");
	p = parse_with("$msec $status", "0.000 200");
	assert_string_equal(col(p, AL_TIME), "1970-01-01T00:00:00.000+00:00");
	/* 2000-02-29 and 2100-03-01 (2100 is no leap year) */
	p = parse_with("$msec $status", "951782400 200");
	assert_string_equal(col(p, AL_TIME), "2000-02-29T00:00:00+00:00");
	p = parse_with("$msec $status", "4107542400 200");
	assert_string_equal(col(p, AL_TIME), "2100-03-01T00:00:00+00:00");
	p = parse_with("$msec $status", "253402300799.999 200");
	assert_string_equal(col(p, AL_TIME), "9999-12-31T23:59:59.999+00:00");
	p = parse_with("$msec $status", "253402300800 200");
	assert_string_equal(p->row.error, "msec is not a time: '253402300800'");
	p = parse_with("$msec $status", "17641141x6.123 200");
	assert_string_equal(p->row.error, "msec is not a time: '17641141x6.123'");
	p = parse_with("$msec $status", "1764114136. 200");
	assert_string_equal(p->row.error, "msec is not a time: '1764114136.'");
}

static void nginx_msec_agrees_with_gmtime_from_1970_to_9999(void **state)
{
	(void)state;
	char line[64], want[64];
	for (int64_t t = 0; t < INT64_C(253402300800); t += 7777777) {
		time_t tt = (time_t)t;
		struct tm tm;
		assert_non_null(gmtime_r(&tt, &tm));
		assert_true(strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%S+00:00", &tm) > 0);
		snprintf(line, sizeof(line), "%lld 200", (long long)t);
		struct parsed *p = parse_with("$msec $status", line);
		if (strcmp(col(p, AL_TIME), want) != 0)
			fail_msg("$msec %lld: got %s, gmtime says %s", (long long)t,
				 col(p, AL_TIME), want);
	}
}

static void nginx_escape_json_is_understood(void **state)
{
	(void)state;
	struct parsed *p = parse_with("escape=json {\"ua\":\"$http_user_agent\",\"s\":$status}",
				      "{\"ua\":\"a \\\"b\\\" \\u00e9\",\"s\":200}");
	assert_null(p->row.error);
	assert_string_equal(col(p, AL_USER_AGENT), "a \"b\" \xC3\xA9");
}

static void apache_logformat_maps_directives_like_nginx_names_them(void **state)
{
	(void)state;
	struct parsed *p = parse_with(
		"%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\" %D %v %{X-Forwarded-For}i",
		"203.0.113.6 - - [25/Nov/2026:10:00:00 +0000] \"GET /x HTTP/1.1\" 200 512 \"-\" \"ua/1\" "
		"1500 shop.example.com 198.51.100.1");
	assert_null(p->row.error);
	assert_string_equal(al_format_kind(p->f), "apache");
	assert_string_equal(col(p, AL_TIME), "2026-11-25T10:00:00+00:00");
	assert_string_equal(col(p, AL_REQUEST_TIME), "0.0015");
	assert_string_equal(col(p, AL_VHOST), "shop.example.com");
	assert_string_equal(col(p, AL_USER_AGENT), "ua/1");
	/* %l (identd, always "-") is dropped, not put in extra. */
	assert_string_equal(col(p, AL_EXTRA), "{\"http_x_forwarded_for\":\"198.51.100.1\"}");
}

static void apache_percent_T_is_seconds_and_query_joins_the_path(void **state)
{
	(void)state;
	struct parsed *p = parse_with("%m %U%q %>s %T", "GET /s?q=1 200 3");
	assert_null(p->row.error);
	assert_string_equal(col(p, AL_PATH), "/s?q=1");
	assert_string_equal(col(p, AL_REQUEST_TIME), "3");
	/* After %r, "%U%q" is one extra field. */
	p = parse_with("\"%r\" %U%q", "\"GET /s?q=1 HTTP/1.1\" /s?q=1");
	assert_null(p->row.error);
	assert_string_equal(col(p, AL_EXTRA), "{\"uri\":\"/s?q=1\"}");
}

static void a_second_field_for_a_column_goes_to_extra(void **state)
{
	(void)state;
	struct parsed *p = parse_with("$request_uri $uri $status", "/a?b=1 /a 200");
	assert_string_equal(col(p, AL_PATH), "/a?b=1");
	assert_string_equal(col(p, AL_EXTRA), "{\"uri\":\"/a\"}");
}

static void extra_is_valid_json_whatever_the_bytes(void **state)
{
	(void)state;
	struct parsed *p = parse_with("$status \"$http_x\"", "200 \"a\\x22b\\x5Cc\\x01\\xFF\"");
	assert_null(p->row.error);
	assert_string_equal(col(p, AL_EXTRA),
			    "{\"http_x\":\"a\\\"b\\\\c\\u0001\xEF\xBF\xBD\"}");
}

static void unknown_formats_are_refused_with_their_name(void **state)
{
	(void)state;
	char err[AL_ERR_MAX];

	assert_null(al_format_compile("combinde", err, sizeof(err)));
	assert_non_null(strstr(err, "unknown format 'combinde'"));
	assert_null(al_format_compile("%h %Z", err, sizeof(err)));
	assert_string_equal(err, "unknown Apache directive '%Z'");
	assert_null(al_format_compile("$remote_addr$status", err, sizeof(err)));
	assert_string_equal(err, "format has no separator between remote_addr and status");
	assert_null(al_format_compile("escape=xml $status", err, sizeof(err)));
	assert_string_equal(err, "unknown nginx parameter 'escape=xml'");
	assert_null(al_format_compile("${status", err, sizeof(err)));
}

/* ---- W3C ---- */

static const char IIS_FIELDS[] =
	"date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
	"cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

static void w3c_line_fills_columns_in_utc_with_the_query_in_the_path(void **state)
{
	(void)state;
	struct parsed *p = parse_with("combined", "x"); /* for its buffers */
	char err[AL_ERR_MAX];

	al_format_free(p->f);
	p->f = al_format_w3c(IIS_FIELDS, strlen(IIS_FIELDS), err, sizeof(err));
	assert_non_null(p->f);
	const char *line =
		"2026-11-25 00:00:02 10.0.0.5 GET /secret id=7 443 CORP\\jdoe 203.0.113.10 "
		"Mozilla/5.0+(Windows+NT+10.0) https://example.com/ 403 14 5 250";
	assert_int_equal(al_parse_line(p->f, line, strlen(line), &p->row), 0);
	assert_string_equal(col(p, AL_TIME), "2026-11-25T00:00:02+00:00");
	assert_string_equal(col(p, AL_PATH), "/secret?id=7");
	assert_string_equal(col(p, AL_REMOTE_USER), "CORP\\jdoe");
	assert_string_equal(col(p, AL_STATUS), "403");
	assert_string_equal(col(p, AL_SUBSTATUS), "14");
	assert_string_equal(col(p, AL_REQUEST_TIME), "0.25");
	assert_string_equal(col(p, AL_USER_AGENT), "Mozilla/5.0 (Windows NT 10.0)");
	assert_string_equal(col(p, AL_EXTRA),
			    "{\"s-ip\":\"10.0.0.5\",\"s-port\":\"443\",\"sc-win32-status\":\"5\"}");
}

static void w3c_a_long_fraction_of_a_second_is_cut_not_computed(void **state)
{
	(void)state;
	struct parsed *p = parse_with("combined", "x"); /* for its buffers */
	char err[AL_ERR_MAX];
	const char *fields = "date time cs-uri-stem sc-status";

	al_format_free(p->f);
	p->f = al_format_w3c(fields, strlen(fields), err, sizeof(err));
	assert_non_null(p->f);
	/* Found by fuzz_log_line under UBSan: the fraction's digits were
	 * summed into an int, which overflowed. */
	const char *line = "2026-11-25 00:00:02.16666666666666666666666 /a 200";
	assert_int_equal(al_parse_line(p->f, line, strlen(line), &p->row), 0);
	assert_string_equal(col(p, AL_TIME), "2026-11-25T00:00:02.166666666+00:00");
	const char *bad = "2026-11-25 00:00:02.1x /a 200";
	assert_int_equal(al_parse_line(p->f, bad, strlen(bad), &p->row), 1);
	const char *empty = "2026-11-25 00:00:02. /a 200";
	assert_int_equal(al_parse_line(p->f, empty, strlen(empty), &p->row), 1);
}

static void w3c_plus_in_a_user_agent_is_a_space_and_double_plus_keeps_one(void **state)
{
	(void)state;
	char out[128];
	const char *in = "Mozilla/5.0+(compatible;+Googlebot/2.1;++http://www.google.com/bot.html)";
	size_t n = al_decode_w3c_agent(in, strlen(in), out);
	out[n] = '\0';
	assert_string_equal(out, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
}

static void w3c_prefers_cs_host_to_s_sitename_for_vhost(void **state)
{
	(void)state;
	char err[AL_ERR_MAX];
	const char *fields = "s-sitename cs-host sc-status";
	struct parsed *p = parse_with("combined", "x");

	al_format_free(p->f);
	p->f = al_format_w3c(fields, strlen(fields), err, sizeof(err));
	const char *line = "W3SVC1 www.example.com 200";
	assert_int_equal(al_parse_line(p->f, line, strlen(line), &p->row), 0);
	assert_string_equal(col(p, AL_VHOST), "www.example.com");
	assert_string_equal(col(p, AL_EXTRA), "{\"s-sitename\":\"W3SVC1\"}");
}

/* Parse a file's lines through al_log, as the table does. */
struct file_rows {
	int n;
	char error[64][400];
	char status[64][16];
	bool directive[64];
	char agent[64][160];
	char extra[64][160];
	char request_time[64][16];
	const char *kind[64]; /* of the format the row was read with */
};

/* A column of a parsed row as text, "NULL" for none. */
static void value_text(const struct al_format *f, const struct al_row *row, enum al_col c,
		       struct al_buf *scratch, char *out, size_t cap)
{
	struct al_value v = {.type = AL_NULL};

	if (!row->error && f)
		assert_int_equal(al_value(f, row, c, scratch, &v), AL_OK);
	switch (v.type) {
	case AL_NULL: snprintf(out, cap, "NULL"); break;
	case AL_INT: snprintf(out, cap, "%lld", (long long)v.i); break;
	case AL_REAL: snprintf(out, cap, "%g", v.r); break;
	case AL_TEXT:
	case AL_BLOB: snprintf(out, cap, "%.*s", (int)v.n, v.s); break;
	}
}

static void read_all(const char *name, const char *spec, struct file_rows *out)
{
	char err[AL_ERR_MAX] = "";
	struct al_reader *r = NULL;
	assert_int_equal(al_reader_open(&r, path_of(name), err, sizeof(err)), AL_OK);
	struct al_log *log = al_log_new(spec, err, sizeof(err));
	struct al_line line;
	struct al_row row;
	struct al_buf scratch = {0};

	if (!r || !log)
		fail_msg("%s", err);
	memset(out, 0, sizeof(*out));
	al_log_start_file(log);
	while (al_reader_next(r, &line, err, sizeof(err)) == 1 && out->n < 64) {
		struct al_value v = {.type = AL_NULL};
		al_log_parse(log, line.text, line.len, &row);
		if (!row.error && al_log_format(log))
			assert_int_equal(al_value(al_log_format(log), &row, AL_STATUS,
						  &scratch, &v), 0);
		snprintf(out->error[out->n], sizeof(out->error[0]), "%s", row.error ? row.error : "");
		if (v.type == AL_INT)
			snprintf(out->status[out->n], 16, "%lld", (long long)v.i);
		out->directive[out->n] = row.is_directive;
		const struct al_format *f = al_log_format(log);
		value_text(f, &row, AL_USER_AGENT, &scratch, out->agent[out->n], 160);
		value_text(f, &row, AL_EXTRA, &scratch, out->extra[out->n], 160);
		value_text(f, &row, AL_REQUEST_TIME, &scratch, out->request_time[out->n], 16);
		out->kind[out->n] = f ? al_format_kind(f) : "none";
		out->n++;
	}
	al_buf_free(&scratch);
	al_log_free(log);
	al_reader_close(r);
}

static void w3c_fields_may_change_in_the_middle_of_a_file(void **state)
{
	(void)state;
	struct file_rows rows;

	read_all("iis_w3c.log", NULL, &rows);
	assert_int_equal(rows.n, 11);
	for (int i = 0; i < 4; i++)
		assert_true(rows.directive[i]);
	assert_string_equal(rows.status[4], "200");
	assert_string_equal(rows.status[5], "403");
	assert_true(rows.directive[9]);
	/* After the second #Fields:, sc-status is the 9th field, not the 12th. */
	assert_string_equal(rows.status[10], "200");
	for (int i = 0; i < rows.n; i++)
		assert_string_equal(rows.error[i], "");
}

static void w3c_data_before_any_fields_line_is_an_error(void **state)
{
	(void)state;
	struct al_log *log = al_log_new("w3c", NULL, 0);
	struct al_row row;
	const char *line = "2026-11-25 00:00:01 GET / 200";

	assert_non_null(log);
	assert_int_equal(al_log_parse(log, line, strlen(line), &row), 1);
	assert_string_equal(row.error, "no #Fields: line before this one");
	al_log_free(log);
}

static void without_a_format_combined_and_common_are_detected(void **state)
{
	(void)state;
	struct file_rows rows;

	read_all("combined.log", NULL, &rows);
	assert_int_equal(rows.n, 6);
	assert_string_equal(rows.status[0], "200");
	assert_string_equal(rows.status[3], "400");
	read_all("common.log", NULL, &rows);
	assert_int_equal(rows.n, 2);
	assert_string_equal(rows.status[1], "304");
	assert_string_equal(rows.error[1], "");
}

static void a_file_in_no_known_format_gives_rows_that_say_so(void **state)
{
	(void)state;
	struct file_rows rows;

	read_all("not_a_log.log", NULL, &rows);
	assert_int_equal(rows.n, 2);
	/* It names the formats tried (every detected row of formats.def). */
	assert_non_null(strstr(rows.error[0], "no known format reads this line (tried nginx_json, "));
	assert_non_null(strstr(rows.error[0], ", json, traefik, "));
	assert_non_null(strstr(rows.error[0], ", combined, common, "));
	assert_non_null(strstr(rows.error[0], ", haproxy, "));
	assert_non_null(strstr(rows.error[0], "and W3C for '#' directives): give the format as the "
					      "second argument"));
}


/* ---- combined or common followed by more fields ---- */

static void centos_main_is_combined_with_the_forwarded_for_in_extra(void **state)
{
	(void)state;
	struct file_rows rows;

	/* RHEL's nginx.conf: log_format main '... "$http_user_agent"
	 * "$http_x_forwarded_for"'. */
	read_all("centos_main.log", NULL, &rows);
	assert_int_equal(rows.n, 4);
	for (int i = 0; i < rows.n; i++) {
		assert_string_equal(rows.error[i], "");
		assert_string_equal(rows.kind[i], "combined");
		assert_string_equal(rows.request_time[i], "NULL");
	}
	assert_string_equal(rows.extra[0], "[null]");
	assert_string_equal(rows.agent[1], "Mozilla/5.0 (X11; Linux x86_64)");
	assert_string_equal(rows.extra[1], "[\"203.0.113.9\"]");
	/* The user agent ends at its closing quote, escapes and all. */
	assert_string_equal(rows.agent[2], "Agent \"q\"");
	assert_string_equal(rows.extra[2], "[\"198.51.100.7, 10.0.0.1\"]");
	assert_string_equal(rows.extra[3], "[\"\\\"spoofed\\\"\"]");
}

static void a_request_time_after_combined_goes_to_extra_not_to_request_time(void **state)
{
	(void)state;
	struct file_rows rows;

	read_all("request_time.log", NULL, &rows);
	assert_int_equal(rows.n, 2);
	assert_string_equal(rows.error[0], "");
	assert_string_equal(rows.status[1], "504");
	assert_string_equal(rows.agent[0], "curl/8.5.0");
	/* Without a name, 0.154 might be $request_time or
	 * $upstream_response_time: it stays text in extra. */
	assert_string_equal(rows.extra[0], "[\"0.154\"]");
	assert_string_equal(rows.request_time[0], "NULL");
	assert_string_equal(rows.extra[1], "[\"60.001\"]");
}

static void trailing_fields_plain_or_quoted_and_garbage_is_an_error(void **state)
{
	(void)state;
	struct file_rows rows;

	read_all("two_trailing.log", NULL, &rows);
	assert_int_equal(rows.n, 7);
	assert_string_equal(rows.extra[0], "[\"0.031\",\"0.030\"]");
	assert_string_equal(rows.extra[1], "[\"0.000\",null]");
	assert_string_equal(rows.extra[2], "[\"10.1.1.1:8080\",\"0.012\"]");
	/* A line with no more fields in the same file: plain combined. */
	assert_string_equal(rows.error[3], "");
	assert_string_equal(rows.extra[3], "NULL");
	assert_string_equal(rows.agent[3], "curl/8.5.0");
	for (int i = 0; i < 4; i++)
		assert_string_equal(rows.error[i], "");
	assert_string_equal(rows.error[4],
			    "not space-separated fields after http_user_agent: 'junk\"here'");
	assert_string_equal(rows.error[5],
			    "not space-separated fields after http_user_agent: 'garbage'");
	assert_string_equal(rows.error[6],
			    "not space-separated fields after http_user_agent: '\"unterminated'");
}

static void common_followed_by_a_field_is_detected_too(void **state)
{
	(void)state;
	struct file_rows rows;

	read_all("common_extra.log", NULL, &rows);
	assert_int_equal(rows.n, 2);
	assert_string_equal(rows.error[0], "");
	assert_string_equal(rows.kind[0], "common");
	assert_string_equal(rows.extra[0], "[\"0.002\"]");
	assert_string_equal(rows.status[1], "304");
	assert_string_equal(rows.extra[1], "[\"0.001\"]");
}

static void detection_refuses_what_follows_the_agent_when_it_is_not_fields(void **state)
{
	(void)state;
	char err[AL_ERR_MAX];
	struct al_log *log = al_log_new(NULL, err, sizeof(err));
	struct al_row row;
	const char *garbage =
		"192.0.2.1 - - [25/Nov/2026:23:42:16 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\"x y";
	const char *raw_quote =
		"192.0.2.1 - - [25/Nov/2026:23:42:16 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" "
		"\"Mozilla \"x\" y\"";

	assert_non_null(log);
	/* First line: no format can be told. */
	assert_int_equal(al_log_parse(log, garbage, strlen(garbage), &row), 1);
	assert_non_null(strstr(row.error, "no known format reads this line (tried "));
	/* A raw quote in a user agent (nginx writes \x22, Apache \"): with
	 * detection it ends the agent, so the rest is not fields... */
	assert_int_equal(al_log_parse(log, raw_quote, strlen(raw_quote), &row), 1);
	al_log_free(log);
	/* ... and so it does with the format named combined, while the same
	 * format given as a log_format string reads the agent to the line's
	 * last quote. */
	struct parsed *p = parse_with("combined", raw_quote);
	assert_non_null(p->row.error);
	p = parse_with("$remote_addr - $remote_user [$time_local] \"$request\" $status "
		       "$body_bytes_sent \"$http_referer\" \"$http_user_agent\"", raw_quote);
	assert_null(p->row.error);
	assert_string_equal(col(p, AL_USER_AGENT), "Mozilla \"x\" y");
	assert_string_equal(col(p, AL_EXTRA), "NULL");
}

/* ---- bytes of a line ---- */

static void nul_and_invalid_utf8_are_found_where_they_are(void **state)
{
	(void)state;
	size_t at = 99;

	assert_int_equal(al_check_bytes("plain ascii text, long enough", 29, &at), 0);
	assert_int_equal(al_check_bytes("caf\xC3\xA9 \xF0\x9F\x98\x80", 10, &at), 0);
	assert_int_equal(al_check_bytes("0123456789\0abc", 14, &at), 1);
	assert_int_equal(at, 10);
	assert_int_equal(al_check_bytes("ab\xFF", 3, &at), 2);
	assert_int_equal(at, 2);
	/* Overlong "/" and a UTF-16 surrogate are not UTF-8. */
	assert_int_equal(al_check_bytes("x\xC0\xAF", 3, &at), 2);
	assert_int_equal(al_check_bytes("x\xED\xA0\x80", 4, &at), 2);
	/* A sequence cut by the end of the line. */
	assert_int_equal(al_check_bytes("x\xC3", 2, &at), 2);
}

static void clf_times_become_iso8601_with_the_offset(void **state)
{
	(void)state;
	char out[32];
	size_t n = al_time_clf_to_iso("[10/Oct/2000:13:55:36 -0700]", 28, out);
	assert_int_equal(n, 25);
	out[n] = '\0';
	assert_string_equal(out, "2000-10-10T13:55:36-07:00");
	assert_int_equal(al_time_clf_to_iso("10/Oct/2000 13:55:36", 20, out), 0);
}

/* ---- the reader ---- */

static char tmpdir[64];

static int make_tmpdir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_access_log.XXXXXX");
	return mkdtemp(tmpdir) == NULL;
}

static int remove_tmpdir(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) != 0;
}

static const char *write_tmp(const char *name, const char *data, size_t len)
{
	static char path[256];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

static void crlf_is_stripped_and_a_last_line_needs_no_newline(void **state)
{
	(void)state;
	char err[AL_ERR_MAX];
	const char *path = write_tmp("crlf.log", "one\r\n\r\ntwo", 10);
	struct al_reader *r = NULL;
	assert_int_equal(al_reader_open(&r, path, err, sizeof(err)), AL_OK);
	struct al_line line;

	assert_non_null(r);
	assert_int_equal(al_reader_next(r, &line, err, sizeof(err)), 1);
	assert_int_equal(line.len, 3);
	assert_memory_equal(line.text, "one", 3);
	assert_int_equal(al_reader_next(r, &line, err, sizeof(err)), 1);
	assert_int_equal(line.len, 0); /* a blank line is a line */
	assert_int_equal(al_reader_next(r, &line, err, sizeof(err)), 1);
	assert_int_equal(line.len, 3);
	assert_int_equal(line.lineno, 3);
	assert_int_equal(al_reader_next(r, &line, err, sizeof(err)), 0);
	al_reader_close(r);
}

static void a_line_over_the_limit_is_cut_and_the_next_line_is_whole(void **state)
{
	(void)state;
	char err[AL_ERR_MAX];
	size_t big = 3 * AL_LINE_MAX + 12345;
	char *data = malloc(big + 32);
	assert_non_null(data);
	memset(data, 'a', big);
	memcpy(data + big, "\nshort\n", 7);
	const char *path = write_tmp("long.log", data, big + 7);
	free(data);

	struct al_reader *r = NULL;
	assert_int_equal(al_reader_open(&r, path, err, sizeof(err)), AL_OK);
	struct al_line line;
	assert_non_null(r);
	assert_int_equal(al_reader_next(r, &line, err, sizeof(err)), 1);
	assert_true(line.too_long);
	assert_int_equal(line.len, AL_LINE_MAX);
	assert_int_equal(line.offset, 0);
	assert_int_equal(al_reader_next(r, &line, err, sizeof(err)), 1);
	assert_false(line.too_long);
	assert_int_equal(line.lineno, 2);
	assert_int_equal(line.offset, big + 1);
	assert_int_equal(line.len, 5);
	assert_memory_equal(line.text, "short", 5);
	assert_int_equal(al_reader_next(r, &line, err, sizeof(err)), 0);
	al_reader_close(r);
}

static void a_line_of_exactly_the_limit_is_whole(void **state)
{
	(void)state;
	char err[AL_ERR_MAX];
	char *data = malloc(AL_LINE_MAX + 1);
	assert_non_null(data);
	memset(data, 'b', AL_LINE_MAX);
	data[AL_LINE_MAX] = '\n';
	const char *path = write_tmp("limit.log", data, AL_LINE_MAX + 1);
	free(data);

	struct al_reader *r = NULL;
	assert_int_equal(al_reader_open(&r, path, err, sizeof(err)), AL_OK);
	struct al_line line;
	assert_non_null(r);
	assert_int_equal(al_reader_next(r, &line, err, sizeof(err)), 1);
	assert_false(line.too_long);
	assert_int_equal(line.len, AL_LINE_MAX);
	assert_int_equal(al_reader_next(r, &line, err, sizeof(err)), 0);
	al_reader_close(r);
}

static void gzip_is_read_by_its_magic_bytes(void **state)
{
	(void)state;
	char err[AL_ERR_MAX];
	struct al_reader *r = NULL;
	assert_int_equal(al_reader_open(&r, path_of("rotated.log.2.gz"), err, sizeof(err)), AL_OK);
	struct al_line line;

	assert_non_null(r);
	assert_int_equal(al_reader_next(r, &line, err, sizeof(err)), 1);
	assert_non_null(memmem(line.text, line.len, "/two-days ", 10));
	assert_int_equal(al_reader_next(r, &line, err, sizeof(err)), 1);
	assert_int_equal(al_reader_next(r, &line, err, sizeof(err)), 0);
	al_reader_close(r);
}

static void a_truncated_gzip_file_is_a_read_error_naming_it(void **state)
{
	(void)state;
	char err[AL_ERR_MAX];
	char cut[40];
	FILE *f = fopen(path_of("rotated.log.2.gz"), "rb");
	assert_non_null(f);
	size_t n = fread(cut, 1, sizeof(cut), f);
	assert_int_equal(fclose(f), 0);
	const char *path = write_tmp("cut.log.gz", cut, n);

	struct al_reader *r = NULL;
	assert_int_equal(al_reader_open(&r, path, err, sizeof(err)), AL_OK);
	struct al_line line;
	int rc = r ? 1 : AL_ERROR;
	while (rc == 1)
		rc = al_reader_next(r, &line, err, sizeof(err));
	assert_int_equal(rc, AL_ERROR);
	assert_non_null(strstr(err, "cut.log.gz"));
	al_reader_close(r);
}

static void missing_files_and_directories_are_errors_with_the_reason(void **state)
{
	(void)state;
	char err[AL_ERR_MAX];
	struct al_reader *r = NULL;

	assert_int_equal(al_reader_open(&r, "/nonexistent/access.log", err, sizeof(err)), AL_ERROR);
	assert_null(r);
	assert_string_equal(err, "cannot open '/nonexistent/access.log': No such file or directory");
	assert_int_equal(al_reader_open(&r, logs_dir, err, sizeof(err)), AL_ERROR);
	assert_null(r);
	assert_non_null(strstr(err, "Is a directory"));
}

static void globs_sort_numbers_by_value_and_an_empty_match_is_an_error(void **state)
{
	(void)state;
	char err[AL_ERR_MAX];
	char **paths;
	char pattern[4096];

	snprintf(pattern, sizeof(pattern), "%s/rotated.log*", logs_dir);
	int n = al_expand_paths(pattern, &paths, err, sizeof(err));
	assert_int_equal(n, 4);
	assert_non_null(strstr(paths[0], "/rotated.log"));
	assert_non_null(strstr(paths[1], "/rotated.log.1"));
	assert_non_null(strstr(paths[2], "/rotated.log.2.gz"));
	assert_non_null(strstr(paths[3], "/rotated.log.10.gz"));
	al_paths_free(paths, n);

	assert_int_equal(al_expand_paths("/nonexistent/*.log", &paths, err, sizeof(err)), AL_ERROR);
	assert_string_equal(err, "no file matches '/nonexistent/*.log'");
	/* Without glob characters a path is taken as it is. */
	assert_int_equal(al_expand_paths("/nonexistent/x.log", &paths, err, sizeof(err)), 1);
	assert_string_equal(paths[0], "/nonexistent/x.log");
	al_paths_free(paths, 1);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		logs_dir = argv[1];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(combined_line_fills_every_column),
		cmocka_unit_test(dash_is_null_for_user_bytes_referer_and_agent),
		cmocka_unit_test(nginx_hex_escapes_are_decoded),
		cmocka_unit_test(apache_backslash_escapes_are_decoded_and_do_not_end_a_field),
		cmocka_unit_test(decoded_bytes_that_are_not_utf8_come_back_as_a_blob),
		cmocka_unit_test(a_request_that_is_not_method_target_protocol_is_not_an_error),
		cmocka_unit_test(http09_request_has_no_protocol),
		cmocka_unit_test(common_format_has_no_referer_or_agent),
		cmocka_unit_test(a_truncated_line_is_an_error_naming_the_field),
		cmocka_unit_test(a_status_that_is_not_a_three_digit_number_is_an_error),
		cmocka_unit_test(an_impossible_time_is_an_error),
		cmocka_unit_test(trailing_text_after_the_last_field_is_an_error),
		cmocka_unit_test(nginx_log_format_maps_known_variables_and_keeps_the_rest_in_extra),
		cmocka_unit_test(nginx_time_iso8601_is_kept_with_its_offset),
		cmocka_unit_test(nginx_msec_is_a_utc_time_with_its_milliseconds),
		cmocka_unit_test(nginx_msec_agrees_with_gmtime_from_1970_to_9999),
		cmocka_unit_test(nginx_escape_json_is_understood),
		cmocka_unit_test(apache_logformat_maps_directives_like_nginx_names_them),
		cmocka_unit_test(apache_percent_T_is_seconds_and_query_joins_the_path),
		cmocka_unit_test(a_second_field_for_a_column_goes_to_extra),
		cmocka_unit_test(extra_is_valid_json_whatever_the_bytes),
		cmocka_unit_test(unknown_formats_are_refused_with_their_name),
		cmocka_unit_test(w3c_line_fills_columns_in_utc_with_the_query_in_the_path),
		cmocka_unit_test(w3c_a_long_fraction_of_a_second_is_cut_not_computed),
		cmocka_unit_test(w3c_plus_in_a_user_agent_is_a_space_and_double_plus_keeps_one),
		cmocka_unit_test(w3c_prefers_cs_host_to_s_sitename_for_vhost),
		cmocka_unit_test(w3c_fields_may_change_in_the_middle_of_a_file),
		cmocka_unit_test(w3c_data_before_any_fields_line_is_an_error),
		cmocka_unit_test(without_a_format_combined_and_common_are_detected),
		cmocka_unit_test(a_file_in_no_known_format_gives_rows_that_say_so),
		cmocka_unit_test(centos_main_is_combined_with_the_forwarded_for_in_extra),
		cmocka_unit_test(a_request_time_after_combined_goes_to_extra_not_to_request_time),
		cmocka_unit_test(trailing_fields_plain_or_quoted_and_garbage_is_an_error),
		cmocka_unit_test(common_followed_by_a_field_is_detected_too),
		cmocka_unit_test(detection_refuses_what_follows_the_agent_when_it_is_not_fields),
		cmocka_unit_test(nul_and_invalid_utf8_are_found_where_they_are),
		cmocka_unit_test(clf_times_become_iso8601_with_the_offset),
		cmocka_unit_test(crlf_is_stripped_and_a_last_line_needs_no_newline),
		cmocka_unit_test(a_line_over_the_limit_is_cut_and_the_next_line_is_whole),
		cmocka_unit_test(a_line_of_exactly_the_limit_is_whole),
		cmocka_unit_test(gzip_is_read_by_its_magic_bytes),
		cmocka_unit_test(a_truncated_gzip_file_is_a_read_error_naming_it),
		cmocka_unit_test(missing_files_and_directories_are_errors_with_the_reason),
		cmocka_unit_test(globs_sort_numbers_by_value_and_an_empty_match_is_an_error),
	};
	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
