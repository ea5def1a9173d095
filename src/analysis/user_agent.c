/* User-Agent families and operating systems by the first matching pattern of
 * user_agent.def: substring search, no regular expressions, no allocation.
 *
 * A User-Agent is tried against a hundred needles, most of which it does not
 * hold. One pass first marks every pair of adjacent bytes it holds in a
 * 4096-bit set on the stack; a needle with a pair that is not marked cannot
 * be in the text and is skipped without a search. That
 * made a call about ten times faster over real logs (tests/bench). */
#include "analysis.h"

#include <string.h>

const struct ab_ua_pattern ab_ua_patterns[] = {
#define UA_FAMILY(needle, family, kind, source) { needle, sizeof(needle) - 1, family, false, AB_UA_##kind, source },
#define UA_OS(needle, os, source) { needle, sizeof(needle) - 1, os, true, AB_UA_BROWSER, source },
#include "user_agent.def"
#undef UA_FAMILY
#undef UA_OS
};
const size_t ab_ua_pattern_count = sizeof(ab_ua_patterns) / sizeof(ab_ua_patterns[0]);

const char *ab_ua_kind_name(enum ab_ua_kind kind)
{
	switch (kind) {
	case AB_UA_BROWSER: return "browser";
	case AB_UA_CRAWLER: return "crawler";
	case AB_UA_LIBRARY: return "library";
	case AB_UA_TOOL: return "tool";
	case AB_UA_MONITOR: return "monitor";
	case AB_UA_FEED: return "feed";
	case AB_UA_APP: return "app";
	}
	return NULL;
}

bool ab_ua_kind_is_bot(enum ab_ua_kind kind)
{
	return kind != AB_UA_BROWSER && kind != AB_UA_APP;
}

/* n <= len: first_match skips longer needles. */
static bool contains(const char *text, size_t len, const char *needle, size_t n)
{
	/* memchr for the first byte, then compare: faster than a naive scan and
	 * needs no GNU memmem. */
	const char *end = text + len - n + 1;
	for (const char *p = text; p < end;) {
		p = memchr(p, needle[0], (size_t)(end - p));
		if (p == NULL)
			return false;
		if (memcmp(p, needle, n) == 0)
			return true;
		p++;
	}
	return false;
}

struct byte_pairs {
	uint64_t bits[64];
};

static unsigned pair_hash(const char *at)
{
	return (((unsigned)(unsigned char)at[0] << 5) ^ (unsigned char)at[1]) & 4095u;
}

static bool has_pair(const struct byte_pairs *pairs, const char *at)
{
	unsigned h = pair_hash(at);
	return (pairs->bits[h / 64] >> (h % 64)) & 1u;
}

static const struct ab_ua_pattern *first_match(const char *text, size_t len, bool os)
{
	struct byte_pairs pairs;
	memset(&pairs, 0, sizeof(pairs));
	for (size_t i = 0; i + 1 < len; i++) {
		unsigned h = pair_hash(text + i);
		pairs.bits[h / 64] |= (uint64_t)1 << (h % 64);
	}
	for (size_t i = 0; i < ab_ua_pattern_count; i++) {
		const struct ab_ua_pattern *p = &ab_ua_patterns[i];
		if (p->is_os != os)
			continue;
		size_t n = p->needle_len, k = 0;
		if (n > len)
			continue;
		while (k + 1 < n && has_pair(&pairs, p->needle + k))
			k++;
		if (k + 1 >= n && contains(text, len, p->needle, n))
			return p;
	}
	return NULL;
}

const struct ab_ua_pattern *ab_ua_family(const char *text, size_t len)
{
	return first_match(text, len, false);
}

const struct ab_ua_pattern *ab_ua_os(const char *text, size_t len)
{
	return first_match(text, len, true);
}
