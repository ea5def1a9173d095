/*
 * How a format string compiles and how a line splits into its fields
 * (src/access_log/format.c, parse.c and the syntaxes), through the reader's
 * own API: each malformed line gets the error that names what is wrong,
 * each boundary its documented answer.
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
#include "formats.h"

struct parsed {
	struct al_format *f;
	struct al_row row;
	struct al_buf scratch;
	char text[8192];
};

static struct parsed P;

static int teardown(void **state)
{
	(void)state;
	al_format_free(P.f);
	P.f = NULL;
	al_buf_free(&P.scratch);
	return 0;
}

/* Parse a line with a format; returns the row's error, or NULL. */
static const char *parse(const char *spec, const char *line)
{
	char err[AL_ERR_MAX] = "";

	al_format_free(P.f);
	memset(&P.row, 0, sizeof(P.row));
	P.f = al_format_compile(spec, err, sizeof(err));
	if (P.f == NULL)
		fail_msg("format did not compile: %s", err);
	int rc = al_parse_line(P.f, line, strlen(line), &P.row);
	assert_int_equal(rc, P.row.error ? 1 : 0);
	return P.row.error;
}

/* A column of the last line as text: "NULL" or its value. */
static const char *col(enum al_col c)
{
	struct al_value v;

	assert_int_equal(al_value(P.f, &P.row, c, &P.scratch, &v), AL_OK);
	switch (v.type) {
	case AL_NULL: return "NULL";
	case AL_INT: snprintf(P.text, sizeof(P.text), "%lld", (long long)v.i); break;
	case AL_REAL: snprintf(P.text, sizeof(P.text), "%g", v.r); break;
	case AL_TEXT:
	case AL_BLOB: snprintf(P.text, sizeof(P.text), "%.*s", (int)v.n, v.s); break;
	}
	return P.text;
}

/* The error of a format that does not compile. */
static const char *compile_error_of(const char *spec)
{
	static char err[AL_ERR_MAX];
	struct al_format *f = al_format_compile(spec, err, sizeof(err));

	if (f != NULL) {
		al_format_free(f);
		fail_msg("format compiled: %s", spec);
	}
	return err;
}

/* ---- Format strings -------------------------------------------------- */

/* The request line has its query: a %q beside it goes to extra, whichever
 * comes first, and is not lost; nor is one without a path. */
static void apache_q_beside_a_request_line_goes_to_extra(void **state)
{
	(void)state;
	assert_null(parse("%h \"%r\" %q", "192.0.2.1 \"GET /a?x=1 HTTP/1.1\" ?x=1"));
	assert_string_equal(col(AL_PATH), "/a?x=1");
	assert_string_equal(col(AL_EXTRA), "{\"query_string\":\"?x=1\"}");

	assert_null(parse("%h %q \"%r\"", "192.0.2.1 ?x=1 \"GET /a?x=1 HTTP/1.1\""));
	assert_string_equal(col(AL_PATH), "/a?x=1");
	assert_string_equal(col(AL_EXTRA), "{\"query_string\":\"?x=1\"}");
	/* Without a path, %q is kept in extra too. */
	assert_null(parse("%h %q", "192.0.2.1 ?x=1"));
	assert_string_equal(col(AL_PATH), "NULL");
	assert_string_equal(col(AL_EXTRA), "{\"query_string\":\"?x=1\"}");
	/* Beside a path of its own, %q still joins it. */
	assert_null(parse("%h %U %q", "192.0.2.1 /a ?x=1"));
	assert_string_equal(col(AL_PATH), "/a?x=1");
	assert_string_equal(col(AL_EXTRA), "NULL");
}

/* A name given twice is one key in extra, with the later field's value. */
static void a_name_given_twice_is_one_key_with_the_later_value(void **state)
{
	(void)state;
	assert_null(parse("%h %{X-Cache}o %{X-Cache}o", "192.0.2.1 HIT MISS"));
	assert_string_equal(col(AL_EXTRA), "{\"sent_http_x_cache\":\"MISS\"}");
	assert_null(parse("$remote_addr $sent_http_x_cache \"$sent_http_x_cache\" $pid",
			  "192.0.2.1 HIT \"MISS\" 42"));
	assert_string_equal(col(AL_EXTRA), "{\"sent_http_x_cache\":\"MISS\",\"pid\":\"42\"}");
	/* %q twice beside a request line: both are query_string. */
	assert_null(parse("%h \"%r\" %q %q", "192.0.2.1 \"GET /a?x=1 HTTP/1.1\" ?x=1 ?y=2"));
	assert_string_equal(col(AL_EXTRA), "{\"query_string\":\"?y=2\"}");
}

