/*
 * The reference as eponymous, read-only virtual tables:
 *
 *   http_status         one row per code: SELECT * FROM http_status WHERE code = '403.14'
 *   http_status_class   the five classes:  SELECT * FROM http_status_class
 *   http_status_phrase  every phrase a code has or had, from every source
 *
 * HOW IT WORKS: the rows are the core's static arrays; a cursor is a range of
 * row numbers. For http_status, xBestIndex turns an equality on `code` into
 * a unique lookup (one row, no scan: this is what makes
 * `logs JOIN http_status h ON h.code = logs.status` an indexed join), an
 * equality on `status` or `class` into a range, and claims ORDER BY status
 * (the rows are kept in that order). Nothing is allocated per row.
 */
#include "http_status_ext.h"

#include <string.h>

SQLITE_EXTENSION_INIT3

/* Shared by the three tables: a vtab has nothing but its base, a cursor is
 * the range [row, end) of row numbers. */
struct ref_cursor {
	sqlite3_vtab_cursor base;
	sqlite3_int64 row;
	sqlite3_int64 end;
};

int hs_vtab_connect(sqlite3 *db, const char *schema, int safety, size_t size,
                    sqlite3_vtab **out)
{
	int rc = sqlite3_declare_vtab(db, schema);
	if (rc == SQLITE_OK)
		rc = sqlite3_vtab_config(db, safety);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_vtab *vtab = sqlite3_malloc64(size);
	if (vtab == NULL)
		return SQLITE_NOMEM;
	memset(vtab, 0, size);
	*out = vtab;
	return SQLITE_OK;
}

int hs_vtab_disconnect(sqlite3_vtab *vtab)
{
	sqlite3_free(vtab);
	return SQLITE_OK;
}

/* Constant data, no side effects: safe in views and triggers. */
static int ref_connect(sqlite3 *db, const char *schema, sqlite3_vtab **out)
{
	return hs_vtab_connect(db, schema, SQLITE_VTAB_INNOCUOUS,
			       sizeof(sqlite3_vtab), out);
}

static int ref_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **out)
{
	(void)vtab;
	struct ref_cursor *cur = sqlite3_malloc(sizeof(*cur));
	if (cur == NULL)
		return SQLITE_NOMEM;
	memset(cur, 0, sizeof(*cur));
	*out = &cur->base;
	return SQLITE_OK;
}

static int ref_close(sqlite3_vtab_cursor *cur)
{
	sqlite3_free(cur);
	return SQLITE_OK;
}

static int ref_next(sqlite3_vtab_cursor *base)
{
	((struct ref_cursor *)base)->row++;
	return SQLITE_OK;
}

static int ref_eof(sqlite3_vtab_cursor *base)
{
	const struct ref_cursor *cur = (const struct ref_cursor *)base;
	return cur->row >= cur->end;
}

static int ref_rowid(sqlite3_vtab_cursor *base, sqlite3_int64 *rowid)
{
	*rowid = ((struct ref_cursor *)base)->row + 1;
	return SQLITE_OK;
}

static int ref_read_only(sqlite3_vtab *vtab, int argc, sqlite3_value **argv,
                         sqlite3_int64 *rowid)
{
	(void)argc;
	(void)argv;
	(void)rowid;
	sqlite3_free(vtab->zErrMsg);
	vtab->zErrMsg = sqlite3_mprintf(
	        "the HTTP status reference is read-only: it is compiled into the extension");
	return vtab->zErrMsg != NULL ? SQLITE_READONLY : SQLITE_NOMEM;
}

/* A full scan, for the small tables that need no index. */
static int ref_best_index_scan(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
	(void)vtab;
	info->estimatedCost = 100;
	info->estimatedRows = 100;
	return SQLITE_OK;
}

static void result_flag_or_null(sqlite3_context *ctx, int status, bool flag)
{
	if (status != HS_NO_RESPONSE)
		sqlite3_result_int(ctx, flag);
}

/* http_status ------------------------------------------------------------- */

