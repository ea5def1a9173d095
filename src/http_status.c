#include "http_status.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define HTTP_CODE(st, r, ...)                                                  \
	{ .status = st, .substatus = HS_NO_SUBSTATUS, .code = #st, .reason = r,    \
	  .reason_len = sizeof(r) - 1, __VA_ARGS__ },
#define HTTP_SUBCODE(st, sub, r, ...)                                          \
	{ .status = st, .substatus = sub, .code = #st "." #sub, .reason = r,       \
	  .reason_len = sizeof(r) - 1, __VA_ARGS__ },
static const struct hs_entry entries[] = {
#include "http_status.def"
};
#undef HTTP_CODE
#undef HTTP_SUBCODE

/* Row numbers of the plain codes, so a plain lookup is one array read. The
 * rows are numbered by an enum built from the same file. */
#define HTTP_CODE(st, r, ...) ROW_##st,
#define HTTP_SUBCODE(st, sub, r, ...) ROW_##st##_##sub,
enum { 
#include "http_status.def"
	ROW_COUNT
};
#undef HTTP_CODE
#undef HTTP_SUBCODE

/* 1 + row of each plain code; 0 where the code is not in the reference. */
#define HTTP_CODE(st, r, ...) [st] = ROW_##st + 1,
#define HTTP_SUBCODE(st, sub, r, ...)
static const uint16_t plain_row_plus_one[600] = {
#include "http_status.def"
};
#undef HTTP_CODE
#undef HTTP_SUBCODE

#define HTTP_PHRASE(st, sub, r, ...)                                           \
	{ .status = st, .substatus = sub, .reason = r, __VA_ARGS__ },
static const struct hs_phrase phrases[] = {
#include "phrases.def"
};
#undef HTTP_PHRASE

static const struct {
	const char *name;
	const char *description;
} classes[5] = {
	{ "Informational",
	  "This class of status code indicates a provisional response, consisting only of the Status-Line and optional headers, and is terminated by an empty line. There are no required headers for this class of status code." },
	{ "Successful",
	  "This class of status code indicates that the client's request was successfully received, understood, and accepted." },
	{ "Redirection",
	  "This class of status code indicates that further action needs to be taken by the user agent in order to fulfill the request. The action required MAY be carried out by the user agent without interaction with the user if and only if the method used in the second request is GET or HEAD. A client SHOULD detect infinite redirection loops, since such loops generate network traffic for each redirection." },
	{ "Client Error",
	  "The 4xx class of status code is intended for cases in which the client seems to have erred. Except when responding to a HEAD request, the server SHOULD include an entity containing an explanation of the error situation, and whether it is a temporary or permanent condition. These status codes are applicable to any request method. User agents SHOULD display any included entity to the user. If the client is sending data, a server implementation using TCP SHOULD be careful to ensure that the client acknowledges receipt of the packet(s) containing the response, before the server closes the input connection. If the client continues sending data to the server after the close, the server's TCP stack will send a reset packet to the client, which may erase the client's unacknowledged input buffers before they can be read and interpreted by the HTTP application." },
	{ "Server Error",
	  "Response status codes beginning with the digit \"5\" indicate cases in which the server is aware that it has erred or is incapable of performing the request. Except when responding to a HEAD request, the server SHOULD include an entity containing an explanation of the error situation, and whether it is a temporary or permanent condition. User agents SHOULD display any included entity to the user. These response codes are applicable to any request method." },
};

static const char *const lifecycle_names[HS_LIFECYCLE_COUNT] = {
	[HS_PERMANENT] = "permanent",   [HS_TEMPORARY] = "temporary",
	[HS_DEPRECATED] = "deprecated", [HS_UNUSED] = "unused",
	[HS_OBSOLETE] = "obsolete",     [HS_UNOFFICIAL] = "unofficial",
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_status(long long status)
{
	return status == HS_NO_RESPONSE || (status >= 100 && status <= 599);
}

bool hs_make_code(long long status, long long substatus, struct hs_code *out)
{
	if (!is_status(status))
		return false;
	if (substatus != HS_NO_SUBSTATUS && (substatus < 0 || substatus > 999))
		return false;
	if (status == HS_NO_RESPONSE && substatus != HS_NO_SUBSTATUS)
		return false;
	out->status = (int)status;
	out->substatus = (int)substatus;
	return true;
}

bool hs_parse_int(long long value, struct hs_code *out)
{
	return hs_make_code(value, HS_NO_SUBSTATUS, out);
}

bool hs_parse_double(double value, struct hs_code *out)
{
	/* The range test comes first: it also rejects NaN and infinities, and
	 * keeps the cast below defined. */
	if (!(value >= 0.0 && value < 600.0) || value != floor(value))
		return false;
	return hs_parse_int((long long)value, out);
}

static size_t trim(const char **text, size_t len)
{
	const char *p = *text, *end = p + len;
	while (p < end && is_space(*p))
		p++;
	while (end > p && is_space(end[-1]))
		end--;
	*text = p;
	return (size_t)(end - p);
}

/* 1 to 3 digits, no leading zero except "0" itself. */
static bool parse_minor(const char *p, size_t n, int *out)
{
	if (n < 1 || n > 3 || (n > 1 && p[0] == '0'))
		return false;
	int value = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(p[i]))
			return false;
		value = value * 10 + (p[i] - '0');
	}
	*out = value;
	return true;
}

bool hs_parse_substatus_text(const char *text, size_t len, int *out)
{
	size_t n = trim(&text, len);
	return parse_minor(text, n, out);
}

