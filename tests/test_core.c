/*
 * The core, without SQLite: how a code is read, how it is looked up, and the
 * rules the reference data keeps.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http_status.h"

static bool parse(const char *text, struct hs_code *out)
{
	return hs_parse_text(text, strlen(text), out);
}

static void assert_parses_to(const char *text, int status, int substatus)
{
	struct hs_code code = { -9, -9 };
	if (!parse(text, &code))
		fail_msg("\"%s\" should parse", text);
	assert_int_equal(code.status, status);
	assert_int_equal(code.substatus, substatus);
}

static void assert_not_a_code(const char *text)
{
	struct hs_code code;
	if (parse(text, &code))
		fail_msg("\"%s\" should not parse, got %d.%d", text, code.status,
		         code.substatus);
}

static void text_is_major_or_major_dot_minor(void **state)
{
	(void)state;
	assert_parses_to("404", 404, HS_NO_SUBSTATUS);
	assert_parses_to("403.14", 403, 14);
	assert_parses_to("500.100", 500, 100);
	assert_parses_to("404.0", 404, 0);
	assert_parses_to("100", 100, HS_NO_SUBSTATUS);
	assert_parses_to("599", 599, HS_NO_SUBSTATUS);
}

static void surrounding_white_space_is_ignored(void **state)
{
	(void)state;
	assert_parses_to(" 404 ", 404, HS_NO_SUBSTATUS);
	assert_parses_to("\t403.14\r\n", 403, 14);
	assert_parses_to("\v404\f", 404, HS_NO_SUBSTATUS);
}

static void zero_triple_zero_and_dash_mean_no_response(void **state)
{
	(void)state;
	assert_parses_to("0", HS_NO_RESPONSE, HS_NO_SUBSTATUS);
	assert_parses_to("000", HS_NO_RESPONSE, HS_NO_SUBSTATUS);
	assert_parses_to("-", HS_NO_RESPONSE, HS_NO_SUBSTATUS);
	assert_parses_to(" - ", HS_NO_RESPONSE, HS_NO_SUBSTATUS);
}

static void text_that_is_not_a_code_is_refused(void **state)
{
	(void)state;
	const char *bad[] = {
		"", " ", "abc", "4O4", "40", "4040", "099", "600", "999", "-1",
		"+404", "404.", ".14", "404.1000", "403.014", "404.00", "404:1",
		"404 .1", "404. 1", "404.1.2", "4 04", "0x194", "404abc", "00", "0.0",
		"--", "000.1", "404e0", "5", "4x4", "44x", "001",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_not_a_code(bad[i]);
}

static void text_is_read_within_its_length(void **state)
{
	(void)state;
	struct hs_code code;
	/* No NUL needed: only the first three bytes are the code. */
	assert_true(hs_parse_text("404999", 3, &code));
	assert_int_equal(code.status, 404);
	/* An embedded NUL is not white space. */
	assert_false(hs_parse_text("404\0", 4, &code));
}

static void integers_are_plain_codes(void **state)
{
	(void)state;
	struct hs_code code;
	assert_true(hs_parse_int(404, &code));
	assert_int_equal(code.status, 404);
	assert_int_equal(code.substatus, HS_NO_SUBSTATUS);
	assert_true(hs_parse_int(0, &code));
	assert_int_equal(code.status, HS_NO_RESPONSE);
	assert_false(hs_parse_int(-1, &code));
	assert_false(hs_parse_int(99, &code));
	assert_false(hs_parse_int(600, &code));
	assert_false(hs_parse_int(INT64_MAX, &code));
	assert_false(hs_parse_int(INT64_MIN, &code));
	assert_false(hs_parse_int(404LL + (1LL << 32), &code));
}