enum status_column {
	STATUS_CODE,
	STATUS_STATUS,
	STATUS_SUBSTATUS,
	STATUS_REASON,
	STATUS_CLASS,
	STATUS_DESCRIPTION,
	STATUS_SOURCE,
	STATUS_REFERENCE,
	STATUS_LIFECYCLE,
	STATUS_EXPIRES,
	STATUS_INTERIM,
	STATUS_CONTENT_ALLOWED,
	STATUS_CACHEABLE,
	STATUS_RETRYABLE,
	STATUS_RETRY_BASIS,
	STATUS_REQUIRED_HEADER,
	STATUS_FORMER_DESCRIPTION,
	STATUS_CONFIDENCE,
};

static const char status_schema[] =
        "CREATE TABLE x("
        "code TEXT,"             /* canonical: '404', '403.14'; the key */
        "status INTEGER,"        /* 404 */
        "substatus INTEGER,"     /* IIS sub-status: 14; NULL on a plain code */
        "reason TEXT,"           /* current reason phrase */
        "class TEXT,"            /* 'Client Error'; NULL for 0 (no response) */
        "description TEXT,"      /* what it means */
        "source TEXT,"           /* who defines it: IANA, IIS, nginx, ... */
        "reference TEXT,"        /* 'RFC 9110, Section 15.5.5', 'KB 943891' */
        "lifecycle TEXT,"        /* permanent, temporary, deprecated, unused, obsolete, unofficial */
        "expires TEXT,"          /* end of a temporary registration */
        "interim INTEGER,"       /* 1 for 1xx, 0 for a final response */
        "content_allowed INTEGER," /* 0 where the response carries no content */
        "cacheable INTEGER,"     /* heuristically cacheable, RFC 9110 15.1 */
        "retryable INTEGER,"     /* 1 when a retry may succeed: see retry_basis */
        "retry_basis TEXT,"      /* why it is, or a sub-status is not, retryable */
        "required_header TEXT,"  /* header the response must carry */
        "former_description TEXT," /* the seed page's text it replaced */
        "confidence TEXT"        /* primary, or secondary: no primary source found */
        ")";

/* idxNum bits of http_status; each bit takes one xFilter argument, in this
 * order. */
enum {
	BY_CODE = 1,   /* code = ?: one row */
	BY_STATUS = 2, /* status = ?: a plain code and its sub-statuses */
	BY_CLASS = 4,  /* class = ?: the rows of one hundred */
};

static int status_connect(sqlite3 *db, void *aux, int argc,
                          const char *const *argv, sqlite3_vtab **out,
                          char **err)
{
	(void)aux;
	(void)argc;
	(void)argv;
	(void)err;
	return ref_connect(db, status_schema, out);
}

static int status_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
	(void)vtab;
	int code = -1, status = -1, klass = -1;
	for (int i = 0; i < info->nConstraint; i++) {
		const struct sqlite3_index_constraint *c = &info->aConstraint[i];
		if (!c->usable || c->op != SQLITE_INDEX_CONSTRAINT_EQ)
			continue;
		if (c->iColumn == STATUS_CODE)
			code = i;
		else if (c->iColumn == STATUS_STATUS)
			status = i;
		else if (c->iColumn == STATUS_CLASS)
			klass = i;
	}

	if (code >= 0) {
		info->idxNum = BY_CODE;
		info->idxStr = "code=?";
		info->aConstraintUsage[code].argvIndex = 1;
		/* Our match is the functions' reading of a code (404, '404' and
		 * ' 404 ' are one code), so SQLite must not re-check it. */
		info->aConstraintUsage[code].omit = 1;
		info->idxFlags = SQLITE_INDEX_SCAN_UNIQUE;
		info->estimatedCost = 1;
		info->estimatedRows = 1;
	} else if (status >= 0) {
		info->idxNum = BY_STATUS;
		info->idxStr = "status=?";
		info->aConstraintUsage[status].argvIndex = 1;
		info->aConstraintUsage[status].omit = 1;
		info->estimatedCost = 5;
		info->estimatedRows = 5;
	} else if (klass >= 0) {
		info->idxNum = BY_CLASS;
		info->idxStr = "class=?";
		info->aConstraintUsage[klass].argvIndex = 1;
		info->aConstraintUsage[klass].omit = 1;
		info->estimatedCost = 60;
		info->estimatedRows = 60;
	} else {
		info->estimatedCost = (double)hs_entry_count();
		info->estimatedRows = (sqlite3_int64)hs_entry_count();
	}

	/* Rows come in (status, substatus) order, NULL substatus first. */
	bool ordered = info->nOrderBy >= 1 && info->nOrderBy <= 2;
	for (int i = 0; ordered && i < info->nOrderBy; i++) {
		const struct sqlite3_index_orderby *o = &info->aOrderBy[i];
		ordered = !o->desc && o->iColumn == (i == 0 ? STATUS_STATUS
		                                            : STATUS_SUBSTATUS);
	}
	info->orderByConsumed = ordered;
	return SQLITE_OK;
}

