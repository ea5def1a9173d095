/*
 * Our IANA rows against the committed copy of IANA's registry
 * (src/iana/http-status-codes.csv): a registry update is one file change and
 * this test says what in the reference must follow.
 *
 * usage: test_iana path/to/http-status-codes.csv path/to/LAST_UPDATED
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http_status.h"

#define MAX_ROWS 128

struct registry_row {
	char value[16];
	char description[256];
	char reference[256];
};

static struct registry_row rows[MAX_ROWS];
static size_t row_count;
static const char *csv_path;
static const char *last_updated_path;

/* One CSV field: plain, or quoted with "" for a quote. */
static const char *read_field(const char *p, char *out, size_t size)
{
	size_t n = 0;
	bool quoted = *p == '"';
	if (quoted)
		p++;
	while (*p != '\0') {
		if (quoted && p[0] == '"' && p[1] == '"')
			p++;
		else if (quoted && *p == '"') {
			p++;
			quoted = false;
			continue;
		} else if (!quoted && (*p == ',' || *p == '\n' || *p == '\r'))
			break;
		if (n + 1 < size)
			out[n++] = *p;
		p++;
	}
	out[n] = '\0';
	return *p == ',' ? p + 1 : p;
}

static int load_registry(void **state)
{
	(void)state;
	FILE *f = fopen(csv_path, "r");
	if (f == NULL) {
		perror(csv_path);
		return -1;
	}
	char line[1024];
	bool header = true;
	row_count = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (header) {
			header = false;
			if (strncmp(line, "Value,Description,Reference", 27) != 0) {
				fclose(f);
				return -1;
			}
			continue;
		}
		if (row_count == MAX_ROWS)
			break;
		struct registry_row *r = &rows[row_count++];
		const char *p = read_field(line, r->value, sizeof(r->value));
		p = read_field(p, r->description, sizeof(r->description));
		read_field(p, r->reference, sizeof(r->reference));
	}
	fclose(f);
	return row_count > 0 ? 0 : -1;
}

static bool is_assigned(const struct registry_row *r)
{
	return strchr(r->value, '-') == NULL && strcmp(r->description, "Unassigned") != 0;
}

/* IANA's "[RFC9110, Section 15.5.5][RFC7725]" is our "RFC 9110, Section 15.5.5; RFC 7725". */
static void reference_as_we_write_it(const char *iana, char *out, size_t size)
{
	size_t n = 0;
	for (const char *p = iana; *p != '\0' && n + 3 < size; p++) {
		if (*p == '[') {
			if (n > 0) {
				out[n++] = ';';
				out[n++] = ' ';
			}
		} else if (*p != ']') {
			out[n++] = *p;
			if (strncmp(p, "RFC", 3) == 0 && p[3] >= '0' && p[3] <= '9') {
				out[n++] = 'F';
				out[n++] = 'C';
				out[n++] = ' ';
				p += 2;
			}
		}
	}
	out[n] = '\0';
}

/* The registry's phrase carries its status in parentheses: "Not Extended
 * (OBSOLETED)", "... (TEMPORARY - registered ..., expires 2026-11-13)". We
 * keep the phrase alone and the status in lifecycle and expires. */
static void phrase_without_annotation(const char *description, char *out, size_t size)
{
	snprintf(out, size, "%s", description);
	char *note = strstr(out, " (TEMPORARY");
	if (note == NULL)
		note = strstr(out, " (OBSOLETED)");
	if (note != NULL)
		*note = '\0';
}

