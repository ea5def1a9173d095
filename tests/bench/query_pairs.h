/*
 * Timing a query against its baseline in one run, shared by the benchmarks
 * that compare SQL with SQL (bench_reference, bench_analysis). Each pair
 * runs several times, interleaved; the best time of each is kept, the one
 * least disturbed by other work on the machine. Figures are printed, never
 * asserted: goals are read, not tested.
 */
#ifndef HTTP_STATUS_QUERY_PAIRS_H
#define HTTP_STATUS_QUERY_PAIRS_H

#include <stdbool.h>
#include <stddef.h>

#include <sqlite3.h>

struct query_pair {
	const char *name;
	const char *baseline; /* each query gives one integer */
	const char *measured;
	bool same_answer;     /* the two integers must be equal */
	double goal;          /* the ratio aimed at; 0 when none */
};

/* An in-memory database with MODULE loaded; exits with a message naming
 * PROGRAM when it cannot. */
sqlite3 *bench_open(const char *program, const char *module);

/* Runs SQL; exits with its error when it fails. */
void bench_exec(sqlite3 *db, const char *program, const char *sql);

/* Times each pair for ROUNDS rounds and prints measured / baseline; returns
 * 1 when answers that must be equal differ, else 0. */
int bench_pairs(sqlite3 *db, const char *program, const struct query_pair *pairs, size_t count,
		int rounds);

#endif
