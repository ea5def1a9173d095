/*
 * The extension as a user meets it: an in-memory database with the functions
 * and tables registered, SQL in, values out.
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

#include "extension_fixture.h"

static void assert_query(sqlite3 *db, const char *sql, const char *expected)
{
	char *got = query(db, sql);
	if (strcmp(got, expected) != 0)
		fail_msg("%s\n  expected: %s\n  got:      %s", sql, expected, got);
	free(got);
}

/* EXPLAIN QUERY PLAN's lines, joined with '|'. */
static void assert_plan(sqlite3 *db, const char *sql, const char *expected)
{
	char *explain = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, explain, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("%s: %s", explain, sqlite3_errmsg(db));
	sqlite3_free(explain);
	char plan[512] = "";
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(stmt, 3);
		size_t used = strlen(plan);
		snprintf(plan + used, sizeof(plan) - used, "%s%s", used ? "|" : "", detail);
	}
	sqlite3_finalize(stmt);
	if (strcmp(plan, expected) != 0)
		fail_msg("plan of %s\n  expected: %s\n  got:      %s", sql, expected, plan);
}

static void assert_query_type(sqlite3 *db, const char *sql, int type)
{
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	if (sqlite3_column_type(stmt, 0) != type)
		fail_msg("%s: type %d, expected %d", sql, sqlite3_column_type(stmt, 0), type);
	sqlite3_finalize(stmt);
}

static void assert_error(sqlite3 *db, const char *sql, const char *message_part)
{
	char *err = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
	if (rc == SQLITE_OK)
		fail_msg("%s: expected an error", sql);
	if (err == NULL || strstr(err, message_part) == NULL)
		fail_msg("%s: error '%s' does not say '%s'", sql, err ? err : "", message_part);
	sqlite3_free(err);
}

static void http_reason_reads_integers_and_text(void **state)
{
	sqlite3 *db = *state;
	assert_query(db, "SELECT http_reason(404)", "Not Found");
	assert_query(db, "SELECT http_reason('404')", "Not Found");
	assert_query(db, "SELECT http_reason(' 404 ')", "Not Found");
	assert_query(db, "SELECT http_reason('403.14')", "Forbidden: Directory listing denied");
	assert_query(db, "SELECT http_reason(404.0)", "Not Found");
}

static void http_reason_takes_iis_status_and_substatus_columns(void **state)
{
	sqlite3 *db = *state;
	assert_query(db, "SELECT http_reason(403, 14)", "Forbidden: Directory listing denied");
	assert_query(db, "SELECT http_reason('403', '14')", "Forbidden: Directory listing denied");
	assert_query(db, "SELECT http_reason(403, 14.0)", "Forbidden: Directory listing denied");
	/* A substatus of 0 or NULL means none. */
	assert_query(db, "SELECT http_reason(404, 0)", "Not Found");
	assert_query(db, "SELECT http_reason(404, NULL)", "Not Found");
	assert_query(db, "SELECT http_reason(404, 999)", "Not Found");
	assert_query(db, "SELECT http_reason(NULL, 14)", "NULL");
	assert_query(db, "SELECT http_reason(404, -1)", "NULL");
	assert_query(db, "SELECT http_reason(404, 1000)", "NULL");
	assert_query(db, "SELECT http_reason(404, 'x')", "NULL");
	assert_query(db, "SELECT http_reason(404, 1.5)", "NULL");
	assert_query(db, "SELECT http_reason(404, -1.0)", "NULL");
	assert_query(db, "SELECT http_reason(404, 1000.0)", "NULL");
	assert_query(db, "SELECT http_class(503, '2')", "Server Error");
	assert_query(db, "SELECT http_description(403, 14) = http_description('403.14')", "1");
	assert_query(db, "SELECT http_reason(404, x'01')", "NULL");
	/* The sub-status cannot be given twice. */
	assert_query(db, "SELECT http_reason('403.14', 2)", "NULL");
	assert_query(db, "SELECT http_reason('403.14', 0)", "NULL");
}

static void an_unknown_minor_falls_back_and_an_unassigned_major_is_null(void **state)
{
	sqlite3 *db = *state;
	assert_query(db, "SELECT http_reason('404.999')", "Not Found");
	assert_query(db, "SELECT http_reason(299)", "NULL");
	assert_query(db, "SELECT http_reason('299.1')", "NULL");
	assert_query(db, "SELECT http_class(299)", "Successful");
}

