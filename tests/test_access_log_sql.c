/*
 * access_log() as a user meets it: an in-memory database with the extension,
 * SQL over the sample logs in tests/logs.
 *
 *   test_access_log_sql <tests/logs directory>
 */
#define _GNU_SOURCE /* mkdtemp(), setresuid() */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>
#include <zlib.h>

#include "extension_fixture.h"

static const char *logs_dir = "tests/logs";

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
			    "1|1048576|line too long: over the limit of 1048576 bytes; "
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

/* The README's join for IIS logs keeps every line: a sub-status of 0 is the
 * plain code, so "200 0" finds 200. Both joins count every request. */
static void an_iis_log_joined_to_the_reference_keeps_every_line(void **state)
{
	sqlite3 *db = *state;
	const char *logs[] = { "@/iis_w3c.log", "@/sample_reports_iis.log" };
	for (size_t i = 0; i < 2; i++) {
		char sql[1024], all[32];
		snprintf(sql, sizeof(sql),
		         "SELECT count(*) FROM access_log('%s') WHERE status IS NOT NULL", logs[i]);
		snprintf(all, sizeof(all), "%s", rows(db, sql));
		assert_true(atoi(all) > 0);
		snprintf(sql, sizeof(sql),
		         "SELECT count(*) FROM access_log('%s') AS l "
		         "JOIN http_status h ON h.code = l.status || '.' || l.substatus", logs[i]);
		assert_string_equal(rows(db, sql), all);
		snprintf(sql, sizeof(sql),
		         "SELECT count(*) FROM access_log('%s') AS l "
		         "JOIN http_status h ON h.code = l.status", logs[i]);
		assert_string_equal(rows(db, sql), all);
	}
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

static void or_terms_in_where_read_the_file_once_and_filter(void **state)
{
	sqlite3 *db = *state;

	/* The planner asks about a plan per OR term, without the path: such
	 * a plan must be priced out, not fail the statement. */
	assert_string_equal(rows(db, "SELECT count(*) FROM access_log('@/combined.log') "
				     "WHERE status = 404 OR status = 201"),
			    rows(db, "SELECT count(*) FROM access_log('@/combined.log') "
				     "WHERE status IN (404, 201)"));
	assert_string_equal(rows(db, "SELECT group_concat(rowid) FROM access_log('@/combined.log') "
				     "WHERE rowid = 2 OR rowid = 5"),
			    "2,5");
	assert_string_equal(rows(db, "SELECT count(*) FROM access_log('@/combined.log') "
				     "WHERE (status >= 500 OR status < 300) AND (path LIKE '/api%' OR method = 'POST')"),
			    rows(db, "SELECT count(*) FROM access_log('@/combined.log') "
				     "WHERE +status NOT BETWEEN 300 AND 499 AND (+path LIKE '/api%' OR +method = 'POST')"));
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


static void combined_followed_by_more_fields_is_detected_with_them_in_extra(void **state)
{
	sqlite3 *db = *state;

	/* RHEL's nginx "main": combined + "$http_x_forwarded_for". */
	assert_string_equal(
		rows(db, "SELECT rowid, status, user_agent, extra ->> 0, request_time "
			 "FROM access_log('@/centos_main.log')"),
		"1|200|curl/7.76.1|NULL|NULL\n"
		"2|200|Mozilla/5.0 (X11; Linux x86_64)|203.0.113.9|NULL\n"
		"3|302|Agent \"q\"|198.51.100.7, 10.0.0.1|NULL\n"
		"4|404|curl/7.76.1|\"spoofed\"|NULL");
	/* combined + $request_time: a number as text, for the user to name. */
	assert_string_equal(
		rows(db, "SELECT extra, typeof(extra ->> 0), round(CAST(extra ->> 0 AS REAL) * 1000), "
			 "request_time FROM access_log('@/request_time.log')"),
		"[\"0.154\"]|text|154.0|NULL\n"
		"[\"60.001\"]|text|60001.0|NULL");
	/* Two fields, plain or quoted; garbage after the agent is an error. */
	assert_string_equal(
		rows(db, "SELECT rowid, extra ->> 0, extra ->> 1, json_array_length(extra), "
			 "coalesce(error, 'ok') FROM access_log('@/two_trailing.log')"),
		"1|0.031|0.030|2|ok\n"
		"2|0.000|NULL|2|ok\n"
		"3|10.1.1.1:8080|0.012|2|ok\n"
		"4|NULL|NULL|NULL|ok\n"
		"5|NULL|NULL|NULL|not space-separated fields after http_user_agent: 'junk\"here'\n"
		"6|NULL|NULL|NULL|not space-separated fields after http_user_agent: 'garbage'\n"
		"7|NULL|NULL|NULL|not space-separated fields after http_user_agent: '\"unterminated'");
	assert_string_equal(rows(db, "SELECT extra ->> 0, bytes FROM access_log('@/common_extra.log')"),
			    "0.002|612\n0.001|NULL");
	/* Named 'combined', the format reads what detection reads: the user
	 * agent ends at its quote and the fields after it go to extra. */
	assert_string_equal(
		rows(db, "SELECT user_agent, extra FROM access_log('@/centos_main.log', 'combined') "
			 "WHERE rowid = 2"),
		"Mozilla/5.0 (X11; Linux x86_64)|[\"203.0.113.9\"]");
}

/* ---- Files that misbehave ---------------------------------------------- */

/* A directory of its own for a test's files, removed at its end. */
struct tmp {
	char dir[64];
	char path[8][128];
	int n;
};

static void tmp_make(struct tmp *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->dir, sizeof(t->dir), "/tmp/test_access_log_sql.XXXXXX");
	assert_non_null(mkdtemp(t->dir));
}

static const char *tmp_path(struct tmp *t, const char *name)
{
	size_t d = strlen(t->dir), k = strlen(name);
	assert_true(t->n < 8 && d + 1 + k < sizeof(t->path[0]));
	char *out = t->path[t->n++];
	memcpy(out, t->dir, d);
	out[d] = '/';
	memcpy(out + d + 1, name, k + 1);
	return out;
}

static void tmp_remove(struct tmp *t)
{
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
}

/* Line n of a test log: its path is "/n" and its status 200 or 404. */
static int log_line(char *out, size_t cap, int n)
{
	return snprintf(out, cap,
			"192.0.2.%d - - [25/Nov/2026:23:42:16 +0000] \"GET /%d HTTP/1.1\" "
			"%d %d \"-\" \"curl/8.5.0\"\n",
			n % 250, n, n % 2 ? 200 : 404, n * 7);
}

/* Appends lines first..last, each with one write(2) as nginx does. */
static void append_lines(const char *path, int first, int last)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	for (int n = first; n <= last; n++) {
		char line[256];
		int len = log_line(line, sizeof(line), n);
		assert_int_equal(write(fd, line, (size_t)len), len);
	}
	assert_int_equal(close(fd), 0);
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql, const char *a, const char *b)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_bind_text(stmt, 1, a, -1, SQLITE_TRANSIENT), SQLITE_OK);
	if (b)
		assert_int_equal(sqlite3_bind_text(stmt, 2, b, -1, SQLITE_TRANSIENT), SQLITE_OK);
	return stmt;
}

