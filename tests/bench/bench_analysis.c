/*
 * The analysis functions against the SQL they replace, in one run on one
 * machine, so only the ratios mean anything:
 *
 *   time_bucket(t, '5 minutes')   vs  the substr/printf arithmetic on the text
 *   percentile(x, 95) per group   vs  row_number() and count() windows
 *   ip_in(ip, '10.0.0.0/8')       vs  ip GLOB '10.*' (IPv4 only, and wrong for
 *                                     10.0.0.0/9: the floor, not an equal)
 *   path_template(path)           vs  lower(path), one pass that makes a string
 *   ua_family(user_agent)         vs  instr(user_agent, 'bot'), one search
 *
 * usage: bench_analysis MODULE [ROWS]   (ROWS defaults to 1000000)
 * Each query runs several times, interleaved with its baseline; the best of
 * each is kept. Where both give the same answer by construction, the
 * answers are compared. It prints figures and never fails on them.
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
	fprintf(stderr, "bench_analysis: %s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

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
	int same_answer;
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_analysis MODULE [ROWS]\n");
		return 2;
	}
	long rows = argc > 2 ? atol(argv[2]) : 1000000;
	sqlite3 *db;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		die(db, "open");
	char *err = NULL;
	if (sqlite3_enable_load_extension(db, 1) != SQLITE_OK ||
	    sqlite3_load_extension(db, argv[1], NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "bench_analysis: cannot load %s: %s\n", argv[1], err);
		return 1;
	}
	/* A day of requests: one every 86400/ROWS seconds, a path with an id,
	 * a client in 10/8 or outside it, a user agent from a short mix. */
	char *sql = sqlite3_mprintf(
	        "CREATE TABLE log(t TEXT, path TEXT, ip TEXT, ua TEXT, x REAL, g INTEGER);"
	        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %ld - 1)"
	        "INSERT INTO log SELECT"
	        " strftime('%%Y-%%m-%%dT%%H:%%M:%%S+00:00', 1764028800 + i * 86400 / %ld, 'unixepoch'),"
	        " '/users/' || (i %% 5000) || '/orders/' || (i %% 7),"
	        " CASE i %% 3 WHEN 0 THEN '10.' ELSE '198.' END || (i %% 256) || '.' || (i / 256 %% 256) || '.7',"
	        " CASE i %% 5"
	        "  WHEN 0 THEN 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'"
	        "  WHEN 1 THEN 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1'"
	        "  WHEN 2 THEN 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'"
	        "  WHEN 3 THEN 'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0'"
	        "  ELSE 'curl/8.5.0' END,"
	        " abs(random() %% 100000) / 1000.0, i %% 50"
	        " FROM n;",
	        rows, rows);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "bench_analysis: %s\n", err);
		return 1;
	}
	sqlite3_free(sql);

	const struct pair pairs[] = {
		{ "time_bucket(t, '5 minutes') / substr arithmetic",
		  "SELECT count(DISTINCT substr(t, 1, 14) || printf('%02d', substr(t, 15, 2) / 5 * 5)"
		  " || ':00' || substr(t, 20)) FROM log",
		  "SELECT count(DISTINCT time_bucket(t, '5 minutes')) FROM log", 1 },
		{ "percentile(x, 95) / row_number() windows",
		  "SELECT count(p) FROM (SELECT g, min(x) FILTER (WHERE n >= 0.95 * total) AS p FROM"
		  " (SELECT g, x, row_number() OVER (PARTITION BY g ORDER BY x) AS n,"
		  " count(*) OVER (PARTITION BY g) AS total FROM log) GROUP BY g)",
		  "SELECT count(p) FROM (SELECT g, percentile(x, 95) AS p FROM log GROUP BY g)", 1 },
		{ "ip_in(ip, '10.0.0.0/8') / ip GLOB '10.*'",
		  "SELECT count(*) FROM log WHERE ip GLOB '10.*'",
		  "SELECT count(*) FROM log WHERE ip_in(ip, '10.0.0.0/8')", 1 },
		{ "path_template(path) / lower(path)",
		  "SELECT count(lower(path)) FROM log",
		  "SELECT count(path_template(path)) FROM log", 1 },
		{ "ua_family(ua) / instr(ua, 'bot')",
		  "SELECT count(instr(ua, 'bot')) FROM log",
		  "SELECT count(ua_family(ua)) FROM log", 1 },
	};
	printf("rows: %ld, best of %d rounds\n", rows, ROUNDS);
	for (size_t p = 0; p < sizeof(pairs) / sizeof(pairs[0]); p++) {
		double best_base = 1e9, best_measured = 1e9;
		sqlite3_int64 base_value = 0, measured_value = 0;
		for (int round = 0; round < ROUNDS; round++) {
			double t = time_query(db, pairs[p].baseline, &base_value);
			best_base = t < best_base ? t : best_base;
			t = time_query(db, pairs[p].measured, &measured_value);
			best_measured = t < best_measured ? t : best_measured;
		}
		if (pairs[p].same_answer && base_value != measured_value) {
			fprintf(stderr, "bench_analysis: %s: answers differ (%lld vs %lld)\n",
			        pairs[p].name, (long long)base_value, (long long)measured_value);
			return 1;
		}
		printf("%-50s %7.3f s / %7.3f s = %.2fx\n", pairs[p].name, best_measured, best_base,
		       best_measured / best_base);
	}
	sqlite3_close(db);
	return 0;
}
