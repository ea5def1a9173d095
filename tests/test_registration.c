/*
 * What a load registers, by name, for each entry point: every function
 * (name/number of arguments) and every module, compared as exact lists with
 * what a connection has after the load and did not have before. A rename, a
 * lost or an unlisted registration fails here; a count would not notice.
 *
 * The expected lists are below, in one place: a new function or table is
 * added to them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "sqlite3_http_status.h"

/* ---- The expected registrations, sorted -------------------------------- */

/* Both entry points: functions as name/argc (median and the percentiles
 * only where SQLite does not have them, as 3.40 does not). */
static const char functions[] =
	"client_ip/2\n"
	"client_ip/3\n"
	"http_class/1\n"
	"http_class/2\n"
	"http_code/1\n"
	"http_description/1\n"
	"http_description/2\n"
	"http_reason/1\n"
	"http_reason/2\n"
	"http_status_registry_date/0\n"
	"http_status_version/0\n"
	"ip_in/2\n"
	"ip_network/2\n"
	"median/1\n"
	"path_template/1\n"
	"percentile/2\n"
	"percentile_cont/2\n"
	"percentile_disc/2\n"
	"time_bucket/2\n"
	"ua_family/1\n"
	"ua_is_bot/1\n"
	"ua_os/1\n"
	"url_param/2\n"
	"url_path/1\n"
	"url_query/1\n"
	"win32_reason/1";

/* Both entry points: eponymous read-only tables over the reference and
 * the analysis data, and url_params(target). */
static const char reference_tables[] =
	"http_status\n"
	"http_status_class\n"
	"http_status_phrase\n"
	"httperr_reason\n"
	"url_params\n"
	"user_agent_pattern\n"
	"win32_status";

/* sqlite3_httpstatus_init only: the table-valued function that reads files. */
static const char file_tables[] = "access_log";

/* ------------------------------------------------------------------------ */

typedef int (*entry_point)(sqlite3 *, char **, const sqlite3_api_routines *);

/* One text value per row of a query, each followed by '\n'. */
static char *lines_of(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt;
	size_t cap = 4096, used = 0;
	char *out = calloc(1, cap);
	int rc;

	assert_non_null(out);
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(stmt, 0);
		assert_non_null(t);
		size_t len = strlen(t);
		while (used + len + 2 > cap) {
			cap *= 2;
			out = realloc(out, cap);
			assert_non_null(out);
		}
		memcpy(out + used, t, len);
		used += len;
		out[used++] = '\n';
		out[used] = '\0';
	}
	assert_int_equal(rc, SQLITE_DONE);
	assert_int_equal(sqlite3_finalize(stmt), SQLITE_OK);
	return out;
}

/* The lines of after that are not lines of before, joined by '\n'. */
static char *added(const char *before, const char *after)
{
	char *out = calloc(1, strlen(after) + 1);
	size_t used = 0;

	assert_non_null(out);
	for (const char *p = after; *p;) {
		const char *end = strchr(p, '\n');
		size_t len = (size_t)(end - p);
		int known = 0;
		for (const char *q = before; *q && !known;) {
			const char *qend = strchr(q, '\n');
			known = (size_t)(qend - q) == len && memcmp(p, q, len) == 0;
			q = qend + 1;
		}
		if (!known) {
			if (used)
				out[used++] = '\n';
			memcpy(out + used, p, len);
			used += len;
		}
		p = end + 1;
	}
	out[used] = '\0';
	return out;
}

static const char function_names[] =
	"SELECT DISTINCT name || '/' || narg FROM pragma_function_list ORDER BY 1";
static const char module_names[] = "SELECT name FROM pragma_module_list ORDER BY 1";

struct registered {
	char *functions, *modules;
};

