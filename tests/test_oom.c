/*
 * Out of memory, as SQLite's own tests do it: a SQLITE_CONFIG_MALLOC wrapper
 * makes the N-th allocation fail, for every N through a workload that uses
 * every part of the extension:
 *
 *   open two connections, register sqlite3_httpstatus_init on one and
 *   sqlite3_httpstatus_nofile_init on the other; call every function; scan
 *   http_status, http_status_class and http_status_phrase and look rows up
 *   in each; join a table to http_status; try to write to it; read a small
 *   log with access_log(), grouped, joined, and with a missing file and an
 *   unknown format; read it compressed with each codec, whole and cut
 *   short; close.
 *
 * The access_log parser (src/access_log/) allocates with malloc(3), not
 * through SQLite: this program is linked with -Wl,--wrap for malloc,
 * calloc, realloc and strdup (tests/meson.build), so the same counter
 * fails those too, and those of zlib, libbz2, liblzma and libzstd, which
 * the parser hands its own allocator (src/access_log/decompress.c). Blocks
 * glob(3) allocates inside libc are not counted here; the AddressSanitizer
 * and valgrind runs of this test report any of them left at exit.
 *
 * For every N, in two modes (only the N-th allocation fails; the N-th and
 * all after it fail):
 *   - every call returns what it returns with memory to spare, or
 *     SQLITE_NOMEM (an init function: SQLITE_NOMEM and a message or none);
 *   - a query that completes gives the same rows as with memory to spare;
 *   - nothing crashes (AddressSanitizer and valgrind runs of this test see
 *     every bad access);
 *   - after both connections are closed, every block allocated is freed.
 * N goes up until a run of the whole workload meets no failure.
 *
 * Lookaside is off so that every allocation goes through the wrapper.
 */
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
#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "failing_heap.h"
#include "sqlite3_http_status.h"

/* The workload ------------------------------------------------------------ */

/* What one step gave: its return code and, for a query, its rows. */
struct outcome {
	int rc;
	char *rows; /* malloc(3), not SQLite's heap; NULL when not run */
	char message[256]; /* sqlite3_errmsg() after a failed query */
};

/* A query and what it returns with memory to spare. ?1 is bound to a small
 * log (written by the group setup), ?2 to a file that does not exist, ?3
 * to a small W3C log, ?4 to a gzip file cut short. Beside ?1 lie its
 * copies in gzip, bzip2, xz and zstd (access.log.N.*). */
struct query {
	const char *sql;
	int rc;
};

/* Queries on the connection with everything registered, then on the one
 * with sqlite3_httpstatus_nofile_init. */
