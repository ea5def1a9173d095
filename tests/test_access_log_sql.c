/*
 * access_log() as a user meets it: an in-memory database with the extension,
 * SQL over the sample logs in tests/logs.
 *
 *   test_access_log_sql <tests/logs directory>
 */
#define _GNU_SOURCE /* mkdtemp() */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

int sqlite3_httpstatus_init(sqlite3 *db, char **err, const void *api);

static const char *logs_dir = "tests/logs";

static int open_db(void **state)
{
	sqlite3 *db;
	char *err = NULL;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return -1;
	if (sqlite3_httpstatus_init(db, &err, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s\n", err ? err : "init failed");
		sqlite3_free(err);
		sqlite3_close(db);
		return -1;
	}
	*state = db;
	return 0;
}

static int close_db(void **state)
{
	return sqlite3_close(*state) == SQLITE_OK ? 0 : -1;
}

/* SQL with "@/" replaced by the logs directory and a slash. */
static char *sql_of(const char *sql)
{
	static char out[8192];
	size_t o = 0;

	for (const char *p = sql; *p && o < sizeof(out) - 512; p++) {
		if (p[0] == '@' && p[1] == '/') {
			o += (size_t)snprintf(out + o, sizeof(out) - o, "%s", logs_dir);
			continue;
		}
		out[o++] = *p;
	}
	out[o] = '\0';
	return out;
}

/* All rows of a query, columns joined by '|' and rows by '\n'; NULL as "NULL". */
static char *rows(sqlite3 *db, const char *sql)
{
	static char out[16384];
	sqlite3_stmt *stmt;
	size_t o = 0;
	int rc;

	out[0] = '\0';
	if (sqlite3_prepare_v2(db, sql_of(sql), -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (o > 0)
			out[o++] = '\n';
		for (int i = 0; i < sqlite3_column_count(stmt); i++) {
			const unsigned char *t = sqlite3_column_text(stmt, i);
			o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s",
					      i ? "|" : "", t ? (const char *)t : "NULL");
		}
	}
	if (rc != SQLITE_DONE)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_finalize(stmt), SQLITE_OK);
	return out;
}

/* The error message a query fails with (at prepare or step). */
static const char *error_of(sqlite3 *db, const char *sql)
{
	static char msg[1024];
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(db, sql_of(sql), -1, &stmt, NULL);

	if (rc == SQLITE_OK) {
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
			;
		sqlite3_finalize(stmt);
	}
	if (rc == SQLITE_OK || rc == SQLITE_DONE)
		fail_msg("%s: no error", sql);
	snprintf(msg, sizeof(msg), "%s", sqlite3_errmsg(db));
	return msg;
}

static void a_combined_log_reads_into_typed_columns(void **state)
{
	sqlite3 *db = *state;

	assert_string_equal(rows(db, "SELECT count(*) FROM access_log('@/combined.log')"), "6");
	assert_string_equal(
		rows(db, "SELECT remote_addr, remote_user, time, method, path, protocol, status, "
			 "bytes, referer, user_agent FROM access_log('@/combined.log') WHERE rowid = 2"),
		"192.0.2.11|alice|2026-11-25T23:42:17+01:00|POST|/api/items|HTTP/2.0|201|48|"
		"https://example.com/form|Mozilla/5.0 (X11; Linux x86_64)");
	assert_string_equal(
		rows(db, "SELECT typeof(status), typeof(bytes), typeof(time), typeof(request_time) "
			 "FROM access_log('@/combined.log') WHERE rowid = 1"),
		"integer|integer|text|null");
}

static void times_work_with_sqlite_date_functions(void **state)
{
	sqlite3 *db = *state;

	/* 23:42:17+01:00 is 22:42:17 UTC. */
	assert_string_equal(
		rows(db, "SELECT datetime(time) FROM access_log('@/combined.log') WHERE rowid = 2"),
		"2026-11-25 22:42:17");
}

static void garbage_request_keeps_the_other_fields(void **state)
{
	sqlite3 *db = *state;

	assert_string_equal(
		rows(db, "SELECT method, path, status, bytes, error FROM access_log('@/combined.log') "
			 "WHERE rowid = 4"),
		"NULL|NULL|400|157|NULL");
}

static void every_bad_line_is_a_row_with_its_reason(void **state)
{
	sqlite3 *db = *state;

	assert_string_equal(
		rows(db, "SELECT rowid, typeof(line), coalesce(error, 'ok'), coalesce(status, '-') "
			 "FROM access_log('@/bad.log')"),
		"1|text|ok|200\n"
		"2|text|expected '\" ' after request|-\n"
		"3|blob|invalid UTF-8 at offset 4|-\n"
		"4|blob|NUL byte at offset 50|-\n"
		"5|blob|invalid UTF-8 at offset 50|-\n"
		"6|text|ok|200\n"
		"7|text|empty line|-\n"
		"8|text|time_local is not a time: '32/Nov/2026:23:42:16 +0000'|-\n"
		"9|text|status is not a number: 'OK'|-\n"
		"10|text|expected ' - ' after remote_addr|-\n"
		"11|text|ok|200");
	/* The CR of a CRLF line is gone; a blob keeps every byte. */
	assert_string_equal(rows(db, "SELECT length(line) FROM access_log('@/bad.log') WHERE rowid IN (1, 6)"),
			    "75\n75");
	assert_string_equal(rows(db, "SELECT hex(substr(line, 1, 5)) FROM access_log('@/bad.log') WHERE rowid = 3"),
			    "16030102FC");
}

