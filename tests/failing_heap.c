#include "failing_heap.h"

#include <sqlite3.h>

struct failing_heap failing_heap;
static sqlite3_mem_methods real;

void failing_heap_arm(long fail_at, bool persistent)
{
	failing_heap.calls = 0;
	failing_heap.injected = 0;
	failing_heap.fail_at = fail_at;
	failing_heap.persistent = persistent;
}

static bool should_fail(void)
{
	struct failing_heap *h = &failing_heap;

	h->calls++;
	if (h->fail_at == 0 || h->calls < h->fail_at || (!h->persistent && h->calls > h->fail_at))
		return false;
	h->injected++;
	return true;
}

static void *faulty_malloc(int n)
{
	if (should_fail())
		return NULL;
	void *p = real.xMalloc(n);
	if (p != NULL)
		failing_heap.outstanding++;
	return p;
}

static void faulty_free(void *p)
{
	if (p != NULL)
		failing_heap.outstanding--;
	real.xFree(p);
}

static void *faulty_realloc(void *p, int n)
{
	if (should_fail())
		return NULL; /* p stays allocated, as with realloc(3) */
	return real.xRealloc(p, n);
}

static int faulty_size(void *p)
{
	return real.xSize(p);
}

static int faulty_roundup(int n)
{
	return real.xRoundup(n);
}

static int faulty_init(void *app)
{
	(void)app;
	return real.xInit(real.pAppData);
}

static void faulty_shutdown(void *app)
{
	(void)app;
	real.xShutdown(real.pAppData);
}

bool failing_heap_install(void)
{
	static const sqlite3_mem_methods faulty = {
		faulty_malloc, faulty_free, faulty_realloc, faulty_size,
		faulty_roundup, faulty_init, faulty_shutdown, NULL,
	};
	return sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real) == SQLITE_OK &&
	       sqlite3_config(SQLITE_CONFIG_MALLOC, &faulty) == SQLITE_OK &&
	       sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0) == SQLITE_OK;
}

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t count, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);

void *__wrap_malloc(size_t n)
{
	return should_fail() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t count, size_t n)
{
	return should_fail() ? NULL : __real_calloc(count, n);
}

void *__wrap_realloc(void *p, size_t n)
{
	return should_fail() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return should_fail() ? NULL : __real_strdup(s);
}