static const struct query full_queries[] = {
	{ "SELECT http_reason(404), http_reason('403.14'), http_reason(403, 14), "
	  "http_reason(' 404 '), http_reason(404.0), http_reason('403', '14'), "
	  "http_reason('junk'), http_reason(0)", SQLITE_OK },
	{ "SELECT http_class(404), http_class('503'), http_class(503, '2'), "
	  "http_class(299.0), http_class(x'3430')", SQLITE_OK },
	{ "SELECT http_description(404), http_description('404.999'), "
	  "http_description(403, 14)", SQLITE_OK },
	{ "SELECT http_code('Not Found'), http_code(' payload too large '), "
	  "http_code('Forbidden: Directory listing denied'), http_code('nope'), "
	  "http_status_version()", SQLITE_OK },
	{ "SELECT * FROM http_status", SQLITE_OK },
	{ "SELECT * FROM http_status WHERE code = '403.14'", SQLITE_OK },
	{ "SELECT * FROM http_status WHERE code = 404", SQLITE_OK },
	{ "SELECT code FROM http_status WHERE status = 401 ORDER BY status, substatus",
	  SQLITE_OK },
	{ "SELECT code FROM http_status WHERE class = 'Server Error'", SQLITE_OK },
	{ "SELECT * FROM http_status_class", SQLITE_OK },
	{ "SELECT * FROM http_status_class WHERE digit = 4", SQLITE_OK },
	{ "SELECT * FROM http_status_phrase", SQLITE_OK },
	{ "SELECT * FROM http_status_phrase WHERE code = '413' ORDER BY reason",
	  SQLITE_OK },
	{ "SELECT v.column1, h.reason FROM (VALUES (404), ('200'), ('403.14'), (299)) v "
	  "JOIN http_status h ON h.code = v.column1", SQLITE_OK },
	{ "DELETE FROM http_status", SQLITE_READONLY },
	{ "SELECT rowid, *, line, error, file FROM access_log(?1)", SQLITE_OK },
	{ "SELECT status, count(*) FROM access_log(?1, 'combined') GROUP BY status",
	  SQLITE_OK },
	{ "SELECT l.rowid, h.reason FROM access_log(?1) l "
	  "JOIN http_status h ON h.code = l.status", SQLITE_OK },
	{ "SELECT extra FROM access_log(?1, '$remote_addr - $remote_user "
	  "[$time_local] \"$request\" $status $body_bytes_sent $http_referer')",
	  SQLITE_OK },
	/* An Apache format compiles through its own syntax; a glob expands. */
	{ "SELECT path, user_agent, extra FROM access_log(?1, "
	  "'%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\" %{X-Forwarded-For}i %D')",
	  SQLITE_OK },
	{ "SELECT count(*), count(DISTINCT file) FROM access_log(?1 || '*')", SQLITE_OK },
	/* zlib allocates its window once a stream goes on past one call. */
	{ "SELECT count(*) FROM access_log(?4)", SQLITE_ERROR },
	{ "SELECT count(*) FROM access_log(?2)", SQLITE_ERROR },
	{ "SELECT count(*) FROM access_log(?1, 'no such format')", SQLITE_ERROR },
	/* A "#Fields:" line compiles a format while the rows are read. */
	{ "SELECT rowid, time, path, status, request_time, error "
	  "FROM access_log(?3)", SQLITE_OK },	/* The analysis functions and tables (test_analysis_sql.c has their answers). */
	{ "SELECT time_bucket('2026-11-25T23:42:16+01:00', '15 minutes'), "
	  "url_param('/a?b=%41+c&d', 'b'), url_param('/a?%62=1', 'b'), "
	  "path_template('/u/42/x/9f8e7d6c5b4a3f2e'), ip_in('::ffff:10.0.0.1', '10.0.0.0/8'), "
	  "ip_network('2001:db8::1', 32), client_ip('10.0.0.1', '198.51.100.2', '10.0.0.0/8'), "
	  "ua_family('curl/8'), win32_reason('64'), "
	  "(SELECT count(*) FROM url_params('/s?q=a+b&q=%41&x')), "
	  "(SELECT count(*) FROM win32_status), (SELECT count(*) FROM user_agent_pattern)", SQLITE_OK },
	{ "SELECT median(column1) OVER (ORDER BY column1 ROWS 1 PRECEDING), "
	  "percentile_disc(column1, 0.5) OVER () FROM (VALUES (3), (1), (2))", SQLITE_OK },
	{ "SELECT ip_in('10.0.0.1', '10.0.0.0/33')", SQLITE_ERROR },
};

static const struct query nofile_queries[] = {
	{ "SELECT http_reason(500), http_class(500)", SQLITE_OK },
	{ "SELECT count(*) FROM http_status", SQLITE_OK },
	{ "SELECT count(*) FROM access_log(?1)", SQLITE_ERROR }, /* no such table */
};

/* The log access_log() reads: combined lines, one that does not parse, one
 * with more fields. */