static void a_line_over_one_mib_is_cut_and_reading_goes_on(void **state)
{
	sqlite3 *db = *state;
	char dir[] = "/tmp/test_access_log_sql.XXXXXX";
	char path[128], sql[512], cmd[160];

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/long.log", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	for (int i = 0; i < 3 * 1024 * 1024; i++)
		assert_int_not_equal(fputc('x', f), EOF);
	assert_int_not_equal(fputs("\n1.2.3.4 - - [25/Nov/2026:23:42:16 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\"\n", f), EOF);
	assert_int_equal(fclose(f), 0);

	snprintf(sql, sizeof(sql),
		 "SELECT rowid, length(line), coalesce(error, 'ok'), coalesce(status, '-') "
		 "FROM access_log('%s')", path);
	assert_string_equal(rows(db, sql),
			    "1|1048576|line too long: 3145728 bytes, over the limit of 1048576; "
			    "line holds its first 1048576 bytes|-\n"
			    "2|72|ok|200");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void a_glob_reads_rotations_in_order_gzip_included(void **state)
{
	sqlite3 *db = *state;

	assert_string_equal(
		rows(db, "SELECT replace(file, '@/', ''), rowid, path FROM access_log('@/rotated.log*')"),
		"rotated.log|1|/now\n"
		"rotated.log.1|1|/yesterday\n"
		"rotated.log.2.gz|1|/two-days\n"
		"rotated.log.2.gz|2|/two-days-2\n"
		"rotated.log.10.gz|1|/ten-days");
}

static void iis_w3c_log_with_a_fields_change_mid_file(void **state)
{
	sqlite3 *db = *state;

	assert_string_equal(
		rows(db, "SELECT rowid, time, path, status, substatus, bytes, request_time, vhost, user_agent "
			 "FROM access_log('@/iis_w3c.log') WHERE status IS NOT NULL"),
		"5|2026-11-25T00:00:01+00:00|/default.aspx?id=7&q=a+b|200|0|NULL|0.015|NULL|"
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)\n"
		"6|2026-11-25T00:00:02+00:00|/secret|403|14|NULL|0.25|NULL|Mozilla/5.0 (Windows NT 10.0)\n"
		"11|2026-11-25T01:00:00+00:00|/big.iso|200|0|734003200|91.0|www.example.com|NULL");
	/* Directive lines are rows too, with no columns and no error. */
	assert_string_equal(
		rows(db, "SELECT count(*), count(error) FROM access_log('@/iis_w3c.log') WHERE line LIKE '#%'"),
		"8|0");
}

static void custom_formats_put_other_fields_in_extra(void **state)
{
	sqlite3 *db = *state;

	assert_string_equal(
		rows(db, "SELECT vhost, request_time, extra ->> 'upstream_addr' FROM access_log('@/nginx_custom.log', "
			 "'$remote_addr $host [$time_local] \"$request\" $status $body_bytes_sent $request_time "
			 "\"$upstream_addr\" \"$http_x_forwarded_for\"')"),
		"example.org|0.25|10.1.1.1:8080");
	assert_string_equal(
		rows(db, "SELECT request_time, vhost, json_extract(extra, '$.http_x_forwarded_for') "
			 "FROM access_log('@/apache_custom.log', "
			 "'%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\" %D %v %{X-Forwarded-For}i')"),
		"0.0015|shop.example.com|198.51.100.1");
}

static void apache_escapes_are_decoded(void **state)
{
	sqlite3 *db = *state;

	assert_string_equal(
		rows(db, "SELECT path, user_agent FROM access_log('@/apache_combined.log')"),
		"/a\"b\\c|Mozilla/4.08 \"quoted\" agent");
}

static void files_that_cannot_be_read_are_errors_naming_them(void **state)
{
	sqlite3 *db = *state;

	assert_string_equal(error_of(db, "SELECT * FROM access_log('/nonexistent/access.log')"),
			    "access_log: cannot open '/nonexistent/access.log': No such file or directory");
	assert_non_null(strstr(error_of(db, "SELECT * FROM access_log('@/')"), "Is a directory"));
	assert_string_equal(error_of(db, "SELECT * FROM access_log('/nonexistent/*.log')"),
			    "access_log: no file matches '/nonexistent/*.log'");
}

