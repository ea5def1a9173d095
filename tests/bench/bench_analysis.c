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

#include "query_pairs.h"

#define ROUNDS 5

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_analysis MODULE [ROWS]\n");
		return 2;
	}
	long rows = argc > 2 ? atol(argv[2]) : 1000000;
	sqlite3 *db = bench_open("bench_analysis", argv[1]);
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
	bench_exec(db, "bench_analysis", sql);
	sqlite3_free(sql);

	const struct query_pair pairs[] = {
		{ "time_bucket(t, '5 minutes') / substr arithmetic",
		  "SELECT count(DISTINCT substr(t, 1, 14) || printf('%02d', substr(t, 15, 2) / 5 * 5)"
		  " || ':00' || substr(t, 20)) FROM log",
		  "SELECT count(DISTINCT time_bucket(t, '5 minutes')) FROM log", true, 0 },
		{ "percentile(x, 95) / row_number() windows",
		  "SELECT count(p) FROM (SELECT g, min(x) FILTER (WHERE n >= 0.95 * total) AS p FROM"
		  " (SELECT g, x, row_number() OVER (PARTITION BY g ORDER BY x) AS n,"
		  " count(*) OVER (PARTITION BY g) AS total FROM log) GROUP BY g)",
		  "SELECT count(p) FROM (SELECT g, percentile(x, 95) AS p FROM log GROUP BY g)", true, 0 },
		{ "ip_in(ip, '10.0.0.0/8') / ip GLOB '10.*'",
		  "SELECT count(*) FROM log WHERE ip GLOB '10.*'",
		  "SELECT count(*) FROM log WHERE ip_in(ip, '10.0.0.0/8')", true, 0 },
		{ "path_template(path) / lower(path)",
		  "SELECT count(lower(path)) FROM log",
		  "SELECT count(path_template(path)) FROM log", true, 0 },
		{ "ua_family(ua) / instr(ua, 'bot')",
		  "SELECT count(instr(ua, 'bot')) FROM log",
		  "SELECT count(ua_family(ua)) FROM log", true, 0 },
	};
	printf("rows: %ld, ", rows);
	int failed = bench_pairs(db, "bench_analysis", pairs, sizeof(pairs) / sizeof(pairs[0]), ROUNDS);
	sqlite3_close(db);
	return failed;
}
