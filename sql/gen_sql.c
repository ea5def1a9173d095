/*
 * Writes the reference as plain SQL, as a ready SQLite database or as CSV,
 * from the extension's own tables, so the copies cannot differ from the C data:
 *
 *   gen_sql --sql http_status.sql   CREATE TABLE and INSERTs (SQLite, PostgreSQL)
 *   gen_sql --db http_status.db     the same SQL run into a new database file
 *   gen_sql --csv TABLE FILE.csv    one table as CSV (RFC 4180) with a header row
 *
 * Each table's columns and declared types come from PRAGMA table_info of the
 * virtual table; the SQL uses only standard types and INSERT syntax. In the
 * CSV, TEXT is always quoted and NULL is an empty unquoted field, so an empty
 * string and NULL stay apart for readers that tell them apart.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "sqlite3_http_status.h"

struct table {
	const char *name;
	const char *primary_key;
	const char *indexes; /* extra statements after the rows, or NULL */
};

static const struct table tables[] = {
	{ "http_status_class", "class", NULL },
	{ "http_status", "code",
	  "CREATE INDEX http_status_status ON http_status (status, substatus);\n"
	  "CREATE INDEX http_status_class_index ON http_status (class);\n" },
	{ "http_status_phrase", NULL,
	  "CREATE INDEX http_status_phrase_status ON http_status_phrase (status, substatus);\n" },
};

static int fail(sqlite3 *db, const char *what)
{
	fprintf(stderr, "gen_sql: %s: %s\n", what, db ? sqlite3_errmsg(db) : "out of memory");
	return 1;
}

static void append_value(sqlite3_str *out, sqlite3_stmt *stmt, int column)
{
	switch (sqlite3_column_type(stmt, column)) {
	case SQLITE_NULL:
		sqlite3_str_appendall(out, "NULL");
		break;
	case SQLITE_INTEGER:
		sqlite3_str_appendf(out, "%lld", sqlite3_column_int64(stmt, column));
		break;
	default:
		sqlite3_str_appendf(out, "%Q", (const char *)sqlite3_column_text(stmt, column));
		break;
	}
}

/* The table's columns from PRAGMA table_info, as "a, b, c" in *list (to
 * free with sqlite3_free); with ddl, also as CREATE TABLE lines. */
static int column_list(sqlite3 *db, const struct table *t, sqlite3_str *ddl, char **list,
                       int *count)
{
	sqlite3_stmt *stmt;
	char *sql = sqlite3_mprintf("SELECT name, type FROM pragma_table_info(%Q)", t->name);
	if (sql == NULL)
		return SQLITE_NOMEM;
	int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return rc;

	sqlite3_str *columns = sqlite3_str_new(db);
	int n = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(stmt, 0);
		const char *type = (const char *)sqlite3_column_text(stmt, 1);
		if (name == NULL || type == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		if (ddl != NULL) {
			int is_key = t->primary_key != NULL && strcmp(name, t->primary_key) == 0;
			sqlite3_str_appendf(ddl, "%s  %s %s%s", n ? ",\n" : "", name, type,
			                    is_key ? " PRIMARY KEY" : "");
		}
		sqlite3_str_appendf(columns, "%s%s", n ? ", " : "", name);
		n++;
	}
	sqlite3_finalize(stmt);
	*list = sqlite3_str_finish(columns);
	*count = n;
	if (rc != SQLITE_DONE) {
		sqlite3_free(*list);
		*list = NULL;
		return rc;
	}
	return *list == NULL ? SQLITE_NOMEM : SQLITE_OK;
}

static int append_table(sqlite3 *db, sqlite3_str *out, const struct table *t)
{
	sqlite3_stmt *stmt;
	char *column_list_text;
	int n;
	sqlite3_str_appendf(out, "DROP TABLE IF EXISTS %s;\nCREATE TABLE %s (\n", t->name, t->name);
	int rc = column_list(db, t, out, &column_list_text, &n);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_str_appendall(out, "\n);\n");

	char *sql = sqlite3_mprintf("SELECT %s FROM %s", column_list_text, t->name);
	if (sql == NULL) {
		rc = SQLITE_NOMEM;
		goto done;
	}
	rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		goto done;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		sqlite3_str_appendf(out, "INSERT INTO %s (%s) VALUES (", t->name, column_list_text);
		for (int i = 0; i < n; i++) {
			if (i)
				sqlite3_str_appendall(out, ", ");
			append_value(out, stmt, i);
		}
		sqlite3_str_appendall(out, ");\n");
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
		if (t->indexes != NULL)
			sqlite3_str_appendall(out, t->indexes);
		sqlite3_str_appendall(out, "\n");
	}
done:
	sqlite3_free(column_list_text);
	return rc;
}