static void an_unknown_format_is_an_error_naming_it(void **state)
{
	sqlite3 *db = *state;

	assert_non_null(strstr(error_of(db, "SELECT * FROM access_log('@/combined.log', 'nginx-default')"),
			       "unknown format 'nginx-default'"));
}

static void a_path_is_required_and_a_null_path_reads_nothing(void **state)
{
	sqlite3 *db = *state;

	assert_non_null(strstr(error_of(db, "SELECT * FROM access_log"), "access_log() needs a file"));
	assert_string_equal(rows(db, "SELECT count(*) FROM access_log(NULL)"), "0");
}

static void arguments_may_come_from_another_table(void **state)
{
	sqlite3 *db = *state;

	assert_string_equal(
		rows(db, "SELECT f.name, count(*) FROM (SELECT '@/combined.log' AS p, 'combined' AS name "
			 "UNION ALL SELECT '@/common.log', 'common') AS f, access_log(f.p) GROUP BY 1 ORDER BY 1"),
		"combined|6\ncommon|2");
}

static void group_by_status_needs_no_sorter_and_gives_the_same_groups(void **state)
{
	sqlite3 *db = *state;
	char expected[1024];

	/* "+status" is an expression: that plan goes through SQLite's sorter. */
	snprintf(expected, sizeof(expected), "%s",
		 rows(db, "SELECT status, count(*), group_concat(rowid) FROM access_log('@/bad.log') GROUP BY +status"));
	assert_string_equal(expected, "NULL|8|2,3,4,5,7,8,9,10\n200|3|1,6,11");
	assert_string_equal(
		rows(db, "SELECT status, count(*), group_concat(rowid) FROM access_log('@/bad.log') GROUP BY status"),
		expected);
	assert_string_equal(rows(db, "SELECT status, count(*) FROM access_log('@/combined.log') GROUP BY status"),
			    "200|2\n201|1\n301|1\n400|1\n404|1");
	assert_null(strstr(rows(db, "EXPLAIN QUERY PLAN SELECT status, count(*) FROM access_log('@/combined.log') "
				    "GROUP BY status"),
			   "TEMP B-TREE"));
	/* Another column used: the plain scan and the sorter. */
	assert_non_null(strstr(rows(db, "EXPLAIN QUERY PLAN SELECT status, max(bytes) FROM access_log('@/combined.log') "
					"GROUP BY status"),
			       "TEMP B-TREE"));
}

static void rowids_stay_exact_when_read_only_in_some_groups(void **state)
{
	sqlite3 *db = *state;

	/* rowid is first read in the middle of the 200 group. */
	assert_string_equal(
		rows(db, "SELECT status, count(*), group_concat(CASE WHEN status = 200 THEN rowid END) "
			 "FROM access_log('@/rotated.log*') GROUP BY status"),
		"200|4|1,1,1,1\n404|1|NULL");
	assert_string_equal(
		rows(db, "SELECT status, rowid FROM access_log('@/combined.log') ORDER BY status"),
		"200|1\n200|6\n201|2\n301|5\n400|4\n404|3");
}

static void a_view_or_trigger_cannot_call_it(void **state)
{
	sqlite3 *db = *state;

	/* SQLITE_VTAB_DIRECTONLY: a database file could otherwise make a
	 * victim's query read any file. */
	assert_int_equal(sqlite3_exec(db, sql_of("CREATE VIEW v AS SELECT * FROM access_log('@/combined.log')"),
				      NULL, NULL, NULL), SQLITE_OK);
	assert_non_null(strstr(error_of(db, "SELECT * FROM v"), "unsafe use of virtual table"));
	assert_int_equal(sqlite3_exec(db, "DROP VIEW v", NULL, NULL, NULL), SQLITE_OK);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		logs_dir = argv[1];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_combined_log_reads_into_typed_columns),
		cmocka_unit_test(times_work_with_sqlite_date_functions),
		cmocka_unit_test(garbage_request_keeps_the_other_fields),
		cmocka_unit_test(every_bad_line_is_a_row_with_its_reason),
		cmocka_unit_test(a_line_over_one_mib_is_cut_and_reading_goes_on),
		cmocka_unit_test(a_glob_reads_rotations_in_order_gzip_included),
		cmocka_unit_test(iis_w3c_log_with_a_fields_change_mid_file),
		cmocka_unit_test(custom_formats_put_other_fields_in_extra),
		cmocka_unit_test(apache_escapes_are_decoded),
		cmocka_unit_test(files_that_cannot_be_read_are_errors_naming_them),
		cmocka_unit_test(an_unknown_format_is_an_error_naming_it),
		cmocka_unit_test(a_path_is_required_and_a_null_path_reads_nothing),
		cmocka_unit_test(arguments_may_come_from_another_table),
		cmocka_unit_test(group_by_status_needs_no_sorter_and_gives_the_same_groups),
		cmocka_unit_test(rowids_stay_exact_when_read_only_in_some_groups),
		cmocka_unit_test(a_view_or_trigger_cannot_call_it),
	};
	return cmocka_run_group_tests(tests, open_db, close_db);
}