static void set_range(struct ref_cursor *cur, size_t begin, size_t end)
{
	cur->row = (sqlite3_int64)begin;
	cur->end = (sqlite3_int64)end;
}

static int status_filter(sqlite3_vtab_cursor *base, int idxNum,
                         const char *idxStr, int argc, sqlite3_value **argv)
{
	(void)idxStr;
	(void)argc;
	struct ref_cursor *cur = (struct ref_cursor *)base;
	struct hs_code code;
	bool oom = false;

	set_range(cur, 0, 0);
	switch (idxNum) {
	case BY_CODE: {
		/* The join's hot path: an INTEGER status needs no parser. */
		bool found = sqlite3_value_type(argv[0]) == SQLITE_INTEGER
		                     ? hs_parse_int(sqlite3_value_int64(argv[0]), &code)
		                     : hs_code_from_value(argv[0], &code, &oom);
		const struct hs_entry *e = found ? hs_lookup(code) : NULL;
		if (e != NULL) {
			size_t row = (size_t)(e - hs_entry_at(0));
			set_range(cur, row, row + 1);
		}
		break;
	}
	case BY_STATUS:
		/* '404.0' is 404, as SQLite's INTEGER affinity reads it. */
		if (hs_code_from_value(argv[0], &code, &oom) &&
		    (code.substatus == HS_NO_SUBSTATUS || code.substatus == 0))
			set_range(cur, hs_entry_lower_bound(code.status),
			          hs_entry_lower_bound(code.status + 1));
		break;
	case BY_CLASS: {
		const unsigned char *name = sqlite3_value_text(argv[0]);
		if (name == NULL && sqlite3_value_type(argv[0]) != SQLITE_NULL)
			return SQLITE_NOMEM;
		for (int first = 100; name != NULL && first < 600; first += 100) {
			if (strcmp((const char *)name, hs_class_name(first)) == 0)
				set_range(cur, hs_entry_lower_bound(first),
				          hs_entry_lower_bound(first + 100));
		}
		break;
	}
	default:
		set_range(cur, 0, hs_entry_count());
		break;
	}
	return oom ? SQLITE_NOMEM : SQLITE_OK;
}

static int status_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx,
                         int column)
{
	const struct hs_entry *e =
	        hs_entry_at((size_t)((struct ref_cursor *)base)->row);
	int status = e->status;
	switch ((enum status_column)column) {
	case STATUS_CODE:
		sqlite3_result_text(ctx, e->code, -1, SQLITE_STATIC);
		break;
	case STATUS_STATUS:
		sqlite3_result_int(ctx, status);
		break;
	case STATUS_SUBSTATUS:
		if (e->substatus != HS_NO_SUBSTATUS)
			sqlite3_result_int(ctx, e->substatus);
		break;
	case STATUS_REASON:
		sqlite3_result_text(ctx, e->reason, e->reason_len, SQLITE_STATIC);
		break;
	case STATUS_CLASS:
		hs_result_static_text(ctx, hs_class_name(status));
		break;
	case STATUS_DESCRIPTION:
		hs_result_static_text(ctx, e->description);
		break;
	case STATUS_SOURCE:
		hs_result_static_text(ctx, e->source);
		break;
	case STATUS_REFERENCE:
		hs_result_static_text(ctx, e->reference);
		break;
	case STATUS_LIFECYCLE:
		hs_result_static_text(ctx, hs_lifecycle_name(e->lifecycle));
		break;
	case STATUS_EXPIRES:
		hs_result_static_text(ctx, e->expires);
		break;
	case STATUS_INTERIM:
		result_flag_or_null(ctx, status, hs_is_interim(status));
		break;
	case STATUS_CONTENT_ALLOWED:
		result_flag_or_null(ctx, status, hs_content_allowed(status));
		break;
	case STATUS_CACHEABLE:
		result_flag_or_null(ctx, status, hs_entry_cacheable(e));
		break;
	case STATUS_RETRYABLE:
		result_flag_or_null(ctx, status, hs_entry_retry_basis(e) != NULL);
		break;
	case STATUS_RETRY_BASIS:
		hs_result_static_text(ctx, e->not_retryable != NULL
		                                   ? e->not_retryable
		                                   : hs_entry_retry_basis(e));
		break;
	case STATUS_REQUIRED_HEADER:
		hs_result_static_text(ctx, hs_entry_required_header(e));
		break;
	case STATUS_FORMER_DESCRIPTION:
		hs_result_static_text(ctx, e->former_description);
		break;
	case STATUS_CONFIDENCE:
		hs_result_static_text(ctx, hs_confidence_name(e->confidence));
		break;
	}
	return SQLITE_OK;
}