static void a_real_is_a_code_only_when_integral(void **state)
{
	(void)state;
	struct hs_code code;
	assert_true(hs_parse_double(404.0, &code));
	assert_int_equal(code.status, 404);
	assert_int_equal(code.substatus, HS_NO_SUBSTATUS);
	/* 403.1 could mean 403.1 or 403.10: ambiguous, so refused. */
	assert_false(hs_parse_double(403.1, &code));
	assert_false(hs_parse_double(403.14, &code));
	assert_false(hs_parse_double(1e300, &code));
	assert_false(hs_parse_double(-1e300, &code));
	assert_false(hs_parse_double(NAN, &code));
	assert_false(hs_parse_double(INFINITY, &code));
	assert_false(hs_parse_double(99.0, &code));
	assert_false(hs_parse_double(599.5, &code));
	assert_false(hs_parse_double(600.0, &code));
}

static void a_substatus_alone_is_a_small_decimal(void **state)
{
	(void)state;
	int sub = -9;
	assert_true(hs_parse_substatus_text("14", 2, &sub));
	assert_int_equal(sub, 14);
	assert_true(hs_parse_substatus_text(" 0 ", 3, &sub));
	assert_int_equal(sub, 0);
	assert_false(hs_parse_substatus_text("", 0, &sub));
	assert_false(hs_parse_substatus_text("1000", 4, &sub));
	assert_false(hs_parse_substatus_text("-1", 2, &sub));
	assert_false(hs_parse_substatus_text("014", 3, &sub));
}

static void made_codes_are_range_checked(void **state)
{
	(void)state;
	struct hs_code code;
	assert_true(hs_make_code(403, 14, &code));
	assert_true(hs_make_code(403, HS_NO_SUBSTATUS, &code));
	assert_false(hs_make_code(403, 1000, &code));
	assert_false(hs_make_code(403, -2, &code));
	assert_false(hs_make_code(0, 1, &code)); /* no response has no sub-status */
	assert_false(hs_make_code(700, HS_NO_SUBSTATUS, &code));
}

static const struct hs_entry *lookup(const char *text)
{
	struct hs_code code;
	assert_true(parse(text, &code));
	return hs_lookup(code);
}

static void lookup_finds_plain_and_sub_status_codes(void **state)
{
	(void)state;
	assert_string_equal(lookup("404")->reason, "Not Found");
	assert_string_equal(lookup("404")->code, "404");
	assert_string_equal(lookup("403.14")->code, "403.14");
	assert_int_equal(lookup("403.14")->substatus, 14);
	assert_string_equal(lookup("401.1")->source, "IIS");
	assert_string_equal(lookup("-")->reason, "No Response");
}

static void an_unknown_minor_falls_back_to_its_major_only_on_request(void **state)
{
	(void)state;
	struct hs_code code;
	assert_true(parse("404.999", &code));
	assert_null(hs_lookup(code));
	assert_string_equal(hs_lookup_or_major(code)->reason, "Not Found");
	assert_true(parse("299", &code));
	assert_null(hs_lookup_or_major(code));
	assert_true(parse("299.1", &code));
	assert_null(hs_lookup_or_major(code));
	/* 599 is the last status: its sub-statuses are searched to the end. */
	assert_true(parse("599.1", &code));
	assert_null(hs_lookup(code));
	assert_string_equal(hs_lookup_or_major(code)->code, "599");
}

static void the_class_is_decided_by_the_first_digit(void **state)
{
	(void)state;
	assert_string_equal(hs_class_name(100), "Informational");
	assert_string_equal(hs_class_name(299), "Successful");
	assert_string_equal(hs_class_name(308), "Redirection");
	assert_string_equal(hs_class_name(499), "Client Error");
	assert_string_equal(hs_class_name(599), "Server Error");
	assert_null(hs_class_name(0));
	assert_null(hs_class_name(99));
	assert_null(hs_class_name(600));
	assert_null(hs_class_description(99));
	assert_null(hs_class_description(600));
	assert_non_null(strstr(hs_class_description(404), "client seems to have erred"));
}