/* "%%" is a literal percent sign, however many there are. */
static void apache_percent_signs_are_literals_however_many(void **state)
{
	(void)state;
	char spec[512] = "%h ", line[512] = "192.0.2.1 ";
	for (int i = 0; i < 200; i++) {
		strcat(spec, "%%");
		strcat(line, "%");
	}
	strcat(spec, " %>s");
	strcat(line, " 200");
	assert_null(parse(spec, line));
	assert_string_equal(col(AL_STATUS), "200");
	assert_non_null(parse(spec, "192.0.2.1 %% 200"));
}

/* nginx's escape= parameter: the three it has, anything else named. */
static void an_unknown_nginx_parameter_is_named(void **state)
{
	(void)state;
	assert_string_equal(compile_error_of("escape=defaulx $status"),
			    "unknown nginx parameter 'escape=defaulx'");
	assert_string_equal(compile_error_of("escape=nonx $status"),
			    "unknown nginx parameter 'escape=nonx'");
	assert_string_equal(compile_error_of("escape=$status"),
			    "unknown nginx parameter 'escape=$status'");
	assert_null(parse("escape=none $status \"$http_referer\"", "200 \"a\\x22\""));
	assert_string_equal(col(AL_REFERER), "a\\x22");
	assert_null(parse("escape=default $status \"$http_referer\"", "200 \"a\\x22\""));
	assert_string_equal(col(AL_REFERER), "a\"");
}

/* ---- Numbers ---------------------------------------------------------- */

static void status_and_bytes_are_unsigned_decimals_of_at_most_18_digits(void **state)
{
	(void)state;
	assert_null(parse("$status $body_bytes_sent", "200 123456789012345678"));
	assert_string_equal(col(AL_BYTES), "123456789012345678");
	assert_string_equal(parse("$status $body_bytes_sent", "200 1234567890123456789"),
			    "body_bytes_sent is not a number: '1234567890123456789'");
	assert_string_equal(parse("$status $body_bytes_sent", " 5"),
			    "status is not a number: ''");
	/* "-1" is HAProxy's "no response"; no other negative is a status. */
	assert_null(parse("$status $body_bytes_sent", "-1 0"));
	assert_string_equal(col(AL_STATUS), "0");
	assert_string_equal(parse("$status $body_bytes_sent", "-5 0"),
			    "status is not a number: '-5'");
}

static void a_message_quotes_at_most_40_bytes_of_the_text(void **state)
{
	(void)state;
	assert_string_equal(parse("$status", "20000000000000000000000000000000000000000000000000000"),
			    "status is not a number: '2000000000000000000000000000000000000000'");
	assert_string_equal(parse("$status <!-- a separator longer than forty bytes, cut --> $pid",
				  "200 <!-- a separator"),
			    "expected ' <!-- a separator longer than forty byte' after status");
}

static void request_times_are_plain_decimals(void **state)
{
	(void)state;
	assert_null(parse("$status $request_time", "200 0.250"));
	assert_string_equal(col(AL_REQUEST_TIME), "0.25");
	assert_null(parse("$status $request_time", "200 12"));
	assert_string_equal(col(AL_REQUEST_TIME), "12");
	assert_null(parse("$status $request_time", "200 -"));
	assert_string_equal(col(AL_REQUEST_TIME), "NULL");
	assert_string_equal(parse("$status $request_time", "200 1.5e3"),
			    "request_time is not a number: '1.5e3'");
	assert_string_equal(parse("$status $request_time", "200 0.1-"),
			    "request_time is not a number: '0.1-'");
	assert_string_equal(parse("$status $request_time", "200 ."),
			    "request_time is not a number: '.'");
}

/* ELB: three timings add up; "-1" in any (no backend) makes it NULL. */
static const char *elb_line(char *out, size_t cap, const char *timing)
{
	snprintf(out, cap,
		 "2026-11-25T23:42:16.945958Z my-loadbalancer 192.0.2.20:2817 10.0.0.1:80 "
		 "0.25 %s 0.5 200 200 0 29 \"GET http://www.example.com:80/ HTTP/1.1\" "
		 "\"curl/7.38.0\" - -", timing);
	return out;
}

