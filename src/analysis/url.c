/*
 * Request targets: path, query, parameters and path templates. Everything
 * is a view into the caller's text except percent-decoding and templates,
 * which write to the caller's buffer.
 */
#include "analysis.h"
#include "decode.h"

#include <string.h>

static size_t find_any(const char *s, size_t len, const char *set)
{
	for (size_t i = 0; i < len; i++)
		if (strchr(set, s[i]) != NULL && s[i] != '\0')
			return i;
	return len;
}

struct ab_span ab_url_path(const char *target, size_t len)
{
	return (struct ab_span){ target, find_any(target, len, "?#") };
}

bool ab_url_query(const char *target, size_t len, struct ab_span *query)
{
	size_t q = find_any(target, len, "?#");
	if (q == len || target[q] != '?')
		return false;
	const char *start = target + q + 1;
	size_t rest = len - q - 1;
	*query = (struct ab_span){ start, find_any(start, rest, "#") };
	return true;
}

bool ab_param_query(const char *text, size_t len, struct ab_span *query)
{
	if (ab_url_query(text, len, query))
		return true;
	if (len > 0 && text[0] == '/')
		return false;
	*query = (struct ab_span){ text, find_any(text, len, "#") };
	return true;
}

bool ab_query_next(struct ab_span query, size_t *pos, struct ab_span *name,
                   struct ab_span *value, bool *has_value)
{
	while (*pos < query.len) {
		const char *pair = query.text + *pos;
		size_t pair_len = find_any(pair, query.len - *pos, "&");
		*pos += pair_len + 1;
		if (pair_len == 0)
			continue;
		size_t eq = find_any(pair, pair_len, "=");
		*name = (struct ab_span){ pair, eq };
		*has_value = eq < pair_len;
		*value = *has_value ? (struct ab_span){ pair + eq + 1, pair_len - eq - 1 }
		                    : (struct ab_span){ pair + pair_len, 0 };
		return true;
	}
	return false;
}

/* Well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, at most U+10FFFF). */
static bool valid_utf8(const unsigned char *s, size_t len)
{
	for (size_t i = 0, k; i < len; i += k)
		if ((k = al_utf8_seq(s + i, len - i)) == 0)
			return false;
	return true;
}

long ab_percent_decode(const char *text, size_t len, char *out)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == '%') {
			if (len - i < 3)
				return -1;
			int hi = al_hex_digit(text[i + 1]);
			int lo = al_hex_digit(text[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+') {
			c = ' ';
		}
		if (c == '\0')
			return -1;
		out[n++] = c;
	}
	return valid_utf8((const unsigned char *)out, n) ? (long)n : -1;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

static bool all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (al_hex_digit(s[i]) < 0)
			return false;
	return true;
}

static bool is_uuid(const char *s, size_t n)
{
	static const size_t groups[] = { 8, 4, 4, 4, 12 };
	if (n != 36)
		return false;
	for (size_t g = 0, at = 0; g < 5; g++) {
		if (!all_hex(s + at, groups[g]))
			return false;
		at += groups[g];
		if (g < 4 && s[at++] != '-')
			return false;
	}
	return true;
}

/* 16 or more hex digits, at least one of them a digit 0-9, so that a long
 * word made of a-f letters ("deadbeefcafebabe" aside) is rare. */
static bool is_long_hex(const char *s, size_t n)
{
	if (n < 16 || !all_hex(s, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= '9') /* a hex digit up to '9' is 0-9 */
			return true;
	return false;
}

size_t ab_path_template(const char *path, size_t len, char *out)
{
	len = ab_url_path(path, len).len;
	size_t n = 0, i = 0;
	while (i < len) {
		size_t seg_len = find_any(path + i, len - i, "/");
		const char *seg = path + i;
		const char *replacement = NULL;
		if (all_digits(seg, seg_len))
			replacement = "{id}";
		else if (is_uuid(seg, seg_len))
			replacement = "{uuid}";
		else if (is_long_hex(seg, seg_len))
			replacement = "{hex}";
		if (replacement != NULL) {
			size_t r = strlen(replacement);
			memcpy(out + n, replacement, r);
			n += r;
		} else {
			memcpy(out + n, seg, seg_len);
			n += seg_len;
		}
		i += seg_len;
		if (i < len) /* the '/' */
			out[n++] = path[i++];
	}
	out[n] = '\0';
	return n;
}
