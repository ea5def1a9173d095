/* Shared by the files of the SQLite extension; not part of the core API. */
#ifndef HTTP_STATUS_EXT_H
#define HTTP_STATUS_EXT_H

#include <stdbool.h>

#include "sqlite3ext.h"

#include "http_status.h"

#define HTTP_STATUS_VERSION "0.1.0"

/* Reads a code the way every function and the http_status table do: an
 * INTEGER, an integral REAL or TEXT (see hs_parse_text). Returns false for
 * anything else; sets *oom when the value could not be read for lack of
 * memory. */
bool hs_code_from_value(sqlite3_value *value, struct hs_code *out, bool *oom);

/* xConnect and xDisconnect of a table with no state beyond its schema;
 * safety is SQLITE_VTAB_INNOCUOUS or SQLITE_VTAB_DIRECTONLY. size is that
 * of the table's struct, which starts with its sqlite3_vtab (zeroed). */
int hs_vtab_connect(sqlite3 *db, const char *schema, int safety, size_t size,
                    sqlite3_vtab **out);
int hs_vtab_disconnect(sqlite3_vtab *vtab);

/* A constant string as the result, or NULL for a NULL pointer. */
void hs_result_static_text(sqlite3_context *ctx, const char *text);

int hs_register_functions(sqlite3 *db);
int hs_register_reference_tables(sqlite3 *db);
int access_log_register(sqlite3 *db);
/* Log analysis: analysis_functions.c, percentile.c, analysis_tables.c. */
int hs_register_analysis_functions(sqlite3 *db);
int hs_register_percentile(sqlite3 *db);
int hs_register_analysis_tables(sqlite3 *db);

#endif