static void load_balancer_timings_add_up_and_minus_one_is_null(void **state)
{
	(void)state;
	char line[512];
	assert_null(parse("elb", elb_line(line, sizeof(line), "0.125")));
	assert_string_equal(col(AL_REQUEST_TIME), "0.875");
	assert_null(parse("elb", elb_line(line, sizeof(line), "-1")));
	assert_string_equal(col(AL_REQUEST_TIME), "NULL");
	assert_null(parse("elb", elb_line(line, sizeof(line), "-")));
	assert_string_equal(col(AL_REQUEST_TIME), "NULL");
	assert_string_equal(parse("elb", elb_line(line, sizeof(line), "-2")),
			    "backend_processing_time is not a number: '-2'");
}

/* ---- Times ------------------------------------------------------------ */

static void each_kind_of_time_names_its_field_when_it_is_not_one(void **state)
{
	(void)state;
	assert_string_equal(parse("$status $time_iso8601", "200 yesterday"),
			    "time_iso8601 is not a time: 'yesterday'");
	assert_string_equal(parse("$status $msec", "200 soon"), "msec is not a time: 'soon'");
	assert_string_equal(parse("haproxy",
				  "192.0.2.22:39540 [25/Nov/2026:25:42:16.584] public~ webservers/web1 "
				  "0/0/1/12/13 200 1024 - - ---- 3/3/0/0/0 0/0 \"GET / HTTP/1.1\""),
			    "accept_date is not a time: '25/Nov/2026:25:42:16.584'");
}

static void w3c_date_and_time_name_their_field_when_they_are_not_one(void **state)
{
	(void)state;
	char err[AL_ERR_MAX];
	static const char fields[] = "date time c-ip sc-status";

	al_format_free(P.f);
	P.f = al_format_w3c(fields, strlen(fields), err, sizeof(err));
	assert_non_null(P.f);
	const char *line = "2026-13-45 23:42:16 192.0.2.1 200";
	assert_int_equal(al_parse_line(P.f, line, strlen(line), &P.row), 1);
	assert_string_equal(P.row.error, "date is not a date: '2026-13-45'");
	line = "2026-11-25 23:99:16 192.0.2.1 200";
	assert_int_equal(al_parse_line(P.f, line, strlen(line), &P.row), 1);
	assert_string_equal(P.row.error, "time is not a time: '23:99:16'");
	line = "2026-11-25 23:42:16 192.0.2.1 200";
	assert_int_equal(al_parse_line(P.f, line, strlen(line), &P.row), 0);
	assert_string_equal(col(AL_TIME), "2026-11-25T23:42:16+00:00");
}

/* Apache's %t is "[...]" with a space inside: it ends at its ']'. */
static void apache_t_ends_at_its_bracket_and_the_separator_after_it(void **state)
{
	(void)state;
	const char *spec = "%h %t %>s";
	assert_null(parse(spec, "192.0.2.1 [25/Nov/2026:23:42:16 +0000] 200"));
	assert_string_equal(col(AL_TIME), "2026-11-25T23:42:16+00:00");
	assert_string_equal(parse(spec, "192.0.2.1 [25/Nov/2026:23:42:16 +0000 200"),
			    "expected ' ' after time_local");
	assert_string_equal(parse(spec, "192.0.2.1 [25/Nov/2026:23:42:16 +0000]"),
			    "expected ' ' after time_local");
	assert_string_equal(parse(spec, "192.0.2.1 [25/Nov/2026:23:42:16 +0000]200"),
			    "expected ' ' after time_local");
	assert_string_equal(parse(spec, "192.0.2.1 "), "expected ' ' after time_local");
}

/* Last in the format, %t runs to the end of the line: brackets go only
 * when both are there. */
static void apache_t_last_needs_both_brackets(void **state)
{
	(void)state;
	assert_null(parse("%h %t", "192.0.2.1 [25/Nov/2026:23:42:16 +0000]"));
	assert_string_equal(col(AL_TIME), "2026-11-25T23:42:16+00:00");
	assert_string_equal(parse("%h %t", "192.0.2.1 [25/Nov/2026:23:42:16 +00000"),
			    "time_local is not a time: '[25/Nov/2026:23:42:16 +00000'");
	assert_string_equal(parse("%h %t", "192.0.2.1 x25/Nov/2026:23:42:16 +0000]"),
			    "time_local is not a time: 'x25/Nov/2026:23:42:16 +0000]'");
}