/* One step: SQLITE_ROW with the row as "a|b|..." in out, or the code. */
static int step(sqlite3_stmt *stmt, char *out, size_t cap)
{
	int rc = sqlite3_step(stmt);
	size_t o = 0;

	out[0] = '\0';
	for (int i = 0; rc == SQLITE_ROW && i < sqlite3_column_count(stmt); i++) {
		const unsigned char *t = sqlite3_column_text(stmt, i);
		o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? "|" : "",
				      t ? (const char *)t : "NULL");
	}
	return rc;
}

/* Steps to the end: the rows joined by '\n' in out; returns the last code. */
static int step_all(sqlite3_stmt *stmt, char *out, size_t cap)
{
	char row[512];
	size_t o = strlen(out);
	int rc;

	while ((rc = step(stmt, row, sizeof(row))) == SQLITE_ROW)
		o += (size_t)snprintf(out + o, cap - o, "%s%s", o ? "\n" : "", row);
	return rc;
}

static void an_empty_file_gives_no_rows_and_no_error(void **state)
{
	sqlite3 *db = *state;
	struct tmp t;
	char sql[512];

	tmp_make(&t);
	const char *empty = tmp_path(&t, "access.log");
	append_lines(empty, 1, 0);
	snprintf(sql, sizeof(sql), "SELECT count(*), count(error) FROM access_log('%s')", empty);
	assert_string_equal(rows(db, sql), "0|0");
	/* In a glob it adds nothing and stops nothing. */
	append_lines(tmp_path(&t, "access.log.1"), 1, 2);
	snprintf(sql, sizeof(sql), "SELECT count(*), count(error) FROM access_log('%s*')", empty);
	assert_string_equal(rows(db, sql), "2|0");
	tmp_remove(&t);
}