static const char log_lines[] =
	"192.0.2.10 - - [25/Nov/2026:23:42:16 +0000] \"GET /index.html?lang=en HTTP/1.1\" "
	"200 612 \"-\" \"curl/7.88.1\"\n"
	"192.0.2.11 - alice [25/Nov/2026:23:42:17 +0100] \"POST /api/items HTTP/2.0\" "
	"201 48 \"https://example.com/form\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n"
	"2001:db8::1 - - [25/Nov/2026:23:42:18 -0530] \"GET /caf\\xC3\\xA9 HTTP/1.1\" "
	"404 153 \"-\" \"Agent \\x22q\\x22\"\n"
	"this line is not a log line\n"
	"192.0.2.12 - - [25/Nov/2026:23:42:19 +0000] \"GET /old HTTP/1.1\" 403 0 \"-\" \"-\"\r\n"
	/* More fields after combined: extra is a JSON array. */
	"192.0.2.13 - - [25/Nov/2026:23:42:20 +0000] \"GET /xff HTTP/1.1\" 200 5 \"-\" \"ua\" "
	"\"203.0.113.9\" 0.154\n";
/* A W3C log: its formats come from "#Fields:" lines, one of them mid-file. */
static const char w3c_lines[] =
	"#Software: Microsoft Internet Information Services 10.0\n"
	"#Fields: date time c-ip cs-method cs-uri-stem sc-status time-taken\n"
	"2026-11-25 00:00:01 192.0.2.1 GET /a 200 15\n"
	"#Fields: date time cs-uri-stem sc-status\n"
	"2026-11-25 00:00:02 /b 404\n";
static char log_dir[64], log_path[128], missing_path[128], w3c_path[128], cut_path[128];
/* The compressed copies of the log, beside it. */
static char copy_paths[4][128];

#define FULL_COUNT (sizeof(full_queries) / sizeof(full_queries[0]))
#define NOFILE_COUNT (sizeof(nofile_queries) / sizeof(nofile_queries[0]))

/* Steps: open x2, init x2, the queries, close x2. */
enum {
	STEP_OPEN_FULL,
	STEP_OPEN_NOFILE,
	STEP_INIT_FULL,
	STEP_INIT_NOFILE,
	STEP_QUERIES,
	STEP_CLOSE_FULL = STEP_QUERIES + FULL_COUNT + NOFILE_COUNT,
	STEP_CLOSE_NOFILE,
	STEP_COUNT
};

struct run {
	struct outcome step[STEP_COUNT];
};

/* The rows of a query as text, grown by doubling. */
struct text {
	char *p;
	size_t len, cap;
};

static void append(struct text *t, const char *s)
{
	size_t n = strlen(s);
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 256;
		while (cap < t->len + n + 1)
			cap *= 2;
		char *grown = __real_realloc(t->p, cap);
		assert_non_null(grown);
		t->p = grown;
		t->cap = cap;
	}
	memcpy(t->p + t->len, s, n + 1);
	t->len += n;
}

/* Runs one statement to its end; the rows, as text, go to out->rows. */
static void query(sqlite3 *db, const char *sql, struct outcome *out)
{
	sqlite3_stmt *stmt = NULL;
	struct text rows = { 0 };
	append(&rows, "");
	out->rows = rows.p;
	out->rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (out->rc != SQLITE_OK) {
		snprintf(out->message, sizeof(out->message), "%s", sqlite3_errmsg(db));
		return;
	}
	const char *params[] = { log_path, missing_path, w3c_path, cut_path };
	for (int p = 1; p <= sqlite3_bind_parameter_count(stmt); p++) {
		out->rc = sqlite3_bind_text(stmt, p, params[p - 1], -1, SQLITE_STATIC);
		if (out->rc != SQLITE_OK) {
			sqlite3_finalize(stmt);
			return;
		}
	}
	while ((out->rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(stmt); c++) {
			const unsigned char *text = sqlite3_column_text(stmt, c);
			if (text == NULL && sqlite3_column_type(stmt, c) != SQLITE_NULL) {
				/* The value exists but could not be converted. */
				out->rc = SQLITE_NOMEM;
				break;
			}
			append(&rows, c ? "|" : "\n");
			append(&rows, text ? (const char *)text : "NULL");
		}
		if (out->rc == SQLITE_NOMEM)
			break;
	}
	out->rows = rows.p;
	int final = sqlite3_finalize(stmt);
	if (out->rc == SQLITE_DONE)
		out->rc = final; /* SQLITE_OK */
	if (out->rc != SQLITE_OK)
		snprintf(out->message, sizeof(out->message), "%s", sqlite3_errmsg(db));
}