static void interim_and_content_follow_rfc_9110(void **state)
{
	(void)state;
	assert_true(hs_is_interim(103));
	assert_false(hs_is_interim(200));
	assert_false(hs_content_allowed(100));
	assert_false(hs_content_allowed(204));
	assert_false(hs_content_allowed(205));
	assert_false(hs_content_allowed(304));
	assert_true(hs_content_allowed(200));
	assert_true(hs_content_allowed(404));
}

static void entries_are_sorted_by_status_then_substatus(void **state)
{
	(void)state;
	for (size_t i = 1; i < hs_entry_count(); i++) {
		const struct hs_entry *a = hs_entry_at(i - 1), *b = hs_entry_at(i);
		if (!(a->status < b->status ||
		      (a->status == b->status && a->substatus < b->substatus)))
			fail_msg("%s is listed before %s", a->code, b->code);
	}
	assert_null(hs_entry_at(hs_entry_count()));
}

static void every_sub_status_has_its_plain_code(void **state)
{
	(void)state;
	for (size_t i = 0; i < hs_entry_count(); i++) {
		const struct hs_entry *e = hs_entry_at(i);
		if (e->substatus != HS_NO_SUBSTATUS &&
		    hs_lookup((struct hs_code){ e->status, HS_NO_SUBSTATUS }) == NULL)
			fail_msg("%s has no plain %d row", e->code, e->status);
	}
}

/* A sub-status is its status on the wire: its row sets no wire property of
 * its own (it would be ignored), and may only say why a retry fails where its
 * status is retryable. A sub-status of 0 is the plain code, so it has no row. */
static void sub_statuses_take_their_wire_properties_from_their_status(void **state)
{
	(void)state;
	for (size_t i = 0; i < hs_entry_count(); i++) {
		const struct hs_entry *e = hs_entry_at(i);
		const struct hs_entry *plain = hs_lookup_status(e->status);
		if (e->substatus == HS_NO_SUBSTATUS) {
			if (e->not_retryable != NULL)
				fail_msg("%s: not_retryable is for sub-statuses", e->code);
			continue;
		}
		if (e->substatus == 0)
			fail_msg("%s: a sub-status of 0 is the plain code; make it a phrase", e->code);
		if (e->cacheable || e->required_header != NULL)
			fail_msg("%s sets a wire property; it has its status's", e->code);
		if (e->not_retryable != NULL && plain->retry_basis == NULL)
			fail_msg("%s: not_retryable, but %d is not retryable", e->code, e->status);
		assert_int_equal(hs_entry_cacheable(e), plain->cacheable);
		assert_ptr_equal(hs_entry_required_header(e), plain->required_header);
		if (e->retry_basis == NULL && e->not_retryable == NULL)
			assert_ptr_equal(hs_entry_retry_basis(e), plain->retry_basis);
		if (e->not_retryable != NULL)
			assert_null(hs_entry_retry_basis(e));
	}
	struct hs_code ok = { 200, 0 };
	assert_ptr_equal(hs_lookup(ok), hs_lookup_status(200));
}

static void every_entry_is_complete_and_found_by_its_own_code(void **state)
{
	(void)state;
	for (size_t i = 0; i < hs_entry_count(); i++) {
		const struct hs_entry *e = hs_entry_at(i);
		struct hs_code code;
		if (!parse(e->code, &code) || hs_lookup(code) != e)
			fail_msg("%s is not found by its own code", e->code);
		if (e->reason_len != strlen(e->reason) || e->reason_len == 0)
			fail_msg("%s: reason length", e->code);
		if (e->description == NULL || e->description[0] == '\0' ||
		    e->source == NULL || e->reference == NULL)
			fail_msg("%s lacks a description, source or reference", e->code);
		if ((e->lifecycle == HS_TEMPORARY) != (e->expires != NULL))
			fail_msg("%s: an expiry date goes with a temporary registration", e->code);
		if (hs_lifecycle_name(e->lifecycle) == NULL)
			fail_msg("%s: lifecycle", e->code);
	}
}