/* ---- Literals between fields ---------------------------------------- */

static void a_line_that_stops_before_the_closing_literal_says_so(void **state)
{
	(void)state;
	assert_string_equal(parse("$remote_addr \"$http_user_agent\"", "192.0.2.1 \""),
			    "line does not end with '\"' after http_user_agent");
	assert_string_equal(parse("HTTP: $status", "HT"), "line does not start with 'HTTP: '");
	assert_string_equal(parse("HTTP: $status", "HTTP- 200"),
			    "line does not start with 'HTTP: '");
}

static void an_empty_line_is_an_error_in_every_syntax(void **state)
{
	(void)state;
	assert_string_equal(parse("combined", ""), "empty line");
	assert_string_equal(parse("elb", ""), "empty line");
}

/* An address outside quotes holds no space and starts with no markup. */
static void an_address_is_one_word_without_markup(void **state)
{
	(void)state;
	assert_string_equal(parse("$remote_addr $status", "'192.0.2.1' 200"),
			    "remote_addr is not an address: ''192.0.2.1''");
	/* After a quote but not closed by one, a field is not quoted. */
	assert_string_equal(parse("\"$remote_addr", "\"192.0.2.1 x"),
			    "remote_addr holds a space: '192.0.2.1 x'");
	assert_string_equal(parse("\"$remote_addr x", "\"1 2 x"),
			    "remote_addr holds a space: '1 2'");
	assert_null(parse("\"$remote_addr\"", "\"1 2\""));
	assert_string_equal(col(AL_REMOTE_ADDR), "1 2");
}

/* squid pads its elapsed time with spaces: a run of them is one separator. */
static void squid_spaces_are_one_separator_but_not_the_end_of_the_line(void **state)
{
	(void)state;
	assert_null(parse("squid", "1764114136.779    180 192.0.2.23 TCP_MISS/200 411 GET "
				   "http://www.example.com/ - HIER_DIRECT/93.184.215.14 text/html"));
	assert_string_equal(col(AL_REQUEST_TIME), "0.18");
	assert_string_equal(parse("squid", "1764114136.779    "), "expected ' ' after elapsed");
}

/* ---- Fields after combined ------------------------------------------- */

#define COMBINED "192.0.2.13 - - [25/Nov/2026:23:42:16 +0000] \"GET / HTTP/1.1\" 200 612 \"-\" \"curl\""

static void fields_after_combined_are_quoted_texts_or_words(void **state)
{
	(void)state;
	assert_null(parse("combined", COMBINED " \"a\\\"b\" \"c\\\\\" d"));
	assert_string_equal(col(AL_EXTRA), "[\"a\\\"b\",\"c\\\\\",\"d\"]");
	/* A text of backslashes only: an even run escapes nothing. */
	assert_null(parse("combined", COMBINED " \"\\\\\""));
	assert_string_equal(col(AL_EXTRA), "[\"\\\\\"]");
	assert_string_equal(parse("combined", COMBINED " "),
			    "not space-separated fields after http_user_agent: ''");
	assert_string_equal(parse("combined", COMBINED "  x"),
			    "not space-separated fields after http_user_agent: ' x'");
	assert_string_equal(parse("combined", COMBINED " \""),
			    "not space-separated fields after http_user_agent: '\"'");
	assert_string_equal(parse("combined", COMBINED " \"a\"b"),
			    "not space-separated fields after http_user_agent: '\"a\"b'");
}

static void a_line_of_more_than_64_fields_is_an_error(void **state)
{
	(void)state;
	char line[1024] = COMBINED;
	for (int i = 0; i < 56; i++) /* combined has 8 */
		strcat(line, " x");
	assert_null(parse("combined", line));
	strcat(line, " x");
	assert_string_equal(parse("combined", line), "more than 64 fields");

	char tokens[1024] = "";
	elb_line(tokens, sizeof(tokens), "0");
	for (int i = 0; i < 49; i++) /* elb has 15 */
		strcat(tokens, " x");
	assert_null(parse("elb", tokens));
	strcat(tokens, " x");
	assert_string_equal(parse("elb", tokens), "more than 64 fields");
}

/* ---- Tokens (AWS, IIS without #Fields) -------------------------------- */

