/*
 * JSON-lines access logs (src/access_log/syntax_json.c) through the same
 * API as every log: detection, the keys of each server and platform, a
 * mapping given as the format, container records, and the error rows.
 *
 * The sample lines are written here from each one's documented fields.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "access_log.h"

struct parsed {
	struct al_log *log;
	struct al_row row;
	struct al_buf scratch;
	int rc;
	char text[4096];
};

static struct parsed P;

static int teardown(void **state)
{
	(void)state;
	al_log_free(P.log);
	P.log = NULL;
	al_buf_free(&P.scratch);
	return 0;
}

/* Read lines (one per argument, NULL-terminated) as one file, format spec
 * (NULL: detect); the row of the last is kept. */
static void read_lines(const char *spec, ...)
{
	char err[AL_ERR_MAX] = "";
	va_list ap;

	al_log_free(P.log);
	P.log = al_log_new(spec, err, sizeof(err));
	if (P.log == NULL)
		fail_msg("format did not compile: %s", err);
	al_log_start_file(P.log);
	va_start(ap, spec);
	for (const char *line; (line = va_arg(ap, const char *)) != NULL;) {
		memset(&P.row, 0, sizeof(P.row));
		P.rc = al_log_parse(P.log, line, strlen(line), &P.row);
		assert_true(P.rc == 0 || P.rc == 1);
	}
	va_end(ap);
}

static void read_line(const char *line)
{
	read_lines(NULL, line, NULL);
}

static const char *col(enum al_col c)
{
	const struct al_format *f = al_log_format(P.log);
	struct al_value v = { .type = AL_NULL };

	/* As the SQL layer does: an error row's columns are NULL. */
	if (f != NULL && P.row.error == NULL)
		assert_int_equal(al_value(f, &P.row, c, &P.scratch, &v), 0);
	switch (v.type) {
	case AL_NULL: return "NULL";
	case AL_INT: snprintf(P.text, sizeof(P.text), "%lld", (long long)v.i); break;
	case AL_REAL: snprintf(P.text, sizeof(P.text), "%g", v.r); break;
	case AL_TEXT: snprintf(P.text, sizeof(P.text), "%.*s", (int)v.n, v.s); break;
	case AL_BLOB: snprintf(P.text, sizeof(P.text), "BLOB:%.*s", (int)v.n, v.s); break;
	}
	return P.text;
}

static const char *error(void)
{
	return P.row.error ? P.row.error : "(none)";
}

/* All the columns but extra, in schema order, joined by '|'. */
static const char *columns(void)
{
	static char all[4096];
	size_t o = 0;

	if (P.row.error)
		fail_msg("error row: %s", P.row.error);
	for (int c = 0; c < AL_EXTRA; c++) {
		const char *v = col((enum al_col)c);
		o += (size_t)snprintf(all + o, sizeof(all) - o, "%s%s", c ? "|" : "", v);
	}
	return all;
}

/* remote_addr|remote_user|time|method|path|protocol|status|substatus|bytes|
 * referer|user_agent|request_time|vhost */

static void test_nginx_escape_json_with_string_values(void **state)
{
	(void)state;
	read_line("{\"time_local\":\"25/Nov/2026:23:42:16 +0100\",\"remote_addr\":\"203.0.113.9\","
		  "\"remote_user\":\"\",\"request\":\"GET /a?b=1 HTTP/1.1\",\"status\":\"404\","
		  "\"body_bytes_sent\":\"153\",\"request_time\":\"0.012\","
		  "\"http_referrer\":\"https://example.com/\","
		  "\"http_user_agent\":\"curl/7.88.1 \\\"quoted\\\" \\u001b\","
		  "\"upstream_addr\":\"127.0.0.1:8080\",\"upstream_response_time\":\"0.010\"}");
	assert_string_equal(columns(),
		"203.0.113.9|NULL|2026-11-25T23:42:16+01:00|GET|/a?b=1|HTTP/1.1|404|NULL|153|"
		"https://example.com/|curl/7.88.1 \"quoted\" \x1b|0.012|NULL");
	assert_string_equal(col(AL_EXTRA),
		"{\"upstream_addr\":\"127.0.0.1:8080\",\"upstream_response_time\":\"0.010\"}");
}

