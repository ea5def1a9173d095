/*
 * Concurrency: many threads, each with its own connection, call the
 * functions and read the tables (access_log() over one small log too) at
 * the same time, and every result is the known answer, as it is for one
 * connection alone.
 *
 * The extension keeps no mutable state of its own (the reference is
 * constant data, cursors belong to their connection), so this holds without
 * locks; the test is there to keep it so. tests/hardening.sh also runs it
 * under ThreadSanitizer, which reports any data race even when the results
 * happen to come out right.
 */
#include <pthread.h>
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

#include "sqlite3_http_status.h"

enum { THREADS = 8, ROUNDS = 20 };

/* Each query with its known answer: rows joined by '\n', columns by '|'.
 * The answers are facts of the reference (RFC 9110's phrases and classes,
 * the row counts the README gives) and of the log below, read by hand. */
static const struct {
	const char *sql, *answer;
} queries[] = {
	{ "SELECT http_reason(404), http_reason('403.14'), http_reason(403, 14), "
	  "http_reason(' 503 '), http_reason(200.0), http_reason('junk')",
	  "Not Found|Forbidden: Directory listing denied|Forbidden: Directory listing denied|"
	  "Service Unavailable|OK|NULL" },
	{ "SELECT http_class(100), http_class('302'), http_class(503, 2), http_class(0)",
	  "Informational|Redirection|Server Error|NULL" },
	{ "SELECT substr(http_description(404), 1, 59), http_description('junk')",
	  "The origin server did not find a current representation of |NULL" },
	{ "SELECT http_code('Not Found'), http_code('Request Entity Too Large'), "
	  "http_code('forbidden: directory listing denied')",
	  "404|413|403.14" },
	/* Whole scans: 64 IANA + 109 IIS (x.0 names the plain code) + 30
	 * vendor codes + no response. */
	{ "SELECT count(*), count(DISTINCT code), count(reason), count(*) - count(class) "
	  "FROM http_status",
	  "204|204|204|1" },
	{ "SELECT code, status, substatus, reason, class, source FROM http_status "
	  "WHERE code = '403.14'",
	  "403.14|403|14|Forbidden: Directory listing denied|Client Error|IIS" },
	{ "SELECT group_concat(code) FROM http_status WHERE status = 500 AND substatus < 20",
	  "500.11,500.12,500.13,500.15,500.19" },
	{ "SELECT group_concat(code) FROM http_status WHERE class = 'Redirection'",
	  "300,301,302,303,304,305,306,307,308" },
	{ "SELECT group_concat(class || ' ' || digit || ' ' || min_status || '-' || max_status, ',') "
	  "FROM http_status_class",
	  "Informational 1 100-199,Successful 2 200-299,Redirection 3 300-399,"
	  "Client Error 4 400-499,Server Error 5 500-599" },
	/* One current phrase per code, 41 older, other or variant ones. */
	{ "SELECT count(*), sum(kind = 'current') FROM http_status_phrase", "245|204" },
	{ "SELECT v.column1, h.reason FROM (VALUES (404), ('200'), ('403.14'), (299)) v "
	  "JOIN http_status h ON h.code = v.column1",
	  "404|Not Found\n200|OK\n403.14|Forbidden: Directory listing denied" },
	/* ?1 is the log below, written by the group setup. */
	{ "SELECT rowid, remote_addr, remote_user, time, method, path, protocol, status, bytes, "
	  "referer, user_agent, error FROM access_log(?1)",
	  "1|192.0.2.10|NULL|2026-11-25T23:42:16+00:00|GET|/index.html|HTTP/1.1|200|612|NULL|"
	  "curl/7.88.1|NULL\n"
	  "2|192.0.2.11|alice|2026-11-25T23:42:17+01:00|POST|/api|HTTP/2.0|201|48|NULL|"
	  "Mozilla/5.0|NULL\n"
	  "3|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|expected ' - ' after remote_addr\n"
	  "4|2001:db8::1|NULL|2026-11-25T23:42:18-05:30|GET|/missing|HTTP/1.1|404|153|NULL|NULL|NULL" },
	{ "SELECT status, count(*) FROM access_log(?1, 'combined') GROUP BY status",
	  "NULL|1\n200|1\n201|1\n404|1" },
	{ "SELECT l.rowid, h.reason FROM access_log(?1) l JOIN http_status h ON h.code = l.status",
	  "1|OK\n2|Created\n4|Not Found" },
};

static const char log_lines[] =
	"192.0.2.10 - - [25/Nov/2026:23:42:16 +0000] \"GET /index.html HTTP/1.1\" 200 612 \"-\" \"curl/7.88.1\"\n"
	"192.0.2.11 - alice [25/Nov/2026:23:42:17 +0100] \"POST /api HTTP/2.0\" 201 48 \"-\" \"Mozilla/5.0\"\n"
	"not a log line\n"
	"2001:db8::1 - - [25/Nov/2026:23:42:18 -0530] \"GET /missing HTTP/1.1\" 404 153 \"-\" \"-\"\n";
static char log_dir[64], log_path[128];

#define QUERY_COUNT (sizeof(queries) / sizeof(queries[0]))

