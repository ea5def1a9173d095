/*
 * The page the project started from (tests/data/seed_page.txt: RFC 2616's
 * codes and IIS sub-status codes with explanations) is all in the reference:
 * every class, every code, every phrase and every explanation, with the
 * page's typos fixed and its few mistakes corrected on purpose (listed below).
 *
 * usage: test_seed seed_page.txt
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "http_status.h"

#define MAX_FIELDS 256

/* The page is a table of "code | phrase | explanation |" cells. */
static char *page;
static char *fields[MAX_FIELDS];
static size_t field_count;
static const char *page_path;

/* Where the reference differs from the page on purpose. */
static const struct {
	const char *code;
	const char *page_phrase;
	const char *why;
} corrected_phrases[] = {
	{ "401.5", "Unauthorized: Authorization failed by ISAPI/CGI app",
	  "spelled out as Microsoft and the page's own 404.5 line write it" },
	{ "403.14", "Forbidden - Directory Listing Denied",
	  "written like the page's other sub-status phrases" },
	{ "404.1", "Not Found: Logon failed", "the page repeats its 401.x texts: KB 943891" },
	{ "404.2", "Not Found: Logon failed due to server configuration", "likewise" },
	{ "404.3", "Not Found: Unauthorized due to ACL on resource", "likewise" },
	{ "404.4", "Not Found: Authorization failed by filter", "likewise" },
	{ "404.5", "Not Found: Authorization failed by ISAPI/CGI application", "likewise" },
	{ "414", "Request-URL Too Long", "RFC 2616 says Request-URI Too Long" },
};

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int load_page(void **state)
{
	(void)state;
	FILE *f = fopen(page_path, "rb");
	if (f == NULL) {
		perror(page_path);
		return -1;
	}
	page = calloc(1, 1 << 16);
	size_t n = page ? fread(page, 1, (1 << 16) - 1, f) : 0;
	fclose(f);
	char *table = n > 0 ? strstr(page, "EXPLAINATION |") : NULL;
	if (table == NULL)
		return -1;
	table += strlen("EXPLAINATION |");
	field_count = 0;
	for (char *cell = strtok(table, "|"); cell != NULL && field_count < MAX_FIELDS;
	     cell = strtok(NULL, "|"))
		fields[field_count++] = trim(cell);
	/* The last cell is the page's footer, after the table. */
	field_count -= field_count % 3;
	return field_count >= 3 * 60 ? 0 : -1;
}

static int free_page(void **state)
{
	(void)state;
	free(page);
	return 0;
}

/* Folds each run of white space to one space, in place (s is trimmed). */
static void fold_spaces(char *s)
{
	char *out = s;
	bool pending = false;
	for (const char *p = s; *p != '\0'; p++) {
		if (isspace((unsigned char)*p)) {
			pending = true;
			continue;
		}
		if (pending)
			*out++ = ' ';
		pending = false;
		*out++ = *p;
	}
	*out = '\0';
}

static bool has_phrase(const char *code_text, const char *phrase)
{
	struct hs_code code;
	if (!hs_parse_text(code_text, strlen(code_text), &code))
		return false;
	const struct hs_entry *e = hs_lookup(code);
	if (e != NULL && strcasecmp(e->reason, phrase) == 0)
		return true;
	for (size_t i = 0; i < hs_phrase_count(); i++) {
		const struct hs_phrase *p = hs_phrase_at(i);
		if (p->status == code.status && p->substatus == code.substatus &&
		    strcasecmp(p->reason, phrase) == 0)
			return true;
	}
	return false;
}

/* The share of the page's words (3 letters or more) found in ours. */
static double words_kept(const char *page_text, const char *ours)
{
	int total = 0, kept = 0;
	const char *p = page_text;
	while (*p != '\0') {
		while (*p != '\0' && !isalnum((unsigned char)*p))
			p++;
		const char *start = p;
		while (isalnum((unsigned char)*p))
			p++;
		size_t len = (size_t)(p - start);
		if (len < 3)
			continue;
		total++;
		for (const char *q = ours; *q != '\0'; q++) {
			if (strncasecmp(q, start, len) == 0 &&
			    (q == ours || !isalnum((unsigned char)q[-1])) &&
			    !isalnum((unsigned char)q[len])) {
				kept++;
				break;
			}
		}
	}
	return total == 0 ? 1.0 : (double)kept / total;
}