static void dev_null_gives_no_rows(void **state)
{
	sqlite3 *db = *state;

	assert_string_equal(rows(db, "SELECT count(*) FROM access_log('/dev/null')"), "0");
	assert_string_equal(rows(db, "SELECT count(*) FROM access_log('/dev/null', 'w3c')"), "0");
}

static void a_directory_is_an_error_naming_it(void **state)
{
	sqlite3 *db = *state;
	struct tmp t;
	char sql[512], want[512];

	tmp_make(&t);
	snprintf(sql, sizeof(sql), "SELECT * FROM access_log('%s')", t.dir);
	snprintf(want, sizeof(want), "access_log: cannot open '%s': Is a directory", t.dir);
	assert_string_equal(error_of(db, sql), want);
	tmp_remove(&t);
}

/* The query's error in a child process that has given up root (uid and
 * gid 65534), so that file permissions apply to it. Returns 77 when the
 * child cannot drop privileges, else 0 when the error was want. The child
 * closes the parent's connection too, so a leak checker run on the child
 * (valgrind follows forks) finds nothing held at its exit. */
static int error_as_nobody(sqlite3 *parent_db, const char *sql, const char *want)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		sqlite3 *db;
		char *err = NULL;
		if (sqlite3_close(parent_db) != SQLITE_OK)
			_exit(2);
		if (setgroups(0, NULL) != 0 || setresgid(65534, 65534, 65534) != 0 ||
		    setresuid(65534, 65534, 65534) != 0)
			_exit(77);
		if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
		    sqlite3_httpstatus_init(db, &err, NULL) != SQLITE_OK)
			_exit(2);
		int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
		int verdict = 0;
		if (rc != SQLITE_ERROR || err == NULL || strcmp(err, want) != 0) {
			fprintf(stderr, "as uid 65534: rc %d, error '%s', expected '%s'\n", rc,
				err ? err : "(none)", want);
			verdict = 1;
		}
		sqlite3_free(err);
		if (sqlite3_close(db) != SQLITE_OK)
			verdict = 2;
		_exit(verdict);
	}
	assert_true(pid > 0);
	while (waitpid(pid, &status, 0) < 0)
		assert_int_equal(errno, EINTR);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void a_file_without_read_permission_is_an_error_naming_it(void **state)
{
	sqlite3 *db = *state;
	struct tmp t;
	char sql[512], want[512];

	tmp_make(&t);
	const char *secret = tmp_path(&t, "secret.log");
	append_lines(secret, 1, 2);
	assert_int_equal(chmod(secret, 0), 0);
	snprintf(sql, sizeof(sql), "SELECT * FROM access_log('%s')", secret);
	snprintf(want, sizeof(want), "access_log: cannot open '%s': Permission denied", secret);
	if (geteuid() != 0) {
		assert_string_equal(error_of(db, sql), want);
	} else {
		/* Root reads any file: the check runs in a child that is not
		 * root, where the directory must let it in. */
		assert_int_equal(chmod(t.dir, 0755), 0);
		int rc = error_as_nobody(db, sql, want);
		if (rc == 77) {
			print_message("note: running as root and unable to drop privileges: "
				      "the permission check is not tested, an unopenable path is\n");
			snprintf(sql, sizeof(sql), "SELECT * FROM access_log('%s/x')", secret);
			snprintf(want, sizeof(want), "access_log: cannot open '%s/x': Not a directory",
				 secret);
			assert_string_equal(error_of(db, sql), want);
		} else {
			assert_int_equal(rc, 0);
		}
	}
	tmp_remove(&t);
}

