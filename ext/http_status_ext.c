/*
 * Entry points of the http_status SQLite extension.
 *
 *   .load ./http_status                          everything, access_log() included
 *   .load ./http_status sqlite3_httpstatus_nofile_init
 *                                                the same without access_log(),
 *                                                for applications where untrusted
 *                                                users run SQL
 *
 * SQLite derives the default entry point from the file name: http_status.so
 * gives sqlite3_httpstatus_init.
 */
#include "http_status_ext.h"
#include "sqlite3_http_status.h"

SQLITE_EXTENSION_INIT1

#if defined(_WIN32)
#define HS_EXPORT __declspec(dllexport)
#else
#define HS_EXPORT __attribute__((visibility("default")))
#endif

static int report(int rc, char **err, const char *what)
{
	if (rc != SQLITE_OK && err != NULL)
		*err = sqlite3_mprintf("http_status: cannot register %s: %s", what,
		                       sqlite3_errstr(rc));
	return rc;
}

HS_EXPORT int sqlite3_httpstatus_nofile_init(sqlite3 *db, char **err,
                                             const sqlite3_api_routines *api)
{
	SQLITE_EXTENSION_INIT2(api);
	int rc = report(hs_register_functions(db), err, "the functions");
	if (rc == SQLITE_OK)
		rc = report(hs_register_reference_tables(db), err, "the tables");
	if (rc == SQLITE_OK)
		rc = report(hs_register_analysis_functions(db), err, "the analysis functions");
	if (rc == SQLITE_OK)
		rc = report(hs_register_percentile(db), err, "the percentile functions");
	if (rc == SQLITE_OK)
		rc = report(hs_register_analysis_tables(db), err, "the analysis tables");
	return rc;
}

HS_EXPORT int sqlite3_httpstatus_init(sqlite3 *db, char **err,
                                      const sqlite3_api_routines *api)
{
	int rc = sqlite3_httpstatus_nofile_init(db, err, api);
	if (rc == SQLITE_OK)
		rc = report(access_log_register(db), err, "access_log");
	return rc;
}