typedef int init_fn(sqlite3 *, char **, const sqlite3_api_routines *);

static void init(sqlite3 *db, init_fn *fn, struct outcome *out)
{
	char *err = NULL;
	out->rc = fn(db, &err, NULL);
	/* The message says what could not be registered, when there was memory
	 * to say it. */
	if (out->rc != SQLITE_OK && err != NULL)
		assert_non_null(strstr(err, "http_status: cannot register"));
	if (out->rc == SQLITE_OK)
		assert_null(err);
	sqlite3_free(err);
}

static void workload(struct run *run)
{
	memset(run, 0, sizeof(*run));
	sqlite3 *full = NULL, *nofile = NULL;

	run->step[STEP_OPEN_FULL].rc = sqlite3_open(":memory:", &full);
	run->step[STEP_OPEN_NOFILE].rc = sqlite3_open(":memory:", &nofile);
	if (run->step[STEP_OPEN_FULL].rc == SQLITE_OK)
		init(full, sqlite3_httpstatus_init, &run->step[STEP_INIT_FULL]);
	if (run->step[STEP_OPEN_NOFILE].rc == SQLITE_OK)
		init(nofile, sqlite3_httpstatus_nofile_init,
		     &run->step[STEP_INIT_NOFILE]);

	/* Queries run on a connection whose init succeeded; the steps of one
	 * that failed stay "not run". */
	bool full_ready = run->step[STEP_OPEN_FULL].rc == SQLITE_OK &&
	                  run->step[STEP_INIT_FULL].rc == SQLITE_OK;
	bool nofile_ready = run->step[STEP_OPEN_NOFILE].rc == SQLITE_OK &&
	                    run->step[STEP_INIT_NOFILE].rc == SQLITE_OK;
	for (size_t i = 0; full_ready && i < FULL_COUNT; i++)
		query(full, full_queries[i].sql, &run->step[STEP_QUERIES + i]);
	for (size_t i = 0; nofile_ready && i < NOFILE_COUNT; i++)
		query(nofile, nofile_queries[i].sql,
		      &run->step[STEP_QUERIES + FULL_COUNT + i]);

	/* sqlite3_open() may return a handle even when it fails: close it. */
	run->step[STEP_CLOSE_FULL].rc = sqlite3_close(full);
	run->step[STEP_CLOSE_NOFILE].rc = sqlite3_close(nofile);
}

static void free_run(struct run *run)
{
	for (int i = 0; i < STEP_COUNT; i++)
		free(run->step[i].rows);
}

static const char *step_name(int i)
{
	switch (i) {
	case STEP_OPEN_FULL: return "sqlite3_open (1)";
	case STEP_OPEN_NOFILE: return "sqlite3_open (2)";
	case STEP_INIT_FULL: return "sqlite3_httpstatus_init";
	case STEP_INIT_NOFILE: return "sqlite3_httpstatus_nofile_init";
	case STEP_CLOSE_FULL: return "sqlite3_close (1)";
	case STEP_CLOSE_NOFILE: return "sqlite3_close (2)";
	default:
		return i - STEP_QUERIES < (int)FULL_COUNT
		               ? full_queries[i - STEP_QUERIES].sql
		               : nofile_queries[i - STEP_QUERIES - FULL_COUNT].sql;
	}
}

/* The whole workload with memory to spare: what every faulty run is held
 * to, and the allocations it makes. */
static struct run expected;
static long expected_calls;

static int write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");
	if (f == NULL)
		return -1;
	size_t n = fwrite(text, 1, len, f);
	return fclose(f) == 0 && n == len ? 0 : -1;
}