bool hs_parse_text(const char *text, size_t len, struct hs_code *out)
{
	const char *p = text;
	size_t n = trim(&p, len);

	if ((n == 1 && (*p == '-' || *p == '0')) ||
	    (n == 3 && memcmp(p, "000", 3) == 0))
		return hs_make_code(HS_NO_RESPONSE, HS_NO_SUBSTATUS, out);

	if (n < 3 || !is_digit(p[0]) || !is_digit(p[1]) || !is_digit(p[2]))
		return false;
	int status = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
	if (n == 3)
		return hs_make_code(status, HS_NO_SUBSTATUS, out);

	int substatus;
	if (p[3] != '.' || !parse_minor(p + 4, n - 4, &substatus))
		return false;
	return hs_make_code(status, substatus, out);
}

static const struct hs_entry *plain_entry(long long status)
{
	/* Unsigned, so one comparison rejects negatives too; 1..99 have no row. */
	if ((unsigned long long)status >= 600 || plain_row_plus_one[status] == 0)
		return NULL;
	return &entries[plain_row_plus_one[status] - 1];
}

const struct hs_entry *hs_lookup_status(long long status)
{
	return plain_entry(status);
}

const struct hs_entry *hs_lookup(struct hs_code code)
{
	const struct hs_entry *plain = plain_entry(code.status);
	if (plain == NULL || code.substatus == HS_NO_SUBSTATUS || code.substatus == 0)
		return plain;
	/* Sub-statuses follow their plain code, in order. */
	const struct hs_entry *end = entries + ROW_COUNT;
	for (const struct hs_entry *e = plain + 1;
	     e < end && e->status == code.status; e++) {
		if (e->substatus == code.substatus)
			return e;
		if (e->substatus > code.substatus)
			break;
	}
	return NULL;
}

const struct hs_entry *hs_lookup_or_major(struct hs_code code)
{
	const struct hs_entry *e = hs_lookup(code);
	return e != NULL ? e : plain_entry(code.status);
}

/* Every sub-status has its plain code's row (test_core checks the data). */
static const struct hs_entry *status_of(const struct hs_entry *e)
{
	return plain_entry(e->status);
}

bool hs_entry_cacheable(const struct hs_entry *e)
{
	return status_of(e)->cacheable;
}

const char *hs_entry_required_header(const struct hs_entry *e)
{
	return status_of(e)->required_header;
}

const char *hs_entry_retry_basis(const struct hs_entry *e)
{
	if (e->retry_basis != NULL || e->not_retryable != NULL)
		return e->retry_basis;
	return status_of(e)->retry_basis;
}

static const char *const confidence_names[HS_CONFIDENCE_COUNT] = {
	[HS_PRIMARY] = "primary",
	[HS_SECONDARY] = "secondary",
};

const char *hs_confidence_name(unsigned confidence)
{
	return confidence < HS_CONFIDENCE_COUNT ? confidence_names[confidence] : NULL;
}

static const char *const phrase_kind_names[HS_PHRASE_KIND_COUNT] = {
	[HS_PHRASE_FORMER] = "former",
	[HS_PHRASE_ALTERNATIVE] = "alternative",
	[HS_PHRASE_VARIANT] = "variant",
};

const char *hs_phrase_kind_name(unsigned kind)
{
	return kind < HS_PHRASE_KIND_COUNT ? phrase_kind_names[kind] : NULL;
}

bool hs_is_interim(int status)
{
	return status >= 100 && status <= 199;
}

bool hs_content_allowed(int status)
{
	return !hs_is_interim(status) && status != 204 && status != 205 &&
	       status != 304;
}

const char *hs_class_name(int status)
{
	return status >= 100 && status <= 599 ? classes[status / 100 - 1].name
	                                       : NULL;
}

const char *hs_class_description(int status)
{
	return status >= 100 && status <= 599
	               ? classes[status / 100 - 1].description
	               : NULL;
}

size_t hs_entry_count(void)
{
	return ROW_COUNT;
}

const struct hs_entry *hs_entry_at(size_t index)
{
	return index < ROW_COUNT ? &entries[index] : NULL;
}

size_t hs_entry_lower_bound(int status)
{
	size_t lo = 0, hi = ROW_COUNT;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (entries[mid].status < status)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t hs_phrase_count(void)
{
	return sizeof(phrases) / sizeof(phrases[0]);
}

const struct hs_phrase *hs_phrase_at(size_t index)
{
	return index < hs_phrase_count() ? &phrases[index] : NULL;
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool phrase_equals(const char *phrase, const char *text, size_t len)
{
	size_t i = 0;
	for (; i < len; i++) {
		if (phrase[i] == '\0' || ascii_lower(phrase[i]) != ascii_lower(text[i]))
			return false;
	}
	return phrase[i] == '\0';
}

bool hs_code_for_phrase(const char *text, size_t len, struct hs_code *out)
{
	len = trim(&text, len);

	/* Current phrases win over older ones; entries are in code order, so a
	 * plain code wins over a sub-status of the same name. */
	for (size_t i = 0; i < ROW_COUNT; i++) {
		if (phrase_equals(entries[i].reason, text, len))
			return hs_make_code(entries[i].status, entries[i].substatus, out);
	}
	for (size_t i = 0; i < hs_phrase_count(); i++) {
		if (phrase_equals(phrases[i].reason, text, len))
			return hs_make_code(phrases[i].status,
			                    phrases[i].substatus == 0 ? HS_NO_SUBSTATUS
			                                              : phrases[i].substatus,
			                    out);
	}
	return false;
}

const char *hs_lifecycle_name(unsigned lifecycle)
{
	return lifecycle < HS_LIFECYCLE_COUNT ? lifecycle_names[lifecycle] : NULL;
}
