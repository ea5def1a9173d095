/*
 * Tables for log analysis:
 *
 *   win32_status        the Win32 errors of IIS's sc-win32-status: code,
 *                       name, message, source (src/analysis/win32.def)
 *   httperr_reason      the s-reason values of HTTP.sys error logs: reason,
 *                       description, source (src/analysis/httperr.def)
 *   user_agent_pattern  the patterns behind ua_family(), ua_os() and
 *                       ua_is_bot(), in the order they are tried
 *                       (src/analysis/user_agent.def)
 *   url_params(target)  every parameter of a request target, repeats and
 *                       all: SELECT name, value FROM url_params('/s?q=a&q=b')
 *
 * The first three are eponymous and read-only, over the core's static
 * arrays: a cursor is a row number. url_params keeps one copy of its
 * argument per scan and walks it; a value is decoded only when read.
 */
#include "http_status_ext.h"

#include <string.h>

#include "analysis.h"

SQLITE_EXTENSION_INIT3

/* Static tables ----------------------------------------------------------- */

struct static_cursor {
	sqlite3_vtab_cursor base;
	size_t row;
	size_t count;
};

static int static_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **out)
{
	(void)vtab;
	struct static_cursor *cur = sqlite3_malloc(sizeof(*cur));
	if (cur == NULL)
		return SQLITE_NOMEM;
	memset(cur, 0, sizeof(*cur));
	*out = &cur->base;
	return SQLITE_OK;
}

static int static_close(sqlite3_vtab_cursor *cur)
{
	sqlite3_free(cur);
	return SQLITE_OK;
}

static int static_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
	(void)vtab;
	info->estimatedCost = 100;
	info->estimatedRows = 100;
	return SQLITE_OK;
}

static int static_next(sqlite3_vtab_cursor *base)
{
	((struct static_cursor *)base)->row++;
	return SQLITE_OK;
}

static int static_eof(sqlite3_vtab_cursor *base)
{
	const struct static_cursor *cur = (const struct static_cursor *)base;
	return cur->row >= cur->count;
}

static int static_rowid(sqlite3_vtab_cursor *base, sqlite3_int64 *rowid)
{
	*rowid = (sqlite3_int64)((struct static_cursor *)base)->row + 1;
	return SQLITE_OK;
}

static int static_read_only(sqlite3_vtab *vtab, int argc, sqlite3_value **argv,
                            sqlite3_int64 *rowid)
{
	(void)argc;
	(void)argv;
	(void)rowid;
	sqlite3_free(vtab->zErrMsg);
	vtab->zErrMsg = sqlite3_mprintf("this reference table is read-only: it is compiled into the extension");
	return vtab->zErrMsg != NULL ? SQLITE_READONLY : SQLITE_NOMEM;
}

#define STATIC_TABLE(prefix, schema, rows)                                          \
	static int prefix##_connect(sqlite3 *db, void *aux, int argc,                   \
	                            const char *const *argv, sqlite3_vtab **out,        \
	                            char **err)                                         \
	{                                                                               \
		(void)aux;                                                                  \
		(void)argc;                                                                 \
		(void)argv;                                                                 \
		(void)err;                                                                  \
		return hs_vtab_connect(db, schema, SQLITE_VTAB_INNOCUOUS,                   \
		                       sizeof(sqlite3_vtab), out);                          \
	}                                                                               \
	static int prefix##_filter(sqlite3_vtab_cursor *base, int idx_num,              \
	                           const char *idx_str, int argc, sqlite3_value **argv) \
	{                                                                               \
		(void)idx_num;                                                              \
		(void)idx_str;                                                              \
		(void)argc;                                                                 \
		(void)argv;                                                                 \
		struct static_cursor *cur = (struct static_cursor *)base;                   \
		cur->row = 0;                                                               \
		cur->count = (rows);                                                        \
		return SQLITE_OK;                                                           \
	}                                                                               \
	static const sqlite3_module prefix##_module = {                                 \
		.xCreate = NULL, .xConnect = prefix##_connect,                              \
		.xBestIndex = static_best_index, .xDisconnect = hs_vtab_disconnect,         \
		.xOpen = static_open, .xClose = static_close, .xFilter = prefix##_filter,   \
		.xNext = static_next, .xEof = static_eof, .xColumn = prefix##_column,       \
		.xRowid = static_rowid, .xUpdate = static_read_only,                        \
	};