/* Each library's one-shot compression; 0 when it fails. */
static size_t gzip_of(const char *text, size_t n, unsigned char *out, size_t cap)
{
	z_stream z = { 0 };
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	z.next_in = (unsigned char *)(uintptr_t)text;
	z.avail_in = (unsigned)n;
	z.next_out = out;
	z.avail_out = (unsigned)cap;
	size_t len = deflate(&z, Z_FINISH) == Z_STREAM_END ? cap - z.avail_out : 0;
	return deflateEnd(&z) == Z_OK ? len : 0;
}

static size_t bzip2_of(const char *text, size_t n, unsigned char *out, size_t cap)
{
	unsigned len = (unsigned)cap;
	/* Block size 1 (100 kB): the decoder's tables stay small. */
	return BZ2_bzBuffToBuffCompress((char *)out, &len, (char *)(uintptr_t)text,
	                                (unsigned)n, 1, 0, 0) == BZ_OK ? len : 0;
}

static size_t xz_of(const char *text, size_t n, unsigned char *out, size_t cap)
{
	size_t len = 0;
	/* Preset 0: a 256 KiB dictionary for the decoder to allocate. */
	return lzma_easy_buffer_encode(0, LZMA_CHECK_CRC64, NULL, (const uint8_t *)text, n,
	                               out, &len, cap) == LZMA_OK ? len : 0;
}

/* Without its size in the frame header, as zstd writes from a pipe: the
 * decoder then allocates its buffers while it reads. */
static size_t zstd_of(const char *text, size_t n, unsigned char *out, size_t cap)
{
	ZSTD_CCtx *cctx = ZSTD_createCCtx();
	ZSTD_inBuffer in = { text, n, 0 };
	ZSTD_outBuffer packed = { out, cap, 0 };
	size_t rc = cctx ? ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 0) : 1;
	if (cctx && !ZSTD_isError(rc))
		rc = ZSTD_compressStream2(cctx, &packed, &in, ZSTD_e_end);
	ZSTD_freeCCtx(cctx);
	return rc == 0 ? packed.pos : 0;
}

static int write_log(void)
{
	static const char *const names[] = { "access.log.1.gz", "access.log.2.bz2",
	                                     "access.log.3.xz", "access.log.4.zst" };
	size_t (*const packs[])(const char *, size_t, unsigned char *, size_t) = {
		gzip_of, bzip2_of, xz_of, zstd_of };
	unsigned char packed[4096];

	snprintf(log_dir, sizeof(log_dir), "/tmp/test_oom.XXXXXX");
	if (mkdtemp(log_dir) == NULL)
		return -1;
	snprintf(log_path, sizeof(log_path), "%s/access.log", log_dir);
	snprintf(missing_path, sizeof(missing_path), "%s/missing.log", log_dir);
	snprintf(w3c_path, sizeof(w3c_path), "%s/u_ex261125.log", log_dir);
	/* Rotated, compressed copies: the glob query reads them too. */
	for (int i = 0; i < 4; i++) {
		snprintf(copy_paths[i], sizeof(copy_paths[i]), "%s/%s", log_dir, names[i]);
		size_t n = packs[i](log_lines, sizeof(log_lines) - 1, packed, sizeof(packed));
		if (n == 0 || write_file(copy_paths[i], (const char *)packed, n) != 0)
			return -1;
	}
	/* The gzip copy without its last half. */
	snprintf(cut_path, sizeof(cut_path), "%s/cut.gz", log_dir);
	size_t n = gzip_of(log_lines, sizeof(log_lines) - 1, packed, sizeof(packed));
	if (n == 0 || write_file(cut_path, (const char *)packed, n / 2) != 0)
		return -1;
	return write_file(log_path, log_lines, sizeof(log_lines) - 1) ||
	       write_file(w3c_path, w3c_lines, sizeof(w3c_lines) - 1) ? -1 : 0;
}

