/*
 * median(Y), percentile(Y, P), percentile_cont(Y, F), percentile_disc(Y, F):
 * aggregates and window functions with the semantics of SQLite's own
 * percentile extension (ext/misc/percentile.c, sqlite.org/percentile.html),
 * written anew here. Registered only on a connection that lacks them, so a
 * query written for this extension runs unchanged on a SQLite that has them.
 *
 * The semantics, as SQLite defines them:
 *   - NULL inputs are ignored; with no other input the result is NULL.
 *   - Y must be INTEGER or REAL (by storage class: TEXT '1' is an error),
 *     and finite: "input to f() is not numeric", "Inf input to f()".
 *   - P is 0..100 for percentile(), F is 0..1 for the others (median is
 *     0.5), numeric after the usual conversion, the same (within 0.001 as a
 *     fraction) on every row, even rows whose Y is NULL.
 *   - Sorted values a[0..n-1], x = fraction * (n-1): percentile_disc gives
 *     a[floor(x)], the others interpolate between a[floor(x)] and the next.
 *   - The result is always a REAL.
 */
#include "http_status_ext.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

SQLITE_EXTENSION_INIT3

struct percentile_function {
	const char *name;
	double max_fraction;
	int argc;
	bool discrete;
};

static const struct percentile_function percentile_functions[] = {
	{ "median", 1.0, 1, false },
	{ "percentile", 100.0, 2, false },
	{ "percentile_cont", 1.0, 2, false },
	{ "percentile_disc", 1.0, 2, true },
};

struct percentile_state {
	double *values;
	unsigned used;
	unsigned allocated;
	bool sorted;
	bool keep_sorted;  /* as a window moves, insert in order instead of re-sorting */
	bool fraction_set;
	double fraction;
};

