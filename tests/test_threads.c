/*
 * Concurrency: many threads, each with its own connection, call the
 * functions and read the tables (access_log() over one small log too) at
 * the same time, and every result equals
 * the one a single thread gets alone.
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

static const char *const queries[] = {
	"SELECT http_reason(404), http_reason('403.14'), http_reason(403, 14), "
	"http_reason(' 503 '), http_reason(200.0), http_reason('junk')",
	"SELECT http_class(100), http_class('302'), http_class(503, 2), http_class(0)",
	"SELECT http_description(404), http_description('500.19')",
	"SELECT http_code('Not Found'), http_code('Request Entity Too Large'), "
	"http_code('forbidden: directory listing denied')",
	"SELECT * FROM http_status",
	"SELECT * FROM http_status WHERE code = '403.14'",
	"SELECT code FROM http_status WHERE status = 500",
	"SELECT code FROM http_status WHERE class = 'Redirection'",
	"SELECT * FROM http_status_class",
	"SELECT * FROM http_status_phrase",
	"SELECT v.column1, h.reason FROM (VALUES (404), ('200'), ('403.14'), (299)) v "
	"JOIN http_status h ON h.code = v.column1",
	/* ?1 is a small log written by the group setup. */
	"SELECT rowid, *, error FROM access_log(?1)",
	"SELECT status, count(*) FROM access_log(?1, 'combined') GROUP BY status",
	"SELECT l.rowid, h.reason FROM access_log(?1) l JOIN http_status h ON h.code = l.status",
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
			fprintf(out, "%s%s", c ? "|" : "\n", text ? (const char *)text : "NULL");
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

static char *expected[QUERY_COUNT];
static pthread_barrier_t start;

struct worker {
	int index;
	int mismatches; /* results that differ from expected[] */
	int failures;   /* calls that failed */
};

static int write_log(void)
{
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
			if (nofile && strstr(queries[q], "access_log") != NULL)
				continue;
			char *rows = rows_of(db, queries[q]);
			if (rows == NULL)
				w->failures++;
			else if (strcmp(rows, expected[q]) != 0)
				w->mismatches++;
			free(rows);
		}
		if (sqlite3_close(db) != SQLITE_OK)
			w->failures++;
	}
	return NULL;
}

static int compute_expected(void **state)
{
	(void)state;
	if (write_log() != 0)
		return -1;
	sqlite3 *db = open_connection(0);
	if (db == NULL)
		return -1;
	for (size_t q = 0; q < QUERY_COUNT; q++) {
		expected[q] = rows_of(db, queries[q]);
		if (expected[q] == NULL)
			return -1;
	}
	return sqlite3_close(db) == SQLITE_OK ? 0 : -1;
}

static int free_expected(void **state)
{
	(void)state;
	for (size_t q = 0; q < QUERY_COUNT; q++)
		free(expected[q]);
	remove(log_path);
	return rmdir(log_dir);
}

static void threads_with_their_own_connections_get_the_single_threaded_results(void **state)
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

	for (int t = 0; t < THREADS; t++) {
		if (workers[t].failures || workers[t].mismatches)
			fail_msg("thread %d: %d failed calls, %d results unlike the "
			         "single-threaded run",
			         t, workers[t].failures, workers[t].mismatches);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(threads_with_their_own_connections_get_the_single_threaded_results),
	};
	return cmocka_run_group_tests(tests, compute_expected, free_expected);
}
