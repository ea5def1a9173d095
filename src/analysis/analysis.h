/*
 * Helpers for log analysis, in plain C (no SQLite): time buckets, request
 * targets, IP addresses, user agents, and the Win32 and HTTP.sys references
 * that IIS logs point to. The SQL functions of ext/analysis_*.c wrap these.
 *
 * Text comes in as (pointer, length) and need not be NUL-terminated. Results
 * are written to caller buffers or point into the input or static data:
 * nothing here allocates.
 */
#ifndef HTTP_STATUS_ANALYSIS_H
#define HTTP_STATUS_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Time buckets (time_bucket.c) ------------------------------------------- */

/* "2026-11-25T23:42:16.123+01:00" is 29 bytes; a bucket is at most 25. */
#define AB_TIME_MAX 32

/* "N seconds", "N minutes", "N hours", "N days" (also "1 second", ...):
 * the width in seconds, 1 up to 366 days. False for anything else. */
bool ab_parse_width(const char *text, size_t len, int64_t *seconds);

/* An ISO 8601 time as access_log() writes it, "YYYY-MM-DDTHH:MM:SS" (or a
 * space for T), an optional fraction, then "Z", "+HH:MM", "-HH:MM" or
 * nothing. The fields, checked (month 1-12, the day within its month,
 * hour < 24, minute and second < 60). */
struct ab_time {
	int64_t local_seconds;  /* the wall clock's seconds since 1970-01-01T00:00:00 */
	int offset_minutes;     /* east of UTC */
	char offset[7];         /* as written: "", "Z", "+01:00" */
};
bool ab_parse_time(const char *text, size_t len, struct ab_time *out);

/* The start of the width-second bucket that holds the time, on its own wall
 * clock, with its offset as written; the length written to out (NUL ended),
 * or 0 when the bucket's year is outside 0000-9999. */
size_t ab_time_bucket(const struct ab_time *time, int64_t width, char out[AB_TIME_MAX]);

/* Request targets (url.c) -------------------------------------------------- */

struct ab_span {
	const char *text;
	size_t len;
};

/* The path: the target up to '?' or '#'. */
struct ab_span ab_url_path(const char *target, size_t len);
/* The query without '?', up to '#'; false when there is no '?'. */
bool ab_url_query(const char *target, size_t len, struct ab_span *query);

/* One name=value pair of a query, in order: *pos starts at 0; false at the
 * end. A pair without '=' has has_value false. Empty pairs ("a=1&&b=2") are
 * skipped. */
bool ab_query_next(struct ab_span query, size_t *pos, struct ab_span *name,
                   struct ab_span *value, bool *has_value);

/* Percent-decodes text into out (room for len bytes), '+' as a space; the
 * length, or -1 when a '%' is not followed by two hex digits, or the result
 * holds a NUL byte or is not valid UTF-8. */
long ab_percent_decode(const char *text, size_t len, char *out);

/* The query part of url_param's argument: after '?' when there is one, none
 * for a plain path ("/a/b"), else the whole text ("a=1&b=2"). */
bool ab_param_query(const char *text, size_t len, struct ab_span *query);

/* The path with numbers, UUIDs and hex strings of 16 or more digits as
 * {id}, {uuid}, {hex}. out needs room for AB_TEMPLATE_ROOM(len) bytes;
 * returns the length written. */
#define AB_TEMPLATE_ROOM(len) (4 * (len) + 1)
size_t ab_path_template(const char *path, size_t len, char *out);

/* IP addresses (ip.c) ------------------------------------------------------ */

/* An address as 16 bytes; an IPv4 address (also written ::ffff:a.b.c.d) is
 * kept IPv4-mapped with is_v4 set. */
struct ab_ip {
	uint8_t bytes[16];
	bool is_v4;
};

/* Dotted quad (no leading zeros) or RFC 4291 text (with "::", a trailing
 * dotted quad, and a zone id "%eth0", which is ignored). */
bool ab_ip_parse(const char *text, size_t len, struct ab_ip *out);

/* "10.0.0.0/8", "2001:db8::/32", or an address alone (one host). The prefix
 * counts bits of the notation: 0-32 for a dotted quad, 0-128 with colons
 * (::ffff:10.0.0.0/104 is 10.0.0.0/8); host bits may be set. */