/* The rows of a query as text, or NULL with a message on stderr. */
static char *rows_of(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
		return NULL;
	}
	if (sqlite3_bind_parameter_count(stmt) > 0 &&
	    sqlite3_bind_text(stmt, 1, log_path, -1, SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return NULL;
	}
	char *rows = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&rows, &len);
	int rc;
	while (out != NULL && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(stmt); c++) {
			const unsigned char *text = sqlite3_column_text(stmt, c);
			fprintf(out, "%s%s", c ? "|" : (ftell(out) ? "\n" : ""),
			        text ? (const char *)text : "NULL");
		}
	}
	if (out == NULL || rc != SQLITE_DONE) {
		fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
		if (out != NULL)
			fclose(out);
		free(rows);
		rows = NULL;
	} else {
		fclose(out);
	}
	sqlite3_finalize(stmt);
	return rows;
}

static sqlite3 *open_connection(int nofile)
{
	sqlite3 *db;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return NULL;
	int rc = nofile ? sqlite3_httpstatus_nofile_init(db, NULL, NULL)
	                : sqlite3_httpstatus_init(db, NULL, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

static pthread_barrier_t start;

struct worker {
	int index;
	int mismatches;   /* results that are not the known answer */
	int failures;     /* calls that failed */
	char *first_miss; /* the first such result, for the message */
};

static int write_log(void **state)
{
	(void)state;
	snprintf(log_dir, sizeof(log_dir), "/tmp/test_threads.XXXXXX");
	if (mkdtemp(log_dir) == NULL)
		return -1;
	snprintf(log_path, sizeof(log_path), "%s/access.log", log_dir);
	FILE *f = fopen(log_path, "w");
	if (f == NULL)
		return -1;
	size_t n = fwrite(log_lines, 1, sizeof(log_lines) - 1, f);
	return fclose(f) == 0 && n == sizeof(log_lines) - 1 ? 0 : -1;
}

static int remove_log(void **state)
{
	(void)state;
	remove(log_path);
	return rmdir(log_dir);
}

/* Runs query q on db and counts a failure or a wrong answer in w. */
static void ask(struct worker *w, sqlite3 *db, size_t q)
{
	char *rows = rows_of(db, queries[q].sql);
	if (rows == NULL) {
		w->failures++;
	} else if (strcmp(rows, queries[q].answer) != 0) {
		if (w->mismatches++ == 0) {
			w->first_miss = rows;
			rows = NULL;
		}
	}
	free(rows);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	pthread_barrier_wait(&start);
	for (int round = 0; round < ROUNDS; round++) {
		/* A new connection each round, so opening and registering run
		 * concurrently too; half the threads use the no-file entry point. */
		int nofile = (w->index + round) % 2;
		sqlite3 *db = open_connection(nofile);
		if (db == NULL) {
			w->failures++;
			continue;
		}
		/* Each thread starts at another query, so different queries
		 * overlap. The no-file entry point has no access_log. */
		for (size_t i = 0; i < QUERY_COUNT; i++) {
			size_t q = (i + (size_t)w->index) % QUERY_COUNT;
			if (!nofile || strstr(queries[q].sql, "access_log") == NULL)
				ask(w, db, q);
		}
		if (sqlite3_close(db) != SQLITE_OK)
			w->failures++;
	}
	return NULL;
}

static void one_connection_gets_the_known_answers(void **state)
{
	(void)state;
	sqlite3 *db = open_connection(0);
	assert_non_null(db);
	for (size_t q = 0; q < QUERY_COUNT; q++) {
		char *rows = rows_of(db, queries[q].sql);
		assert_non_null(rows);
		if (strcmp(rows, queries[q].answer) != 0)
			fail_msg("%s\n  expected: %s\n  got:      %s", queries[q].sql,
			         queries[q].answer, rows);
		free(rows);
	}
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

static void threads_with_their_own_connections_get_the_known_answers(void **state)
{
	(void)state;
	/* SQLite's connections may be used from any thread, one at a time. */
	assert_int_not_equal(sqlite3_threadsafe(), 0);

	struct worker workers[THREADS];
	pthread_t threads[THREADS];
	assert_int_equal(pthread_barrier_init(&start, NULL, THREADS), 0);
	for (int t = 0; t < THREADS; t++) {
		workers[t] = (struct worker){ .index = t };
		assert_int_equal(pthread_create(&threads[t], NULL, work, &workers[t]), 0);
	}
	for (int t = 0; t < THREADS; t++)
		assert_int_equal(pthread_join(threads[t], NULL), 0);
	pthread_barrier_destroy(&start);

	int wrong = 0;
	for (int t = 0; t < THREADS; t++) {
		if (workers[t].failures || workers[t].mismatches) {
			print_error("thread %d: %d failed calls, %d wrong answers; the first:\n%s\n", t,
			            workers[t].failures, workers[t].mismatches,
			            workers[t].first_miss ? workers[t].first_miss : "(none)");
			wrong++;
		}
		free(workers[t].first_miss);
	}
	assert_int_equal(wrong, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_connection_gets_the_known_answers),
		cmocka_unit_test(threads_with_their_own_connections_get_the_known_answers),
	};
	return cmocka_run_group_tests(tests, write_log, remove_log);
}