static const char *elb_agent(const char *agent, const char *rest)
{
	static char line[512];
	snprintf(line, sizeof(line),
		 "2026-11-25T23:42:16.945958Z my-loadbalancer 192.0.2.20:2817 10.0.0.1:80 "
		 "0.25 0.125 0.5 200 200 0 29 \"GET / HTTP/1.1\" %s%s", agent, rest);
	return line;
}

static void a_quoted_token_ends_at_a_quote_before_a_space(void **state)
{
	(void)state;
	assert_null(parse("elb", elb_agent("\"a\\\"b\"", " - -")));
	assert_string_equal(col(AL_USER_AGENT), "a\"b");
	assert_null(parse("elb", elb_agent("\"a\\\\\"", " - -")));
	assert_string_equal(col(AL_USER_AGENT), "a\\");
	assert_null(parse("elb", elb_agent("\"\\\\\"", " - -")));
	assert_string_equal(col(AL_USER_AGENT), "\\");
	assert_null(parse("elb", elb_agent("\"a\"b c\"", " - -")));
	assert_string_equal(col(AL_USER_AGENT), "a\"b c");
	assert_string_equal(parse("elb", elb_agent("\"abc", "")), "unclosed quote in field 13");
	assert_string_equal(parse("elb", elb_agent("\"", "")), "unclosed quote in field 13");
	assert_string_equal(parse("elb", elb_agent("\"a\" - ", "")),
			    "expected one space after field 14");
}

static void a_bracketed_token_ends_at_its_bracket_before_a_space(void **state)
{
	(void)state;
	assert_null(parse("elb", elb_agent("\"curl\"", " [TLS 1.3] [2001:db8::7]:80")));
	assert_string_equal(col(AL_EXTRA),
			    "{\"elb\":\"my-loadbalancer\",\"client:port\":\"192.0.2.20:2817\","
			    "\"backend:port\":\"10.0.0.1:80\",\"request_processing_time\":\"0.25\","
			    "\"backend_processing_time\":\"0.125\",\"response_processing_time\":\"0.5\","
			    "\"backend_status_code\":\"200\",\"received_bytes\":\"0\","
			    "\"ssl_cipher\":\"TLS 1.3\",\"ssl_protocol\":\"[2001:db8::7]:80\"}");
	assert_null(parse("elb", elb_agent("\"curl\"", " [TLS -")));
	const char *tail = "\"ssl_cipher\":\"[TLS\",\"ssl_protocol\":null}";
	const char *extra = col(AL_EXTRA);
	assert_true(strlen(extra) > strlen(tail));
	assert_string_equal(extra + strlen(extra) - strlen(tail), tail);
}

/* ---- Later fields that may be missing (CloudFront) --------------------- */

static const char CLOUDFRONT[] =
	"2026-11-25\t23:42:16\tSEA19-C1\t2390\t192.0.2.25\tGET\td111111abcdef8.cloudfront.net\t"
	"/index.html\t200\t-\tMozilla/5.0\t-\t-\tHit\tSOX4xwn4XV6Q\twww.example.com\thttps\t23\t"
	"0.001\t-\tTLSv1.3";

static void a_cloudfront_line_may_stop_after_its_required_fields(void **state)
{
	(void)state;
	assert_null(parse("cloudfront", CLOUDFRONT));
	assert_int_equal(P.row.nfields, 21);
	assert_string_equal(col(AL_VHOST), "www.example.com");
	assert_string_equal(col(AL_REQUEST_TIME), "0.001");
	assert_string_equal(col(AL_PROTOCOL), "NULL"); /* cs-protocol-version, field 24 */

	char line[sizeof(CLOUDFRONT) + 1];
	snprintf(line, sizeof(line), "%s\t", CLOUDFRONT);
	assert_null(parse("cloudfront", line));
	assert_int_equal(P.row.nfields, 22);

	/* Fourteen fields, one short. */
	snprintf(line, sizeof(line), "%.*s", (int)(strstr(CLOUDFRONT, "\tSOX4") - CLOUDFRONT),
		 CLOUDFRONT);
	assert_string_equal(parse("cloudfront", line), "expected '\t' after x-edge-result-type");
}

