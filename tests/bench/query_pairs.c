#include "query_pairs.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(sqlite3 *db, const char *program, const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", program, what, sqlite3_errmsg(db));
	exit(1);
}

sqlite3 *bench_open(const char *program, const char *module)
{
	sqlite3 *db;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		die(db, program, "open");
	char *err = NULL;
	if (sqlite3_enable_load_extension(db, 1) != SQLITE_OK ||
	    sqlite3_load_extension(db, module, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "%s: cannot load %s: %s\n", program, module, err ? err : sqlite3_errmsg(db));
		exit(1);
	}
	return db;
}

void bench_exec(sqlite3 *db, const char *program, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "%s: %s: %s\n", program, sql, err);
		exit(1);
	}
}

/* Runs a one-value query and returns the seconds it took. */
static double time_query(sqlite3 *db, const char *program, const char *sql, sqlite3_int64 *value)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		die(db, program, sql);
	double start = now();
	if (sqlite3_step(stmt) != SQLITE_ROW)
		die(db, program, sql);
	double elapsed = now() - start;
	*value = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return elapsed;
}

int bench_pairs(sqlite3 *db, const char *program, const struct query_pair *pairs, size_t count,
		int rounds)
{
	printf("best of %d rounds\n", rounds);
	for (size_t p = 0; p < count; p++) {
		double best_base = 1e9, best_measured = 1e9;
		sqlite3_int64 base_value = 0, measured_value = 0;
		for (int round = 0; round < rounds; round++) {
			double t = time_query(db, program, pairs[p].baseline, &base_value);
			best_base = t < best_base ? t : best_base;
			t = time_query(db, program, pairs[p].measured, &measured_value);
			best_measured = t < best_measured ? t : best_measured;
		}
		if (pairs[p].same_answer && base_value != measured_value) {
			fprintf(stderr, "%s: %s: answers differ (%lld vs %lld)\n", program, pairs[p].name,
				(long long)base_value, (long long)measured_value);
			return 1;
		}
		double ratio = best_measured / best_base;
		printf("%-50s %7.3f s / %7.3f s = %.3fx", pairs[p].name, best_measured, best_base, ratio);
		if (pairs[p].goal > 0)
			printf(" (goal <= %.1fx: %s)", pairs[p].goal, ratio <= pairs[p].goal ? "met" : "NOT met");
		printf("\n");
	}
	return 0;
}