static void test_nginx_numbers_iso_time_and_split_request(void **state)
{
	(void)state;
	read_line("{\"time_iso8601\":\"2026-11-25T23:42:16+00:00\",\"remote_addr\":\"::1\","
		  "\"request_method\":\"POST\",\"request_uri\":\"/api?x=%22\","
		  "\"server_protocol\":\"HTTP/2.0\",\"status\":201,\"bytes_sent\":0,"
		  "\"request_time\":1.5,\"http_referer\":\"-\",\"host\":\"example.com\"}");
	assert_string_equal(columns(),
		"::1|NULL|2026-11-25T23:42:16+00:00|POST|/api?x=%22|HTTP/2.0|201|NULL|0|NULL|NULL|1.5|"
		"example.com");
	assert_string_equal(col(AL_EXTRA), "NULL");
}

static void test_nginx_msec_is_the_time(void **state)
{
	(void)state;
	read_line("{\"msec\":\"1764114136.123\",\"status\":\"200\"}");
	assert_string_equal(col(AL_TIME), "2025-11-25T23:42:16.123+00:00");
}

static const char CADDY[] =
	"{\"level\":\"info\",\"ts\":1764114136.5241024,\"logger\":\"http.log.access.log0\","
	"\"msg\":\"handled request\",\"request\":{\"remote_ip\":\"10.0.0.2\",\"remote_port\":\"41234\","
	"\"client_ip\":\"198.51.100.7\",\"proto\":\"HTTP/2.0\",\"method\":\"GET\","
	"\"host\":\"example.com\",\"uri\":\"/docs?q=1\",\"headers\":{\"User-Agent\":"
	"[\"Mozilla/5.0\"],\"Referer\":[\"https://example.com/\"],\"Accept\":[\"*/*\"]},"
	"\"tls\":{\"resumed\":false,\"version\":772}},\"bytes_read\":0,\"user_id\":\"\","
	"\"duration\":1.2e-05,\"size\":5431,\"status\":200,"
	"\"resp_headers\":{\"Server\":[\"Caddy\"],\"Content-Type\":[\"text/html\"]}}";

static void test_caddy(void **state)
{
	(void)state;
	read_line(CADDY);
	assert_string_equal(columns(),
		"198.51.100.7|NULL|2025-11-25T23:42:16.5241024+00:00|GET|/docs?q=1|HTTP/2.0|200|NULL|"
		"5431|https://example.com/|Mozilla/5.0|1.2e-05|example.com");
	/* The members no column came from, as written: resp_headers.Server
	 * is there for extra ->> '$.resp_headers.Server'. */
	assert_string_equal(col(AL_EXTRA),
		"{\"level\":\"info\",\"logger\":\"http.log.access.log0\",\"msg\":\"handled request\","
		"\"bytes_read\":0,\"resp_headers\":{\"Server\":[\"Caddy\"],\"Content-Type\":[\"text/html\"]}}");
}

static void test_caddy_without_client_ip_reads_remote_ip(void **state)
{
	(void)state;
	read_line("{\"ts\":1764114136,\"request\":{\"remote_ip\":\"10.0.0.2\",\"method\":\"HEAD\","
		  "\"uri\":\"/\",\"headers\":{}},\"status\":304,\"size\":0}");
	assert_string_equal(col(AL_REMOTE_ADDR), "10.0.0.2");
	assert_string_equal(col(AL_USER_AGENT), "NULL");
}

static void test_traefik(void **state)
{
	(void)state;
	read_line("{\"ClientAddr\":\"192.0.2.4:51234\",\"ClientHost\":\"192.0.2.4\",\"ClientUsername\":\"-\","
		  "\"DownstreamContentSize\":42,\"DownstreamStatus\":502,\"Duration\":2345678,"
		  "\"RequestHost\":\"app.example.com\",\"RequestMethod\":\"PUT\",\"RequestPath\":\"/v1/x?y=2\","
		  "\"RequestProtocol\":\"HTTP/1.1\",\"RouterName\":\"app@docker\","
		  "\"StartUTC\":\"2026-11-25T23:42:16.123456789Z\",\"request_User-Agent\":\"Go-http-client/1.1\","
		  "\"request_Referer\":\"\",\"level\":\"info\",\"msg\":\"\",\"time\":\"2026-11-26T00:42:16+01:00\"}");
	assert_string_equal(columns(),
		"192.0.2.4|NULL|2026-11-25T23:42:16.123456789+00:00|PUT|/v1/x?y=2|HTTP/1.1|502|NULL|42|"
		"NULL|Go-http-client/1.1|0.00234568|app.example.com");
	/* The log's own time, which StartUTC outranks, is other data. */
	assert_non_null(strstr(col(AL_EXTRA), "\"time\":\"2026-11-26T00:42:16+01:00\""));
	assert_non_null(strstr(col(AL_EXTRA), "\"RouterName\":\"app@docker\""));
}

