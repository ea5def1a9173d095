/*
 * Allocations that fail on demand, for the out-of-memory tests: SQLite's
 * heap, once failing_heap_install() has put it in front of SQLite's own
 * (SQLITE_CONFIG_MALLOC, lookaside off), and malloc(3), calloc, realloc and
 * strdup of the code linked into the program, which tests/meson.build links
 * with -Wl,--wrap for each (failing_heap_dep). The tests' own buffers come
 * from the __real_ functions, so they never fail.
 */
#ifndef TESTS_FAILING_HEAP_H
#define TESTS_FAILING_HEAP_H

#include <stdbool.h>
#include <stddef.h>

struct failing_heap {
	long calls;       /* allocations since armed */
	long fail_at;     /* the first that fails; 0: none does */
	bool persistent;  /* every allocation from fail_at on fails */
	long injected;    /* failures since armed */
	long outstanding; /* SQLite's blocks allocated and not yet freed */
};

extern struct failing_heap failing_heap;

/* Counts from 0 again; allocation fail_at fails (and every later one when
 * persistent). failing_heap_arm(0, false) lets all through. */
void failing_heap_arm(long fail_at, bool persistent);

/* Before sqlite3_initialize(); false when SQLite refuses it. */
bool failing_heap_install(void);

void *__real_malloc(size_t n);
void *__real_calloc(size_t count, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);

#endif
