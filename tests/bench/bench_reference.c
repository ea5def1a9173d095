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

#include "query_pairs.h"

#define ROUNDS 5

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_reference MODULE [ROWS]\n");
		return 2;
	}
	long rows = argc > 2 ? atol(argv[2]) : 3000000;
	sqlite3 *db = bench_open("bench_reference", argv[1]);

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
	bench_exec(db, "bench_reference", sql);
	sqlite3_free(sql);

	const struct query_pair pairs[] = {
		{ "http_reason(status) / abs(status)",
		  "SELECT count(abs(status)) FROM logs",
		  "SELECT count(http_reason(status)) FROM logs", true, 1.3 },
		{ "JOIN http_status / JOIN INTEGER PRIMARY KEY table",
		  "SELECT count(p.reason) FROM logs l JOIN plain_status p ON p.status = l.status",
		  "SELECT count(h.reason) FROM logs l JOIN http_status h ON h.code = l.status", true, 1.1 },
	};
	printf("rows: %ld, ", rows);
	int failed = bench_pairs(db, "bench_reference", pairs, sizeof(pairs) / sizeof(pairs[0]), ROUNDS);
	sqlite3_close(db);
	return failed;
}