static struct registered load(entry_point init)
{
	sqlite3 *db;
	char *err = NULL;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	char *functions_before = lines_of(db, function_names);
	char *modules_before = lines_of(db, module_names);
	if (init(db, &err, NULL) != SQLITE_OK)
		fail_msg("load failed: %s", err ? err : "(no message)");
	char *functions_after = lines_of(db, function_names);
	char *modules_after = lines_of(db, module_names);
	struct registered r = {
		.functions = added(functions_before, functions_after),
		.modules = added(modules_before, modules_after),
	};
	/* Tables are eponymous: the load creates nothing in the database. */
	char *schema = lines_of(db, "SELECT name FROM sqlite_schema");
	assert_string_equal(schema, "");
	free(schema);
	free(functions_before);
	free(modules_before);
	free(functions_after);
	free(modules_after);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
	return r;
}

static void registered_free(struct registered *r)
{
	free(r->functions);
	free(r->modules);
}

static void the_default_entry_point_registers_the_functions_and_every_table(void **state)
{
	(void)state;
	struct registered r = load(sqlite3_httpstatus_init);
	char modules[256];
	/* access_log sorts before the http_status tables. */
	snprintf(modules, sizeof(modules), "%s\n%s", file_tables, reference_tables);
	assert_string_equal(r.functions, functions);
	assert_string_equal(r.modules, modules);
	registered_free(&r);
}

static void the_no_file_entry_point_registers_the_functions_and_the_reference_tables(void **state)
{
	(void)state;
	struct registered r = load(sqlite3_httpstatus_nofile_init);
	assert_string_equal(r.functions, functions);
	assert_string_equal(r.modules, reference_tables);
	registered_free(&r);
}

static void every_function_is_utf8_deterministic_and_innocuous(void **state)
{
	(void)state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_httpstatus_nofile_init(db, NULL, NULL), SQLITE_OK);
	/* Every listed function, registered with SQLITE_UTF8 and both flags. */
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db,
		"WITH listed(name) AS (SELECT value FROM json_each('[\"' || replace(?1, char(10), '\",\"') || '\"]')) "
		"SELECT (SELECT count(*) FROM listed), "
		"(SELECT count(*) FROM pragma_function_list f JOIN listed l ON l.name = f.name || '/' || f.narg "
		" WHERE f.enc = 'utf8' AND (f.flags & ?2) = ?2)",
		-1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_bind_text(stmt, 1, functions, -1, SQLITE_STATIC), SQLITE_OK);
	assert_int_equal(sqlite3_bind_int(stmt, 2, SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	int listed = sqlite3_column_int(stmt, 0);
	assert_true(listed > 0);
	assert_int_equal(sqlite3_column_int(stmt, 1), listed);
	assert_int_equal(sqlite3_finalize(stmt), SQLITE_OK);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

static void every_table_answers_without_create_virtual_table(void **state)
{
	(void)state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_httpstatus_init(db, NULL, NULL), SQLITE_OK);
	char tables[512];
	snprintf(tables, sizeof(tables), "%s\n", reference_tables);
	for (char *name = strtok(tables, "\n"); name != NULL; name = strtok(NULL, "\n")) {
		/* url_params is a table-valued function: it answers its argument. */
		char *sql = strcmp(name, "url_params") == 0
				    ? sqlite3_mprintf("SELECT count(*) > 0 FROM url_params('/p?a=1')")
				    : sqlite3_mprintf("SELECT count(*) > 0 FROM \"%w\"", name);
		char *got = lines_of(db, sql);
		if (strcmp(got, "1\n") != 0)
			fail_msg("%s: %s", sql, got);
		free(got);
		sqlite3_free(sql);
	}
	char *got = lines_of(db, "SELECT count(*) FROM access_log('/dev/null')");
	assert_string_equal(got, "0\n");
	free(got);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_default_entry_point_registers_the_functions_and_every_table),
		cmocka_unit_test(the_no_file_entry_point_registers_the_functions_and_the_reference_tables),
		cmocka_unit_test(every_function_is_utf8_deterministic_and_innocuous),
		cmocka_unit_test(every_table_answers_without_create_virtual_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
