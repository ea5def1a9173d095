/*
 * The analysis core without SQLite: the rules its data keeps and the parsers
 * on their own (the SQL-level tables are in test_analysis_sql.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "analysis.h"

static void win32_codes_are_sorted_unique_and_complete(void **state)
{
	(void)state;
	for (size_t i = 0; i < ab_win32_count; i++) {
		const struct ab_win32 *e = &ab_win32_errors[i];
		if (i > 0 && ab_win32_errors[i - 1].code >= e->code)
			fail_msg("win32.def: %lld is not after %lld", e->code, ab_win32_errors[i - 1].code);
		assert_true(strncmp(e->name, "ERROR_", 6) == 0);
		size_t n = strlen(e->message);
		assert_true(n > 0 && e->message[n - 1] == '.');
		assert_ptr_equal(ab_win32_lookup(e->code), e);
	}
	assert_null(ab_win32_lookup(-1));
	assert_null(ab_win32_lookup(9));
}

static void httperr_reasons_are_sorted_unique_and_complete(void **state)
{
	(void)state;
	for (size_t i = 0; i < ab_httperr_count; i++) {
		const struct ab_httperr *e = &ab_httperr_reasons[i];
		if (i > 0 && strcmp(ab_httperr_reasons[i - 1].reason, e->reason) >= 0)
			fail_msg("httperr.def: %s is not after %s", e->reason, ab_httperr_reasons[i - 1].reason);
		assert_true(strlen(e->description) > 0 && strlen(e->source) > 0);
		assert_ptr_equal(ab_httperr_lookup(e->reason, strlen(e->reason)), e);
	}
	assert_null(ab_httperr_lookup("Timer", 5));
	assert_null(ab_httperr_lookup("Timer_ConnectionIdleX", 21));
	assert_null(ab_httperr_lookup("", 0));
}

/* A pattern hidden behind an earlier one never decides anything. */
static void every_user_agent_pattern_can_win(void **state)
{
	(void)state;
	for (size_t i = 0; i < ab_ua_pattern_count; i++) {
		const struct ab_ua_pattern *p = &ab_ua_patterns[i];
		const char *needle = p->needle;
		const struct ab_ua_pattern *got = p->is_os ? ab_ua_os(needle, strlen(needle))
		                                           : ab_ua_family(needle, strlen(needle));
		if (got == NULL || strcmp(got->value, p->value) != 0)
			fail_msg("user_agent.def: '%s' (%s) is taken by '%s'", needle, p->value,
			         got ? got->needle : "nothing");
		assert_true(strlen(p->source) > 0);
	}
}