/* http_status_class ------------------------------------------------------- */

enum class_column {
	CLASS_CLASS,
	CLASS_DIGIT,
	CLASS_MIN_STATUS,
	CLASS_MAX_STATUS,
	CLASS_DESCRIPTION
};

static const char class_schema[] =
        "CREATE TABLE x("
        "class TEXT,"          /* 'Client Error' */
        "digit INTEGER,"       /* 4: the first digit of its codes */
        "min_status INTEGER,"  /* 400 */
        "max_status INTEGER,"  /* 499 */
        "description TEXT"     /* what the class means */
        ")";

static int class_connect(sqlite3 *db, void *aux, int argc,
                         const char *const *argv, sqlite3_vtab **out, char **err)
{
	(void)aux;
	(void)argc;
	(void)argv;
	(void)err;
	return ref_connect(db, class_schema, out);
}

static int class_filter(sqlite3_vtab_cursor *base, int idxNum,
                        const char *idxStr, int argc, sqlite3_value **argv)
{
	(void)idxNum;
	(void)idxStr;
	(void)argc;
	(void)argv;
	set_range((struct ref_cursor *)base, 0, 5);
	return SQLITE_OK;
}

static int class_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx,
                        int column)
{
	int digit = (int)((struct ref_cursor *)base)->row + 1;
	int first = digit * 100;
	switch ((enum class_column)column) {
	case CLASS_CLASS:
		sqlite3_result_text(ctx, hs_class_name(first), -1, SQLITE_STATIC);
		break;
	case CLASS_DIGIT:
		sqlite3_result_int(ctx, digit);
		break;
	case CLASS_MIN_STATUS:
		sqlite3_result_int(ctx, first);
		break;
	case CLASS_MAX_STATUS:
		sqlite3_result_int(ctx, first + 99);
		break;
	case CLASS_DESCRIPTION:
		sqlite3_result_text(ctx, hs_class_description(first), -1, SQLITE_STATIC);
		break;
	}
	return SQLITE_OK;
}

/* http_status_phrase ------------------------------------------------------ */

enum phrase_column {
	PHRASE_CODE,
	PHRASE_STATUS,
	PHRASE_SUBSTATUS,
	PHRASE_REASON,
	PHRASE_KIND,
	PHRASE_SOURCE,
	PHRASE_REFERENCE,
	PHRASE_DESCRIPTION,
	PHRASE_CONFIDENCE,
};

static const char phrase_schema[] =
        "CREATE TABLE x("
        "code TEXT,"          /* '413' */
        "status INTEGER,"     /* 413 */
        "substatus INTEGER,"  /* NULL on a plain code */
        "reason TEXT,"        /* 'Request Entity Too Large' */
        "kind TEXT,"          /* current, former or alternative */
        "source TEXT,"        /* who uses or used the phrase */
        "reference TEXT,"     /* the document */
        "description TEXT,"   /* what the code means there */
        "confidence TEXT"     /* primary, or secondary: no primary source found */
        ")";