/* The explanation of a code: its entry's description, or RFC 2616's where
 * the current description follows RFC 9110 (former_description), or for a
 * code whose current meaning differs from the page's, the former phrase that
 * keeps the page's. */
static bool explanation_is_kept(const struct hs_code code, const char *page_text)
{
	const struct hs_entry *e = hs_lookup(code);
	if (e != NULL && words_kept(page_text, e->description) >= 0.9)
		return true;
	if (e != NULL && e->former_description != NULL &&
	    words_kept(page_text, e->former_description) >= 0.9)
		return true;
	for (size_t i = 0; i < hs_phrase_count(); i++) {
		const struct hs_phrase *p = hs_phrase_at(i);
		if (p->status == code.status && p->substatus == code.substatus &&
		    p->description != NULL && words_kept(page_text, p->description) >= 0.9)
			return true;
	}
	return false;
}

static void every_code_of_the_page_is_in_the_reference(void **state)
{
	(void)state;
	int codes = 0;
	for (size_t i = 0; i < field_count; i += 3) {
		char code_text[16];
		snprintf(code_text, sizeof(code_text), "%s", fields[i]);
		if (strstr(code_text, "xx") != NULL)
			continue;
		char *colon = strchr(code_text, ':'); /* the page writes 404:1 for 404.1 */
		if (colon != NULL)
			*colon = '.';
		struct hs_code code;
		if (!hs_parse_text(code_text, strlen(code_text), &code) || hs_lookup(code) == NULL)
			fail_msg("the page's %s is not in the reference", fields[i]);
		codes++;
	}
	assert_int_equal(codes, 64);
}

static void every_phrase_of_the_page_is_kept_or_corrected_on_purpose(void **state)
{
	(void)state;
	for (size_t i = 0; i < field_count; i += 3) {
		if (strstr(fields[i], "xx") != NULL)
			continue;
		char code_text[16], phrase[256];
		snprintf(code_text, sizeof(code_text), "%s", fields[i]);
		char *colon = strchr(code_text, ':');
		if (colon != NULL)
			*colon = '.';
		snprintf(phrase, sizeof(phrase), "%s", fields[i + 1]);
		fold_spaces(phrase);
		bool corrected = false;
		for (size_t c = 0; c < sizeof(corrected_phrases) / sizeof(corrected_phrases[0]); c++)
			corrected |= strcmp(corrected_phrases[c].code, code_text) == 0 &&
			             strcmp(corrected_phrases[c].page_phrase, phrase) == 0;
		if (!corrected && !has_phrase(code_text, phrase))
			fail_msg("%s: the page's phrase '%s' is neither kept nor corrected", code_text, phrase);
	}
}

static void every_explanation_of_the_page_is_kept(void **state)
{
	(void)state;
	for (size_t i = 0; i < field_count; i += 3) {
		const char *text = fields[i + 2];
		if (strstr(fields[i], "xx") != NULL) {
			int first = (fields[i][0] - '0') * 100;
			if (words_kept(text, hs_class_description(first)) < 0.9)
				fail_msg("class %s: the page's explanation is not kept", fields[i]);
			if (strcasecmp(hs_class_name(first), fields[i + 1]) != 0)
				fail_msg("class %s is '%s' on the page", fields[i], fields[i + 1]);
			continue;
		}
		char code_text[16];
		snprintf(code_text, sizeof(code_text), "%s", fields[i]);
		char *colon = strchr(code_text, ':');
		if (colon != NULL)
			*colon = '.';
		struct hs_code code;
		assert_true(hs_parse_text(code_text, strlen(code_text), &code));
		if (!explanation_is_kept(code, text))
			fail_msg("%s: the page's explanation is not kept", code_text);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s seed_page.txt\n", argv[0]);
		return 2;
	}
	page_path = argv[1];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_code_of_the_page_is_in_the_reference),
		cmocka_unit_test(every_phrase_of_the_page_is_kept_or_corrected_on_purpose),
		cmocka_unit_test(every_explanation_of_the_page_is_kept),
	};
	return cmocka_run_group_tests(tests, load_page, free_page);
}
