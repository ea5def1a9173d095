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

static int close_db(void **state)
{
	return sqlite3_close(*state) == SQLITE_OK ? 0 : -1;
}

#endif
