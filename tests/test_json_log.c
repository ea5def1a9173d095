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
#include "syntax_json.h"

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
		"198.51.100.1|NULL|2025-11-25T23:42:16.000000000+00:00|GET|/img/a.png|HTTP/2|403|NULL|2048|NULL|"
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

static void test_keys_match_after_unescaping(void **state)
{
	(void)state;
	read_line("{\"st\\u0061tus\":200,\"x\\u0041\":1}");
	assert_string_equal(col(AL_STATUS), "200");
	assert_string_equal(col(AL_EXTRA), "{\"x\\u0041\":1}"); /* as written */
}

static void test_an_empty_key_is_other_data(void **state)
{
	(void)state;
	read_line("{\"\":1,\"status\":200}");
	assert_string_equal(col(AL_STATUS), "200");
	assert_string_equal(col(AL_EXTRA), "{\"\":1}");
}

/* null, an object or an array where a value is due: the key gives no
 * column, the next key of the column may, and it stays in extra. */
static void test_a_value_of_no_use_falls_back_to_the_next_key(void **state)
{
	(void)state;
	read_lines("json", "{\"remote_addr\":null,\"ip\":\"10.0.0.2\",\"status\":{\"code\":200},"
		   "\"DownstreamStatus\":201,\"host\":[\"a\"],\"request\":5}", NULL);
	assert_string_equal(col(AL_REMOTE_ADDR), "10.0.0.2");
	assert_string_equal(col(AL_STATUS), "201");
	assert_string_equal(col(AL_VHOST), "NULL");
	assert_string_equal(col(AL_METHOD), "NULL");
	assert_string_equal(col(AL_EXTRA),
		"{\"remote_addr\":null,\"status\":{\"code\":200},\"host\":[\"a\"],\"request\":5}");
}

/* nginx's $request: method, target and protocol; what is not such a line
 * gives what it can, and never a wrong column. */
static void test_request_lines_of_every_shape(void **state)
{
	(void)state;
	static const struct { const char *request, *want; } cases[] = {
		{ "GET /a HTTP/1.1", "GET|/a|HTTP/1.1" },
		{ "GET /a", "GET|/a|NULL" },           /* HTTP/0.9 */
		{ "GET /a b", "GET|/a b|NULL" },       /* no protocol: all is the target */
		{ "GET /a bogus1", "GET|/a bogus1|NULL" },
		{ "GET /a b HTTP/1.0", "GET|/a b|HTTP/1.0" },
		{ "GET  HTTP/1.1", "NULL|NULL|NULL" }, /* no target */
		{ " /a HTTP/1.1", "NULL|NULL|NULL" },  /* no method */
		{ "GET", "NULL|NULL|NULL" },
		{ "\\u0016\\u0003\\u0001", "NULL|NULL|NULL" }, /* TLS, as escape=json logs it */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char line[256], got[256];
		snprintf(line, sizeof(line), "{\"status\":400,\"request\":\"%s\"}", cases[i].request);
		read_line(line);
		assert_string_equal(error(), "(none)");
		snprintf(got, sizeof(got), "%s|", col(AL_METHOD));
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s|", col(AL_PATH));
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s", col(AL_PROTOCOL));
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("%s: %s, not %s", cases[i].request, got, cases[i].want);
		assert_string_equal(col(AL_EXTRA), "NULL"); /* request was read */
	}
}