static void a_file_that_grows_while_it_is_read_gives_each_whole_line_once(void **state)
{
	sqlite3 *db = *state;
	struct tmp t;
	char row[512], all[4096] = "";

	tmp_make(&t);
	const char *log = tmp_path(&t, "access.log");
	append_lines(log, 1, 3);
	sqlite3_stmt *stmt = prepare(db, "SELECT rowid, path, coalesce(error, 'ok') "
					 "FROM access_log(?1)", log, NULL);
	assert_int_equal(step(stmt, row, sizeof(row)), SQLITE_ROW);
	assert_string_equal(row, "1|/1|ok");
	/* Appended before the reader reached the end: read in this scan. */
	append_lines(log, 4, 5);
	assert_int_equal(step(stmt, row, sizeof(row)), SQLITE_ROW);
	assert_string_equal(row, "2|/2|ok");
	append_lines(log, 6, 6);
	assert_int_equal(step_all(stmt, all, sizeof(all)), SQLITE_DONE);
	assert_string_equal(all, "3|/3|ok\n4|/4|ok\n5|/5|ok\n6|/6|ok");
	assert_int_equal(sqlite3_finalize(stmt), SQLITE_OK);
	tmp_remove(&t);
}

static void lines_appended_after_a_file_was_read_to_its_end_wait_for_the_next_query(void **state)
{
	sqlite3 *db = *state;
	struct tmp t;
	char row[512], all[4096] = "", pattern[160];

	tmp_make(&t);
	const char *a = tmp_path(&t, "a.log"), *b = tmp_path(&t, "b.log");
	append_lines(a, 1, 2);
	append_lines(b, 11, 12);
	snprintf(pattern, sizeof(pattern), "%s/*.log", t.dir);
	sqlite3_stmt *stmt = prepare(db, "SELECT substr(file, -5), rowid, path FROM access_log(?1)",
				     pattern, NULL);
	assert_int_equal(step(stmt, row, sizeof(row)), SQLITE_ROW);
	assert_int_equal(step(stmt, row, sizeof(row)), SQLITE_ROW);
	assert_int_equal(step(stmt, row, sizeof(row)), SQLITE_ROW);
	assert_string_equal(row, "b.log|1|/11");
	/* a.log was read to its end: what it gains now is not in this scan;
	 * b.log's end was not reached yet, so its new line is. */
	append_lines(a, 3, 3);
	append_lines(b, 13, 13);
	assert_int_equal(step_all(stmt, all, sizeof(all)), SQLITE_DONE);
	assert_string_equal(all, "b.log|2|/12\nb.log|3|/13");
	assert_int_equal(sqlite3_reset(stmt), SQLITE_OK);
	all[0] = '\0';
	assert_int_equal(step_all(stmt, all, sizeof(all)), SQLITE_DONE);
	assert_string_equal(all, "a.log|1|/1\na.log|2|/2\na.log|3|/3\n"
				 "b.log|1|/11\nb.log|2|/12\nb.log|3|/13");
	assert_int_equal(sqlite3_finalize(stmt), SQLITE_OK);
	tmp_remove(&t);
}

/* Every row "rowid|path|ok" with path "/rowid": whole lines of the file.
 * Returns how many; no row at all fails. */
static int check_whole_lines(const char *all)
{
	int n = 0;

	if (*all == '\0')
		fail_msg("no row: not even the lines before the damage came back");

	for (const char *p = all; *p;) {
		int rowid, path, used = 0;
		if (sscanf(p, "%d|/%d|ok%n", &rowid, &path, &used) != 2 || used == 0)
			fail_msg("not a whole line of the file: %.60s", p);
		assert_int_equal(rowid, ++n);
		assert_int_equal(path, n);
		p += used;
		if (*p == '\n')
			p++;
		else
			assert_int_equal(*p, '\0');
	}
	return n;
}

