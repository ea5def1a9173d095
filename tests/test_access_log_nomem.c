/*
 * access_log()'s own filters and its epoch column out of memory: for each
 * query, the N-th allocation fails, for every N until the query runs
 * without meeting a failure (the technique of tests/test_oom.c, which runs
 * the extension's whole workload; these are the queries it lacks). Each
 * run either gives the rows it gives with memory to spare or fails with
 * SQLITE_NOMEM; AddressSanitizer and valgrind runs of this program see any
 * bad access or leak.
 *
 * SQLite's heap fails through SQLITE_CONFIG_MALLOC; the parser's malloc(3)
 * through -Wl,--wrap (tests/meson.build), as in test_oom.c.
 */
#define _GNU_SOURCE /* mkdtemp() */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "failing_heap.h"
#include "sqlite3_http_status.h"

/* The log: methods, statuses and times for every filter below. */
static const char log_lines[] =
	"192.0.2.1 - - [25/Nov/2026:23:42:16 +0000] \"GET /a HTTP/1.1\" 200 5 \"-\" \"ua\"\n"
	"192.0.2.2 - - [25/Nov/2026:23:42:17 +0100] \"POST /b HTTP/1.1\" 404 7 \"-\" \"ua\"\n"
	"not a line\n"
	"192.0.2.3 - - [26/Nov/2026:00:00:01 -0500] \"GET /c HTTP/1.1\" 500 9 \"-\" \"ua\"\n"
	/* A Docker record: the line it carries is unescaped into a buffer. */
	"{\"log\":\"192.0.2.4 - - [26/Nov/2026:00:00:02 +0000] \\\"GET /d HTTP/1.1\\\" 200 5\\n\","
	"\"stream\":\"stdout\"}\n";

/* Apache's %m decodes escapes: a method so written is decoded into the
 * table's scratch buffer. */
static const char escaped_lines[] = "G\\x45T /p\nPOST /q\n";

static const char *const queries[] = {
	"SELECT rowid, status FROM access_log(?1) WHERE status >= 200 AND method = 'GET' "
	"AND epoch > 1000",
	"SELECT status, count(*) FROM access_log(?1) WHERE method > 'A' GROUP BY status",
	"SELECT count(*) FROM access_log(?1) WHERE epoch BETWEEN 0 AND 4e9",
	"SELECT rowid, epoch FROM access_log(?1)",
	"SELECT rowid, method FROM access_log(?2, '%m %U') WHERE method = 'GET'",
	"SELECT * FROM access_log", /* fails: it needs a file */
};

static char log_dir[64], log_path[128], escaped_path[128];

/* The rows of a query ("a|b\n..."), in a buffer of the C library's own
 * (never failed); or NULL with *rc the code of the failure. */
static char *run(sqlite3 *db, const char *sql, int *rc)
{
	sqlite3_stmt *stmt;
	size_t cap = 4096, o = 0;
	char *out = __real_malloc(cap);

	assert_non_null(out);
	out[0] = '\0';
	*rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (*rc == SQLITE_OK && sqlite3_bind_parameter_count(stmt) >= 1)
		*rc = sqlite3_bind_text(stmt, 1, log_path, -1, SQLITE_STATIC);
	if (*rc == SQLITE_OK && sqlite3_bind_parameter_count(stmt) == 2)
		*rc = sqlite3_bind_text(stmt, 2, escaped_path, -1, SQLITE_STATIC);
	while (*rc == SQLITE_OK && (*rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*rc = SQLITE_OK;
		for (int i = 0; i < sqlite3_column_count(stmt); i++) {
			const unsigned char *t = sqlite3_column_text(stmt, i);
			if (t == NULL && sqlite3_column_type(stmt, i) != SQLITE_NULL)
				*rc = SQLITE_NOMEM; /* the text of a number */
			o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? "|" : "",
					      t ? (const char *)t : "NULL");
			assert_true(o < cap);
		}
		o += (size_t)snprintf(out + o, cap - o, "\n");
	}
	if (*rc == SQLITE_DONE)
		*rc = SQLITE_OK;
	sqlite3_finalize(stmt);
	if (*rc != SQLITE_OK) {
		free(out);
		return NULL;
	}
	return out;
}

static void each_query_gives_its_rows_or_sqlite_nomem_whatever_allocation_fails(void **state)
{
	(void)state;
	sqlite3 *db;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_httpstatus_init(db, NULL, NULL), SQLITE_OK);
	for (size_t q = 0; q < sizeof(queries) / sizeof(*queries); q++) {
		int rc, expected_rc;
		failing_heap_arm(0, false);
		char *expected = run(db, queries[q], &expected_rc), why[256];
		snprintf(why, sizeof(why), "%s", expected ? "" : sqlite3_errmsg(db));
		if (!expected && !strstr(why, "access_log() needs a file"))
			fail_msg("%s: %s", queries[q], why);
		long n;
		for (n = 1;; n++) {
			failing_heap_arm(n, false);
			char *got = run(db, queries[q], &rc);
			failing_heap.fail_at = 0; /* injected stays */
			if (got && expected) {
				if (strcmp(got, expected) != 0)
					fail_msg("%s, allocation %ld failing:\n%s\ninstead of\n%s",
						 queries[q], n, got, expected);
			} else if (got || (rc != SQLITE_NOMEM && rc != expected_rc) ||
				   (rc == expected_rc && strcmp(sqlite3_errmsg(db), why) != 0)) {
				fail_msg("%s, allocation %ld failing: %s (%d)", queries[q], n,
					 got ? "rows" : sqlite3_errmsg(db), rc);
			}
			free(got);
			if (failing_heap.injected == 0)
				break;
		}
		assert_true(n > 1); /* it allocates: failures were met */
		free(expected);
	}
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

int main(void)
{
	if (!failing_heap_install())
		return 1;
	snprintf(log_dir, sizeof(log_dir), "/tmp/test_access_log_nomem.XXXXXX");
	if (mkdtemp(log_dir) == NULL)
		return 1;
	snprintf(log_path, sizeof(log_path), "%s/access.log", log_dir);
	snprintf(escaped_path, sizeof(escaped_path), "%s/escaped.log", log_dir);
	FILE *f = fopen(log_path, "w");
	if (f == NULL || fputs(log_lines, f) < 0 || fclose(f) != 0)
		return 1;
	f = fopen(escaped_path, "w");
	if (f == NULL || fputs(escaped_lines, f) < 0 || fclose(f) != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_query_gives_its_rows_or_sqlite_nomem_whatever_allocation_fails),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(log_path);
	unlink(escaped_path);
	rmdir(log_dir);
	return failed;
}