/* Real User-Agent strings with the answer a person gives. */
static void user_agents_of_a_labelled_sample(void **state)
{
	(void)state;
	static const struct {
		const char *ua, *family, *os;
		bool bot;
	} sample[] = {
		{ "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge", "Windows", false },
		{ "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome", "Windows", false },
		{ "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari", "macOS", false },
		{ "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari", "iOS", false },
		{ "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1", "Chrome", "iOS", false },
		{ "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0", "Firefox", "Linux", false },
		{ "Mozilla/5.0 (Android 14; Mobile; rv:132.0) Gecko/132.0 Firefox/132.0", "Firefox", "Android", false },
		{ "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", "Samsung Internet", "Android", false },
		{ "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0", "Opera", "Windows", false },
		{ "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome", "ChromeOS", false },
		{ "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko", "Internet Explorer", "Windows", false },
		{ "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Googlebot", NULL, true },
		{ "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "bingbot", NULL, true },
		{ "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", "AhrefsBot", NULL, true },
		{ "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)", "GPTBot", NULL, true },
		{ "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "facebookexternalhit", NULL, true },
		{ "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", "YandexBot", NULL, true },
		{ "Go-http-client/1.1", "Go-http-client", NULL, true },
		{ "python-requests/2.32.3", "python-requests", NULL, true },
		{ "curl/8.5.0", "curl", NULL, true },
		{ "Wget/1.21.4", "Wget", NULL, true },
		{ "okhttp/4.12.0", "okhttp", NULL, true },
		{ "kube-probe/1.30", "kube-probe", NULL, true },
		{ "ELB-HealthChecker/2.0", "ELB-HealthChecker", NULL, true },
		{ "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36", "HeadlessChrome", "Windows", true },
		{ "MyApp/3.1 CFNetwork/1496.0.7 Darwin/23.5.0", "CFNetwork", "macOS", false },
		{ "Dalvik/2.1.0 (Linux; U; Android 14; Pixel 8 Build/AP2A)", "Dalvik", "Android", false },
		{ "Reeder/2.1.1 CFNetwork/672.0.8 Darwin/14.0.0", "CFNetwork", "macOS", false },
		{ "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko; Google Web Preview) Chrome/27.0.1453 Safari/537.36", "Google Web Preview", "Linux", true },
	};
	/* Every pair of a needle's bytes is in the text, but not the needle. */
	assert_null(ab_ua_family("get/Wgetx", 9)); /* "Wget/" */
	assert_null(ab_ua_os("", 0));
	for (size_t i = 0; i < sizeof(sample) / sizeof(sample[0]); i++) {
		const char *ua = sample[i].ua;
		const struct ab_ua_pattern *f = ab_ua_family(ua, strlen(ua));
		const struct ab_ua_pattern *os = ab_ua_os(ua, strlen(ua));
		if (f == NULL || strcmp(f->value, sample[i].family) != 0)
			fail_msg("%s: family %s, expected %s", ua, f ? f->value : "none", sample[i].family);
		if ((os == NULL) != (sample[i].os == NULL) || (os && strcmp(os->value, sample[i].os) != 0))
			fail_msg("%s: os %s, expected %s", ua, os ? os->value : "none",
			         sample[i].os ? sample[i].os : "none");
		if (ab_ua_kind_is_bot(f->kind) != sample[i].bot)
			fail_msg("%s: bot should be %d", ua, sample[i].bot);
	}
}

static void ip_text_round_trips_in_canonical_form(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "0.0.0.0", "0.0.0.0" },
		{ "255.255.255.255", "255.255.255.255" },
		{ "::", "::" },
		{ "::1", "::1" },
		{ "1::", "1::" },
		{ "2001:DB8::0:1", "2001:db8::1" },
		{ "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1" },
		{ "2001:0:0:1:0:0:0:1", "2001:0:0:1::1" },
		{ "2001:db8:1:2:3:4:5:6", "2001:db8:1:2:3:4:5:6" },
		{ "2001:db8::1:2:3:4:5", "2001:db8:0:1:2:3:4:5" },
		{ "::ffff:192.0.2.1", "192.0.2.1" },
		{ "::192.0.2.1", "::c000:201" },
		{ "fe80::1%eth0", "fe80::1" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ab_ip ip;
		char out[AB_IP_TEXT_MAX];
		if (!ab_ip_parse(cases[i].in, strlen(cases[i].in), &ip))
			fail_msg("%s should parse", cases[i].in);
		ab_ip_format(&ip, out);
		if (strcmp(out, cases[i].out) != 0)
			fail_msg("%s: %s, expected %s", cases[i].in, out, cases[i].out);
	}
	static const char *const bad[] = {
		"", "1", "1.2.3", "1.2.3.4.5", "1.2.3.256", "01.2.3.4", "1.2.3.4 ", " 1.2.3.4",
		"1..2.3", ":", ":::", "1:2", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "g::",
		"::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "1:", ":1", "[::1]", "::1%", "1.2.3.4%eth0x",
		"G::", "1:-1::", "1:/::", "1:@::",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ab_ip ip;
		if (ab_ip_parse(bad[i], strlen(bad[i]), &ip))
			fail_msg("'%s' should not parse", bad[i]);
	}
}

static void a_network_prefix_out_of_range_gives_nothing(void **state)
{
	(void)state;
	struct ab_ip v4, v6;
	char out[AB_IP_TEXT_MAX + 4];
	assert_true(ab_ip_parse("198.51.100.7", 12, &v4));
	assert_true(ab_ip_parse("2001:db8::1", 11, &v6));
	assert_int_equal(ab_ip_network(&v4, -1, out), 0);
	assert_int_equal(ab_ip_network(&v4, 33, out), 0);
	assert_int_equal(ab_ip_network(&v6, -1, out), 0);
	assert_int_equal(ab_ip_network(&v6, 129, out), 0);
	assert_int_equal(ab_ip_network(&v4, 32, out), strlen("198.51.100.7/32"));
	assert_string_equal(out, "198.51.100.7/32");
}

static void the_default_trusted_text_is_the_table(void **state)
{
	(void)state;
	struct ab_cidr list[AB_CIDR_LIST_MAX];
	size_t count;
	const char *text = ab_default_trusted();
	assert_true(ab_cidr_list_parse(text, strlen(text), list, &count));
	assert_int_equal(count, ab_default_trusted_count);
	for (size_t i = 0; i < count; i++) {
		assert_int_equal(list[i].prefix, ab_default_trusted_cidrs[i].prefix);
		assert_int_equal(list[i].net.is_v4, ab_default_trusted_cidrs[i].net.is_v4);
		assert_memory_equal(list[i].net.bytes, ab_default_trusted_cidrs[i].net.bytes, 16);
	}
}

static void percent_decoding(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out; /* out NULL: not decodable */
	} cases[] = {
		{ "a+b%20c", "a b c" }, { "%C3%A9", "é" }, { "%c3%a9", "é" }, { "", "" },
		{ "100%", NULL }, { "%2", NULL }, { "%G0", NULL }, { "%00", NULL },
		{ "%C3", NULL }, { "%C0%AF", NULL }, { "%ED%A0%80", NULL }, { "%F4%90%80%80", NULL },
		/* bytes just outside 0-9, a-f and A-F are not hex digits */
		{ "%/0", NULL }, { "%:0", NULL }, { "%@0", NULL }, { "%4G", NULL }, { "%4`", NULL },
		/* a lead byte without its continuation; the first code point past the surrogates */
		{ "%C3%28", NULL }, { "%EE%80%80", "\xEE\x80\x80" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[64];
		long n = ab_percent_decode(cases[i].in, strlen(cases[i].in), out);
		if (cases[i].out == NULL) {
			if (n >= 0)
				fail_msg("'%s' should not decode", cases[i].in);
		} else if (n != (long)strlen(cases[i].out) || memcmp(out, cases[i].out, (size_t)n) != 0) {
			fail_msg("'%s' should decode to '%s'", cases[i].in, cases[i].out);
		}
	}
}

/* Every second of four centuries, sampled, floors to a bucket that parses
 * back and holds the time. */
static void buckets_hold_their_time(void **state)
{
	(void)state;
	static const char *const widths[] = { "1 second", "7 seconds", "15 minutes", "1 hour", "1 day", "7 days" };
	for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++) {
		int64_t width;
		assert_true(ab_parse_width(widths[w], strlen(widths[w]), &width));
		for (int64_t t = -2208988800; t < 7258118400; t += 9876543) {
			struct ab_time time = { .local_seconds = t, .offset = "+05:30" };
			char out[AB_TIME_MAX];
			size_t n = ab_time_bucket(&time, width, out);
			struct ab_time back;
			if (n == 0 || !ab_parse_time(out, n, &back))
				fail_msg("%lld: bucket '%s' does not parse", (long long)t, out);
			assert_true(back.local_seconds <= t && t < back.local_seconds + width);
			assert_int_equal(back.local_seconds % width, (back.local_seconds % width + width) % width);
			assert_string_equal(back.offset, "+05:30");
		}
	}
}