static void a_file_truncated_while_it_is_read_ends_in_an_error_naming_it(void **state)
{
	sqlite3 *db = *state;
	struct tmp t;
	char row[512], want[512];
	static char all[1 << 20];

	tmp_make(&t);
	/* Small: the lines were read before the truncation; then logrotate's
	 * copytruncate empties the file and the server writes on. */
	const char *small = tmp_path(&t, "small.log");
	append_lines(small, 1, 5);
	struct stat st;
	assert_int_equal(stat(small, &st), 0);
	sqlite3_stmt *stmt = prepare(db, "SELECT rowid, path, coalesce(error, 'ok') "
					 "FROM access_log(?1)", small, NULL);
	assert_int_equal(step(stmt, row, sizeof(row)), SQLITE_ROW);
	assert_int_equal(truncate(small, 0), 0);
	append_lines(small, 100, 101);
	all[0] = '\0';
	assert_int_equal(step_all(stmt, all, sizeof(all)), SQLITE_ERROR);
	assert_string_equal(all, "2|/2|ok\n3|/3|ok\n4|/4|ok\n5|/5|ok");
	struct stat now;
	assert_int_equal(stat(small, &now), 0);
	snprintf(want, sizeof(want),
		 "access_log: cannot read '%s': file truncated while it was read "
		 "(from %lld to %lld bytes)",
		 small, (long long)st.st_size, (long long)now.st_size);
	assert_string_equal(sqlite3_errmsg(db), want);
	assert_int_equal(sqlite3_finalize(stmt), SQLITE_ERROR);

	/* Large: cut in the middle of a line past what the reader holds. The
	 * lines before the cut come whole, the torn one does not come. */
	const char *large = tmp_path(&t, "large.log");
	FILE *f = fopen(large, "w");
	assert_non_null(f);
	long cut = 3L * 1024 * 1024 + 37, offset = 0;
	int whole = 0;
	for (int n = 1; offset < 5L * 1024 * 1024; n++) {
		char line[256];
		int len = log_line(line, sizeof(line), n);
		assert_int_equal(fwrite(line, 1, (size_t)len, f), (size_t)len);
		offset += len;
		if (offset <= cut)
			whole = n;
	}
	assert_int_equal(fclose(f), 0);
	stmt = prepare(db, "SELECT rowid, path, coalesce(error, 'ok') FROM access_log(?1)", large,
		       NULL);
	assert_int_equal(step(stmt, all, sizeof(all)), SQLITE_ROW);
	assert_int_equal(truncate(large, cut), 0);
	size_t o = strlen(all);
	int rc;
	while ((rc = step(stmt, row, sizeof(row))) == SQLITE_ROW) {
		assert_true(o + strlen(row) + 2 < sizeof(all));
		o += (size_t)snprintf(all + o, sizeof(all) - o, "\n%s", row);
	}
	assert_int_equal(rc, SQLITE_ERROR);
	assert_int_equal(check_whole_lines(all), whole);
	snprintf(want, sizeof(want),
		 "access_log: cannot read '%s': file truncated while it was read "
		 "(from %ld to %ld bytes)", large, offset, cut);
	assert_string_equal(sqlite3_errmsg(db), want);
	assert_int_equal(sqlite3_finalize(stmt), SQLITE_ERROR);
	tmp_remove(&t);
}

static void a_file_truncated_while_its_groups_are_read_again_is_an_error_naming_it(void **state)
{
	sqlite3 *db = *state;
	struct tmp t;
	char row[512], all[4096] = "";

	tmp_make(&t);
	const char *log = tmp_path(&t, "access.log");
	append_lines(log, 1, 4);
	/* Ordered by status, with the rowid: counted first, then read again
	 * group by group. */
	sqlite3_stmt *stmt = prepare(db, "SELECT status, rowid FROM access_log(?1) ORDER BY status",
				     log, NULL);
	assert_int_equal(step(stmt, row, sizeof(row)), SQLITE_ROW);
	assert_string_equal(row, "200|1");
	assert_int_equal(truncate(log, 0), 0);
	assert_int_equal(step_all(stmt, all, sizeof(all)), SQLITE_ERROR);
	/* Whatever came before the error is a true row of the file. */
	assert_true(strncmp(all, "200|3\n404|2\n404|4", strlen(all)) == 0);
	assert_non_null(strstr(sqlite3_errmsg(db), log));
	assert_int_equal(sqlite3_finalize(stmt), SQLITE_ERROR);
	tmp_remove(&t);
}

