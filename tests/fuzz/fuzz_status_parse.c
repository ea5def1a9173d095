/*
 * fuzz_status_parse: the core's parsers and lookups on arbitrary bytes.
 *
 *   ./fuzz_status_parse -max_total_time=45 corpus/status_parse
 *
 * The input is used four ways: as text for hs_parse_text,
 * hs_parse_substatus_text and hs_code_for_phrase (exactly its length, not
 * NUL-terminated, so AddressSanitizer sees any read past the end); its first
 * 8 bytes as a long long for hs_parse_int and hs_lookup_status; the same 8
 * bytes as a double for hs_parse_double; its first 4 as an int for the class
 * and range functions.
 *
 * Besides "no crash, no undefined behaviour", every result is checked
 * against the documented contract in http_status.h; a breach aborts, which
 * libFuzzer reports as a crash with the input that caused it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_status.h"

#include "fuzz_check.h"

/* A code as hs_make_code() defines it. */
static void check_code(struct hs_code code)
{
	CHECK(code.status == HS_NO_RESPONSE ||
	      (code.status >= 100 && code.status <= 599));
	CHECK(code.substatus == HS_NO_SUBSTATUS ||
	      (code.substatus >= 0 && code.substatus <= 999));
	CHECK(code.status != HS_NO_RESPONSE || code.substatus == HS_NO_SUBSTATUS);
}

/* The lookups agree with each other and with the entry they return. */
static void check_lookups(struct hs_code code)
{
	const struct hs_entry *exact = hs_lookup(code);
	const struct hs_entry *fallback = hs_lookup_or_major(code);
	const struct hs_entry *plain = hs_lookup_status(code.status);
	/* A sub-status of 0 names the plain code. */
	int substatus = code.substatus == 0 ? HS_NO_SUBSTATUS : code.substatus;
	if (exact != NULL) {
		CHECK(exact->status == code.status);
		CHECK(exact->substatus == substatus);
		CHECK(fallback == exact);
		CHECK(strlen(exact->reason) == exact->reason_len);
		/* The canonical text parses back to the same code. */
		struct hs_code again;
		CHECK(hs_parse_text(exact->code, strlen(exact->code), &again));
		CHECK(again.status == code.status && again.substatus == substatus);
	} else {
		CHECK(fallback == plain);
	}
	if (substatus == HS_NO_SUBSTATUS)
		CHECK(exact == plain);
	if (plain != NULL)
		CHECK(plain->status == code.status &&
		      plain->substatus == HS_NO_SUBSTATUS);
	/* The class exists exactly for 100..599. */
	CHECK((hs_class_name(code.status) != NULL) ==
	      (code.status != HS_NO_RESPONSE));
}

static void fuzz_text(const char *text, size_t len)
{
	struct hs_code code;
	if (hs_parse_text(text, len, &code)) {
		check_code(code);
		check_lookups(code);
		/* A parsed code printed canonically parses back to itself. */
		char buf[16];
		if (code.substatus == HS_NO_SUBSTATUS)
			snprintf(buf, sizeof(buf), "%d", code.status);
		else
			snprintf(buf, sizeof(buf), "%d.%d", code.status, code.substatus);
		struct hs_code again;
		CHECK(hs_parse_text(buf, strlen(buf), &again));
		CHECK(again.status == code.status && again.substatus == code.substatus);
	}

	int substatus;
	if (hs_parse_substatus_text(text, len, &substatus))
		CHECK(substatus >= 0 && substatus <= 999);

	if (hs_code_for_phrase(text, len, &code)) {
		check_code(code);
		check_lookups(code);
	}
}

static void fuzz_numbers(const uint8_t *data, size_t size)
{
	long long i = 0;
	double d = 0;
	int small = 0;
	memcpy(&i, data, size < sizeof(i) ? size : sizeof(i));
	memcpy(&d, data, size < sizeof(d) ? size : sizeof(d));
	memcpy(&small, data, size < sizeof(small) ? size : sizeof(small));

	struct hs_code code;
	bool is_code = i == 0 || (i >= 100 && i <= 599);
	CHECK(hs_parse_int(i, &code) == is_code);
	if (is_code) {
		check_code(code);
		CHECK(code.status == i && code.substatus == HS_NO_SUBSTATUS);
		check_lookups(code);
	} else {
		CHECK(hs_lookup_status(i) == NULL);
	}

	if (hs_parse_double(d, &code)) {
		check_code(code);
		CHECK((double)code.status == d);
		check_lookups(code);
	}

	/* Range and class helpers take any int. */
	size_t lower = hs_entry_lower_bound(small);
	CHECK(lower <= hs_entry_count());
	if (lower < hs_entry_count())
		CHECK(hs_entry_at(lower)->status >= small);
	if (lower > 0)
		CHECK(hs_entry_at(lower - 1)->status < small);
	CHECK((hs_class_name(small) != NULL) == (small >= 100 && small <= 599));
	CHECK((hs_class_description(small) != NULL) ==
	      (small >= 100 && small <= 599));
	(void)hs_is_interim(small);
	(void)hs_content_allowed(small);
	(void)hs_lifecycle_name((unsigned)small);
	CHECK(hs_entry_at((size_t)i) == NULL || (size_t)i < hs_entry_count());
	CHECK(hs_phrase_at((size_t)i) == NULL || (size_t)i < hs_phrase_count());

	long long status = (int16_t)(i & 0xffff), sub = (int16_t)((i >> 16) & 0xffff);
	if (hs_make_code(status, sub, &code)) {
		check_code(code);
		check_lookups(code);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_text((const char *)data, size);
	fuzz_numbers(data, size);
	return 0;
}