struct ab_cidr {
	struct ab_ip net;
	int prefix; /* in bits of the 128-bit (mapped) form */
};
bool ab_cidr_parse(const char *text, size_t len, struct ab_cidr *out);
bool ab_ip_in(const struct ab_ip *ip, const struct ab_cidr *cidr);

/* "198.51.100.7" or RFC 5952 "2001:db8::1"; at most AB_IP_TEXT_MAX bytes. */
#define AB_IP_TEXT_MAX 48
size_t ab_ip_format(const struct ab_ip *ip, char out[AB_IP_TEXT_MAX]);

/* The network of prefix bits (0-32 for IPv4, 0-128 for IPv6) as
 * "198.51.100.0/24"; 0 when the prefix is out of range (negative too). */
size_t ab_ip_network(const struct ab_ip *ip, int prefix, char out[AB_IP_TEXT_MAX + 4]);

/* A list of CIDRs separated by commas or spaces: false if any is malformed.
 * count is set to the number read; at most AB_CIDR_LIST_MAX. */
#define AB_CIDR_LIST_MAX 64
bool ab_cidr_list_parse(const char *text, size_t len, struct ab_cidr *list, size_t *count);

/* Loopback, private and link-local ranges: the default trusted proxies, as
 * text (for the docs; a test checks it reads as the table) and as a table. */
const char *ab_default_trusted(void);
extern const struct ab_cidr ab_default_trusted_cidrs[];
extern const size_t ab_default_trusted_count;

/* The client behind trusted proxies: remote when it is not trusted, else the
 * X-Forwarded-For entries from the right, the first that is not trusted (or
 * the leftmost when all are). False when remote is not an address, or the
 * walk reaches an entry that is not one. */
bool ab_client_ip(const char *remote, size_t remote_len, const char *xff,
                  size_t xff_len, const struct ab_cidr *trusted,
                  size_t trusted_count, struct ab_ip *out);

/* User agents (user_agent.c, patterns in user_agent.def) ------------------- */

enum ab_ua_kind {
	AB_UA_BROWSER,  /* a person's browser */
	AB_UA_CRAWLER,  /* search engines, SEO and AI crawlers, link previews */
	AB_UA_LIBRARY,  /* HTTP libraries */
	AB_UA_TOOL,     /* command-line tools */
	AB_UA_MONITOR,  /* uptime checkers and monitors */
	AB_UA_FEED,     /* feed readers */
	AB_UA_APP,      /* a native app's platform HTTP stack, on a person's device */
};

struct ab_ua_pattern {
	const char *needle;  /* a substring of the User-Agent, case as written */
	size_t needle_len;
	const char *value;   /* the family or the OS */
	bool is_os;          /* an OS pattern, else a family */
	enum ab_ua_kind kind;
	const char *source;
};

extern const struct ab_ua_pattern ab_ua_patterns[];
extern const size_t ab_ua_pattern_count;

/* "browser", "crawler", ...; NULL for a value outside the enumeration. */
const char *ab_ua_kind_name(enum ab_ua_kind kind);
/* Crawlers, libraries, tools, monitors and feed readers; not browsers and
 * apps. */
bool ab_ua_kind_is_bot(enum ab_ua_kind kind);
/* The first family (or OS) pattern found in the text, or NULL. */
const struct ab_ua_pattern *ab_ua_family(const char *text, size_t len);
const struct ab_ua_pattern *ab_ua_os(const char *text, size_t len);

/* Win32 errors and HTTP.sys reasons (references.c, win32.def, httperr.def) */

struct ab_win32 {
	long long code;
	const char *name;
	const char *message;
	const char *source;
};
extern const struct ab_win32 ab_win32_errors[];
extern const size_t ab_win32_count;
const struct ab_win32 *ab_win32_lookup(long long code);

struct ab_httperr {
	const char *reason;
	const char *description;
	const char *source;
};
extern const struct ab_httperr ab_httperr_reasons[];
extern const size_t ab_httperr_count;
const struct ab_httperr *ab_httperr_lookup(const char *reason, size_t len);

#endif
