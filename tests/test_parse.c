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
 * comes first, and is not lost. */
static void apache_q_beside_a_request_line_goes_to_extra(void **state)
{
	(void)state;
	assert_null(parse("%h \"%r\" %q", "192.0.2.1 \"GET /a?x=1 HTTP/1.1\" ?x=1"));
	assert_string_equal(col(AL_PATH), "/a?x=1");
	assert_string_equal(col(AL_EXTRA), "{\"query_string\":\"?x=1\"}");

	assert_null(parse("%h %q \"%r\"", "192.0.2.1 ?x=1 \"GET /a?x=1 HTTP/1.1\""));
	assert_string_equal(col(AL_PATH), "/a?x=1");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(apache_q_beside_a_request_line_goes_to_extra, teardown),
		cmocka_unit_test_teardown(a_name_given_twice_is_one_key_with_the_later_value, teardown),
		cmocka_unit_test_teardown(apache_percent_signs_are_literals_however_many, teardown),
		cmocka_unit_test_teardown(an_unknown_nginx_parameter_is_named, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
