/*
 * Scalar functions over the reference:
 *
 *   http_reason(code)              'Not Found'
 *   http_reason(status, substatus) the same for IIS's two log columns
 *   http_class(code)               'Client Error'
 *   http_description(code)         the explanation
 *   http_code(phrase)              404, or '403.14' for a sub-status phrase
 *   http_status_version()          '0.1.0'
 *   http_status_registry_date()    '2025-09-15': the IANA registry the data reflects
 *
 * Every one returns NULL for NULL and for anything that is not a code; none
 * raises an error on bad input. Results are static strings: no allocation.
 */
#include "http_status_ext.h"

SQLITE_EXTENSION_INIT3

bool hs_code_from_value(sqlite3_value *value, struct hs_code *out, bool *oom)
{
	*oom = false;
	switch (sqlite3_value_type(value)) {
	case SQLITE_INTEGER:
		return hs_parse_int(sqlite3_value_int64(value), out);
	case SQLITE_FLOAT:
		return hs_parse_double(sqlite3_value_double(value), out);
	case SQLITE_TEXT: {
		const unsigned char *text = sqlite3_value_text(value);
		if (text == NULL) {
			*oom = true;
			return false;
		}
		return hs_parse_text((const char *)text,
		                     (size_t)sqlite3_value_bytes(value), out);
	}
	default: /* NULL, BLOB */
		return false;
	}
}

/* The code named by the function's arguments: (code) or (status, substatus),
 * where a substatus of NULL or 0 means none. */
static bool code_from_args(sqlite3_context *ctx, int argc, sqlite3_value **argv,
                           struct hs_code *out)
{
	bool oom;
	if (!hs_code_from_value(argv[0], out, &oom)) {
		if (oom)
			sqlite3_result_error_nomem(ctx);
		return false;
	}
	if (argc == 1 || sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return true;
	if (out->substatus != HS_NO_SUBSTATUS)
		return false; /* the substatus is given twice: ('403.14', 2) */
	long long substatus;
	switch (sqlite3_value_type(argv[1])) {
	case SQLITE_INTEGER:
		substatus = sqlite3_value_int64(argv[1]);
		break;
	case SQLITE_FLOAT: {
		double d = sqlite3_value_double(argv[1]);
		if (!(d >= 0.0 && d <= 999.0) || d != (double)(int)d)
			return false;
		substatus = (long long)d;
		break;
	}
	case SQLITE_TEXT: {
		const unsigned char *text = sqlite3_value_text(argv[1]);
		if (text == NULL) {
			sqlite3_result_error_nomem(ctx);
			return false;
		}
		int n;
		if (!hs_parse_substatus_text((const char *)text,
		                             (size_t)sqlite3_value_bytes(argv[1]), &n))
			return false;
		substatus = n;
		break;
	}
	default: /* BLOB */
		return false;
	}
	if (substatus == 0)
		return true;
	return substatus > 0 && hs_make_code(out->status, substatus, out);
}

void hs_result_static_text(sqlite3_context *ctx, const char *text)
{
	if (text == NULL)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_text(ctx, text, -1, SQLITE_STATIC);
}

static void http_reason_func(sqlite3_context *ctx, int argc,
                             sqlite3_value **argv)
{
	const struct hs_entry *e;
	/* The common case, an INTEGER status, is one table read. */
	if (argc == 1 && sqlite3_value_type(argv[0]) == SQLITE_INTEGER) {
		e = hs_lookup_status(sqlite3_value_int64(argv[0]));
	} else {
		struct hs_code code;
		if (!code_from_args(ctx, argc, argv, &code))
			return;
		e = hs_lookup_or_major(code);
	}
	if (e != NULL)
		sqlite3_result_text(ctx, e->reason, e->reason_len, SQLITE_STATIC);
}

static void http_class_func(sqlite3_context *ctx, int argc,
                            sqlite3_value **argv)
{
	struct hs_code code;
	if (code_from_args(ctx, argc, argv, &code))
		hs_result_static_text(ctx, hs_class_name(code.status));
}

static void http_description_func(sqlite3_context *ctx, int argc,
                                  sqlite3_value **argv)
{
	struct hs_code code;
	if (!code_from_args(ctx, argc, argv, &code))
		return;
	const struct hs_entry *e = hs_lookup_or_major(code);
	if (e != NULL)
		hs_result_static_text(ctx, e->description);
}

static void http_code_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) != SQLITE_TEXT)
		return;
	const unsigned char *text = sqlite3_value_text(argv[0]);
	if (text == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	struct hs_code code;
	if (!hs_code_for_phrase((const char *)text,
	                        (size_t)sqlite3_value_bytes(argv[0]), &code))
		return;
	/* A phrase names a code of the reference (test_core checks every one),
	 * so a sub-status has its row and its canonical text. */
	if (code.substatus == HS_NO_SUBSTATUS)
		sqlite3_result_int(ctx, code.status);
	else
		sqlite3_result_text(ctx, hs_lookup(code)->code, -1, SQLITE_STATIC);
}

static void http_status_version_func(sqlite3_context *ctx, int argc,
                                     sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_text(ctx, HTTP_STATUS_VERSION, -1, SQLITE_STATIC);
}

static void http_status_registry_date_func(sqlite3_context *ctx, int argc,
                                          sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_text(ctx, HS_IANA_REGISTRY_DATE, -1, SQLITE_STATIC);
}

int hs_register_functions(sqlite3 *db)
{
	static const struct {
		const char *name;
		int argc;
		void (*func)(sqlite3_context *, int, sqlite3_value **);
	} functions[] = {
		{ "http_reason", 1, http_reason_func },
		{ "http_reason", 2, http_reason_func },
		{ "http_class", 1, http_class_func },
		{ "http_class", 2, http_class_func },
		{ "http_description", 1, http_description_func },
		{ "http_description", 2, http_description_func },
		{ "http_code", 1, http_code_func },
		{ "http_status_version", 0, http_status_version_func },
		{ "http_status_registry_date", 0, http_status_registry_date_func },
	};
	const int flags =
	        SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int rc = SQLITE_OK;
	for (size_t i = 0; rc == SQLITE_OK && i < sizeof(functions) / sizeof(functions[0]); i++) {
		rc = sqlite3_create_function(db, functions[i].name, functions[i].argc,
		                             flags, NULL, functions[i].func, NULL, NULL);
	}
	return rc;
}