static int win32_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx, int column)
{
	const struct ab_win32 *e = &ab_win32_errors[((struct static_cursor *)base)->row];
	switch (column) {
	case 0: sqlite3_result_int64(ctx, e->code); break;
	case 1: hs_result_static_text(ctx, e->name); break;
	case 2: hs_result_static_text(ctx, e->message); break;
	default: hs_result_static_text(ctx, e->source); break;
	}
	return SQLITE_OK;
}
STATIC_TABLE(win32,
             "CREATE TABLE x(code INTEGER, name TEXT, message TEXT, source TEXT)",
             ab_win32_count)

static int httperr_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx, int column)
{
	const struct ab_httperr *e = &ab_httperr_reasons[((struct static_cursor *)base)->row];
	hs_result_static_text(ctx, column == 0 ? e->reason : column == 1 ? e->description : e->source);
	return SQLITE_OK;
}
STATIC_TABLE(httperr, "CREATE TABLE x(reason TEXT, description TEXT, source TEXT)",
             ab_httperr_count)

static int ua_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx, int column)
{
	const struct ab_ua_pattern *p = &ab_ua_patterns[((struct static_cursor *)base)->row];
	switch (column) {
	case 0: hs_result_static_text(ctx, p->is_os ? "os" : "family"); break;
	case 1: hs_result_static_text(ctx, p->needle); break;
	case 2: hs_result_static_text(ctx, p->value); break;
	case 3:
		if (!p->is_os)
			hs_result_static_text(ctx, ab_ua_kind_name(p->kind));
		break;
	case 4:
		if (!p->is_os)
			sqlite3_result_int(ctx, ab_ua_kind_is_bot(p->kind));
		break;
	default: hs_result_static_text(ctx, p->source); break;
	}
	return SQLITE_OK;
}
STATIC_TABLE(ua,
             "CREATE TABLE x(field TEXT, needle TEXT, value TEXT, kind TEXT, "
             "is_bot INTEGER, source TEXT)",
             ab_ua_pattern_count)

/* url_params --------------------------------------------------------------- */

enum { URL_PARAMS_NAME, URL_PARAMS_VALUE, URL_PARAMS_POSITION, URL_PARAMS_TARGET };

struct params_cursor {
	sqlite3_vtab_cursor base;
	char *target;          /* the argument, copied: values are views into it */
	struct ab_span query;
	size_t next_pos;       /* where the pair after the current one starts */
	bool at_end;
	sqlite3_int64 position; /* 1 for the first pair */
	struct ab_span name, value;
	bool has_value;
};

static int params_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                          sqlite3_vtab **out, char **err)
{
	(void)aux;
	(void)argc;
	(void)argv;
	(void)err;
	return hs_vtab_connect(db,
	                       "CREATE TABLE x(name TEXT, value TEXT, position INTEGER, "
	                       "target HIDDEN)",
	                       SQLITE_VTAB_INNOCUOUS, sizeof(sqlite3_vtab), out);
}

/* Needs target = ?. A plan where it is not usable yet is refused
 * (SQLITE_CONSTRAINT) so the planner tries another order, as series.c does;
 * a query with no target at all gets a plan whose xFilter names the
 * problem, rather than SQLite's "no query solution". */
static int params_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
	(void)vtab;
	for (int i = 0; i < info->nConstraint; i++) {
		const struct sqlite3_index_constraint *c = &info->aConstraint[i];
		if (c->iColumn == URL_PARAMS_TARGET && c->op == SQLITE_INDEX_CONSTRAINT_EQ) {
			if (!c->usable)
				return SQLITE_CONSTRAINT;
			info->aConstraintUsage[i].argvIndex = 1;
			info->aConstraintUsage[i].omit = 1;
			info->estimatedCost = 10;
			info->estimatedRows = 10;
			info->idxNum = 1;
			return SQLITE_OK;
		}
	}
	info->idxNum = 0;
	info->estimatedCost = 1e99;
	return SQLITE_OK;
}

static int params_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **out)
{
	(void)vtab;
	struct params_cursor *cur = sqlite3_malloc(sizeof(*cur));
	if (cur == NULL)
		return SQLITE_NOMEM;
	memset(cur, 0, sizeof(*cur));
	cur->at_end = true;
	*out = &cur->base;
	return SQLITE_OK;
}

static int params_close(sqlite3_vtab_cursor *base)
{
	struct params_cursor *cur = (struct params_cursor *)base;
	sqlite3_free(cur->target);
	sqlite3_free(cur);
	return SQLITE_OK;
}