static void test_google_cloud_http_request(void **state)
{
	(void)state;
	read_line("{\"httpRequest\":{\"requestMethod\":\"GET\",\"requestUrl\":"
		  "\"https://shop.example.com/cart?id=7\",\"status\":200,\"responseSize\":\"1024\","
		  "\"userAgent\":\"Mozilla/5.0\",\"remoteIp\":\"2001:db8::1\",\"referer\":"
		  "\"https://www.example.com/\",\"latency\":\"0.012345s\",\"protocol\":\"HTTP/1.1\"},"
		  "\"insertId\":\"abc\",\"logName\":\"projects/p/logs/requests\","
		  "\"timestamp\":\"2026-11-25T23:42:16.654321Z\",\"severity\":\"INFO\"}");
	assert_string_equal(columns(),
		"2001:db8::1|NULL|2026-11-25T23:42:16.654321+00:00|GET|/cart?id=7|HTTP/1.1|200|NULL|1024|"
		"https://www.example.com/|Mozilla/5.0|0.012345|shop.example.com");
	assert_string_equal(col(AL_EXTRA),
		"{\"insertId\":\"abc\",\"logName\":\"projects/p/logs/requests\",\"severity\":\"INFO\"}");
}

static void test_cloudflare_unix_nanoseconds_and_rfc3339(void **state)
{
	(void)state;
	read_line("{\"ClientIP\":\"198.51.100.1\",\"ClientRequestHost\":\"example.com\","
		  "\"ClientRequestMethod\":\"GET\",\"ClientRequestURI\":\"/img/a.png\","
		  "\"ClientRequestProtocol\":\"HTTP/2\",\"ClientRequestReferer\":\"\","
		  "\"ClientRequestUserAgent\":\"Mozilla/5.0\",\"EdgeResponseBytes\":2048,"
		  "\"EdgeResponseStatus\":403,\"EdgeStartTimestamp\":1764114136000000000,\"RayID\":\"8e1\"}");
	assert_string_equal(columns(),
		"198.51.100.1|NULL|2025-11-25T23:42:16+00:00|GET|/img/a.png|HTTP/2|403|NULL|2048|NULL|"
		"Mozilla/5.0|NULL|example.com");
	read_line("{\"ClientIP\":\"198.51.100.1\",\"EdgeResponseStatus\":200,"
		  "\"EdgeStartTimestamp\":\"2026-11-25T23:42:16Z\"}");
	assert_string_equal(col(AL_TIME), "2026-11-25T23:42:16+00:00");
}

static void test_azure_application_gateway(void **state)
{
	(void)state;
	read_line("{\"resourceId\":\"/SUBSCRIPTIONS/X/APPLICATIONGATEWAYS/GW\",\"operationName\":"
		  "\"ApplicationGatewayAccess\",\"time\":\"2026-11-25T23:42:16Z\",\"category\":"
		  "\"ApplicationGatewayAccessLog\",\"properties\":{\"instanceId\":\"appgw_1\","
		  "\"clientIP\":\"203.0.113.50\",\"clientPort\":50541,\"httpMethod\":\"GET\","
		  "\"requestUri\":\"/index.html\",\"userAgent\":\"Mozilla/5.0\",\"httpStatus\":200,"
		  "\"httpVersion\":\"HTTP/1.1\",\"receivedBytes\":120,\"sentBytes\":5678,"
		  "\"timeTaken\":0.004,\"sslEnabled\":\"on\",\"host\":\"www.contoso.com\"}}");
	assert_string_equal(columns(),
		"203.0.113.50|NULL|2026-11-25T23:42:16+00:00|GET|/index.html|HTTP/1.1|200|NULL|5678|NULL|"
		"Mozilla/5.0|0.004|www.contoso.com");
	assert_string_equal(col(AL_EXTRA),
		"{\"resourceId\":\"/SUBSCRIPTIONS/X/APPLICATIONGATEWAYS/GW\",\"operationName\":"
		"\"ApplicationGatewayAccess\",\"category\":\"ApplicationGatewayAccessLog\"}");
}

