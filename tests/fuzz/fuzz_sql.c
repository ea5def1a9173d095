/*
 * fuzz_sql: the SQL functions and the http_status tables, driven through an
 * in-memory SQLite with arbitrary values of every storage class.
 *
 *   ./fuzz_sql -max_total_time=45 corpus/sql
 *
 * The input is decoded into two values, ?1 and ?2 (see decode_value: a tag
 * byte picks NULL, a 64-bit or a small integer, a REAL, UTF-8 or UTF-16
 * text, a BLOB or a zeroblob, and the bytes after it give its content).
 * Every statement below runs with them bound.
 *
 * The oracle is the extension's documented contract:
 *   - no function raises an error on any input, and no table does on any
 *     constraint value (nothing here runs out of memory, so not even NOMEM);
 *   - each function returns one value; `code = ?` is a unique key;
 *   - when `code = ?1` finds a row, http_reason(?1) and http_class(?1) are
 *     that row's reason and class, and `status = ?1` finds it first when it
 *     is a plain code;
 *   - every reason http_reason() returns is a phrase http_code() knows.
 * A breach aborts, which libFuzzer reports with the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "sqlite3_http_status.h"

enum {
	REASON_1,
	REASON_2,
	CLASS_1,
	CLASS_2,
	DESCRIPTION_1,
	DESCRIPTION_2,
	CODE_OF_PHRASE,
	CODE_OF_OWN_REASON,
	BY_CODE, /* the statements before this one return exactly one row */
	BY_STATUS,
	BY_CLASS,
	BY_CODE_AND_STATUS,
	BY_CODE_OR_STATUS,
	CODE_IN,
	PHRASE_BY_REASON,
	CLASS_TABLE_BY_CLASS,
	STATEMENT_COUNT
};

static const char *const statements[STATEMENT_COUNT] = {
	[REASON_1] = "SELECT http_reason(?1)",
	[REASON_2] = "SELECT http_reason(?1, ?2)",
	[CLASS_1] = "SELECT http_class(?1)",
	[CLASS_2] = "SELECT http_class(?1, ?2)",
	[DESCRIPTION_1] = "SELECT http_description(?1)",
	[DESCRIPTION_2] = "SELECT http_description(?1, ?2)",
	[CODE_OF_PHRASE] = "SELECT http_code(?1)",
	[CODE_OF_OWN_REASON] = "SELECT http_code(http_reason(?1, ?2))",
	[BY_CODE] = "SELECT code, reason, class, substatus IS NULL FROM http_status WHERE code = ?1",
	[BY_STATUS] = "SELECT code FROM http_status WHERE status = ?1",
	[BY_CLASS] = "SELECT code FROM http_status WHERE class = ?1",
	[BY_CODE_AND_STATUS] = "SELECT code FROM http_status WHERE code = ?1 AND status = ?2",
	[BY_CODE_OR_STATUS] = "SELECT count(*) FROM http_status WHERE code = ?1 OR status = ?2",
	[CODE_IN] = "SELECT count(*) FROM http_status WHERE code IN (?1, ?2)",
	[PHRASE_BY_REASON] = "SELECT count(*) FROM http_status_phrase WHERE reason = ?1",
	[CLASS_TABLE_BY_CLASS] = "SELECT digit FROM http_status_class WHERE class = ?2",
};

static sqlite3 *db;
static sqlite3_stmt *stmts[STATEMENT_COUNT];

#define CHECK(cond, ...)                                                       \
	do {                                                                       \
		if (!(cond)) {                                                         \
			fprintf(stderr, "%s:%d: contract broken: %s: ", __FILE__,          \
			        __LINE__, #cond);                                          \
			fprintf(stderr, __VA_ARGS__);                                      \
			fputc('\n', stderr);                                               \
			abort();                                                           \
		}                                                                      \
	} while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char *err = NULL;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_httpstatus_init(db, &err, NULL) != SQLITE_OK) {
		fprintf(stderr, "fuzz_sql: cannot set up: %s\n",
		        err ? err : sqlite3_errmsg(db));
		abort();
	}
	for (int i = 0; i < STATEMENT_COUNT; i++) {
		if (sqlite3_prepare_v3(db, statements[i], -1, SQLITE_PREPARE_PERSISTENT,
		                       &stmts[i], NULL) != SQLITE_OK) {
			fprintf(stderr, "fuzz_sql: %s: %s\n", statements[i],
			        sqlite3_errmsg(db));
			abort();
		}
	}
	return 0;
}

/* Reads the bytes of the input in order; past the end, zeros. */
struct reader {
	const uint8_t *p;
	size_t left;
};

static void take(struct reader *r, void *out, size_t n)
{
	if (n > r->left)
		n = r->left;
	if (out != NULL)
		memcpy(out, r->p, n);
	r->p += n;
	r->left -= n;
}

static uint8_t take_byte(struct reader *r)
{
	uint8_t b = 0;
	take(r, &b, 1);
	return b;
}

/* A length byte; 255 means "all that is left". */
static size_t take_length(struct reader *r)
{
	uint8_t n = take_byte(r);
	return n == 255 || n > r->left ? r->left : n;
}

/* One bound value, decoded from the input. */
struct value {
	int tag;
	int64_t i;
	double d;
	const void *bytes;
	size_t n;
};