static int run_expected(void **state)
{
	(void)state;
	if (write_log() != 0)
		return -1;
	long before = failing_heap.outstanding;
	failing_heap_arm(0, false);
	workload(&expected);
	expected_calls = failing_heap.calls;
	for (int i = 0; i < STEP_COUNT; i++) {
		int want = SQLITE_OK;
		if (i >= STEP_QUERIES && i < STEP_QUERIES + (int)FULL_COUNT)
			want = full_queries[i - STEP_QUERIES].rc;
		else if (i >= STEP_QUERIES + (int)FULL_COUNT && i < STEP_CLOSE_FULL)
			want = nofile_queries[i - STEP_QUERIES - FULL_COUNT].rc;
		if (expected.step[i].rc != want) {
			fprintf(stderr, "%s: %s\n", step_name(i),
			        sqlite3_errstr(expected.step[i].rc));
			return -1;
		}
	}
	return failing_heap.outstanding == before ? 0 : -1;
}

static int free_expected(void **state)
{
	(void)state;
	free_run(&expected);
	remove(log_path);
	remove(w3c_path);
	for (int i = 0; i < 4; i++)
		remove(copy_paths[i]);
	remove(cut_path);
	return rmdir(log_dir);
}

static void check_against_expected(const struct run *run, long fail_at,
                                   bool persistent)
{
	for (int i = 0; i < STEP_COUNT; i++) {
		const struct outcome *got = &run->step[i], *want = &expected.step[i];
		if (want->rows != NULL && got->rows == NULL)
			continue; /* not run: its connection failed to set up */
		if (got->rc == SQLITE_NOMEM && i != STEP_CLOSE_FULL &&
		    i != STEP_CLOSE_NOFILE)
			continue;
		if (got->rc != want->rc)
			fail_msg("allocation %ld failed%s: %s returned %s (%d: %s), "
			         "expected %s or SQLITE_NOMEM",
			         fail_at, persistent ? " and every one after" : "",
			         step_name(i), sqlite3_errstr(got->rc), got->rc,
			         got->message, sqlite3_errstr(want->rc));
		if (want->rows != NULL && strcmp(got->rows, want->rows) != 0)
			fail_msg("allocation %ld failed%s: %s gave other rows:\n%s\n"
			         "expected:\n%s",
			         fail_at, persistent ? " and every one after" : "",
			         step_name(i), got->rows, want->rows);
	}
}

/* Fails allocation N (and, persistent, every one after) for N = 1, 2, ...
 * until a run meets no failure. */
static void fail_each_allocation(bool persistent)
{
	long fail_at;
	for (fail_at = 1;; fail_at++) {
		long before = failing_heap.outstanding;
		struct run run;
		failing_heap_arm(fail_at, persistent);
		workload(&run);
		long injected = failing_heap.injected, calls = failing_heap.calls;
		failing_heap_arm(0, false);
		if (failing_heap.outstanding != before)
			fail_msg("allocation %ld failed%s: %ld blocks leaked", fail_at,
			         persistent ? " and every one after" : "",
			         failing_heap.outstanding - before);
		check_against_expected(&run, fail_at, persistent);
		free_run(&run);
		if (injected == 0) {
			/* The run went through: it made the same allocations as the
			 * expected one. */
			assert_int_equal(calls, expected_calls);
			break;
		}
	}
	print_message("%ld allocation points failed%s, all survived\n",
	              fail_at - 1, persistent ? " persistently" : " once");
	assert_true(fail_at > 1);
}

static void every_call_survives_the_failure_of_any_one_allocation(void **state)
{
	(void)state;
	fail_each_allocation(false);
}

static void every_call_survives_running_out_of_memory_for_good(void **state)
{
	(void)state;
	fail_each_allocation(true);
}

int main(void)
{
	if (!failing_heap_install() || sqlite3_initialize() != SQLITE_OK) {
		fprintf(stderr, "test_oom: cannot install the allocator\n");
		return 1;
	}

	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_call_survives_the_failure_of_any_one_allocation),
		cmocka_unit_test(every_call_survives_running_out_of_memory_for_good),
	};
	return cmocka_run_group_tests(tests, run_expected, free_expected);
}
