/*
 * The table of named formats (src/access_log/formats.def) and detection:
 * every row proves it reads its own sample and has a golden sample and a
 * README row; lines that other formats used to misread without an error
 * are read as what they are.
 *
 *   test_formats <tests directory> <README.md>
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "access_log.h"
#include "log_reading.h"

static const char *tests_dir = "tests";
static const char *readme_path = "README.md";

/* ---- the table ---- */

static void every_format_reads_its_sample_by_name_and_by_detection(void **state)
{
	(void)state;
	const char *name, *title, *link, *sample;
	int n = 0;

	for (int i = 0; al_preset_info(i, &name, &title, &link, &sample); i++, n++) {
		struct reading r;

		assert_true(strlen(title) > 0);
		assert_true(strncmp(link, "https://", 8) == 0);
		reading_start(&r, name);
		if (reading_feed(&r, sample))
			fail_msg("%s does not read its sample: %s", name, r.row.error);
		/* Every format logs the request, and all but mod_ssl's request
		 * log its status. */
		assert_string_not_equal(reading_col(&r, AL_PATH), "NULL");
		if (strcmp(name, "ssl_request") != 0)
			assert_string_not_equal(reading_col(&r, AL_STATUS), "NULL");
		reading_finish(&r);
		reading_start(&r, NULL);
		if (reading_feed(&r, sample))
			fail_msg("the sample of %s is not detected: %s", name, r.row.error);
		if (strcmp(reading_kind(&r), name) != 0)
			fail_msg("the sample of %s is detected as %s", name, reading_kind(&r));
		reading_finish(&r);
	}
	assert_true(n > 0);
}

static bool file_exists(const char *dir, const char *name, const char *file)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/formats/%s/%s", dir, name, file);
	return access(path, R_OK) == 0;
}

static void every_format_has_a_golden_sample(void **state)
{
	(void)state;
	const char *name, *title, *link, *sample;

	for (int i = 0; al_preset_info(i, &name, &title, &link, &sample); i++)
		if (!file_exists(tests_dir, name, "input.log") ||
		    !file_exists(tests_dir, name, "expected.txt"))
			fail_msg("no tests/formats/%s/input.log and expected.txt", name);
}

static void the_readme_lists_every_format_with_its_sample(void **state)
{
	(void)state;
	FILE *fp = fopen(readme_path, "r");
	static char text[1 << 20];
	const char *name, *title, *link, *sample;
	char row[512];

	assert_non_null(fp);
	size_t n = fread(text, 1, sizeof(text) - 1, fp);
	text[n] = '\0';
	fclose(fp);
	for (int i = 0; al_preset_info(i, &name, &title, &link, &sample); i++) {
		snprintf(row, sizeof(row), "| `%s` |", name);
		if (!strstr(text, row))
			fail_msg("README has no row '%s'", row);
		/* Samples with tabs are shown with them, in a block of their own. */
		if (!strstr(text, sample))
			fail_msg("README does not show the sample of %s", name);
	}
}

/* ---- what used to be misread ---- */

static void a_vhost_in_front_is_not_glued_to_the_address(void **state)
{
	(void)state;
	struct reading r;

	/* nginx '$host $remote_addr - ...': read as combined, it used to give
	 * remote_addr "www.example.com 192.0.2.12" and no error. */
	reading_start(&r, NULL);
	assert_null(reading_feed(&r, "www.example.com 192.0.2.12 - - [25/Nov/2026:23:42:16 +0000] "
			     "\"GET / HTTP/1.1\" 200 5 \"-\" \"ua\""));
	assert_string_equal(reading_col(&r, AL_REMOTE_ADDR), "192.0.2.12");
	assert_string_equal(reading_col(&r, AL_VHOST), "www.example.com");
	reading_finish(&r);
	/* Debian's vhost_combined, "%v:%p %h %l %u ...". */
	reading_start(&r, NULL);
	assert_null(reading_feed(&r, "www.example.com:443 192.0.2.13 - - [25/Nov/2026:23:42:16 +0000] "
			     "\"GET / HTTP/1.1\" 200 5 \"-\" \"ua\""));
	assert_string_equal(reading_kind(&r), "vcombined");
	assert_string_equal(reading_col(&r, AL_REMOTE_ADDR), "192.0.2.13");
	assert_string_equal(reading_col(&r, AL_VHOST), "www.example.com");
	assert_string_equal(reading_col(&r, AL_USER_AGENT), "ua");
	reading_finish(&r);
}