/* access.log.2.gz in t: lines 1 to n of log_line(), gzipped, then cut to
 * half its size. */
static const char *gzip_cut_in_half(struct tmp *t, int n)
{
	const char *gz = tmp_path(t, "access.log.2.gz");
	gzFile z = gzopen(gz, "wb");
	assert_non_null(z);
	for (int i = 1; i <= n; i++) {
		char line[256];
		int len = log_line(line, sizeof(line), i);
		assert_int_equal(gzwrite(z, line, (unsigned)len), len);
	}
	assert_int_equal(gzclose(z), Z_OK);
	struct stat st;
	assert_int_equal(stat(gz, &st), 0);
	assert_int_equal(truncate(gz, st.st_size / 2), 0);
	return gz;
}

static void a_gzip_file_cut_short_gives_its_rows_then_an_error_naming_it(void **state)
{
	sqlite3 *db = *state;
	struct tmp t;
	char want[512];
	static char all[1 << 20];

	tmp_make(&t);
	const char *gz = gzip_cut_in_half(&t, 5000);

	sqlite3_stmt *stmt = prepare(db, "SELECT rowid, path, coalesce(error, 'ok') "
					 "FROM access_log(?1)", gz, NULL);
	all[0] = '\0';
	assert_int_equal(step_all(stmt, all, sizeof(all)), SQLITE_ERROR);
	int n = check_whole_lines(all);
	assert_true(n > 0 && n < 5000);
	snprintf(want, sizeof(want),
		 "access_log: cannot read '%s': gzip data ends early (truncated file?)", gz);
	assert_string_equal(sqlite3_errmsg(db), want);
	assert_int_equal(sqlite3_finalize(stmt), SQLITE_ERROR);
	tmp_remove(&t);
}

/* ---- Arguments, grouping and ranges at their edges ----------------------- */

static void the_format_column_is_the_format_given_and_sqlite_tests_it(void **state)
{
	sqlite3 *db = *state;

	assert_string_equal(rows(db, "SELECT count(*), count(format) FROM access_log('@/combined.log')"),
			    "6|0");
	assert_string_equal(rows(db, "SELECT count(*), min(format) FROM access_log('@/combined.log', 'combined')"),
			    "6|combined");
	/* A test on format or pattern other than = is not an argument. */
	assert_string_equal(rows(db, "SELECT count(*) FROM access_log('@/combined.log') WHERE format IS NULL"),
			    "6");
	assert_string_equal(rows(db, "SELECT count(*) FROM access_log('@/combined.log', 'combined') "
				     "WHERE format LIKE 'comb%' AND pattern GLOB '*/combined.log'"),
			    "6");
	assert_string_equal(rows(db, "SELECT count(*) FROM access_log('@/combined.log', 'combined') "
				     "WHERE format != 'combined'"),
			    "0");
}

static void grouped_by_status_the_arguments_may_be_selected(void **state)
{
	sqlite3 *db = *state;
	char expected[2048];
	const char *grouped = "SELECT status, count(*), pattern LIKE '%/combined.log', format "
			      "FROM access_log('@/combined.log', 'combined') GROUP BY status";

	snprintf(expected, sizeof(expected), "%s",
		 rows(db, "SELECT status, count(*), pattern LIKE '%/combined.log', format "
			  "FROM access_log('@/combined.log', 'combined') GROUP BY +status"));
	assert_string_equal(expected, "200|2|1|combined\n201|1|1|combined\n301|1|1|combined\n"
				      "400|1|1|combined\n404|1|1|combined");
	assert_string_equal(rows(db, grouped), expected);
	char plan[256];
	snprintf(plan, sizeof(plan), "EXPLAIN QUERY PLAN %s", grouped);
	assert_null(strstr(rows(db, plan), "TEMP B-TREE"));
}