static void test_plain_names_of_hand_made_schemas(void **state)
{
	(void)state;
	read_line("{\"idsite\":1,\"ip\":\"192.0.2.8\",\"host\":\"example.org\",\"path\":\"/p?x=1\","
		  "\"status\":\"200\",\"referrer\":\"http://example.net/\",\"user_agent\":\"Mozilla/5.0\","
		  "\"length\":192,\"date\":\"2026-11-25T16:52:00+02:00\"}");
	assert_string_equal(columns(),
		"192.0.2.8|NULL|2026-11-25T16:52:00+02:00|NULL|/p?x=1|NULL|200|NULL|192|"
		"http://example.net/|Mozilla/5.0|NULL|example.org");
	assert_string_equal(col(AL_EXTRA), "{\"idsite\":1}");
}

static void test_keys_in_any_order_and_the_last_repeat_wins(void **state)
{
	(void)state;
	read_line("{\"status\":\"200\",\"remote_addr\":\"10.0.0.1\",\"status\":\"503\"}");
	assert_string_equal(col(AL_STATUS), "503");
	assert_string_equal(col(AL_REMOTE_ADDR), "10.0.0.1");
	assert_string_equal(col(AL_EXTRA), "NULL"); /* the repeat is not other data */
}

static void test_null_and_empty_values_are_null(void **state)
{
	(void)state;
	read_line("{\"remote_addr\":null,\"status\":200,\"body_bytes_sent\":\"-\","
		  "\"http_user_agent\":\"\"}");
	assert_string_equal(col(AL_REMOTE_ADDR), "NULL");
	assert_string_equal(col(AL_BYTES), "NULL");
	assert_string_equal(col(AL_USER_AGENT), "NULL");
	assert_string_equal(col(AL_STATUS), "200");
}

/* ---- a mapping as the format ---- */

static void test_a_mapping_names_the_keys(void **state)
{
	(void)state;
	read_lines("{\"status\": \"$.resp.code\", \"path\": \"$.req.url\", \"time\": \"$.ts\","
		   " \"request_time\": \"took\"}",
		   "{\"ts\":\"2026-11-25T23:42:16Z\",\"req\":{\"url\":\"/x\"},\"resp\":{\"code\":418},"
		   "\"took\":0.25,\"status\":200,\"app\":\"shop\"}", NULL);
	assert_string_equal(columns(),
		"NULL|NULL|2026-11-25T23:42:16+00:00|NULL|/x|NULL|418|NULL|NULL|NULL|NULL|0.25|NULL");
	/* "status" is no key of this mapping: the line's own goes to extra. */
	assert_string_equal(col(AL_EXTRA), "{\"status\":200,\"app\":\"shop\"}");
}

static void test_a_mapping_may_list_fallbacks_and_a_request_line(void **state)
{
	(void)state;
	static const char map[] =
		"{\"status\": [\"$.code\", \"$.http.status\"], \"request\": \"req\"}";
	read_lines(map, "{\"http\":{\"status\":\"301\"},\"req\":\"DELETE /a HTTP/1.0\"}", NULL);
	assert_string_equal(col(AL_STATUS), "301");
	assert_string_equal(col(AL_METHOD), "DELETE");
	assert_string_equal(col(AL_PATH), "/a");
	assert_string_equal(col(AL_PROTOCOL), "HTTP/1.0");
	read_lines(map, "{\"code\":200,\"http\":{\"status\":\"301\"}}", NULL);
	assert_string_equal(col(AL_STATUS), "200");
}