static void combined_given_by_name_refuses_a_vhost_in_front(void **state)
{
	(void)state;
	struct reading r;

	reading_start(&r, "combined");
	assert_string_equal(reading_feed(&r, "www.example.com 192.0.2.12 - - [25/Nov/2026:23:42:16 +0000] "
				     "\"GET / HTTP/1.1\" 200 5 \"-\" \"ua\""),
			    "remote_addr holds a space: 'www.example.com 192.0.2.12'");
	/* A list of addresses (nginx behind proxies) is still an address. */
	assert_null(reading_feed(&r, "10.0.0.2, 192.0.2.14 - - [25/Nov/2026:23:42:16 +0000] "
			     "\"GET / HTTP/1.1\" 200 5 \"-\" \"ua\""));
	assert_string_equal(reading_col(&r, AL_REMOTE_ADDR), "10.0.0.2, 192.0.2.14");
	reading_finish(&r);
}

static void lighttpds_default_log_is_read_with_its_host(void **state)
{
	(void)state;
	struct reading r;

	reading_start(&r, NULL);
	assert_null(reading_feed(&r, "192.0.2.12 www.example.com - [25/Nov/2026:23:42:16 +0000] "
			     "\"GET / HTTP/1.1\" 200 612 \"-\" \"Mozilla/5.0\""));
	assert_string_equal(reading_kind(&r), "lighttpd");
	assert_string_equal(reading_col(&r, AL_VHOST), "www.example.com");
	assert_string_equal(reading_col(&r, AL_REMOTE_USER), "NULL");
	reading_finish(&r);
}

static void an_ident_that_is_a_user_name_is_read_as_combined(void **state)
{
	(void)state;
	struct reading r;

	reading_start(&r, NULL);
	assert_null(reading_feed(&r, "127.0.0.1 bob frank [10/Oct/2000:13:55:36 -0700] "
			     "\"GET /apache_pb.gif HTTP/1.0\" 200 2326 \"-\" \"ua\""));
	assert_string_equal(reading_kind(&r), "combined_ident");
	assert_string_equal(reading_col(&r, AL_REMOTE_USER), "frank");
	assert_string_equal(reading_col(&r, AL_VHOST), "NULL");
	reading_finish(&r);
}

static void a_file_mixing_common_and_combined_reads_each_line_as_what_it_is(void **state)
{
	(void)state;
	struct reading r;

	reading_start(&r, NULL);
	assert_null(reading_feed(&r, "192.0.2.1 - - [25/Nov/2026:23:42:16 +0000] \"GET /a HTTP/1.1\" 200 5"));
	assert_string_equal(reading_kind(&r), "common");
	/* It used to be read as common, referer and agent put in extra. */
	assert_null(reading_feed(&r, "192.0.2.2 - - [25/Nov/2026:23:42:17 +0000] \"GET /b HTTP/1.1\" 200 5 "
			     "\"https://example.com/\" \"Mozilla/5.0\""));
	assert_string_equal(reading_kind(&r), "combined");
	assert_string_equal(reading_col(&r, AL_REFERER), "https://example.com/");
	assert_string_equal(reading_col(&r, AL_USER_AGENT), "Mozilla/5.0");
	assert_string_equal(reading_col(&r, AL_EXTRA), "NULL");
	assert_null(reading_feed(&r, "192.0.2.3 - - [25/Nov/2026:23:42:18 +0000] \"GET /c HTTP/1.1\" 304 -"));
	assert_string_equal(reading_kind(&r), "common");
	assert_string_equal(reading_col(&r, AL_PATH), "/c");
	reading_finish(&r);
}