/* What the splitter relies on in the table of formats (formats.def). */
static void the_formats_table_keeps_what_the_splitter_relies_on(void **state)
{
	(void)state;
	char err[AL_ERR_MAX];
	for (int i = 0; i < al_preset_count; i++) {
		const struct al_preset *p = &al_presets[i];
		struct al_format *f = NULL;
		assert_int_equal(al_preset_compile(p, &f, err, sizeof(err)), AL_OK);
		/* Fields that may end a line are unquoted and end at one byte. */
		if (p->required > 0) {
			assert_true(p->required < f->n);
			for (int k = p->required - 1; k < f->n - 1 && !p->tokens; k++) {
				assert_false(f->field[k].quoted);
				assert_int_equal(f->field[k].after_len, 1);
			}
		}
		/* Trailing fields are read with backslash escapes. */
		if (p->trailing)
			assert_int_equal(f->esc, ESC_BACKSLASH);
		/* Names are keys of extra: none twice. Timings that add up
		 * are the only ones of their row. */
		for (int k = 0; k < f->n; k++) {
			for (int j = 0; j < k; j++)
				if (strcmp(f->field[j].name, f->field[k].name) == 0)
					fail_msg("%s names %s twice", p->name, f->field[k].name);
			if (f->field[k].kind == K_SECONDS_SUM)
				assert_int_equal(f->field[f->col_field[AL_REQUEST_TIME]].kind,
						 K_SECONDS_SUM);
		}
		/* A row that needs a host has the field on every line it reads. */
		if (p->detect == DETECT_HOST) {
			assert_true(f->col_field[AL_VHOST] >= 0);
			assert_int_equal(f->required, f->n);
			assert_null(f->split);
		}
		al_format_free(f);
	}
}

/* lighttpd is told from combined by a host name where the ident is. */
static void a_host_with_a_port_and_no_dot_is_a_host(void **state)
{
	(void)state;
	char err[AL_ERR_MAX];
	struct al_log *log = al_log_new(NULL, err, sizeof(err));
	assert_non_null(log);
	const char *line = "192.0.2.12 localhost:8080 - [25/Nov/2026:23:42:16 +0000] "
			   "\"GET / HTTP/1.1\" 200 612 \"-\" \"Mozilla/5.0\"";
	assert_int_equal(al_log_parse(log, line, strlen(line), &P.row), 0);
	assert_string_equal(al_format_kind(al_log_format(log)), "lighttpd");
	al_log_free(log);
	log = al_log_new(NULL, err, sizeof(err));
	assert_non_null(log);
	line = "192.0.2.12 x - [25/Nov/2026:23:42:16 +0000] \"GET / HTTP/1.1\" 200 612 \"-\" \"Mozilla/5.0\"";
	assert_int_equal(al_log_parse(log, line, strlen(line), &P.row), 0);
	assert_string_equal(al_format_kind(al_log_format(log)), "combined_ident");
	al_log_free(log);
}

static void the_table_of_formats_ends(void **state)
{
	(void)state;
	const char *name, *title, *link, *sample;
	assert_true(al_preset_info(0, &name, &title, &link, &sample));
	assert_false(al_preset_info(-1, &name, &title, &link, &sample));
	assert_false(al_preset_info(al_preset_count, &name, &title, &link, &sample));
}

/* ---- Apache and W3C format strings ------------------------------------ */

static void apache_headers_other_than_the_known_ones_go_to_extra(void **state)
{
	(void)state;
	assert_null(parse("%h %{X-Cache}i %{Connection}i %{Date}i %{xx}T %{x}a",
			  "192.0.2.1 HIT close today 2 192.0.2.2"));
	assert_string_equal(col(AL_EXTRA), "{\"http_x_cache\":\"HIT\",\"http_connection\":\"close\","
					   "\"http_date\":\"today\",\"remote_addr\":\"192.0.2.2\"}");
	assert_string_equal(col(AL_REQUEST_TIME), "2");
	assert_string_equal(col(AL_REMOTE_ADDR), "192.0.2.1");
}

static void apache_modifiers_are_skipped(void **state)
{
	(void)state;
	assert_null(parse("%!200h %<s %400,501{User-Agent}i", "192.0.2.1 404 curl"));
	assert_string_equal(col(AL_REMOTE_ADDR), "192.0.2.1");
	assert_string_equal(col(AL_STATUS), "404");
	assert_string_equal(col(AL_USER_AGENT), "curl");
}

static void apache_q_first_or_glued_to_another_field(void **state)
{
	(void)state;
	assert_null(parse("%q %U", "?x=1 /a"));
	assert_string_equal(col(AL_PATH), "/a?x=1");
	assert_string_equal(compile_error_of("%m%q"),
			    "format has no separator between request_method and query_string");
}