static void every_user_agent_kind_has_a_name(void **state)
{
	(void)state;
	static const char *const names[] = { "browser", "crawler", "library", "tool",
	                                     "monitor", "feed", "app" };
	for (int kind = AB_UA_BROWSER; kind <= AB_UA_APP; kind++)
		assert_string_equal(ab_ua_kind_name((enum ab_ua_kind)kind), names[kind]);
	assert_null(ab_ua_kind_name((enum ab_ua_kind)(AB_UA_APP + 1)));
}

/* A bucket is written with a four-digit year, or not at all. */
static void a_bucket_outside_years_0000_to_9999_is_not_written(void **state)
{
	(void)state;
	char out[AB_TIME_MAX];
	struct ab_time last = { 0 }, past = { 0 }, first = { 0 }, before = { 0 };
	assert_true(ab_parse_time("9999-12-31T23:59:59+14:00", 25, &last));
	assert_int_equal(ab_time_bucket(&last, 86400, out), 25);
	assert_string_equal(out, "9999-12-31T00:00:00+14:00");
	past.local_seconds = last.local_seconds + 1;
	assert_int_equal(ab_time_bucket(&past, 1, out), 0);
	assert_true(ab_parse_time("0000-01-01T00:00:00", 19, &first));
	assert_int_equal(ab_time_bucket(&first, 60, out), 19);
	assert_string_equal(out, "0000-01-01T00:00:00");
	before.local_seconds = first.local_seconds - 1;
	assert_int_equal(ab_time_bucket(&before, 1, out), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(win32_codes_are_sorted_unique_and_complete),
		cmocka_unit_test(httperr_reasons_are_sorted_unique_and_complete),
		cmocka_unit_test(every_user_agent_pattern_can_win),
		cmocka_unit_test(user_agents_of_a_labelled_sample),
		cmocka_unit_test(ip_text_round_trips_in_canonical_form),
		cmocka_unit_test(a_network_prefix_out_of_range_gives_nothing),
		cmocka_unit_test(every_user_agent_kind_has_a_name),
		cmocka_unit_test(a_bucket_outside_years_0000_to_9999_is_not_written),
		cmocka_unit_test(the_default_trusted_text_is_the_table),
		cmocka_unit_test(percent_decoding),
		cmocka_unit_test(buckets_hold_their_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