static void a_syslog_header_in_front_is_skipped(void **state)
{
	(void)state;
	struct reading r;
	const char *lines[] = {
		"Nov 25 23:42:16 lb1 haproxy[7]: ",
		"<134>Nov  5 23:42:16 haproxy[7]: ",
		"2026-11-25T23:42:16+01:00 lb1 haproxy[7]: ",
		"<134>", /* HAProxy's "short" format */
		/* RFC 5424 escapes ']' and '"' in a parameter value. */
		"<134>1 2026-11-25T23:42:16.000Z lb1 haproxy 7 - [meta x=\"a\\]b\\\"c\"] ",
	};
	char line[512];

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		reading_start(&r, NULL);
		snprintf(line, sizeof(line), "%s192.0.2.22:39540 [25/Nov/2026:23:42:16.584] public "
			 "web/w1 0/0/1/12/13 200 1024 - - ---- 3/3/0/0/0 0/0 \"GET /x HTTP/1.1\"",
			 lines[i]);
		if (reading_feed(&r, line))
			fail_msg("'%s': %s", lines[i], r.row.error);
		assert_string_equal(reading_kind(&r), "haproxy");
		assert_string_equal(reading_col(&r, AL_REMOTE_ADDR), "192.0.2.22");
		assert_string_equal(reading_col(&r, AL_PATH), "/x");
		/* The row's line is the whole line, header and all. */
		assert_int_equal(r.row.len, strlen(line));
		reading_finish(&r);
	}
}

static void a_proxy_status_of_minus_one_is_zero_and_timings_add_up(void **state)
{
	(void)state;
	struct reading r;

	reading_start(&r, "elb");
	assert_null(reading_feed(&r, "2026-11-25T23:42:16.945958Z lb 192.0.2.20:2817 10.0.0.1:80 "
			     "0.25 0.5 0.125 200 200 0 29 \"GET http://www.example.com:80/p?q HTTP/1.1\" "
			     "\"curl\" - -"));
	assert_string_equal(reading_col(&r, AL_REQUEST_TIME), "0.875");
	assert_string_equal(reading_col(&r, AL_PATH), "/p?q");
	assert_string_equal(reading_col(&r, AL_VHOST), "www.example.com");
	assert_null(reading_feed(&r, "2026-11-25T23:42:16.945958Z lb 192.0.2.20:2817 - "
			     "-1 -1 -1 504 0 0 0 \"GET http://www.example.com:80/ HTTP/1.1\" \"-\" - -"));
	assert_string_equal(reading_col(&r, AL_REQUEST_TIME), "NULL");
	reading_finish(&r);
	reading_start(&r, "haproxy");
	assert_null(reading_feed(&r, "192.0.2.22:1 [25/Nov/2026:23:42:16.584] fe be/<NOSRV> -1/-1/-1/-1/0 "
			     "-1 0 - - CC-- 0/0/0/0/0 0/0 \"GET / HTTP/1.1\""));
	assert_string_equal(reading_col(&r, AL_STATUS), "0");
	reading_finish(&r);
}

int main(int argc, char **argv)
{
	if (argc > 2) {
		tests_dir = argv[1];
		readme_path = argv[2];
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_format_reads_its_sample_by_name_and_by_detection),
		cmocka_unit_test(every_format_has_a_golden_sample),
		cmocka_unit_test(the_readme_lists_every_format_with_its_sample),
		cmocka_unit_test(a_vhost_in_front_is_not_glued_to_the_address),
		cmocka_unit_test(combined_given_by_name_refuses_a_vhost_in_front),
		cmocka_unit_test(lighttpds_default_log_is_read_with_its_host),
		cmocka_unit_test(an_ident_that_is_a_user_name_is_read_as_combined),
		cmocka_unit_test(a_file_mixing_common_and_combined_reads_each_line_as_what_it_is),
		cmocka_unit_test(a_syslog_header_in_front_is_skipped),
		cmocka_unit_test(a_proxy_status_of_minus_one_is_zero_and_timings_add_up),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