static void test_bad_mappings_are_refused_with_a_reason(void **state)
{
	(void)state;
	static const struct { const char *spec, *why; } bad[] = {
		{ "{\"stat\": \"$.code\"}", "JSON mapping: unknown column \"stat\"" },
		{ "{\"status\": \"$..code\"}", "JSON mapping: bad key path '$..code': an empty name" },
		{ "{\"status\": 5}", "JSON mapping: the value of \"status\" must be a key path" },
		{ "{\"status\": []}", "JSON mapping: \"status\" has no key path" },
		{ "{\"status\": \"[0]\"}", "JSON mapping: key path '[0]' must start with a key" },
		{ "{\"status\": \"a\"", "JSON mapping: truncated JSON object at offset 14" },
		{ "{}", "JSON mapping: no column is mapped" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char err[AL_ERR_MAX] = "";
		struct al_log *log = al_log_new(bad[i].spec, err, sizeof(err));
		assert_null(log);
		if (strncmp(err, bad[i].why, strlen(bad[i].why)) != 0)
			fail_msg("%s: '%s', not '%s'", bad[i].spec, err, bad[i].why);
	}
}

/* ---- error rows ---- */

static void test_each_bad_line_is_an_error_row_with_its_reason(void **state)
{
	(void)state;
	static const struct { const char *line, *why; } bad[] = {
		{ "{\"status\":200,}", "invalid JSON at offset 14" },
		{ "{\"status\":200", "truncated JSON object at offset 13" },
		{ "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
		  "JSON nested too deep at offset 36" },
		{ "{\"status\":200,\"bytes\":1e999}", "JSON number out of range at offset 22" },
		{ "{\"status\":200,\"u\":\"\\u0000\"}", "\\u0000 in a JSON string at offset 19" },
		{ "{\"status\":200,\"u\":\"\\ud800\"}", "lone surrogate in a JSON string at offset 19" },
		{ "{\"status\":200} x", "text after the JSON object at offset 15" },
		{ "{\"level\":\"info\",\"msg\":\"started\"}",
		  "a JSON object with none of the known keys (nginx, Caddy, Traefik, Google Cloud, "
		  "Cloudflare, Azure): give a mapping as the format" },
		{ "{\"status\":\"OK\"}", "status is not a status code: OK" },
		{ "{\"status\":200,\"body_bytes_sent\":-1}", "body_bytes_sent is not a byte count: -1" },
		{ "{\"status\":200,\"request_time\":\"fast\"}", "request_time is not a duration: fast" },
		{ "{\"status\":200,\"time_local\":\"yesterday\"}", "time_local is not a time: yesterday" },
		{ "{\"status\":200,\"Duration\":\"2ms\"}", "Duration is not a duration: 2ms" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		read_line(bad[i].line);
		assert_int_equal(P.rc, 1);
		if (strcmp(error(), bad[i].why) != 0)
			fail_msg("%s: '%s', not '%s'", bad[i].line, error(), bad[i].why);
		for (int c = 0; c < AL_COL_COUNT; c++)
			assert_string_equal(col((enum al_col)c), "NULL");
	}
}

static void test_invalid_utf8_is_a_binary_error_row(void **state)
{
	(void)state;
	read_line("{\"status\":200,\"u\":\"\xc0\xaf\"}");
	assert_int_equal(P.rc, 1);
	assert_true(P.row.binary);
	assert_string_equal(error(), "invalid UTF-8 at offset 19");
}

static void test_a_top_level_array_is_not_detected_as_json(void **state)
{
	(void)state;
	read_line("[{\"status\":200}]");
	assert_int_equal(P.rc, 1);
	assert_non_null(strstr(error(), "no known format reads this line"));
	/* With the format named, the reason is JSON's own. */
	read_lines("json", "[{\"status\":200}]", NULL);
	assert_string_equal(error(), "not a JSON object at offset 0");
}

static void test_detection_goes_line_by_line(void **state)
{
	(void)state;
	read_lines(NULL, "{\"status\":201}",
		   "127.0.0.1 - - [25/Nov/2026:23:42:16 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"", NULL);
	assert_string_equal(col(AL_STATUS), "200");
	assert_string_equal(al_format_kind(al_log_format(P.log)), "combined");
	/* Named, JSON reads JSON lines only. */
	read_lines("json", "{\"status\":201}",
		   "127.0.0.1 - - [25/Nov/2026:23:42:16 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"", NULL);
	assert_string_equal(error(), "not a JSON object at offset 0");
}

static void test_each_schema_is_detected_by_a_key_of_its_own(void **state)
{
	(void)state;
	static const struct { const char *line, *kind; } lines[] = {
		{ "{\"remote_addr\":\"10.0.0.1\",\"status\":\"200\"}", "nginx_json" },
		{ CADDY, "caddy" },
		{ "{\"DownstreamStatus\":200,\"ClientHost\":\"10.0.0.1\"}", "traefik_json" },
		{ "{\"httpRequest\":{\"status\":200},\"timestamp\":\"2026-11-25T23:42:16Z\"}", "gcp" },
		{ "{\"EdgeResponseStatus\":200,\"ClientIP\":\"10.0.0.1\"}", "cloudflare" },
		{ "{\"properties\":{\"httpStatus\":200}}", "azure_appgw" },
		/* Only keys that several write, or hand-made names: all the keys. */
		{ "{\"status\":200,\"ip\":\"10.0.0.1\"}", "json" },
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		read_line(lines[i].line);
		assert_string_equal(error(), "(none)");
		assert_string_equal(al_format_kind(al_log_format(P.log)), lines[i].kind);
		assert_string_equal(col(AL_STATUS), "200");
	}
}

static void test_a_syslog_header_in_front_is_skipped(void **state)
{
	(void)state;
	read_line("<134>Nov 25 23:42:16 web caddy[812]: {\"ts\":1764114136,\"request\":{\"remote_ip\":"
		  "\"10.0.0.2\",\"method\":\"GET\",\"uri\":\"/\"},\"status\":200,\"level\":\"info\"}");
	assert_string_equal(al_format_kind(al_log_format(P.log)), "caddy");
	assert_string_equal(col(AL_STATUS), "200");
	assert_string_equal(col(AL_PATH), "/");
	assert_string_equal(col(AL_EXTRA), "{\"level\":\"info\"}");
}

/* RFC 5424 structured data may hold a '{': the object is where the
 * header ends, not at the first brace. */
static void test_a_brace_in_a_syslog_header_is_not_the_object(void **state)
{
	(void)state;
	read_line("<134>1 2026-11-25T23:42:16Z web caddy 812 - [meta note=\"{\"] {\"ts\":1764114136,"
		  "\"request\":{\"remote_ip\":\"10.0.0.2\",\"method\":\"GET\",\"uri\":\"/\"},"
		  "\"status\":200,\"level\":\"info\"}");
	assert_string_equal(error(), "(none)");
	assert_string_equal(al_format_kind(al_log_format(P.log)), "caddy");
	assert_string_equal(col(AL_STATUS), "200");
	assert_string_equal(col(AL_EXTRA), "{\"level\":\"info\"}");
}

/* A key is the same key however it is escaped: the last one counts, and
 * the one it won over is no other data. */
static void test_a_repeat_written_with_escapes_is_the_same_key(void **state)
{
	(void)state;
	read_line("{\"status\":200,\"st\\u0061tus\":503}");
	assert_string_equal(col(AL_STATUS), "503");
	assert_string_equal(col(AL_EXTRA), "NULL");
	read_line("{\"st\\u0061tus\":200,\"status\":503}");
	assert_string_equal(col(AL_STATUS), "503");
	assert_string_equal(col(AL_EXTRA), "NULL");
}

static void test_a_duration_beyond_a_double_is_an_error(void **state)
{
	(void)state;
	read_line("{\"status\":200,\"request_time\":\"1e999\"}");
	assert_string_equal(error(), "request_time is not a duration: 1e999");
	read_line("{\"status\":200,\"Duration\":\"2e400\"}");
	assert_string_equal(error(), "Duration is not a duration: 2e400");
}

/* ---- container records ---- */

static void test_docker_json_file_carries_a_combined_line(void **state)
{
	(void)state;
	read_line("{\"log\":\"192.0.2.1 - - [25/Nov/2026:23:42:16 +0000] \\\"GET /x HTTP/1.1\\\" 200 5 "
		  "\\\"-\\\" \\\"curl/8\\\"\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-25T23:42:16.1Z\"}");
	assert_string_equal(columns(),
		"192.0.2.1|NULL|2026-11-25T23:42:16+00:00|GET|/x|HTTP/1.1|200|NULL|5|NULL|curl/8|NULL|NULL");
	assert_string_equal(al_format_kind(al_log_format(P.log)), "combined");
}

static void test_docker_json_file_carries_a_json_line(void **state)
{
	(void)state;
	read_line("{\"log\":\"{\\\"status\\\":\\\"204\\\",\\\"remote_addr\\\":\\\"10.0.0.9\\\"}\\n\","
		  "\"stream\":\"stdout\",\"time\":\"2026-11-25T23:42:16Z\"}");
	assert_string_equal(col(AL_STATUS), "204");
	assert_string_equal(col(AL_REMOTE_ADDR), "10.0.0.9");
}

/* Docker adds attrs (--log-opt labels, env, tag): any number of them. */
static void test_docker_json_file_with_attrs(void **state)
{
	(void)state;
	read_line("{\"log\":\"{\\\"status\\\":\\\"204\\\"}\\n\",\"stream\":\"stdout\","
		  "\"attrs\":{\"tag\":\"web\",\"a\":\"1\",\"b\":\"2\",\"c\":\"3\",\"d\":\"4\"},"
		  "\"time\":\"2026-11-25T23:42:16Z\"}");
	assert_string_equal(error(), "(none)");
	assert_string_equal(col(AL_STATUS), "204");
	assert_string_equal(col(AL_TIME), "NULL"); /* the record's time is not the line's */
}

static void test_cri_lines(void **state)
{
	(void)state;
	read_line("2026-11-25T23:42:16.123456789Z stdout F {\"status\":500,\"remote_addr\":\"10.1.1.1\"}");
	assert_string_equal(col(AL_STATUS), "500");
	read_line("2026-11-25T23:42:16.123456789Z stderr F 192.0.2.1 - - [25/Nov/2026:23:42:16 +0000] "
		  "\"GET / HTTP/1.1\" 404 0 \"-\" \"-\"");
	assert_string_equal(col(AL_STATUS), "404");
	read_line("2026-11-25T23:42:16.123456789Z stdout P {\"status\":");
	assert_string_equal(error(), "a partial CRI line (P): its parts are not joined");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_nginx_escape_json_with_string_values, teardown),
		cmocka_unit_test_teardown(test_nginx_numbers_iso_time_and_split_request, teardown),
		cmocka_unit_test_teardown(test_nginx_msec_is_the_time, teardown),
		cmocka_unit_test_teardown(test_caddy, teardown),
		cmocka_unit_test_teardown(test_caddy_without_client_ip_reads_remote_ip, teardown),
		cmocka_unit_test_teardown(test_traefik, teardown),
		cmocka_unit_test_teardown(test_google_cloud_http_request, teardown),
		cmocka_unit_test_teardown(test_cloudflare_unix_nanoseconds_and_rfc3339, teardown),
		cmocka_unit_test_teardown(test_azure_application_gateway, teardown),
		cmocka_unit_test_teardown(test_plain_names_of_hand_made_schemas, teardown),
		cmocka_unit_test_teardown(test_keys_in_any_order_and_the_last_repeat_wins, teardown),
		cmocka_unit_test_teardown(test_null_and_empty_values_are_null, teardown),
		cmocka_unit_test_teardown(test_a_mapping_names_the_keys, teardown),
		cmocka_unit_test_teardown(test_a_mapping_may_list_fallbacks_and_a_request_line, teardown),
		cmocka_unit_test_teardown(test_bad_mappings_are_refused_with_a_reason, teardown),
		cmocka_unit_test_teardown(test_each_bad_line_is_an_error_row_with_its_reason, teardown),
		cmocka_unit_test_teardown(test_invalid_utf8_is_a_binary_error_row, teardown),
		cmocka_unit_test_teardown(test_a_top_level_array_is_not_detected_as_json, teardown),
		cmocka_unit_test_teardown(test_detection_goes_line_by_line, teardown),
		cmocka_unit_test_teardown(test_each_schema_is_detected_by_a_key_of_its_own, teardown),
		cmocka_unit_test_teardown(test_a_syslog_header_in_front_is_skipped, teardown),
		cmocka_unit_test_teardown(test_a_brace_in_a_syslog_header_is_not_the_object, teardown),
		cmocka_unit_test_teardown(test_a_repeat_written_with_escapes_is_the_same_key, teardown),
		cmocka_unit_test_teardown(test_a_duration_beyond_a_double_is_an_error, teardown),
		cmocka_unit_test_teardown(test_docker_json_file_carries_a_combined_line, teardown),
		cmocka_unit_test_teardown(test_docker_json_file_with_attrs, teardown),
		cmocka_unit_test_teardown(test_docker_json_file_carries_a_json_line, teardown),
		cmocka_unit_test_teardown(test_cri_lines, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
