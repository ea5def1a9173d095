/*
 * Scalar functions for log analysis, over the core of src/analysis/:
 *
 *   time_bucket(time, '15 minutes')     '2026-11-25T23:30:00+01:00'
 *   url_path(target), url_query(target), url_param(target_or_query, name)
 *   path_template(path)                 '/users/{id}/orders/{hex}'
 *   ip_in(ip, cidr), ip_network(ip, prefix_length)
 *   client_ip(remote_addr, x_forwarded_for [, trusted_cidrs])
 *   ua_family(ua), ua_os(ua), ua_is_bot(ua)
 *   win32_reason(code)
 *
 * NULL in, NULL out; a value the function cannot read gives NULL; a bad
 * width, CIDR or prefix length is an error that names it. Parsed constant
 * arguments (a width, a CIDR, a trusted list) are kept with
 * sqlite3_set_auxdata, so a query parses them once, not once per row.
 */
#include "http_status_ext.h"

#include <string.h>

#include "analysis.h"

SQLITE_EXTENSION_INIT3

/* The text of an argument, or NULL (its result left NULL) when it is NULL or
 * not TEXT; on out of memory the error is set too. */
static const char *text_arg(sqlite3_context *ctx, sqlite3_value *value, size_t *len)
{
	if (sqlite3_value_type(value) != SQLITE_TEXT)
		return NULL;
	const char *text = (const char *)sqlite3_value_text(value);
	if (text == NULL) {
		sqlite3_result_error_nomem(ctx);
		return NULL;
	}
	*len = (size_t)sqlite3_value_bytes(value);
	return text;
}

static void result_span(sqlite3_context *ctx, struct ab_span span)
{
	sqlite3_result_text(ctx, span.text, (int)span.len, SQLITE_TRANSIENT);
}

/* Raises "<function>: <what> '<value>' ..." naming the bad argument. */
static void bad_argument(sqlite3_context *ctx, const char *message, sqlite3_value *value)
{
	const char *shown = (const char *)sqlite3_value_text(value);
	char *err = sqlite3_mprintf(message, shown ? shown : "");
	if (err == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_error(ctx, err, -1);
	sqlite3_free(err);
}

/* time_bucket ------------------------------------------------------------- */

static void time_bucket_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return;
	int64_t *width = sqlite3_get_auxdata(ctx, 1);
	if (width == NULL) {
		size_t len = 0;
		const char *text = text_arg(ctx, argv[1], &len);
		if (text == NULL && sqlite3_value_type(argv[1]) == SQLITE_TEXT)
			return; /* out of memory, set by text_arg */
		int64_t seconds;
		if (text == NULL || !ab_parse_width(text, len, &seconds)) {
			bad_argument(ctx, "time_bucket: unknown width '%s': use 'N seconds', "
			                  "'N minutes', 'N hours' or 'N days' (up to 366 days)", argv[1]);
			return;
		}
		width = sqlite3_malloc(sizeof(*width));
		if (width == NULL) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		*width = seconds;
		sqlite3_set_auxdata(ctx, 1, width, sqlite3_free);
		width = sqlite3_get_auxdata(ctx, 1);
		if (width == NULL) { /* set_auxdata freed it: out of memory */
			sqlite3_result_error_nomem(ctx);
			return;
		}
	}
	size_t len;
	const char *time = text_arg(ctx, argv[0], &len);
	struct ab_time parsed;
	char out[AB_TIME_MAX];
	size_t n;
	if (time != NULL && ab_parse_time(time, len, &parsed) &&
	    (n = ab_time_bucket(&parsed, *width, out)) > 0)
		sqlite3_result_text(ctx, out, (int)n, SQLITE_TRANSIENT);
}

/* URLs ------------------------------------------------------------------- */

static void url_path_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	size_t len;
	const char *target = text_arg(ctx, argv[0], &len);
	if (target != NULL)
		result_span(ctx, ab_url_path(target, len));
}

static void url_query_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	size_t len;
	struct ab_span query;
	const char *target = text_arg(ctx, argv[0], &len);
	if (target != NULL && ab_url_query(target, len, &query))
		result_span(ctx, query);
}

/* Decodes into a buffer of SQLite's and hands it over: one allocation for
 * the result, none besides. */