static void percentile_error(sqlite3_context *ctx, const char *format, double max)
{
	const struct percentile_function *f = sqlite3_user_data(ctx);
	char *message = sqlite3_mprintf(format, f->name, max);
	if (message == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_error(ctx, message, -1);
	sqlite3_free(message);
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void sort_values(struct percentile_state *s)
{
	if (!s->sorted) {
		qsort(s->values, s->used, sizeof(double), compare_doubles);
		s->sorted = true;
	}
}

/* The first index whose value is >= y. */
static unsigned lower_bound(const struct percentile_state *s, double y)
{
	unsigned lo = 0, hi = s->used;
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (s->values[mid] < y)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void percentile_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct percentile_function *f = sqlite3_user_data(ctx);
	double fraction = 0.5;
	if (argc == 2) {
		int type = sqlite3_value_numeric_type(argv[1]);
		fraction = sqlite3_value_double(argv[1]) / f->max_fraction;
		if ((type != SQLITE_INTEGER && type != SQLITE_FLOAT) || !(fraction >= 0.0 && fraction <= 1.0)) {
			percentile_error(ctx, "the fraction argument to %s() is not between 0.0 and %.1f",
			                 f->max_fraction);
			return;
		}
	}
	struct percentile_state *s = sqlite3_aggregate_context(ctx, sizeof(*s));
	if (s == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (!s->fraction_set) {
		s->fraction = fraction;
		s->fraction_set = true;
	} else if (fabs(s->fraction - fraction) > 0.001) {
		percentile_error(ctx, "the fraction argument to %s() is not the same for all input rows", 0);
		return;
	}
	int type = sqlite3_value_type(argv[0]);
	if (type == SQLITE_NULL)
		return;
	if (type != SQLITE_INTEGER && type != SQLITE_FLOAT) {
		percentile_error(ctx, "input to %s() is not numeric", 0);
		return;
	}
	double y = sqlite3_value_double(argv[0]);
	if (!isfinite(y)) {
		percentile_error(ctx, "Inf input to %s()", 0);
		return;
	}
	if (s->used == s->allocated) {
		unsigned n = s->allocated * 2 + 250;
		double *grown = sqlite3_realloc64(s->values, (sqlite3_uint64)n * sizeof(double));
		if (grown == NULL) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		s->values = grown;
		s->allocated = n;
	}
	if (s->used == 0) {
		s->sorted = true;
		s->values[s->used++] = y;
	} else if (!s->sorted || y >= s->values[s->used - 1]) {
		s->values[s->used++] = y;
	} else if (s->keep_sorted) {
		unsigned at = lower_bound(s, y);
		memmove(&s->values[at + 1], &s->values[at], (s->used - at) * sizeof(double));
		s->values[at] = y;
		s->used++;
	} else {
		s->values[s->used++] = y;
		s->sorted = false;
	}
}

/* A row leaves the window: the one value it added, if it added one. */
static void percentile_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	int type = sqlite3_value_type(argv[0]);
	if (type != SQLITE_INTEGER && type != SQLITE_FLOAT)
		return;
	/* percentile_step took this row's value (finite: an infinity ended the
	 * query there), so the state exists and the value is in it. */
	struct percentile_state *s = sqlite3_aggregate_context(ctx, 0);
	double y = sqlite3_value_double(argv[0]);
	sort_values(s);
	s->keep_sorted = true;
	unsigned at = lower_bound(s, y);
	s->used--;
	memmove(&s->values[at], &s->values[at + 1], (s->used - at) * sizeof(double));
}

static void percentile_compute(sqlite3_context *ctx, bool final)
{
	const struct percentile_function *f = sqlite3_user_data(ctx);
	struct percentile_state *s = sqlite3_aggregate_context(ctx, 0);
	if (s == NULL)
		return;
	if (s->used > 0) {
		sort_values(s);
		double x = s->fraction * (s->used - 1);
		unsigned lo = (unsigned)x;
		double result = s->values[lo];
		/* x has a fraction only below used - 1: lo + 1 is a value */
		if (!f->discrete && (double)lo != x)
			result += (s->values[lo + 1] - s->values[lo]) * (x - lo);
		sqlite3_result_double(ctx, result);
	}
	if (final) {
		sqlite3_free(s->values);
		memset(s, 0, sizeof(*s));
	} else {
		s->keep_sorted = true;
	}
}

static void percentile_final(sqlite3_context *ctx)
{
	percentile_compute(ctx, true);
}

static void percentile_value(sqlite3_context *ctx)
{
	percentile_compute(ctx, false);
}

/* Whether the connection already has the function with that many arguments:
 * preparing a call to it succeeds. */
static int has_function(sqlite3 *db, const char *name, int argc, bool *has)
{
	char *sql = sqlite3_mprintf(argc == 1 ? "SELECT %s(1)" : "SELECT %s(1, 0)", name);
	if (sql == NULL)
		return SQLITE_NOMEM;
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	sqlite3_free(sql);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_NOMEM)
		return rc;
	*has = rc == SQLITE_OK;
	return SQLITE_OK;
}

int hs_register_percentile(sqlite3 *db)
{
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int rc = SQLITE_OK;
	for (size_t i = 0; rc == SQLITE_OK && i < sizeof(percentile_functions) / sizeof(percentile_functions[0]); i++) {
		const struct percentile_function *f = &percentile_functions[i];
		bool has;
		rc = has_function(db, f->name, f->argc, &has);
		if (rc == SQLITE_OK && !has)
			rc = sqlite3_create_window_function(db, f->name, f->argc, flags, (void *)f,
			                                    percentile_step, percentile_final,
			                                    percentile_value, percentile_inverse, NULL);
	}
	/* A probe that failed left its "no such function" as the connection's
	 * last error, which sqlite3_open() reports as its own when this runs as
	 * an auto extension: a statement that prepares clears it. */
	if (rc == SQLITE_OK) {
		sqlite3_stmt *stmt = NULL;
		rc = sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, NULL);
		sqlite3_finalize(stmt);
	}
	return rc;
}