static int phrase_connect(sqlite3 *db, void *aux, int argc,
                          const char *const *argv, sqlite3_vtab **out, char **err)
{
	(void)aux;
	(void)argc;
	(void)argv;
	(void)err;
	return ref_connect(db, phrase_schema, out);
}

/* Rows: first every code's current phrase, then phrases.def. */
static int phrase_filter(sqlite3_vtab_cursor *base, int idxNum,
                         const char *idxStr, int argc, sqlite3_value **argv)
{
	(void)idxNum;
	(void)idxStr;
	(void)argc;
	(void)argv;
	set_range((struct ref_cursor *)base, 0,
	          hs_entry_count() + hs_phrase_count());
	return SQLITE_OK;
}

static int phrase_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx,
                         int column)
{
	size_t row = (size_t)((struct ref_cursor *)base)->row;
	const struct hs_entry *e = hs_entry_at(row);
	const struct hs_phrase *p = NULL;
	if (e == NULL) {
		p = hs_phrase_at(row - hs_entry_count());
		/* Never NULL: test_core checks every phrase's code is a row. */
		e = hs_lookup((struct hs_code){ p->status, p->substatus });
	}
	switch ((enum phrase_column)column) {
	case PHRASE_CODE:
		sqlite3_result_text(ctx, e->code, -1, SQLITE_STATIC);
		break;
	case PHRASE_STATUS:
		sqlite3_result_int(ctx, p != NULL ? p->status : e->status);
		break;
	case PHRASE_SUBSTATUS: {
		int substatus = p != NULL ? p->substatus : e->substatus;
		if (substatus != HS_NO_SUBSTATUS)
			sqlite3_result_int(ctx, substatus);
		break;
	}
	case PHRASE_REASON:
		sqlite3_result_text(ctx, p != NULL ? p->reason : e->reason, -1,
		                    SQLITE_STATIC);
		break;
	case PHRASE_KIND:
		hs_result_static_text(ctx, p != NULL ? hs_phrase_kind_name(p->kind)
		                                     : "current");
		break;
	case PHRASE_SOURCE:
		hs_result_static_text(ctx, p != NULL ? p->source : e->source);
		break;
	case PHRASE_REFERENCE:
		hs_result_static_text(ctx, p != NULL ? p->reference : e->reference);
		break;
	case PHRASE_DESCRIPTION:
		hs_result_static_text(ctx, p != NULL ? p->description : e->description);
		break;
	case PHRASE_CONFIDENCE:
		hs_result_static_text(ctx, hs_confidence_name(p != NULL ? p->confidence
		                                                        : e->confidence));
		break;
	}
	return SQLITE_OK;
}

/* ------------------------------------------------------------------------ */

/* NOLINTBEGIN(bugprone-macro-parentheses): the arguments are function names
 * in designated initializers, where parentheses would change nothing. */
#define REFERENCE_MODULE(connect, best_index, filter, column)                  \
	{                                                                          \
		.iVersion = 0, .xCreate = NULL, .xConnect = connect,                   \
		.xBestIndex = best_index, .xDisconnect = hs_vtab_disconnect,               \
		.xDestroy = hs_vtab_disconnect, .xOpen = ref_open, .xClose = ref_close,    \
		.xFilter = filter, .xNext = ref_next, .xEof = ref_eof,                 \
		.xColumn = column, .xRowid = ref_rowid, .xUpdate = ref_read_only,      \
	}
/* NOLINTEND(bugprone-macro-parentheses) */

int hs_register_reference_tables(sqlite3 *db)
{
	static const sqlite3_module status_module = REFERENCE_MODULE(
	        status_connect, status_best_index, status_filter, status_column);
	static const sqlite3_module class_module = REFERENCE_MODULE(
	        class_connect, ref_best_index_scan, class_filter, class_column);
	static const sqlite3_module phrase_module = REFERENCE_MODULE(
	        phrase_connect, ref_best_index_scan, phrase_filter, phrase_column);

	int rc = sqlite3_create_module(db, "http_status", &status_module, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_module(db, "http_status_class", &class_module, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_module(db, "http_status_phrase", &phrase_module, NULL);
	return rc;
}