static void result_decoded(sqlite3_context *ctx, struct ab_span span)
{
	char *out = sqlite3_malloc64(span.len + 1);
	if (out == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	long n = ab_percent_decode(span.text, span.len, out);
	if (n < 0) {
		sqlite3_free(out);
		return;
	}
	sqlite3_result_text(ctx, out, (int)n, sqlite3_free);
}

static bool span_decodes_to(struct ab_span span, const char *name, size_t name_len, char *scratch)
{
	if (span.len < name_len)
		return false;
	long n = ab_percent_decode(span.text, span.len, scratch);
	return n == (long)name_len && memcmp(scratch, name, name_len) == 0;
}

static void url_param_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	size_t len, name_len;
	const char *text = text_arg(ctx, argv[0], &len);
	if (text == NULL)
		return;
	const char *name = text_arg(ctx, argv[1], &name_len);
	struct ab_span query;
	if (name == NULL || !ab_param_query(text, len, &query))
		return;
	char *scratch = NULL;
	size_t pos = 0;
	struct ab_span key, value;
	bool has_value;
	while (ab_query_next(query, &pos, &key, &value, &has_value)) {
		bool match;
		if (memchr(key.text, '%', key.len) == NULL && memchr(key.text, '+', key.len) == NULL) {
			match = key.len == name_len && memcmp(key.text, name, name_len) == 0;
		} else {
			if (scratch == NULL && (scratch = sqlite3_malloc64(query.len + 1)) == NULL) {
				sqlite3_result_error_nomem(ctx);
				return;
			}
			match = span_decodes_to(key, name, name_len, scratch);
		}
		if (match) {
			result_decoded(ctx, value);
			break;
		}
	}
	sqlite3_free(scratch);
}

static void path_template_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	size_t len;
	const char *path = text_arg(ctx, argv[0], &len);
	if (path == NULL)
		return;
	/* A usual path fits on the stack; SQLite copies it into the result's
	 * own buffer, which it keeps from row to row. */
	char small[1024];
	if (AB_TEMPLATE_ROOM(len) <= sizeof(small)) {
		size_t n = ab_path_template(path, len, small);
		sqlite3_result_text(ctx, small, (int)n, SQLITE_TRANSIENT);
		return;
	}
	char *out = sqlite3_malloc64(AB_TEMPLATE_ROOM(len));
	if (out == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	size_t n = ab_path_template(path, len, out);
	sqlite3_result_text(ctx, out, (int)n, sqlite3_free);
}

/* IP addresses ------------------------------------------------------------ */

/* A CIDR list argument, parsed once per statement (auxdata slot arg). */
struct cidr_list {
	size_t count;
	struct ab_cidr cidrs[AB_CIDR_LIST_MAX];
};

static const struct cidr_list *cidr_list_arg(sqlite3_context *ctx, sqlite3_value **argv,
                                             int arg, bool single, const char *function)
{
	const struct cidr_list *cached = sqlite3_get_auxdata(ctx, arg);
	if (cached != NULL)
		return cached;
	struct cidr_list *list = sqlite3_malloc(sizeof(*list));
	if (list == NULL) {
		sqlite3_result_error_nomem(ctx);
		return NULL;
	}
	size_t len = 0;
	const char *text = text_arg(ctx, argv[arg], &len);
	if (text == NULL && sqlite3_value_type(argv[arg]) == SQLITE_TEXT) {
		sqlite3_free(list); /* out of memory, set by text_arg */
		return NULL;
	}
	bool ok = text != NULL &&
	          (single ? (list->count = 1, ab_cidr_parse(text, len, &list->cidrs[0]))
	                  : ab_cidr_list_parse(text, len, list->cidrs, &list->count));
	if (!ok) {
		sqlite3_free(list);
		char *message = sqlite3_mprintf(single ? "%s: not a CIDR: '%%s'"
		                                       : "%s: not a list of CIDRs: '%%s'", function);
		if (message == NULL) {
			sqlite3_result_error_nomem(ctx);
			return NULL;
		}
		bad_argument(ctx, message, argv[arg]);
		sqlite3_free(message);
		return NULL;
	}
	sqlite3_set_auxdata(ctx, arg, list, sqlite3_free);
	cached = sqlite3_get_auxdata(ctx, arg);
	if (cached == NULL)
		sqlite3_result_error_nomem(ctx);
	return cached;
}

static void ip_in_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return;
	const struct cidr_list *cidr = cidr_list_arg(ctx, argv, 1, true, "ip_in");
	if (cidr == NULL)
		return;
	size_t len;
	struct ab_ip ip;
	const char *text = text_arg(ctx, argv[0], &len);
	if (text != NULL && ab_ip_parse(text, len, &ip))
		sqlite3_result_int(ctx, ab_ip_in(&ip, &cidr->cidrs[0]));
}