static void a_sign_without_a_name_is_no_field(void **state)
{
	(void)state;
	assert_string_equal(compile_error_of("100% sure"),
			    "unknown format '100% sure': use the name of one (see the README), w3c, "
			    "an nginx log_format or an Apache LogFormat string, or a JSON mapping");
	assert_string_equal(compile_error_of("price: $ 5"),
			    "unknown format 'price: $ 5': use the name of one (see the README), w3c, "
			    "an nginx log_format or an Apache LogFormat string, or a JSON mapping");
	assert_string_equal(compile_error_of("sure 100%"),
			    "unknown format 'sure 100%': use the name of one (see the README), w3c, "
			    "an nginx log_format or an Apache LogFormat string, or a JSON mapping");
}

static void a_second_request_line_goes_to_extra(void **state)
{
	(void)state;
	assert_null(parse("%h %U %q %q", "192.0.2.1 /a ?x=1 ?y=2"));
	assert_string_equal(col(AL_PATH), "/a?x=1");
	assert_string_equal(col(AL_EXTRA), "{\"query_string\":\"?y=2\"}");
	assert_null(parse("%U \"%r\"", "/a \"GET /b HTTP/1.0\""));
	assert_string_equal(col(AL_PATH), "/a");
	assert_string_equal(col(AL_EXTRA), "{\"request\":\"GET /b HTTP/1.0\"}");
	assert_null(parse("%H \"%r\"", "HTTP/1.1 \"GET / HTTP/1.0\""));
	assert_string_equal(col(AL_PROTOCOL), "HTTP/1.1");
	assert_string_equal(col(AL_METHOD), "NULL");
	assert_string_equal(col(AL_EXTRA), "{\"request\":\"GET / HTTP/1.0\"}");
	assert_null(parse("%m \"%r\"", "GET \"POST / HTTP/1.0\""));
	assert_string_equal(col(AL_METHOD), "GET");
	assert_string_equal(col(AL_EXTRA), "{\"request\":\"POST / HTTP/1.0\"}");
}

/* cs-host names the site better than s-sitename, when it is a field. */
static void w3c_cs_host_is_the_vhost_only_when_it_is_a_field(void **state)
{
	(void)state;
	char err[AL_ERR_MAX];
	static const char *const lists[] = {
		"s-sitename x-cs-host", "s-sitename cs-hostx", "s-sitename cs-host\tx", "s-sitename cs-host",
		"cs-host s-sitename",
	};
	static const char *const lines[] = {
		"W3SVC1 example.com", "W3SVC1 example.com", "W3SVC1 example.com y",
		"W3SVC1 example.com", "example.com W3SVC1",
	};
	static const char *const vhost[] = { "W3SVC1", "W3SVC1", "example.com", "example.com",
					     "example.com" };
	for (int i = 0; i < 5; i++) {
		al_format_free(P.f);
		P.f = al_format_w3c(lists[i], strlen(lists[i]), err, sizeof(err));
		assert_non_null(P.f);
		const char *line = lines[i];
		assert_int_equal(al_parse_line(P.f, line, strlen(line), &P.row), 0);
		assert_string_equal(col(AL_VHOST), vhost[i]);
	}
	assert_null(al_format_w3c(" \t ", 3, err, sizeof(err)));
	assert_string_equal(err, "#Fields: line names no field");
}

/* The string store is sized from the format: the name that grows most
 * from what is written (%k is "keepalive_requests") fits 64 times, with
 * literals of "%%" pieces; a 65th field is refused. */
static void the_longest_formats_of_each_syntax_compile(void **state)
{
	(void)state;
	char apache[1024] = "", nginx[1024] = "", w3c[1024] = "", err[AL_ERR_MAX];
	for (int i = 0; i < 64; i++) {
		strcat(apache, i ? " %%%%%% %k" : "%k");
		strcat(nginx, i ? " ${a}" : "${a}");
		strcat(w3c, i ? " x-a" : "x-a");
	}
	struct al_format *f = al_format_compile(apache, err, sizeof(err));
	assert_non_null(f);
	al_format_free(f);
	f = al_format_compile(nginx, err, sizeof(err));
	assert_non_null(f);
	al_format_free(f);
	f = al_format_w3c(w3c, strlen(w3c), err, sizeof(err));
	assert_non_null(f);
	al_format_free(f);
	strcat(apache, " %k");
	assert_string_equal(compile_error_of(apache), "format has more than 64 fields");
}