static void http_class_names_the_class_of_any_code_from_100_to_599(void **state)
{
	sqlite3 *db = *state;
	assert_query(db, "SELECT http_class(100)", "Informational");
	assert_query(db, "SELECT http_class(204)", "Successful");
	assert_query(db, "SELECT http_class('399')", "Redirection");
	assert_query(db, "SELECT http_class(404)", "Client Error");
	assert_query(db, "SELECT http_class('403.14')", "Client Error");
	assert_query(db, "SELECT http_class(599)", "Server Error");
	assert_query(db, "SELECT http_class(503, 2)", "Server Error");
}

static void http_description_explains_the_code(void **state)
{
	sqlite3 *db = *state;
	assert_query(db, "SELECT instr(http_description(404), 'did not find a current representation') > 0", "1");
	assert_query(db, "SELECT http_description('404.999') = http_description(404)", "1");
	assert_query(db, "SELECT http_description(299)", "NULL");
}

static void no_response_is_its_own_code_without_a_class(void **state)
{
	sqlite3 *db = *state;
	assert_query(db, "SELECT http_reason(0)", "No Response");
	assert_query(db, "SELECT http_reason('000')", "No Response");
	assert_query(db, "SELECT http_reason('-')", "No Response");
	assert_query(db, "SELECT http_class(0)", "NULL");
}

/* The README's table of bad inputs, row by row: each gives NULL, no error. */
static void anything_that_is_not_a_code_gives_null(void **state)
{
	sqlite3 *db = *state;
	const char *bad[] = {
		"NULL", "'abc'", "'4O4'", "''", "' '", "x'343034'", "zeroblob(3)",
		"-1", "99", "600", "1e300", "-1e300", "9223372036854775807",
		"-9223372036854775808", "403.1", "'404:1'", "'404.'", "'404.1000'",
		"'0404'", "char(52,48,52,0)",
	};
	const char *functions[] = { "http_reason", "http_class", "http_description" };
	for (size_t f = 0; f < 3; f++) {
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			char sql[128];
			snprintf(sql, sizeof(sql), "SELECT %s(%s)", functions[f], bad[i]);
			assert_query(db, sql, "NULL");
		}
	}
}

static void http_code_finds_the_code_of_a_phrase(void **state)
{
	sqlite3 *db = *state;
	assert_query(db, "SELECT http_code('Not Found')", "404");
	assert_query_type(db, "SELECT http_code('Not Found')", SQLITE_INTEGER);
	assert_query(db, "SELECT http_code(' payload too large ')", "413");
	assert_query(db, "SELECT http_code('Request Entity Too Large')", "413");
	assert_query(db, "SELECT http_code('forbidden: directory listing denied')", "403.14");
	assert_query_type(db, "SELECT http_code('Forbidden: Directory listing denied')", SQLITE_TEXT);
	assert_query(db, "SELECT http_code('No Such Phrase')", "NULL");
	assert_query(db, "SELECT http_code(404)", "NULL");
	assert_query(db, "SELECT http_code(NULL)", "NULL");
}

static void functions_are_deterministic_and_innocuous(void **state)
{
	sqlite3 *db = *state;
	/* The flags of each function are checked in test_registration.c; here,
	 * what they are for: they work in a view and an index under
	 * trusted_schema=OFF. */
	assert_int_equal(sqlite3_exec(db,
	        "PRAGMA trusted_schema = OFF;"
	        "CREATE TABLE t(status INTEGER);"
	        "INSERT INTO t VALUES (200), (404), (503);"
	        "CREATE INDEX t_class ON t(http_class(status));"
	        "CREATE VIEW v AS SELECT status, http_reason(status) AS reason FROM t;"
	        "CREATE VIEW vs AS SELECT code FROM http_status WHERE status = 404;",
	        NULL, NULL, NULL), SQLITE_OK);
	assert_query(db, "SELECT group_concat(reason, '|') FROM v", "OK|Not Found|Service Unavailable");
	assert_query(db, "SELECT status FROM t WHERE http_class(status) = 'Client Error'", "404");
	assert_query(db, "SELECT code FROM vs WHERE code = '404'", "404");
}