static void every_registered_code_is_in_the_reference_as_registered(void **state)
{
	(void)state;
	size_t assigned = 0;
	for (size_t i = 0; i < row_count; i++) {
		const struct registry_row *r = &rows[i];
		if (!is_assigned(r))
			continue;
		assigned++;
		struct hs_code code;
		if (!hs_parse_text(r->value, strlen(r->value), &code))
			fail_msg("registry value %s is not a code", r->value);
		const struct hs_entry *e = hs_lookup(code);
		if (e == NULL)
			fail_msg("%s %s is registered but not in the reference", r->value, r->description);

		char phrase[256], reference[256];
		phrase_without_annotation(r->description, phrase, sizeof(phrase));
		reference_as_we_write_it(r->reference, reference, sizeof(reference));
		if (strcmp(e->reason, phrase) != 0)
			fail_msg("%s: registry phrase '%s', ours '%s'", r->value, phrase, e->reason);
		if (strcmp(e->source, "IANA") != 0)
			fail_msg("%s: source '%s', expected IANA", r->value, e->source);
		if (strcmp(e->reference, reference) != 0)
			fail_msg("%s: registry reference '%s', ours '%s'", r->value, reference, e->reference);

		const char *expires = strstr(r->description, "expires ");
		bool temporary = strstr(r->description, "(TEMPORARY") != NULL;
		if (temporary != (e->lifecycle == HS_TEMPORARY))
			fail_msg("%s: temporary in one, not in the other", r->value);
		if (temporary && (expires == NULL || e->expires == NULL ||
		                  strncmp(expires + 8, e->expires, 10) != 0))
			fail_msg("%s: expiry date differs", r->value);
		if ((strstr(r->description, "(OBSOLETED)") != NULL) != (e->lifecycle == HS_OBSOLETE))
			fail_msg("%s: obsolete in one, not in the other", r->value);
		if ((strcmp(r->description, "(Unused)") == 0) != (e->lifecycle == HS_UNUSED))
			fail_msg("%s: unused in one, not in the other", r->value);
	}
	assert_true(assigned > 60);
}

static void every_iana_row_of_the_reference_is_registered(void **state)
{
	(void)state;
	for (size_t i = 0; i < hs_entry_count(); i++) {
		const struct hs_entry *e = hs_entry_at(i);
		if (strcmp(e->source, "IANA") != 0)
			continue;
		bool found = false;
		for (size_t j = 0; j < row_count && !found; j++)
			found = is_assigned(&rows[j]) && strcmp(rows[j].value, e->code) == 0;
		if (!found)
			fail_msg("%s %s says IANA but is not in the registry", e->code, e->reason);
	}
}

static void vendor_codes_sit_in_ranges_iana_left_unassigned(void **state)
{
	(void)state;
	for (size_t i = 0; i < hs_entry_count(); i++) {
		const struct hs_entry *e = hs_entry_at(i);
		if (e->substatus != HS_NO_SUBSTATUS || e->status == HS_NO_RESPONSE ||
		    strcmp(e->source, "IANA") == 0)
			continue;
		for (size_t j = 0; j < row_count; j++) {
			if (is_assigned(&rows[j]) && atoi(rows[j].value) == e->status)
				fail_msg("%s (%s) collides with registered %s", e->code, e->source,
				         rows[j].description);
		}
	}
}

/* The date http_status_registry_date() reports is the registry copy's. */
static void the_registry_date_is_the_copy_s_last_updated(void **state)
{
	(void)state;
	FILE *f = fopen(last_updated_path, "r");
	assert_non_null(f);
	char line[64] = "";
	char *got = fgets(line, sizeof(line), f);
	fclose(f);
	assert_non_null(got);
	line[strcspn(line, "\r\n")] = '\0';
	assert_string_equal(HS_IANA_REGISTRY_DATE, line);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s http-status-codes.csv LAST_UPDATED\n", argv[0]);
		return 2;
	}
	csv_path = argv[1];
	last_updated_path = argv[2];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_registered_code_is_in_the_reference_as_registered),
		cmocka_unit_test(every_iana_row_of_the_reference_is_registered),
		cmocka_unit_test(vendor_codes_sit_in_ranges_iana_left_unassigned),
		cmocka_unit_test(the_registry_date_is_the_copy_s_last_updated),
	};
	return cmocka_run_group_tests(tests, load_registry, NULL);
}
