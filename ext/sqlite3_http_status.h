/*
 * http_status for C programs that embed SQLite: the functions and tables
 * without loading a module. Link the static library (pkg-config http_status)
 * and register the entry point before opening a database:
 *
 *   #include <sqlite3.h>
 *   #include <sqlite3_http_status.h>
 *
 *   int rc = sqlite3_auto_extension((void (*)(void))sqlite3_httpstatus_init);
 *   ...
 *   rc = sqlite3_open(":memory:", &db);  // http_reason(404), access_log(), ...
 *
 * sqlite3_auto_extension() registers it in every connection opened after
 * the call; to add it to one connection only, call the entry point with
 * (db, &err, NULL) instead. The library is built with -DSQLITE_CORE, so the
 * third argument is not used.
 *
 * sqlite3_httpstatus_nofile_init leaves out access_log(), the one part that
 * reads files: use it where people you do not trust write the SQL.
 *
 * Both return SQLITE_OK, or an SQLite error code with a message in *err
 * (free it with sqlite3_free) when err is not NULL.
 */
#ifndef SQLITE3_HTTP_STATUS_H
#define SQLITE3_HTTP_STATUS_H

#include <sqlite3.h>

#ifdef __cplusplus
extern "C" {
#endif

int sqlite3_httpstatus_init(sqlite3 *db, char **err,
                            const sqlite3_api_routines *api);
int sqlite3_httpstatus_nofile_init(sqlite3 *db, char **err,
                                   const sqlite3_api_routines *api);

#ifdef __cplusplus
}
#endif
#endif