static void ip_network_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	size_t len;
	struct ab_ip ip;
	if (sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return;
	int type = sqlite3_value_type(argv[1]);
	sqlite3_int64 prefix = sqlite3_value_int64(argv[1]);
	const char *text = text_arg(ctx, argv[0], &len);
	if (text == NULL || !ab_ip_parse(text, len, &ip))
		return;
	char out[AB_IP_TEXT_MAX + 4];
	size_t n = type == SQLITE_INTEGER && prefix >= 0 && prefix <= 128
	                   ? ab_ip_network(&ip, (int)prefix, out) : 0;
	if (n == 0) {
		char *err = sqlite3_mprintf("ip_network: prefix length %s is not between 0 and %d "
		                            "for '%s'", sqlite3_value_text(argv[1]),
		                            ip.is_v4 ? 32 : 128, text);
		if (err == NULL) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		sqlite3_result_error(ctx, err, -1);
		sqlite3_free(err);
		return;
	}
	sqlite3_result_text(ctx, out, (int)n, SQLITE_TRANSIENT);
}

static void client_ip_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct ab_cidr *trusted = ab_default_trusted_cidrs;
	size_t trusted_count = ab_default_trusted_count;
	if (argc == 3) {
		if (sqlite3_value_type(argv[2]) == SQLITE_NULL)
			return;
		const struct cidr_list *list = cidr_list_arg(ctx, argv, 2, false, "client_ip");
		if (list == NULL)
			return;
		trusted = list->cidrs;
		trusted_count = list->count;
	}
	size_t remote_len, xff_len = 0;
	const char *remote = text_arg(ctx, argv[0], &remote_len);
	if (remote == NULL)
		return;
	const char *xff = text_arg(ctx, argv[1], &xff_len);
	if (xff == NULL && sqlite3_value_type(argv[1]) == SQLITE_TEXT)
		return; /* out of memory */
	struct ab_ip client;
	if (ab_client_ip(remote, remote_len, xff, xff_len, trusted, trusted_count, &client)) {
		char out[AB_IP_TEXT_MAX];
		sqlite3_result_text(ctx, out, (int)ab_ip_format(&client, out), SQLITE_TRANSIENT);
	}
}

/* User agents -------------------------------------------------------------- */

static void ua_family_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	size_t len;
	const char *ua = text_arg(ctx, argv[0], &len);
	const struct ab_ua_pattern *p = ua != NULL ? ab_ua_family(ua, len) : NULL;
	if (p != NULL)
		hs_result_static_text(ctx, p->value);
}

static void ua_os_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	size_t len;
	const char *ua = text_arg(ctx, argv[0], &len);
	const struct ab_ua_pattern *p = ua != NULL ? ab_ua_os(ua, len) : NULL;
	if (p != NULL)
		hs_result_static_text(ctx, p->value);
}

static void ua_is_bot_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	size_t len;
	const char *ua = text_arg(ctx, argv[0], &len);
	if (ua == NULL || len == 0)
		return;
	const struct ab_ua_pattern *p = ab_ua_family(ua, len);
	sqlite3_result_int(ctx, p != NULL && ab_ua_kind_is_bot(p->kind));
}

/* Win32 ------------------------------------------------------------------- */

static void win32_reason_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	/* An IIS log's sc-win32-status is TEXT in extra: '64' reads as 64. */
	sqlite3_value *v = argv[0];
	int type = sqlite3_value_numeric_type(v);
	long long code;
	if (type == SQLITE_INTEGER) {
		code = sqlite3_value_int64(v);
	} else if (type == SQLITE_FLOAT) {
		double d = sqlite3_value_double(v);
		if (!(d >= 0.0 && d <= 4294967295.0) || d != (double)(long long)d)
			return;
		code = (long long)d;
	} else {
		return;
	}
	const struct ab_win32 *e = ab_win32_lookup(code);
	if (e != NULL)
		hs_result_static_text(ctx, e->message);
}

int hs_register_analysis_functions(sqlite3 *db)
{
	static const struct {
		const char *name;
		int argc;
		void (*func)(sqlite3_context *, int, sqlite3_value **);
	} functions[] = {
		{ "time_bucket", 2, time_bucket_func },
		{ "url_path", 1, url_path_func },
		{ "url_query", 1, url_query_func },
		{ "url_param", 2, url_param_func },
		{ "path_template", 1, path_template_func },
		{ "ip_in", 2, ip_in_func },
		{ "ip_network", 2, ip_network_func },
		{ "client_ip", 2, client_ip_func },
		{ "client_ip", 3, client_ip_func },
		{ "ua_family", 1, ua_family_func },
		{ "ua_os", 1, ua_os_func },
		{ "ua_is_bot", 1, ua_is_bot_func },
		{ "win32_reason", 1, win32_reason_func },
	};
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int rc = SQLITE_OK;
	for (size_t i = 0; rc == SQLITE_OK && i < sizeof(functions) / sizeof(functions[0]); i++) {
		rc = sqlite3_create_function(db, functions[i].name, functions[i].argc, flags,
		                             NULL, functions[i].func, NULL, NULL);
	}
	return rc;
}
