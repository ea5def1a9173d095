/*
 * fuzz_analysis: the analysis core's parsers on arbitrary bytes.
 *
 *   ./fuzz_analysis -max_total_time=45 corpus/analysis
 *
 * Every input goes to each parser as text of exactly its length (not
 * NUL-terminated, so AddressSanitizer sees a read past the end): the time
 * and width parsers, the request-target functions, the IP and CIDR parsers
 * and client_ip's walk (the input split at its first '|' into remote address
 * and X-Forwarded-For), and the User-Agent matcher. Besides memory safety,
 * each result is checked against the contract in analysis.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

#include "fuzz_check.h"

static bool inside(struct ab_span span, const char *text, size_t len)
{
	return span.text >= text && span.text + span.len <= text + len;
}

static void check_time(const char *text, size_t len)
{
	int64_t width;
	if (ab_parse_width(text, len, &width))
		CHECK(width >= 1 && width <= 366 * 86400);
	struct ab_time time;
	if (!ab_parse_time(text, len, &time))
		return;
	static const int64_t widths[] = { 1, 7, 900, 3600, 86400, 7 * 86400, 366 * 86400 };
	for (size_t i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		char out[AB_TIME_MAX];
		size_t n = ab_time_bucket(&time, widths[i], out);
		if (n == 0)
			continue; /* before year 0000 */
		struct ab_time back;
		CHECK(n < AB_TIME_MAX && out[n] == '\0');
		CHECK(ab_parse_time(out, n, &back));
		CHECK(back.local_seconds <= time.local_seconds &&
		      time.local_seconds - back.local_seconds < widths[i]);
		CHECK(strcmp(back.offset, time.offset) == 0);
	}
}

static void check_url(const char *text, size_t len)
{
	struct ab_span path = ab_url_path(text, len), query, name, value;
	CHECK(path.text == text && path.len <= len);
	if (ab_url_query(text, len, &query))
		CHECK(inside(query, text, len) && query.text > text && query.text[-1] == '?');
	if (ab_param_query(text, len, &query)) {
		CHECK(inside(query, text, len));
		size_t pos = 0, pairs = 0;
		bool has_value;
		while (ab_query_next(query, &pos, &name, &value, &has_value)) {
			CHECK(inside(name, text, len) && inside(value, text, len));
			CHECK(name.len + value.len > 0 || has_value);
			CHECK(++pairs <= len);
		}
	}
	char *out = malloc(AB_TEMPLATE_ROOM(len));
	CHECK(out != NULL);
	long n = ab_percent_decode(text, len, out);
	CHECK(n >= -1 && n <= (long)len);
	if (n >= 0)
		CHECK(memchr(out, '\0', (size_t)n) == NULL);
	size_t t = ab_path_template(text, len, out);
	CHECK(t < AB_TEMPLATE_ROOM(len) && out[t] == '\0');
	free(out);
}

static void check_ip(const char *text, size_t len)
{
	struct ab_ip ip, back;
	char out[AB_IP_TEXT_MAX + 4];
	if (ab_ip_parse(text, len, &ip)) {
		size_t n = ab_ip_format(&ip, out);
		CHECK(n > 0 && n < AB_IP_TEXT_MAX);
		CHECK(ab_ip_parse(out, n, &back));
		CHECK(memcmp(ip.bytes, back.bytes, 16) == 0 && ip.is_v4 == back.is_v4);
		for (int prefix = 0; prefix <= 128; prefix++) {
			size_t m = ab_ip_network(&ip, prefix, out);
			CHECK((m > 0) == (prefix <= (ip.is_v4 ? 32 : 128)));
			struct ab_cidr cidr;
			if (m > 0) {
				CHECK(ab_cidr_parse(out, m, &cidr));
				CHECK(ab_ip_in(&ip, &cidr));
			}
		}
	}
	struct ab_cidr cidr;
	if (ab_cidr_parse(text, len, &cidr)) {
		CHECK(cidr.prefix >= 0 && cidr.prefix <= 128);
		CHECK(ab_ip_in(&cidr.net, &cidr));
	}
	struct ab_cidr list[AB_CIDR_LIST_MAX];
	size_t count;
	if (ab_cidr_list_parse(text, len, list, &count))
		CHECK(count <= AB_CIDR_LIST_MAX);
	const char *bar = memchr(text, '|', len);
	size_t remote_len = bar ? (size_t)(bar - text) : len;
	const char *xff = bar ? bar + 1 : NULL;
	size_t xff_len = bar ? len - remote_len - 1 : 0;
	struct ab_ip client;
	if (ab_client_ip(text, remote_len, xff, xff_len, ab_default_trusted_cidrs,
	                 ab_default_trusted_count, &client))
		CHECK(ab_ip_format(&client, out) > 0);
}

static void check_user_agent(const char *text, size_t len)
{
	const struct ab_ua_pattern *family = ab_ua_family(text, len);
	const struct ab_ua_pattern *os = ab_ua_os(text, len);
	if (family != NULL) {
		CHECK(!family->is_os && ab_ua_kind_name(family->kind) != NULL);
		CHECK(strlen(family->needle) <= len);
	}
	if (os != NULL)
		CHECK(os->is_os && strlen(os->needle) <= len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy: a read of one byte more is caught. */
	char *text = malloc(size ? size : 1);
	CHECK(text != NULL);
	memcpy(text, data, size);
	check_time(text, size);
	check_url(text, size);
	check_ip(text, size);
	check_user_agent(text, size);
	free(text);
	return 0;
}