/* 1, 2, 3, ... one per call: a value SQLite cannot compute in advance. */
static sqlite3_int64 calls;

static void nth_call(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_int64(ctx, ++calls);
}

static void a_rowid_first_asked_in_the_middle_of_a_group_is_its_rows_line(void **state)
{
	sqlite3 *db = *state;
	const char *sql = "SELECT status, group_concat(CASE WHEN nth_call() % 2 = 0 THEN rowid END) "
			  "FROM access_log('@/combined.log') GROUP BY status";
	char plan[512];

	assert_int_equal(sqlite3_create_function(db, "nth_call", 0, SQLITE_UTF8, NULL, nth_call,
						 NULL, NULL), SQLITE_OK);
	snprintf(plan, sizeof(plan), "EXPLAIN QUERY PLAN %s", sql);
	assert_null(strstr(rows(db, plan), "TEMP B-TREE"));
	/* The lines by status: 200 at 1 and 6, 201 at 2, 301 at 5, 400 at 4,
	 * 404 at 3. The rowid is first asked at the second row of 200. */
	calls = 0;
	assert_string_equal(rows(db, sql), "200|6\n201|NULL\n301|5\n400|NULL\n404|3");
}

static void a_file_truncated_before_its_rowids_are_asked_is_an_error_naming_it(void **state)
{
	sqlite3 *db = *state;
	struct tmp t;
	char row[512];

	assert_int_equal(sqlite3_create_function(db, "nth_call", 0, SQLITE_UTF8, NULL, nth_call,
						 NULL, NULL), SQLITE_OK);
	tmp_make(&t);
	const char *log = tmp_path(&t, "access.log");
	append_lines(log, 1, 4);
	calls = 0;
	sqlite3_stmt *stmt = prepare(db, "SELECT status, CASE WHEN nth_call() > 1 THEN rowid END "
					 "FROM access_log(?1) ORDER BY status", log, NULL);
	assert_int_equal(step(stmt, row, sizeof(row)), SQLITE_ROW);
	assert_string_equal(row, "200|NULL");
	assert_int_equal(truncate(log, 0), 0);
	/* The rowid needs the lines again: they are gone. */
	assert_int_equal(step(stmt, row, sizeof(row)), SQLITE_ERROR);
	char want[512];
	snprintf(want, sizeof(want), "access_log: '%s' changed while it was read", log);
	assert_string_equal(sqlite3_errmsg(db), want);
	assert_int_equal(sqlite3_finalize(stmt), SQLITE_ERROR);
	tmp_remove(&t);
}

static void group_by_status_over_a_gzip_file_cut_short_is_an_error_naming_it(void **state)
{
	sqlite3 *db = *state;
	struct tmp t;
	char sql[512], want[512];

	tmp_make(&t);
	const char *gz = gzip_cut_in_half(&t, 2000);
	/* Counted before any row is handed out: no group, only the error. */
	snprintf(sql, sizeof(sql), "SELECT status, count(*) FROM access_log('%s') GROUP BY status", gz);
	snprintf(want, sizeof(want),
		 "access_log: cannot read '%s': gzip data ends early (truncated file?)", gz);
	assert_string_equal(error_of(db, sql), want);
	tmp_remove(&t);
}

static void an_epoch_range_still_opens_what_is_not_a_regular_file(void **state)
{
	sqlite3 *db = *state;
	struct tmp t;
	char sql[512], want[512];

	/* Only a regular file's mtime says anything of its lines: a directory
	 * or a missing file is opened, and its error given, whatever the range. */
	tmp_make(&t);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM access_log('%s') WHERE epoch > 4e9", t.dir);
	snprintf(want, sizeof(want), "access_log: cannot open '%s': Is a directory", t.dir);
	assert_string_equal(error_of(db, sql), want);
	const char *missing = tmp_path(&t, "missing.log");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM access_log('%s') WHERE epoch > 4e9", missing);
	snprintf(want, sizeof(want), "access_log: cannot open '%s': No such file or directory", missing);
	assert_string_equal(error_of(db, sql), want);
	tmp_remove(&t);
}