static struct value decode_value(struct reader *r)
{
	struct value v = { .tag = take_byte(r) % 8 };
	switch (v.tag) {
	case 1:
		take(r, &v.i, sizeof(v.i));
		break;
	case 2: { /* small integers reach the codes far more often */
		int16_t small = 0;
		take(r, &small, sizeof(small));
		v.i = small;
		break;
	}
	case 3:
		take(r, &v.d, sizeof(v.d));
		break;
	case 4: /* UTF-8 text (or not: any bytes) */
	case 5: /* BLOB */
	case 6: /* UTF-16 text */
		v.n = take_length(r);
		v.bytes = r->p;
		take(r, NULL, v.n);
		break;
	case 7:
		v.n = take_byte(r);
		break;
	default:
		break;
	}
	return v;
}

static void bind_value(sqlite3_stmt *stmt, int index, const struct value *v)
{
	int rc;
	switch (v->tag) {
	case 1:
	case 2:
		rc = sqlite3_bind_int64(stmt, index, v->i);
		break;
	case 3:
		rc = sqlite3_bind_double(stmt, index, v->d);
		break;
	case 4:
		rc = sqlite3_bind_text(stmt, index, v->bytes, (int)v->n, SQLITE_STATIC);
		break;
	case 5:
		rc = sqlite3_bind_blob(stmt, index, v->bytes, (int)v->n, SQLITE_STATIC);
		break;
	case 6:
		rc = sqlite3_bind_text16(stmt, index, v->bytes,
		                         (int)(v->n & ~(size_t)1), SQLITE_STATIC);
		break;
	case 7:
		rc = sqlite3_bind_zeroblob(stmt, index, (int)v->n);
		break;
	default:
		rc = sqlite3_bind_null(stmt, index);
		break;
	}
	CHECK(rc == SQLITE_OK, "bind: %s", sqlite3_errstr(rc));
}

/* The rows of a statement, each column as text ("NULL" for NULL), columns
 * joined by '|', rows by '\n', cut at cap. Returns the number of rows. */
static int run(int which, char *out, size_t cap)
{
	sqlite3_stmt *stmt = stmts[which];
	size_t used = 0;
	int rows = 0, rc;
	out[0] = '\0';
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(stmt); c++) {
			const unsigned char *text = sqlite3_column_text(stmt, c);
			CHECK(text != NULL || sqlite3_column_type(stmt, c) == SQLITE_NULL,
			      "%s: column %d: out of memory", statements[which], c);
			int w = snprintf(out + used, cap - used, "%s%s",
			                 c ? "|" : rows ? "\n" : "",
			                 text ? (const char *)text : "NULL");
			if (w > 0)
				used += (size_t)w < cap - used ? (size_t)w : cap - used - 1;
		}
		rows++;
	}
	CHECK(rc == SQLITE_DONE, "%s: %s", statements[which], sqlite3_errmsg(db));
	CHECK(sqlite3_reset(stmt) == SQLITE_OK, "%s: reset", statements[which]);
	return rows;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Every statement sees the same two values. The input outlives the
	 * statements' use of it, so its bytes are bound SQLITE_STATIC. */
	struct reader r = { data, size };
	struct value values[2];
	values[0] = decode_value(&r);
	values[1] = decode_value(&r);
	for (int i = 0; i < STATEMENT_COUNT; i++) {
		int params = sqlite3_bind_parameter_count(stmts[i]);
		for (int p = 1; p <= params; p++)
			bind_value(stmts[i], p, &values[p - 1]);
	}

	static char results[STATEMENT_COUNT][4096];
	int rows[STATEMENT_COUNT];
	for (int i = 0; i < STATEMENT_COUNT; i++)
		rows[i] = run(i, results[i], sizeof(results[i]));

	for (int i = 0; i < BY_CODE; i++)
		CHECK(rows[i] == 1, "%s: %d rows", statements[i], rows[i]);
	CHECK(rows[BY_CODE] <= 1, "code = ?1 is unique: %d rows", rows[BY_CODE]);
	CHECK(rows[BY_CODE_AND_STATUS] <= 1, "code = ?1 is unique: %d rows",
	      rows[BY_CODE_AND_STATUS]);

	if (rows[BY_CODE] == 1) {
		char code[64], reason[512], klass[64];
		int plain;
		CHECK(sscanf(results[BY_CODE], "%63[^|]|%511[^|]|%63[^|]|%d", code,
		             reason, klass, &plain) == 4,
		      "row: %s", results[BY_CODE]);
		CHECK(strcmp(results[REASON_1], reason) == 0,
		      "http_reason(?1) is %s, but code = ?1 gives %s",
		      results[REASON_1], reason);
		CHECK(strcmp(results[CLASS_1], klass) == 0,
		      "http_class(?1) is %s, but code = ?1 gives %s", results[CLASS_1],
		      klass);
		if (plain) {
			size_t n = strlen(code);
			CHECK(strncmp(results[BY_STATUS], code, n) == 0 &&
			              (results[BY_STATUS][n] == '\0' ||
			               results[BY_STATUS][n] == '\n'),
			      "status = ?1 does not start with %s: %s", code,
			      results[BY_STATUS]);
		}
	}
	/* Every current reason is the phrase of a code. */
	if (strcmp(results[REASON_2], "NULL") != 0)
		CHECK(strcmp(results[CODE_OF_OWN_REASON], "NULL") != 0,
		      "http_code(%s) is NULL", results[REASON_2]);

	for (int i = 0; i < STATEMENT_COUNT; i++)
		sqlite3_clear_bindings(stmts[i]);
	return 0;
}
