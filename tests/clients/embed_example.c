/*
 * A C program that embeds SQLite and gets http_status without loading a
 * module: it links the static library (libhttp_status_sqlite.a, built with
 * -DSQLITE_CORE), registers the entry point with sqlite3_auto_extension()
 * before opening a database, and queries.
 *
 *   cc embed_example.c $(pkg-config --cflags --libs http_status) -o embed_example
 *   ./embed_example
 *
 * It prints what it asked and what it got, and exits 1 when an answer is not
 * the expected one, so it runs as a test too (tests/clients/meson.build, and
 * against the installed files in test_install.sh).
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>
#include <sqlite3_http_status.h>

/* The single text value a query returns; "NULL" for NULL. Returns 0 when it
 * equals expected, 1 otherwise or on any error. */
static int check(sqlite3 *db, const char *sql, const char *expected)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "FAIL %s\n  cannot prepare: %s\n", sql, sqlite3_errmsg(db));
		return 1;
	}
	int failed = 1;
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		fprintf(stderr, "FAIL %s\n  no row: %s\n", sql, sqlite3_errmsg(db));
	} else {
		const unsigned char *value = sqlite3_column_text(stmt, 0);
		const char *got = value != NULL ? (const char *)value : "NULL";
		if (strcmp(got, expected) != 0) {
			fprintf(stderr, "FAIL %s\n  expected: %s\n  got:      %s\n", sql,
			        expected, got);
		} else {
			printf("ok   %s -> %s\n", sql, got);
			failed = 0;
		}
	}
	if (sqlite3_finalize(stmt) != SQLITE_OK && !failed) {
		fprintf(stderr, "FAIL %s\n  finalize: %s\n", sql, sqlite3_errmsg(db));
		failed = 1;
	}
	return failed;
}

int main(void)
{
	/* Every connection opened from here on gets the functions and tables. */
	int rc = sqlite3_auto_extension((void (*)(void))sqlite3_httpstatus_init);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "sqlite3_auto_extension: %s\n", sqlite3_errstr(rc));
		return 1;
	}

	sqlite3 *db = NULL;
	rc = sqlite3_open(":memory:", &db);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "sqlite3_open: %s\n",
		        db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return 1;
	}

	int failures = 0;
	failures += check(db, "SELECT http_reason(404)", "Not Found");
	failures += check(db, "SELECT http_class('503')", "Server Error");
	failures += check(db, "SELECT http_reason('403.14')", "Forbidden: Directory listing denied");
	failures += check(db, "SELECT http_status_version() GLOB '[0-9]*.[0-9]*.[0-9]*'", "1");
	/* A join against the reference table, as a report over a log does it. */
	failures += check(db,
	        "SELECT group_concat(s.status || ' ' || h.reason, ', ')"
	        " FROM (SELECT 200 AS status UNION ALL SELECT 301 UNION ALL SELECT 502) s"
	        " JOIN http_status h ON h.code = s.status",
	        "200 OK, 301 Moved Permanently, 502 Bad Gateway");
	/* The default entry point registers access_log() too. */
	failures += check(db,
	        "SELECT count(*) FROM pragma_module_list WHERE name = 'access_log'", "1");

	rc = sqlite3_close(db);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "sqlite3_close: %s\n", sqlite3_errstr(rc));
		failures++;
	}

	/* Once cancelled, new connections no longer get it. */
	if (!sqlite3_cancel_auto_extension((void (*)(void))sqlite3_httpstatus_init)) {
		fprintf(stderr, "sqlite3_cancel_auto_extension: not registered\n");
		failures++;
	}
	rc = sqlite3_open(":memory:", &db);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "sqlite3_open: %s\n", sqlite3_errstr(rc));
		sqlite3_close(db);
		return 1;
	}
	failures += check(db,
	        "SELECT count(*) FROM pragma_function_list WHERE name = 'http_reason'", "0");
	rc = sqlite3_close(db);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "sqlite3_close: %s\n", sqlite3_errstr(rc));
		failures++;
	}

	printf("%s\n", failures == 0 ? "embed_example: all answers as expected"
	                             : "embed_example: some answers were wrong");
	return failures == 0 ? 0 : 1;
}