/* Google Cloud's requestUrl: vhost and path as for any format's URL. */
static void test_request_urls_of_every_shape(void **state)
{
	(void)state;
	static const struct { const char *url, *want; } cases[] = {
		{ "https://shop.example.com/cart?id=7", "shop.example.com|/cart?id=7" },
		{ "https://shop.example.com:8443/cart", "shop.example.com|/cart" },
		{ "http://[2001:db8::1]:8080/x", "[2001:db8::1]|/x" },
		{ "http://[2001:db8::1]/x", "[2001:db8::1]|/x" },
		{ "http://192.0.2.1/x", "192.0.2.1|/x" },
		{ "https://example.com", "example.com|/" },
		{ "https://example.com?q=1", "example.com|?q=1" },
		{ "https://example.com#top", "example.com|#top" },
		{ "https:///x", "NULL|/x" },
		{ "/cart?id=7", "NULL|/cart?id=7" }, /* a path alone */
		{ "cart", "NULL|NULL" },
		{ "urn:isbn:1", "NULL|NULL" },
		{ "a:/b", "NULL|NULL" },
		{ "x:", "NULL|NULL" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char line[256], got[256];
		snprintf(line, sizeof(line), "{\"httpRequest\":{\"status\":200,\"requestUrl\":\"%s\"}}",
			 cases[i].url);
		read_line(line);
		snprintf(got, sizeof(got), "%s|", col(AL_VHOST));
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s", col(AL_PATH));
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("%s: %s, not %s", cases[i].url, got, cases[i].want);
	}
}

/* "status":"200" and "status":200 alike; anything else names the key. */
static void test_status_codes_and_what_is_not_one(void **state)
{
	(void)state;
	read_line("{\"status\":\"7\"}");
	assert_string_equal(col(AL_STATUS), "7");
	static const struct { const char *line, *why; } bad[] = {
		{ "{\"status\":true}", "status is not a status code: true" },
		{ "{\"status\":2000}", "status is not a status code: 2000" },
		{ "{\"status\":\"20x\"}", "status is not a status code: 20x" },
		{ "{\"status\":2e2}", "status is not a status code: 2e2" },
		{ "{\"status\":-1}", "status is not a status code: -1" },
		/* A long value is cut to 40 bytes in the message. */
		{ "{\"status\":\"0123456789012345678901234567890123456789XYZ\"}",
		  "status is not a status code: 0123456789012345678901234567890123456789" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		read_line(bad[i].line);
		assert_string_equal(error(), bad[i].why);
	}
}

static void test_byte_counts_and_what_is_not_one(void **state)
{
	(void)state;
	read_line("{\"status\":200,\"bytes\":123456789012345678}");
	assert_string_equal(col(AL_BYTES), "123456789012345678"); /* 18 digits */
	static const struct { const char *line, *why; } bad[] = {
		{ "{\"status\":200,\"bytes\":false}", "bytes is not a byte count: false" },
		{ "{\"status\":200,\"bytes\":1234567890123456789}",
		  "bytes is not a byte count: 1234567890123456789" },
		{ "{\"status\":200,\"bytes\":1.5}", "bytes is not a byte count: 1.5" },
		{ "{\"status\":200,\"size\":\"0123456789012345678901234567890123456789XYZ\"}",
		  "size is not a byte count: 0123456789012345678901234567890123456789" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		read_line(bad[i].line);
		assert_string_equal(error(), bad[i].why);
	}
}

/* request_time in seconds, written as JSON or Go writes numbers. */
static void test_durations_and_what_is_not_one(void **state)
{
	(void)state;
	static const struct { const char *value, *want; } good[] = {
		{ "\"1.5e3\"", "1500" },
		{ "\"1E-3\"", "0.001" },
		{ "\"1e+2\"", "100" },
		{ "\".5\"", "0.5" },
		{ "\"1e-20\"", "1e-20" },
		{ "\"0.000000000000000000001\"", "1e-21" },
		{ "\"123456789012345678901\"", "1.23457e+20" },
		{ "123456789012345678901.5", "1.23457e+20" },
		{ "\"0.1234567890123456789012\"", "0.123457" },
		{ "\"1e-2147483653\"", "0" }, /* the exponent kept from overflowing */
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char line[128];
		snprintf(line, sizeof(line), "{\"status\":200,\"request_time\":%s}", good[i].value);
		read_line(line);
		if (strcmp(col(AL_REQUEST_TIME), good[i].want) != 0)
			fail_msg("%s: %s, not %s", good[i].value, col(AL_REQUEST_TIME), good[i].want);
	}
	static const char *const bad[] = {
		"true", "\"1.5x\"", "\"1.5 \"", "\"1e\"", "\"1e+\"", "\"1e5x\"", "\"-1\"", "\"e5\"",
		"\".\"", "\"1e5-\"", "\"1e2147483653\"", "\"0123456789012345678901234567890123456789XYZ\"",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char line[128], why[128];
		snprintf(line, sizeof(line), "{\"status\":200,\"request_time\":%s}", bad[i]);
		read_line(line);
		const char *v = bad[i][0] == '"' ? bad[i] + 1 : bad[i];
		int n = bad[i][0] == '"' ? (int)strlen(v) - 1 : (int)strlen(v);
		snprintf(why, sizeof(why), "request_time is not a duration: %.*s", n > 40 ? 40 : n, v);
		if (strcmp(error(), why) != 0)
			fail_msg("%s: '%s', not '%s'", bad[i], error(), why);
	}
}

/* Google Cloud's latency: a Duration string ending in s, or seconds. */
static void test_google_cloud_latency(void **state)
{
	(void)state;
	read_line("{\"httpRequest\":{\"status\":200,\"latency\":\"1.5s\"}}");
	assert_string_equal(col(AL_REQUEST_TIME), "1.5");
	read_line("{\"httpRequest\":{\"status\":200,\"latency\":0.25}}");
	assert_string_equal(col(AL_REQUEST_TIME), "0.25");
	read_line("{\"httpRequest\":{\"status\":200,\"latency\":\"0.25\"}}");
	assert_string_equal(error(), "httpRequest.latency is not a duration: 0.25");
	read_line("{\"httpRequest\":{\"status\":200,\"latency\":\"s\"}}");
	assert_string_equal(error(), "httpRequest.latency is not a duration: s");
	read_line("{\"httpRequest\":{\"status\":200,\"latency\":false}}");
	assert_string_equal(error(), "httpRequest.latency is not a duration: false");
}

/* Cloudflare's EdgeStartTimestamp by its digits: s, ms, us or ns, the
 * digits past the second its fraction; or RFC 3339; or seconds with a
 * fraction. */
static void test_unix_times_by_their_digits(void **state)
{
	(void)state;
	static const struct { const char *ts, *want; } cases[] = {
		{ "1764114136", "2025-11-25T23:42:16+00:00" },
		{ "1764114136123", "2025-11-25T23:42:16.123+00:00" },
		{ "1764114136123456", "2025-11-25T23:42:16.123456+00:00" },
		{ "1764114136123456789", "2025-11-25T23:42:16.123456789+00:00" },
		{ "\"1764114136123\"", "2025-11-25T23:42:16.123+00:00" },
		{ "1764114136.5", "2025-11-25T23:42:16.5+00:00" },
		{ "\"2026-11-25T23:42:16Z\"", "2026-11-25T23:42:16+00:00" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char line[128];
		snprintf(line, sizeof(line), "{\"EdgeResponseStatus\":200,\"EdgeStartTimestamp\":%s}",
			 cases[i].ts);
		read_line(line);
		if (strcmp(col(AL_TIME), cases[i].want) != 0)
			fail_msg("%s: %s (%s), not %s", cases[i].ts, col(AL_TIME), error(), cases[i].want);
	}
}

static void test_what_is_not_a_time_names_its_key(void **state)
{
	(void)state;
	static const struct { const char *line, *why; } bad[] = {
		{ "{\"status\":200,\"ts\":true}", "ts is not a time: true" },
		/* CLF's length, not its shape. */
		{ "{\"status\":200,\"time_local\":\"25-Nov-2026:23:42:16 +0000\"}",
		  "time_local is not a time: 25-Nov-2026:23:42:16 +0000" },
		{ "{\"status\":200,\"EdgeStartTimestamp\":\"soon\"}", "EdgeStartTimestamp is not a time: soon" },
		{ "{\"status\":200,\"date\":\"0123456789012345678901234567890123456789XYZ\"}",
		  "date is not a time: 0123456789012345678901234567890123456789" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		read_line(bad[i].line);
		assert_string_equal(error(), bad[i].why);
	}
}

/* extra is built in a buffer reused from row to row: it grows. */
static void test_extra_of_a_long_line(void **state)
{
	(void)state;
	static char line[20000], want[20000];
	read_line("{\"status\":200,\"a\":1}");
	assert_string_equal(col(AL_EXTRA), "{\"a\":1}");
	size_t o = (size_t)snprintf(line, sizeof(line), "{\"status\":200,\"big\":\"");
	memset(line + o, 'x', 15000);
	o += 15000;
	snprintf(line + o, sizeof(line) - o, "\"}");
	snprintf(want, sizeof(want), "{%s", strchr(line, ',') + 1);
	read_line(line);
	struct al_value v;
	assert_int_equal(al_value(al_log_format(P.log), &P.row, AL_EXTRA, &P.scratch, &v), 0);
	assert_int_equal(v.type, AL_TEXT);
	assert_int_equal(v.n, strlen(want));
	assert_memory_equal(v.s, want, v.n);
}

static void test_a_mapping_with_escapes_and_a_line_without_its_keys(void **state)
{
	(void)state;
	read_lines("{\"status\": \"$.st\\u0061t\", \"user_agent\": \"ua\"}",
		   "{\"stat\":201,\"ua\":\"curl \\u00e9\"}", NULL);
	assert_string_equal(col(AL_STATUS), "201");
	assert_string_equal(col(AL_USER_AGENT), "curl \xc3\xa9");
	read_lines("{\"status\": \"$.code\"}", "{\"status\":200}", NULL);
	assert_string_equal(error(), "a JSON object with none of the mapping's keys");
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
		{ "{\"request\": \"[0]\"}", "JSON mapping: key path '[0]' must start with a key" },
		{ "{\"request\": \"a..b\"}", "JSON mapping: bad key path 'a..b': an empty name" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char err[AL_ERR_MAX] = "";
		struct al_log *log = al_log_new(bad[i].spec, err, sizeof(err));
		assert_null(log);
		if (strncmp(err, bad[i].why, strlen(bad[i].why)) != 0)
			fail_msg("%s: '%s', not '%s'", bad[i].spec, err, bad[i].why);
	}
}


/* At most 96 key paths; "request" takes three (method, path, protocol). */
static void test_a_mapping_has_at_most_96_key_paths(void **state)
{
	(void)state;
	char spec[2048], err[AL_ERR_MAX] = "";
	struct al_log *log;

	for (int paths = 96; paths <= 97; paths++) {
		size_t o = (size_t)snprintf(spec, sizeof(spec), "{\"status\": [");
		for (int i = 0; i < paths; i++)
			o += (size_t)snprintf(spec + o, sizeof(spec) - o, "%s\"k%d\"", i ? "," : "", i);
		snprintf(spec + o, sizeof(spec) - o, "]}");
		log = al_log_new(spec, err, sizeof(err));
		if (paths == 96) {
			assert_non_null(log);
			al_log_free(log);
		} else {
			assert_null(log);
			assert_string_equal(err, "JSON mapping: more than 96 key paths");
		}
	}
	size_t o = (size_t)snprintf(spec, sizeof(spec), "{\"request\": [");
	for (int i = 0; i < 33; i++)
		o += (size_t)snprintf(spec + o, sizeof(spec) - o, "%s\"r%d\"", i ? "," : "", i);
	snprintf(spec + o, sizeof(spec) - o, "]}");
	assert_null(al_log_new(spec, err, sizeof(err)));
	assert_string_equal(err, "JSON mapping: more than 96 key paths");
}

/* A row of formats.def names a schema the table has keys of. */
static void test_a_schema_without_keys_is_refused(void **state)
{
	(void)state;
	struct al_format *f = (struct al_format *)1;
	char err[AL_ERR_MAX] = "";

	assert_int_equal(al_json_compile("apache", &f, err, sizeof(err)), AL_ERROR);
	assert_null(f);
	assert_string_equal(err, "no JSON keys are known for 'apache'");
	assert_int_equal(al_json_compile("caddy", &f, err, sizeof(err)), AL_OK);
	assert_string_equal(al_format_kind(f), "json");
	al_format_free(f);
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

/* What is and is not a container's record, and the line it carries. */
static void test_container_wrappers(void **state)
{
	(void)state;
	static const struct { const char *line; int rc; const char *inner; } cases[] = {
		{ "2026-11-25T23:42:16.1Z stdout F GET /", 1, "GET /" },
		{ "2026-11-25T23:42:16.1Z stderr F x", 1, "x" },
		{ "2026-11-25T23:42:16.1Z stdout F", 1, "" },
		{ "2026-11-25T23:42:16.1Z stdout P {", 2, NULL },
		{ "2026-11-25T23:42:16.1Z stdout X x", 0, NULL },
		{ "2026-11-25T23:42:16.1Z stdout Fx", 0, NULL },
		{ "2026-11-25T23:42:16.1Z stdout ", 0, NULL },
		{ "2026-11-25T23:42:16.1Z stdin F x", 0, NULL },
		{ "2026-11-25T23:42:16.1Z std", 0, NULL },
		{ "2026-11-25T23:42:16.123456789Z", 0, NULL },  /* no space */
		{ "2026-11-25 23:42:16 GET / 200 x", 0, NULL }, /* IIS, not CRI */
		{ "2026/11/25T23:42:16 stdout F x", 0, NULL },
		{ "{\"log\":\"a\\r\\n\",\"stream\":\"stdout\"}", 1, "a" },
		{ "{\"log\":\"\\n\",\"stream\":\"stderr\"}", 1, "" },
		{ "{\"log\":\"b\",\"time\":\"t\",\"stream\":\"stdout\"}", 1, "b" },
		{ "{\"log\":\"a\",\"time\":\"t\"}", 0, NULL },        /* no stream */
		{ "{\"log\":\"a\",\"stream\":\"stdout\"", 0, NULL }, /* not JSON */
		{ "{\"time\":\"t\",\"log\":\"a\",\"stream\":\"stdout\"}", 0, NULL }, /* not Docker's order */
		{ "{}", 0, NULL },
	};
	char *buf = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *inner = NULL;
		size_t n = 0;
		int rc = al_unwrap_container(cases[i].line, strlen(cases[i].line), &buf, &cap, &inner, &n);
		if (rc != cases[i].rc)
			fail_msg("%s: %d, not %d", cases[i].line, rc, cases[i].rc);
		if (cases[i].inner && (n != strlen(cases[i].inner) ||
				       memcmp(inner, cases[i].inner, n) != 0))
			fail_msg("%s: '%.*s', not '%s'", cases[i].line, (int)n, inner, cases[i].inner);
	}
	free(buf);
}

static void test_an_empty_line_in_a_container_is_an_error_row(void **state)
{
	(void)state;
	read_line("2026-11-25T23:42:16.123456789Z stdout F");
	assert_string_equal(error(), "empty line inside a container record");
	read_line("{\"log\":\"\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-25T23:42:16Z\"}");
	assert_string_equal(error(), "empty line inside a container record");
}

/* The buffer of a Docker record's line is kept from line to line. */
static void test_docker_lines_one_after_another(void **state)
{
	(void)state;
	read_lines(NULL,
		   "{\"log\":\"{\\\"status\\\":\\\"201\\\",\\\"remote_addr\\\":\\\"10.0.0.1\\\"}\\n\",\"stream\":\"stdout\"}",
		   "{\"log\":\"{\\\"status\\\":\\\"202\\\"}\\n\",\"stream\":\"stdout\"}", NULL);
	assert_string_equal(col(AL_STATUS), "202");
	assert_string_equal(col(AL_REMOTE_ADDR), "NULL");
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
		cmocka_unit_test_teardown(test_keys_match_after_unescaping, teardown),
		cmocka_unit_test_teardown(test_an_empty_key_is_other_data, teardown),
		cmocka_unit_test_teardown(test_a_value_of_no_use_falls_back_to_the_next_key, teardown),
		cmocka_unit_test_teardown(test_request_lines_of_every_shape, teardown),
		cmocka_unit_test_teardown(test_request_urls_of_every_shape, teardown),
		cmocka_unit_test_teardown(test_status_codes_and_what_is_not_one, teardown),
		cmocka_unit_test_teardown(test_byte_counts_and_what_is_not_one, teardown),
		cmocka_unit_test_teardown(test_durations_and_what_is_not_one, teardown),
		cmocka_unit_test_teardown(test_google_cloud_latency, teardown),
		cmocka_unit_test_teardown(test_unix_times_by_their_digits, teardown),
		cmocka_unit_test_teardown(test_what_is_not_a_time_names_its_key, teardown),
		cmocka_unit_test_teardown(test_extra_of_a_long_line, teardown),
		cmocka_unit_test_teardown(test_a_mapping_with_escapes_and_a_line_without_its_keys, teardown),
		cmocka_unit_test_teardown(test_a_mapping_names_the_keys, teardown),
		cmocka_unit_test_teardown(test_a_mapping_may_list_fallbacks_and_a_request_line, teardown),
		cmocka_unit_test_teardown(test_bad_mappings_are_refused_with_a_reason, teardown),
		cmocka_unit_test_teardown(test_a_mapping_has_at_most_96_key_paths, teardown),
		cmocka_unit_test_teardown(test_a_schema_without_keys_is_refused, teardown),
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
		cmocka_unit_test_teardown(test_container_wrappers, teardown),
		cmocka_unit_test_teardown(test_an_empty_line_in_a_container_is_an_error_row, teardown),
		cmocka_unit_test_teardown(test_docker_lines_one_after_another, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