static void every_phrase_belongs_to_a_code_in_the_reference(void **state)
{
	(void)state;
	for (size_t i = 0; i < hs_phrase_count(); i++) {
		const struct hs_phrase *p = hs_phrase_at(i);
		if (hs_lookup((struct hs_code){ p->status, p->substatus }) == NULL)
			fail_msg("phrase '%s' belongs to %d.%d, which is not in the reference",
			         p->reason, p->status, p->substatus);
		if (p->source == NULL || p->reference == NULL)
			fail_msg("phrase '%s' lacks a source or reference", p->reason);
		if (hs_phrase_kind_name(p->kind) == NULL || hs_confidence_name(p->confidence) == NULL)
			fail_msg("phrase '%s': kind or confidence", p->reason);
	}
	assert_null(hs_phrase_at(hs_phrase_count()));
}

/* The data checks above rely on a value outside an enumeration having no
 * name. */
static void a_value_outside_an_enumeration_has_no_name(void **state)
{
	(void)state;
	assert_string_equal(hs_lifecycle_name(HS_UNOFFICIAL), "unofficial");
	assert_null(hs_lifecycle_name(HS_LIFECYCLE_COUNT));
	assert_string_equal(hs_phrase_kind_name(HS_PHRASE_VARIANT), "variant");
	assert_null(hs_phrase_kind_name(HS_PHRASE_KIND_COUNT));
	assert_string_equal(hs_confidence_name(HS_SECONDARY), "secondary");
	assert_null(hs_confidence_name(HS_CONFIDENCE_COUNT));
}

static void phrases_lead_back_to_their_code(void **state)
{
	(void)state;
	struct hs_code code;
	const char *text = "  payload too LARGE ";
	assert_true(hs_code_for_phrase(text, strlen(text), &code));
	assert_int_equal(code.status, 413);
	assert_int_equal(code.substatus, HS_NO_SUBSTATUS);
	text = "Not Found";
	assert_true(hs_code_for_phrase(text, strlen(text), &code));
	assert_int_equal(code.status, 404);
	assert_int_equal(code.substatus, HS_NO_SUBSTATUS);
	text = "forbidden: directory listing denied";
	assert_true(hs_code_for_phrase(text, strlen(text), &code));
	assert_int_equal(code.status, 403);
	assert_int_equal(code.substatus, 14);
	assert_false(hs_code_for_phrase("Not", 3, &code));
	assert_false(hs_code_for_phrase("", 0, &code));
	text = "Not Found but more";
	assert_false(hs_code_for_phrase(text, strlen(text), &code));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_is_major_or_major_dot_minor),
		cmocka_unit_test(surrounding_white_space_is_ignored),
		cmocka_unit_test(zero_triple_zero_and_dash_mean_no_response),
		cmocka_unit_test(text_that_is_not_a_code_is_refused),
		cmocka_unit_test(text_is_read_within_its_length),
		cmocka_unit_test(integers_are_plain_codes),
		cmocka_unit_test(a_real_is_a_code_only_when_integral),
		cmocka_unit_test(a_substatus_alone_is_a_small_decimal),
		cmocka_unit_test(made_codes_are_range_checked),
		cmocka_unit_test(lookup_finds_plain_and_sub_status_codes),
		cmocka_unit_test(an_unknown_minor_falls_back_to_its_major_only_on_request),
		cmocka_unit_test(the_class_is_decided_by_the_first_digit),
		cmocka_unit_test(interim_and_content_follow_rfc_9110),
		cmocka_unit_test(entries_are_sorted_by_status_then_substatus),
		cmocka_unit_test(sub_statuses_take_their_wire_properties_from_their_status),
		cmocka_unit_test(every_sub_status_has_its_plain_code),
		cmocka_unit_test(every_entry_is_complete_and_found_by_its_own_code),
		cmocka_unit_test(every_phrase_belongs_to_a_code_in_the_reference),
		cmocka_unit_test(phrases_lead_back_to_their_code),
		cmocka_unit_test(a_value_outside_an_enumeration_has_no_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