static int params_next(sqlite3_vtab_cursor *base)
{
	struct params_cursor *cur = (struct params_cursor *)base;
	cur->at_end = !ab_query_next(cur->query, &cur->next_pos, &cur->name, &cur->value,
	                             &cur->has_value);
	cur->position++;
	return SQLITE_OK;
}

static int params_filter(sqlite3_vtab_cursor *base, int idx_num, const char *idx_str,
                         int argc, sqlite3_value **argv)
{
	(void)idx_str;
	struct params_cursor *cur = (struct params_cursor *)base;
	sqlite3_free(cur->target);
	cur->target = NULL;
	cur->at_end = true;
	if (idx_num != 1) {
		sqlite3_vtab *vtab = base->pVtab;
		sqlite3_free(vtab->zErrMsg);
		vtab->zErrMsg = sqlite3_mprintf("url_params: give the request target as its argument, "
		                                "url_params('/search?q=a&q=b')");
		return vtab->zErrMsg != NULL ? SQLITE_ERROR : SQLITE_NOMEM;
	}
	(void)argc; /* idxNum 1 has the one argument */
	if (sqlite3_value_type(argv[0]) != SQLITE_TEXT)
		return SQLITE_OK; /* NULL or not text: no rows */
	const unsigned char *text = sqlite3_value_text(argv[0]);
	if (text == NULL)
		return SQLITE_NOMEM;
	size_t len = (size_t)sqlite3_value_bytes(argv[0]);
	cur->target = sqlite3_malloc64(len + 1);
	if (cur->target == NULL)
		return SQLITE_NOMEM;
	memcpy(cur->target, text, len + 1);
	if (!ab_param_query(cur->target, len, &cur->query))
		return SQLITE_OK;
	cur->next_pos = 0;
	cur->position = 0;
	return params_next(base);
}

static int params_eof(sqlite3_vtab_cursor *base)
{
	return ((struct params_cursor *)base)->at_end;
}

static int result_decoded_span(sqlite3_context *ctx, struct ab_span span)
{
	if (memchr(span.text, '%', span.len) == NULL && memchr(span.text, '+', span.len) == NULL) {
		sqlite3_result_text(ctx, span.text, (int)span.len, SQLITE_TRANSIENT);
		return SQLITE_OK;
	}
	char *out = sqlite3_malloc64(span.len + 1);
	if (out == NULL)
		return SQLITE_NOMEM;
	long n = ab_percent_decode(span.text, span.len, out);
	if (n < 0) {
		sqlite3_free(out); /* not decodable: NULL */
		return SQLITE_OK;
	}
	sqlite3_result_text(ctx, out, (int)n, sqlite3_free);
	return SQLITE_OK;
}

static int params_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx, int column)
{
	struct params_cursor *cur = (struct params_cursor *)base;
	switch (column) {
	case URL_PARAMS_NAME:
		return result_decoded_span(ctx, cur->name);
	case URL_PARAMS_VALUE:
		return cur->has_value ? result_decoded_span(ctx, cur->value) : SQLITE_OK;
	case URL_PARAMS_POSITION:
		sqlite3_result_int64(ctx, cur->position);
		return SQLITE_OK;
	default: /* target: a row comes only from a copied argument */
		sqlite3_result_text(ctx, cur->target, -1, SQLITE_TRANSIENT);
		return SQLITE_OK;
	}
}

static int params_rowid(sqlite3_vtab_cursor *base, sqlite3_int64 *rowid)
{
	*rowid = ((struct params_cursor *)base)->position;
	return SQLITE_OK;
}

static const sqlite3_module params_module = {
	.xConnect = params_connect,
	.xBestIndex = params_best_index,
	.xDisconnect = hs_vtab_disconnect,
	.xOpen = params_open,
	.xClose = params_close,
	.xFilter = params_filter,
	.xNext = params_next,
	.xEof = params_eof,
	.xColumn = params_column,
	.xRowid = params_rowid,
};

int hs_register_analysis_tables(sqlite3 *db)
{
	static const struct {
		const char *name;
		const sqlite3_module *module;
	} tables[] = {
		{ "win32_status", &win32_module },
		{ "httperr_reason", &httperr_module },
		{ "user_agent_pattern", &ua_module },
		{ "url_params", &params_module },
	};
	int rc = SQLITE_OK;
	for (size_t i = 0; rc == SQLITE_OK && i < sizeof(tables) / sizeof(tables[0]); i++)
		rc = sqlite3_create_module(db, tables[i].name, tables[i].module, NULL);
	return rc;
}
