/*
 * How much the extension costs against SQLite's own floor, measured in one
 * run on one machine, so only the ratios mean anything:
 *
 *   http_reason(status)             vs  abs(status), the cheapest built-in call
 *   JOIN http_status ON code=status vs  JOIN a plain table ON its INTEGER PRIMARY KEY
 *
 * usage: bench_reference MODULE [ROWS]   (ROWS defaults to 3000000)
 * Each query runs several times, interleaved with its baseline; the best time
 * of each is kept, which is the least disturbed by other work on the machine.
 * It prints figures and never fails on them: goals are read, not asserted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sqlite3.h>

#define ROUNDS 5

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(sqlite3 *db, const char *what)
{
	fprintf(stderr, "bench_reference: %s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

static void exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "bench_reference: %s: %s\n", sql, err);
		exit(1);
	}
}

/* Runs a one-value query and returns the seconds it took. */
static double time_query(sqlite3 *db, const char *sql, sqlite3_int64 *value)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		die(db, sql);
	double start = now();
	if (sqlite3_step(stmt) != SQLITE_ROW)
		die(db, sql);
	double elapsed = now() - start;
	*value = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return elapsed;
}

struct pair {
	const char *name;
	const char *baseline;
	const char *measured;
	double goal;
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_reference MODULE [ROWS]\n");
		return 2;
	}
	long rows = argc > 2 ? atol(argv[2]) : 3000000;
	sqlite3 *db;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		die(db, "open");
	char *err = NULL;
	if (sqlite3_enable_load_extension(db, 1) != SQLITE_OK ||
	    sqlite3_load_extension(db, argv[1], NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "bench_reference: cannot load %s: %s\n", argv[1], err);
		return 1;
	}

	/* A log's mix: mostly 200, then 304, 404, 301, 302, a few 5xx. */
	char *sql = sqlite3_mprintf(
	        "CREATE TABLE logs(status INTEGER);"
	        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %ld)"
	        "INSERT INTO logs SELECT CASE abs(random()) %% 20"
	        " WHEN 0 THEN 404 WHEN 1 THEN 304 WHEN 2 THEN 301 WHEN 3 THEN 302"
	        " WHEN 4 THEN 500 WHEN 5 THEN 503 WHEN 6 THEN 403 WHEN 7 THEN 206"
	        " ELSE 200 END FROM n;"
	        "CREATE TABLE plain_status(status INTEGER PRIMARY KEY, reason TEXT);"
	        "INSERT INTO plain_status SELECT status, reason FROM http_status"
	        " WHERE substatus IS NULL;",
	        rows);
	exec(db, sql);
	sqlite3_free(sql);

	const struct pair pairs[] = {
		{ "http_reason(status) / abs(status)",
		  "SELECT count(abs(status)) FROM logs",
		  "SELECT count(http_reason(status)) FROM logs", 1.3 },
		{ "JOIN http_status / JOIN INTEGER PRIMARY KEY table",
		  "SELECT count(p.reason) FROM logs l JOIN plain_status p ON p.status = l.status",
		  "SELECT count(h.reason) FROM logs l JOIN http_status h ON h.code = l.status", 1.1 },
	};
	printf("rows: %ld, best of %d rounds\n", rows, ROUNDS);
	for (size_t p = 0; p < sizeof(pairs) / sizeof(pairs[0]); p++) {
		double best_base = 1e9, best_measured = 1e9;
		sqlite3_int64 base_value = 0, measured_value = 0;
		for (int round = 0; round < ROUNDS; round++) {
			double t = time_query(db, pairs[p].baseline, &base_value);
			if (t < best_base)
				best_base = t;
			t = time_query(db, pairs[p].measured, &measured_value);
			if (t < best_measured)
				best_measured = t;
		}
		if (base_value != measured_value) {
			fprintf(stderr, "bench_reference: %s: counts differ (%lld vs %lld)\n",
			        pairs[p].name, (long long)base_value, (long long)measured_value);
			return 1;
		}
		double ratio = best_measured / best_base;
		printf("%-50s %7.3f s / %7.3f s = %.3fx (goal <= %.1fx: %s)\n", pairs[p].name,
		       best_measured, best_base, ratio, pairs[p].goal,
		       ratio <= pairs[p].goal ? "met" : "NOT met");
	}
	sqlite3_close(db);
	return 0;
}
