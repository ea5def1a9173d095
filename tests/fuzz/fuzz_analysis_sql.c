/*
 * fuzz_analysis_sql: the analysis functions and url_params through SQL, with
 * arguments of every type (TEXT, BLOB, INTEGER, REAL, NULL) made from the
 * input.
 *
 *   ./fuzz_analysis_sql -max_total_time=45 corpus/analysis_sql
 *
 * Input: one byte picks the statement, one byte the types of its arguments
 * (two bits each), then each argument as a length byte (255: the rest) and
 * its bytes. The contract checked: a statement either gives its row with a
 * result of the documented type, or, only where README says an argument is
 * checked (a width, a CIDR, a prefix length, a percentile's fraction or
 * input), an error; out of memory never happens here.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "sqlite3_http_status.h"

#include "fuzz_check.h"

enum result_kind { TEXT_OR_NULL, FLAG_OR_NULL, REAL_OR_NULL, COUNT };

static const struct {
	const char *sql;
	int args;
	enum result_kind result;
	int may_fail; /* an argument it checks may be an error */
} statements[] = {
	{ "SELECT time_bucket(?1, ?2)", 2, TEXT_OR_NULL, 1 },
	{ "SELECT url_path(?1)", 1, TEXT_OR_NULL, 0 },
	{ "SELECT url_query(?1)", 1, TEXT_OR_NULL, 0 },
	{ "SELECT url_param(?1, ?2)", 2, TEXT_OR_NULL, 0 },
	{ "SELECT path_template(?1)", 1, TEXT_OR_NULL, 0 },
	{ "SELECT ip_in(?1, ?2)", 2, FLAG_OR_NULL, 1 },
	{ "SELECT ip_network(?1, ?2)", 2, TEXT_OR_NULL, 1 },
	{ "SELECT client_ip(?1, ?2)", 2, TEXT_OR_NULL, 0 },
	{ "SELECT client_ip(?1, ?2, ?3)", 3, TEXT_OR_NULL, 1 },
	{ "SELECT ua_family(?1)", 1, TEXT_OR_NULL, 0 },
	{ "SELECT ua_os(?1)", 1, TEXT_OR_NULL, 0 },
	{ "SELECT ua_is_bot(?1)", 1, FLAG_OR_NULL, 0 },
	{ "SELECT win32_reason(?1)", 1, TEXT_OR_NULL, 0 },
	{ "SELECT count(*) FROM url_params(?1)", 1, COUNT, 0 },
	{ "SELECT percentile(column1, ?2) FROM (VALUES (?1), (?3), (1))", 3, REAL_OR_NULL, 1 },
	{ "SELECT percentile_disc(column1, ?2) OVER (ORDER BY column1 ROWS 1 PRECEDING) "
	  "FROM (VALUES (?1), (?3), (2.5))", 3, REAL_OR_NULL, 1 },
};
#define STATEMENT_COUNT (sizeof(statements) / sizeof(statements[0]))

static sqlite3 *db;
static sqlite3_stmt *stmts[STATEMENT_COUNT];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char *err = NULL;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_httpstatus_init(db, &err, NULL) != SQLITE_OK) {
		fprintf(stderr, "fuzz_analysis_sql: cannot set up: %s\n", err ? err : sqlite3_errmsg(db));
		abort();
	}
	for (size_t i = 0; i < STATEMENT_COUNT; i++)
		CHECK(sqlite3_prepare_v3(db, statements[i].sql, -1, SQLITE_PREPARE_PERSISTENT,
		                         &stmts[i], NULL) == SQLITE_OK);
	return 0;
}

static void bind(sqlite3_stmt *stmt, int index, int type, const uint8_t *bytes, size_t len)
{
	char text[32];
	size_t n = len < sizeof(text) - 1 ? len : sizeof(text) - 1;
	memcpy(text, bytes, n);
	text[n] = '\0';
	int rc;
	switch (type) {
	case 0: rc = sqlite3_bind_text(stmt, index, (const char *)bytes, (int)len, SQLITE_TRANSIENT); break;
	case 1: rc = sqlite3_bind_blob(stmt, index, bytes, (int)len, SQLITE_TRANSIENT); break;
	case 2: rc = sqlite3_bind_int64(stmt, index, strtoll(text, NULL, 10)); break;
	default: rc = len == 0 ? sqlite3_bind_null(stmt, index)
	                       : sqlite3_bind_double(stmt, index, strtod(text, NULL)); break;
	}
	CHECK(rc == SQLITE_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	size_t which = data[0] % STATEMENT_COUNT;
	int types = data[1];
	data += 2, size -= 2;
	sqlite3_stmt *stmt = stmts[which];
	int any_nul = 0; /* a TEXT result may hold a NUL only when an argument did */
	for (int a = 1; a <= statements[which].args; a++) {
		size_t len = size > 0 ? data[0] : 0;
		if (size > 0)
			data++, size--;
		if (len == 255 || len > size)
			len = size;
		bind(stmt, a, (types >> (2 * (a - 1))) & 3, data, len);
		any_nul |= memchr(data, '\0', len) != NULL;
		data += len, size -= len;
	}
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		int type = sqlite3_column_type(stmt, 0);
		switch (statements[which].result) {
		case TEXT_OR_NULL: CHECK(type == SQLITE_TEXT || type == SQLITE_NULL); break;
		case FLAG_OR_NULL:
			CHECK(type == SQLITE_NULL ||
			      (type == SQLITE_INTEGER && (sqlite3_column_int(stmt, 0) & ~1) == 0));
			break;
		case REAL_OR_NULL: CHECK(type == SQLITE_FLOAT || type == SQLITE_NULL); break;
		case COUNT: CHECK(type == SQLITE_INTEGER && sqlite3_column_int64(stmt, 0) >= 0); break;
		}
		if (type == SQLITE_TEXT) {
			const unsigned char *text = sqlite3_column_text(stmt, 0);
			CHECK(text != NULL);
			CHECK(any_nul || strlen((const char *)text) == (size_t)sqlite3_column_bytes(stmt, 0));
		}
	} else {
		CHECK(rc == SQLITE_ERROR && statements[which].may_fail);
		const char *message = sqlite3_errmsg(db);
		CHECK(message != NULL && strlen(message) > 0);
	}
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return 0;
}