static void append_csv_value(sqlite3_str *out, sqlite3_stmt *stmt, int column)
{
	switch (sqlite3_column_type(stmt, column)) {
	case SQLITE_NULL:
		break;
	case SQLITE_INTEGER:
		sqlite3_str_appendf(out, "%lld", sqlite3_column_int64(stmt, column));
		break;
	case SQLITE_FLOAT:
		sqlite3_str_appendf(out, "%!.17g", sqlite3_column_double(stmt, column));
		break;
	default: {
		const char *text = (const char *)sqlite3_column_text(stmt, column);
		sqlite3_str_appendchar(out, 1, '"');
		for (const char *quote; text != NULL && (quote = strchr(text, '"')) != NULL;
		     text = quote + 1) {
			sqlite3_str_append(out, text, (int)(quote - text) + 1);
			sqlite3_str_appendchar(out, 1, '"');
		}
		if (text != NULL)
			sqlite3_str_appendall(out, text);
		sqlite3_str_appendchar(out, 1, '"');
		break;
	}
	}
}

static int append_csv(sqlite3 *db, sqlite3_str *out, const struct table *t)
{
	char *column_list_text;
	int n;
	int rc = column_list(db, t, NULL, &column_list_text, &n);
	if (rc != SQLITE_OK)
		return rc;
	char *sql = sqlite3_mprintf("SELECT %s FROM %s", column_list_text, t->name);
	sqlite3_free(column_list_text);
	if (sql == NULL)
		return SQLITE_NOMEM;
	sqlite3_stmt *stmt;
	rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return rc;
	for (int i = 0; i < n; i++)
		sqlite3_str_appendf(out, "%s%s", i ? "," : "", sqlite3_column_name(stmt, i));
	sqlite3_str_appendchar(out, 1, '\n');
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++) {
			if (i)
				sqlite3_str_appendchar(out, 1, ',');
			append_csv_value(out, stmt, i);
		}
		sqlite3_str_appendchar(out, 1, '\n');
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f == NULL) {
		perror(path);
		return 1;
	}
	int failed = fputs(text, f) == EOF;
	if (fclose(f) != 0 || failed) {
		perror(path);
		return 1;
	}
	return 0;
}

static const struct table *find_table(const char *name)
{
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		if (strcmp(tables[i].name, name) == 0)
			return &tables[i];
	}
	return NULL;
}

static int usage(void)
{
	fprintf(stderr, "usage: gen_sql --sql FILE.sql | --db FILE.db | --csv TABLE FILE.csv\n");
	return 2;
}

int main(int argc, char **argv)
{
	const struct table *csv_table = NULL;
	if (argc == 4 && strcmp(argv[1], "--csv") == 0) {
		csv_table = find_table(argv[2]);
		if (csv_table == NULL) {
			fprintf(stderr, "gen_sql: no table named '%s'\n", argv[2]);
			return usage();
		}
	} else if (argc != 3 || (strcmp(argv[1], "--sql") != 0 && strcmp(argv[1], "--db") != 0)) {
		return usage();
	}
	const char *path = argv[argc - 1];
	sqlite3 *db;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return fail(db, "cannot open an in-memory database");
	char *err = NULL;
	if (sqlite3_httpstatus_nofile_init(db, &err, NULL) != SQLITE_OK) {
		fprintf(stderr, "gen_sql: %s\n", err ? err : "cannot load the extension");
		return 1;
	}

	sqlite3_str *out = sqlite3_str_new(db);
	if (csv_table != NULL) {
		if (append_csv(db, out, csv_table) != SQLITE_OK)
			return fail(db, csv_table->name);
	} else {
		sqlite3_str_appendall(out,
		        "-- The HTTP status reference as plain SQL, for SQLite and PostgreSQL.\n"
		        "-- Generated by sql/gen_sql.c from src/http_status.def and src/phrases.def:\n"
		        "-- do not edit; change the .def files and rebuild.\n"
		        "BEGIN;\n\n");
		for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
			if (append_table(db, out, &tables[i]) != SQLITE_OK)
				return fail(db, tables[i].name);
		}
		sqlite3_str_appendall(out, "COMMIT;\n");
	}
	if (sqlite3_str_errcode(out) != SQLITE_OK)
		return fail(NULL, "building the output");
	char *text = sqlite3_str_finish(out);

	int status = 0;
	if (strcmp(argv[1], "--db") != 0) {
		status = write_file(path, text);
	} else {
		sqlite3 *file_db;
		if (remove(path) != 0 && errno != ENOENT) {
			perror(path);
			status = 1;
		} else if (sqlite3_open(path, &file_db) != SQLITE_OK ||
		           sqlite3_exec(file_db, text, NULL, NULL, NULL) != SQLITE_OK) {
			status = fail(file_db, path);
			sqlite3_close(file_db);
		} else if (sqlite3_close(file_db) != SQLITE_OK) {
			status = fail(file_db, path);
		}
	}
	sqlite3_free(text);
	sqlite3_close(db);
	return status;
}
