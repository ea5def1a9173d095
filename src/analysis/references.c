/* The Win32 error and HTTP.sys reason references, from win32.def and
 * httperr.def, with lookups by binary search (the files are kept sorted). */
#include "analysis.h"

#include <string.h>

const struct ab_win32 ab_win32_errors[] = {
#define WIN32_ERROR(code, name, message, source) { code, name, message, source },
#include "win32.def"
#undef WIN32_ERROR
};
const size_t ab_win32_count = sizeof(ab_win32_errors) / sizeof(ab_win32_errors[0]);

const struct ab_httperr ab_httperr_reasons[] = {
#define HTTPERR_REASON(reason, description, source) { reason, description, source },
#include "httperr.def"
#undef HTTPERR_REASON
};
const size_t ab_httperr_count = sizeof(ab_httperr_reasons) / sizeof(ab_httperr_reasons[0]);

const struct ab_win32 *ab_win32_lookup(long long code)
{
	size_t lo = 0, hi = ab_win32_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ab_win32_errors[mid].code < code)
			lo = mid + 1;
		else if (ab_win32_errors[mid].code > code)
			hi = mid;
		else
			return &ab_win32_errors[mid];
	}
	return NULL;
}

const struct ab_httperr *ab_httperr_lookup(const char *reason, size_t len)
{
	size_t lo = 0, hi = ab_httperr_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *r = ab_httperr_reasons[mid].reason;
		size_t rlen = strlen(r);
		int c = memcmp(r, reason, rlen < len ? rlen : len);
		if (c == 0)
			c = rlen < len ? -1 : rlen > len ? 1 : 0;
		if (c < 0)
			lo = mid + 1;
		else if (c > 0)
			hi = mid;
		else
			return &ab_httperr_reasons[mid];
	}
	return NULL;
}