static void http_status_has_one_row_per_code(void **state)
{
	sqlite3 *db = *state;
	assert_query(db, "SELECT count(*) = count(DISTINCT code) FROM http_status", "1");
	assert_query(db,
	             "SELECT status || '|' || quote(substatus) || '|' || reason || '|' || class "
	             "|| '|' || source FROM http_status WHERE code = '404'",
	             "404|NULL|Not Found|Client Error|IANA");
	assert_query(db,
	             "SELECT status || '|' || substatus || '|' || source FROM http_status "
	             "WHERE code = '403.14'",
	             "403|14|IIS");
	assert_query(db, "SELECT reference FROM http_status WHERE code = 404",
	             "RFC 9110, Section 15.5.5");
}

static void code_equality_matches_integer_text_and_spaced_text(void **state)
{
	sqlite3 *db = *state;
	assert_query(db, "SELECT code FROM http_status WHERE code = 404", "404");
	assert_query(db, "SELECT code FROM http_status WHERE code = '404'", "404");
	assert_query(db, "SELECT code FROM http_status WHERE code = ' 404 '", "404");
	assert_query(db, "SELECT code FROM http_status WHERE code = 404.0", "404");
	/* The table holds codes exactly: no fallback for an unknown minor. */
	assert_query(db, "SELECT count(*) FROM http_status WHERE code = '404.999'", "0");
	assert_query(db, "SELECT count(*) FROM http_status WHERE code = 'abc'", "0");
	assert_query(db, "SELECT count(*) FROM http_status WHERE code = NULL", "0");
	assert_query(db, "SELECT count(*) FROM http_status WHERE code IN (200, '404', 404)", "2");
}

static void a_log_joins_as_a_unique_index_lookup(void **state)
{
	sqlite3 *db = *state;
	assert_int_equal(sqlite3_exec(db,
	        "CREATE TABLE logs(status);"
	        "INSERT INTO logs VALUES (404), ('404'), (200), ('403.14'), (299), ('junk'), (NULL);",
	        NULL, NULL, NULL), SQLITE_OK);
	assert_query(db,
	             "SELECT group_concat(l.status || '=' || h.reason, '|') FROM logs l "
	             "JOIN http_status h ON h.code = l.status",
	             "404=Not Found|404=Not Found|200=OK|403.14=Forbidden: Directory listing denied");
	assert_plan(db, "SELECT * FROM logs l JOIN http_status h ON h.code = l.status",
	            "SCAN l|SCAN h VIRTUAL TABLE INDEX 1:code=?");
}