/* al_try_line() answers whether a format reads a line, without the
 * message why not; al_parse_line() on the same row says why again. */
static void a_try_says_only_that_the_line_does_not_match(void **state)
{
	(void)state;
	const char *line = "192.0.2.1 - - [25/Nov/2026:23:42:16 +0000] \"GET / HTTP/1.1\" OK 5";

	assert_string_equal(parse("%h %l %u %t \"%r\" %>s %b", line), "status is not a number: 'OK'");
	assert_int_equal(al_try_line(P.f, line, strlen(line), &P.row), 1);
	assert_string_equal(P.row.error, "does not match");
	assert_int_equal(al_parse_line(P.f, line, strlen(line), &P.row), 1);
	assert_string_equal(P.row.error, "status is not a number: 'OK'");
	const char *good = "192.0.2.1 - - [25/Nov/2026:23:42:16 +0000] \"GET / HTTP/1.1\" 200 5";
	assert_int_equal(al_try_line(P.f, good, strlen(good), &P.row), 0);
	assert_string_equal(col(AL_STATUS), "200");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(a_try_says_only_that_the_line_does_not_match, teardown),
		cmocka_unit_test_teardown(apache_q_beside_a_request_line_goes_to_extra, teardown),
		cmocka_unit_test_teardown(a_name_given_twice_is_one_key_with_the_later_value, teardown),
		cmocka_unit_test_teardown(apache_percent_signs_are_literals_however_many, teardown),
		cmocka_unit_test_teardown(an_unknown_nginx_parameter_is_named, teardown),
		cmocka_unit_test_teardown(status_and_bytes_are_unsigned_decimals_of_at_most_18_digits, teardown),
		cmocka_unit_test_teardown(a_message_quotes_at_most_40_bytes_of_the_text, teardown),
		cmocka_unit_test_teardown(request_times_are_plain_decimals, teardown),
		cmocka_unit_test_teardown(load_balancer_timings_add_up_and_minus_one_is_null, teardown),
		cmocka_unit_test_teardown(each_kind_of_time_names_its_field_when_it_is_not_one, teardown),
		cmocka_unit_test_teardown(w3c_date_and_time_name_their_field_when_they_are_not_one, teardown),
		cmocka_unit_test_teardown(apache_t_ends_at_its_bracket_and_the_separator_after_it, teardown),
		cmocka_unit_test_teardown(apache_t_last_needs_both_brackets, teardown),
		cmocka_unit_test_teardown(a_line_that_stops_before_the_closing_literal_says_so, teardown),
		cmocka_unit_test_teardown(an_empty_line_is_an_error_in_every_syntax, teardown),
		cmocka_unit_test_teardown(an_address_is_one_word_without_markup, teardown),
		cmocka_unit_test_teardown(squid_spaces_are_one_separator_but_not_the_end_of_the_line, teardown),
		cmocka_unit_test_teardown(fields_after_combined_are_quoted_texts_or_words, teardown),
		cmocka_unit_test_teardown(a_line_of_more_than_64_fields_is_an_error, teardown),
		cmocka_unit_test_teardown(a_quoted_token_ends_at_a_quote_before_a_space, teardown),
		cmocka_unit_test_teardown(a_bracketed_token_ends_at_its_bracket_before_a_space, teardown),
		cmocka_unit_test_teardown(a_cloudfront_line_may_stop_after_its_required_fields, teardown),
		cmocka_unit_test_teardown(the_formats_table_keeps_what_the_splitter_relies_on, teardown),
		cmocka_unit_test_teardown(a_host_with_a_port_and_no_dot_is_a_host, teardown),
		cmocka_unit_test_teardown(the_table_of_formats_ends, teardown),
		cmocka_unit_test_teardown(apache_headers_other_than_the_known_ones_go_to_extra, teardown),
		cmocka_unit_test_teardown(apache_modifiers_are_skipped, teardown),
		cmocka_unit_test_teardown(apache_q_first_or_glued_to_another_field, teardown),
		cmocka_unit_test_teardown(a_sign_without_a_name_is_no_field, teardown),
		cmocka_unit_test_teardown(a_second_request_line_goes_to_extra, teardown),
		cmocka_unit_test_teardown(w3c_cs_host_is_the_vhost_only_when_it_is_a_field, teardown),
		cmocka_unit_test_teardown(the_longest_formats_of_each_syntax_compile, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