static void a_file_removed_while_its_groups_are_read_again_is_an_error_naming_it(void **state)
{
	sqlite3 *db = *state;
	struct tmp t;
	char row[512], all[4096] = "", want[512];

	tmp_make(&t);
	const char *log = tmp_path(&t, "access.log");
	append_lines(log, 1, 4);
	/* Ordered by status with the rowid: each group is read again from the
	 * file, which logrotate may have moved away by then. */
	sqlite3_stmt *stmt = prepare(db, "SELECT status, rowid FROM access_log(?1) ORDER BY status",
				     log, NULL);
	assert_int_equal(step(stmt, row, sizeof(row)), SQLITE_ROW);
	assert_string_equal(row, "200|1");
	assert_int_equal(unlink(log), 0);
	assert_int_equal(step_all(stmt, all, sizeof(all)), SQLITE_ERROR);
	assert_string_equal(all, "200|3"); /* the rest of the group open */
	snprintf(want, sizeof(want), "access_log: cannot open '%s': No such file or directory", log);
	assert_string_equal(sqlite3_errmsg(db), want);
	assert_int_equal(sqlite3_finalize(stmt), SQLITE_ERROR);
	tmp_remove(&t);
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
		cmocka_unit_test(an_iis_log_joined_to_the_reference_keeps_every_line),
		cmocka_unit_test(custom_formats_put_other_fields_in_extra),
		cmocka_unit_test(apache_escapes_are_decoded),
		cmocka_unit_test(files_that_cannot_be_read_are_errors_naming_them),
		cmocka_unit_test(an_unknown_format_is_an_error_naming_it),
		cmocka_unit_test(a_path_is_required_and_a_null_path_reads_nothing),
		cmocka_unit_test(arguments_may_come_from_another_table),
		cmocka_unit_test(or_terms_in_where_read_the_file_once_and_filter),
		cmocka_unit_test(group_by_status_needs_no_sorter_and_gives_the_same_groups),
		cmocka_unit_test(rowids_stay_exact_when_read_only_in_some_groups),
		cmocka_unit_test(a_view_or_trigger_cannot_call_it),
		cmocka_unit_test(combined_followed_by_more_fields_is_detected_with_them_in_extra),
		cmocka_unit_test(an_empty_file_gives_no_rows_and_no_error),
		cmocka_unit_test(dev_null_gives_no_rows),
		cmocka_unit_test(a_directory_is_an_error_naming_it),
		cmocka_unit_test(a_file_without_read_permission_is_an_error_naming_it),
		cmocka_unit_test(a_file_that_grows_while_it_is_read_gives_each_whole_line_once),
		cmocka_unit_test(lines_appended_after_a_file_was_read_to_its_end_wait_for_the_next_query),
		cmocka_unit_test(a_file_truncated_while_it_is_read_ends_in_an_error_naming_it),
		cmocka_unit_test(a_file_truncated_while_its_groups_are_read_again_is_an_error_naming_it),
		cmocka_unit_test(a_gzip_file_cut_short_gives_its_rows_then_an_error_naming_it),
		cmocka_unit_test(the_format_column_is_the_format_given_and_sqlite_tests_it),
		cmocka_unit_test(grouped_by_status_the_arguments_may_be_selected),
		cmocka_unit_test(a_rowid_first_asked_in_the_middle_of_a_group_is_its_rows_line),
		cmocka_unit_test(a_file_truncated_before_its_rowids_are_asked_is_an_error_naming_it),
		cmocka_unit_test(group_by_status_over_a_gzip_file_cut_short_is_an_error_naming_it),
		cmocka_unit_test(an_epoch_range_still_opens_what_is_not_a_regular_file),
		cmocka_unit_test(a_file_removed_while_its_groups_are_read_again_is_an_error_naming_it),
	};
	return cmocka_run_group_tests(tests, open_db, close_db);
}