static void status_and_class_select_ranges_and_status_order_is_free(void **state)
{
	sqlite3 *db = *state;
	char *scanned = query(db, "SELECT group_concat(code, ' ') FROM http_status "
	                          "WHERE status + 0 = 401");
	assert_query(db, "SELECT group_concat(code, ' ') FROM http_status WHERE status = 401",
	             scanned);
	free(scanned);
	assert_query(db, "SELECT min(status) || '-' || max(status) FROM http_status "
	                 "WHERE class = 'Server Error'", "500-599");
	assert_query(db, "SELECT count(*) FROM http_status WHERE class = 'server error'", "0");
	assert_query(db, "SELECT count(*) FROM http_status WHERE status = 299", "0");
	assert_query(db, "SELECT count(*) FROM http_status WHERE status = 'abc'", "0");
	/* status = reads a code: '404.0' is 404, a sub-status is no status */
	assert_query(db, "SELECT count(*) = (SELECT count(*) FROM http_status WHERE status + 0 = 404) "
	                 "FROM http_status WHERE status = '404.0'", "1");
	assert_query(db, "SELECT count(*) FROM http_status WHERE status = '403.14'", "0");
	assert_query(db, "SELECT count(*) FROM http_status WHERE class = NULL", "0");
	assert_query(db, "SELECT count(*) FROM http_status WHERE class = 404", "0");
	assert_query(db, "SELECT count(*) FROM http_status WHERE code = '599.1'", "0");
	/* Any other order is SQLite's to sort, and comes out right.
	 * The same order on expressions ('+status') is one the table never sees.
	 */
	static const char *const orders[][2] = {
		{ "status DESC", "+status DESC" },
		{ "status, substatus DESC", "+status, +substatus DESC" },
		{ "status, substatus, code DESC", "+status, +substatus, +code DESC" },
		{ "substatus, status", "+substatus, +status" },
		{ "reason", "+reason" },
	};
	for (size_t i = 0; i < sizeof(orders) / sizeof(orders[0]); i++) {
		char *sql = sqlite3_mprintf("SELECT group_concat(code, ' ') FROM (SELECT code FROM "
		                            "http_status WHERE status BETWEEN 401 AND 403 ORDER BY %s)",
		                            orders[i][0]);
		char *sorted = sqlite3_mprintf("SELECT group_concat(code, ' ') FROM (SELECT code FROM "
		                               "http_status WHERE status BETWEEN 401 AND 403 ORDER BY %s)",
		                               orders[i][1]);
		char *expected = query(db, sorted);
		assert_query(db, sql, expected);
		free(expected);
		sqlite3_free(sql);
		sqlite3_free(sorted);
	}
	assert_plan(db, "SELECT * FROM http_status ORDER BY status DESC",
	            "SCAN http_status VIRTUAL TABLE INDEX 0:|USE TEMP B-TREE FOR ORDER BY");
	assert_plan(db, "SELECT * FROM http_status ORDER BY status, substatus, code",
	            "SCAN http_status VIRTUAL TABLE INDEX 0:|USE TEMP B-TREE FOR ORDER BY");
	assert_plan(db, "SELECT * FROM http_status WHERE status = 404 ORDER BY status, substatus",
	            "SCAN http_status VIRTUAL TABLE INDEX 2:status=?");
	assert_plan(db, "SELECT * FROM http_status WHERE class = 'Client Error' ORDER BY status",
	            "SCAN http_status VIRTUAL TABLE INDEX 4:class=?");
	/* Text order ('403.10' < '403.2') is not the table's order: SQLite sorts. */
	assert_plan(db, "SELECT * FROM http_status ORDER BY code",
	            "SCAN http_status VIRTUAL TABLE INDEX 0:|USE TEMP B-TREE FOR ORDER BY");
}

static void the_reference_is_read_only(void **state)
{
	sqlite3 *db = *state;
	assert_error(db, "DELETE FROM http_status", "read-only");
	assert_error(db, "INSERT INTO http_status(code) VALUES ('999')", "read-only");
	assert_error(db, "UPDATE http_status_class SET class = 'x'", "read-only");
}

static void the_class_table_lists_the_five_classes(void **state)
{
	sqlite3 *db = *state;
	assert_query(db, "SELECT group_concat(digit || '=' || class, ',') FROM http_status_class",
	             "1=Informational,2=Successful,3=Redirection,4=Client Error,5=Server Error");
	assert_query(db,
	             "SELECT count(*) FROM http_status h JOIN http_status_class c "
	             "ON h.status BETWEEN c.min_status AND c.max_status WHERE h.class IS NOT c.class",
	             "0");
}

static void the_phrase_table_lists_current_and_former_phrases(void **state)
{
	sqlite3 *db = *state;
	assert_query(db,
	             "SELECT (SELECT count(*) FROM http_status_phrase WHERE kind = 'current') "
	             "= (SELECT count(*) FROM http_status)",
	             "1");
	assert_query(db,
	             "SELECT group_concat(reason || ' (' || source || ')', ', ') FROM "
	             "(SELECT * FROM http_status_phrase WHERE code = '413' AND kind = 'former' "
	             "ORDER BY reason)",
	             "Payload Too Large (RFC 7231), Request Entity Too Large (RFC 2616)");
}

static void the_no_file_entry_point_registers_no_file_reader(void **state)
{
	(void)state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_httpstatus_nofile_init(db, NULL, NULL), SQLITE_OK);
	assert_query(db, "SELECT http_reason(404)", "Not Found");
	/* The exact lists of both entry points are in test_registration.c. */
	sqlite3_stmt *stmt = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT * FROM access_log('/dev/null')", -1, &stmt, NULL),
	                 SQLITE_ERROR);
	assert_null(stmt);
	assert_string_equal(sqlite3_errmsg(db), "no such table: access_log");
	sqlite3_close(db);
}

/* SQLite refuses to replace a function while a statement runs: the init
 * functions return its code and name what they could not register. */
