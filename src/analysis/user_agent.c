/* User-Agent families and operating systems by the first matching pattern of
 * user_agent.def: substring search, no regular expressions, no allocation. */
#include "analysis.h"

#include <string.h>

const struct ab_ua_pattern ab_ua_patterns[] = {
#define UA_FAMILY(needle, family, kind, source) { needle, family, false, AB_UA_##kind, source },
#define UA_OS(needle, os, source) { needle, os, true, AB_UA_BROWSER, source },
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
	}
	return NULL;
}

static bool contains(const char *text, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	if (n > len)
		return false;
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

static const struct ab_ua_pattern *first_match(const char *text, size_t len, bool os)
{
	for (size_t i = 0; i < ab_ua_pattern_count; i++) {
		const struct ab_ua_pattern *p = &ab_ua_patterns[i];
		if (p->is_os == os && contains(text, len, p->needle))
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
