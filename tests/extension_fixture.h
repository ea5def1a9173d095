/* The cmocka fixture of the SQL tests: an in-memory database with the whole
 * extension registered (state is the sqlite3 *). */
#ifndef EXTENSION_FIXTURE_H
#define EXTENSION_FIXTURE_H

#include <stdio.h>

#include <sqlite3.h>

#include "sqlite3_http_status.h"

static int open_db(void **state)
{
	sqlite3 *db;
	char *err = NULL;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return -1;
	if (sqlite3_httpstatus_init(db, &err, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s\n", err ? err : "init failed");
		sqlite3_free(err);
		sqlite3_close(db);
		return -1;
	}
	*state = db;
	return 0;
}

/* The single value of a one-row, one-column query, as text ("NULL" for
 * NULL), to free(); fails the test otherwise. Needs cmocka.h, string.h
 * and stdlib.h before this header. */
static inline char *query(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(stmt) != SQLITE_ROW)
		fail_msg("%s: no row (%s)", sql, sqlite3_errmsg(db));
	const unsigned char *text = sqlite3_column_text(stmt, 0);
	char *value = strdup(text ? (const char *)text : "NULL");
	if (sqlite3_step(stmt) != SQLITE_DONE)
		fail_msg("%s: more than one row", sql);
	sqlite3_finalize(stmt);
	return value;
}

static int close_db(void **state)
{
	return sqlite3_close(*state) == SQLITE_OK ? 0 : -1;
}

#endif