static void loading_again_while_a_statement_runs_fails_with_a_message(void **state)
{
	sqlite3 *db = *state;
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT http_reason(code) FROM http_status", -1,
	                                    &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	char *err = NULL;
	assert_int_equal(sqlite3_httpstatus_init(db, &err, NULL), SQLITE_BUSY);
	assert_non_null(err);
	assert_string_equal(err, "http_status: cannot register the functions: database is locked");
	sqlite3_free(err);
	assert_int_equal(sqlite3_httpstatus_nofile_init(db, NULL, NULL), SQLITE_BUSY);
	assert_int_equal(sqlite3_finalize(stmt), SQLITE_OK);
	/* Once the statement is done, loading again succeeds. */
	assert_int_equal(sqlite3_httpstatus_init(db, NULL, NULL), SQLITE_OK);
	assert_query(db, "SELECT http_reason(404)", "Not Found");
}

/* The module file, as the sqlite3 shell loads it (tests/meson.build gives its
 * path): load_extension() inside a query that reads http_status fails, and
 * the message names what could not be registered. */
static void loading_the_module_inside_a_query_fails_with_a_message(void **state)
{
	const char *module = *state;
	sqlite3 *db;
	char *err = NULL;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_enable_load_extension(db, 1), SQLITE_OK);
	if (sqlite3_load_extension(db, module, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", module, err ? err : "cannot load");
	assert_query(db, "SELECT http_reason(404)", "Not Found");
	char *sql = sqlite3_mprintf("SELECT load_extension(%Q) FROM http_status LIMIT 1", module);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, &err), SQLITE_ERROR);
	assert_non_null(err);
	assert_string_equal(err, "error during initialization: "
	                         "http_status: cannot register the functions: database is locked");
	sqlite3_free(err);
	sqlite3_free(sql);
	assert_query(db, "SELECT http_reason(404)", "Not Found");
	sqlite3_close(db);
}

int main(int argc, char **argv)
{
	/* With a module's path: only the tests of the module file. */
	if (argc > 1) {
		const struct CMUnitTest module_tests[] = {
			cmocka_unit_test_prestate(loading_the_module_inside_a_query_fails_with_a_message, argv[1]),
		};
		return cmocka_run_group_tests(module_tests, NULL, NULL);
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(http_reason_reads_integers_and_text, open_db, close_db),
		cmocka_unit_test_setup_teardown(http_reason_takes_iis_status_and_substatus_columns, open_db, close_db),
		cmocka_unit_test_setup_teardown(an_unknown_minor_falls_back_and_an_unassigned_major_is_null, open_db, close_db),
		cmocka_unit_test_setup_teardown(http_class_names_the_class_of_any_code_from_100_to_599, open_db, close_db),
		cmocka_unit_test_setup_teardown(http_description_explains_the_code, open_db, close_db),
		cmocka_unit_test_setup_teardown(no_response_is_its_own_code_without_a_class, open_db, close_db),
		cmocka_unit_test_setup_teardown(anything_that_is_not_a_code_gives_null, open_db, close_db),
		cmocka_unit_test_setup_teardown(http_code_finds_the_code_of_a_phrase, open_db, close_db),
		cmocka_unit_test_setup_teardown(functions_are_deterministic_and_innocuous, open_db, close_db),
		cmocka_unit_test_setup_teardown(http_status_has_one_row_per_code, open_db, close_db),
		cmocka_unit_test_setup_teardown(code_equality_matches_integer_text_and_spaced_text, open_db, close_db),
		cmocka_unit_test_setup_teardown(a_log_joins_as_a_unique_index_lookup, open_db, close_db),
		cmocka_unit_test_setup_teardown(status_and_class_select_ranges_and_status_order_is_free, open_db, close_db),
		cmocka_unit_test_setup_teardown(the_reference_is_read_only, open_db, close_db),
		cmocka_unit_test_setup_teardown(the_class_table_lists_the_five_classes, open_db, close_db),
		cmocka_unit_test_setup_teardown(the_phrase_table_lists_current_and_former_phrases, open_db, close_db),
		cmocka_unit_test(the_no_file_entry_point_registers_no_file_reader),
		cmocka_unit_test_setup_teardown(loading_again_while_a_statement_runs_fails_with_a_message, open_db, close_db),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
