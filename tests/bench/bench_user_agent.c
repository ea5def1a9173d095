/*
 * User agents: the hand-kept patterns of src/analysis/user_agent.def against
 * uap-core's regular expressions run by PCRE2, for speed and for agreement,
 * measured in one run so only the ratios mean anything.
 *
 * usage: bench_user_agent CALLS UA_FILE... [--uap-core DIR]
 *   UA_FILE  User-Agent strings, one per line (a file named *.log is read
 *            as a combined log: its sixth '"'-separated field); duplicates
 *            are dropped
 *   DIR      a checkout of github.com/ua-parser/uap-core (Apache-2.0): its
 *            regexes.yaml. Without it, or without PCRE2 at build time, only
 *            the hand-kept patterns are timed.
 *
 * Speed: CALLS calls over the sample, round robin, best of 5 rounds, for
 * strlen() (the floor: every byte read once), ua_family's core and uap-core's
 * user_agent_parsers through PCRE2 (JIT), first match wins as uap-core
 * specifies.
 * Agreement with uap-core on the sample: the bot flag (uap-core's device
 * "Spider" against ua_is_bot's kinds) and the family, where uap-core names a
 * family this extension also names (Chrome Mobile counts as Chrome).
 * It prints figures and never fails on them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis.h"

#ifdef HAVE_PCRE2
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#endif

#define ROUNDS 5

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *must(void *p)
{
	if (p == NULL) {
		fprintf(stderr, "bench_user_agent: out of memory\n");
		exit(1);
	}
	return p;
}

struct sample {
	char **ua;
	size_t *len;
	size_t count, allocated;
};

static void add(struct sample *s, const char *ua, size_t len)
{
	for (size_t i = 0; i < s->count; i++) /* small samples: a scan is fine */
		if (s->len[i] == len && memcmp(s->ua[i], ua, len) == 0)
			return;
	if (s->count == s->allocated) {
		s->allocated = s->allocated * 2 + 64;
		s->ua = must(realloc(s->ua, s->allocated * sizeof(*s->ua)));
		s->len = must(realloc(s->len, s->allocated * sizeof(*s->len)));
	}
	s->ua[s->count] = must(malloc(len + 1));
	memcpy(s->ua[s->count], ua, len);
	s->ua[s->count][len] = '\0';
	s->len[s->count++] = len;
}

static void read_sample(struct sample *s, const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		perror(path);
		exit(1);
	}
	size_t n = strlen(path);
	int is_log = n > 4 && strcmp(path + n - 4, ".log") == 0;
	char line[65536];
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		const char *ua = line;
		size_t len = strlen(line);
		if (is_log) { /* combined: ... "request" status bytes "referer" "agent" */
			char *q = line;
			for (int k = 0; k < 5 && q != NULL; k++)
				q = strchr(q + 1, '"');
			char *end = q ? strchr(q + 1, '"') : NULL;
			if (end == NULL)
				continue;
			ua = q + 1;
			len = (size_t)(end - ua);
		}
		if (len > 1 && !(len == 1 && ua[0] == '-'))
			add(s, ua, len);
	}
	fclose(f);
}

#ifdef HAVE_PCRE2
struct uap_rule {
	pcre2_code *re;
	char *replacement; /* family_replacement or device_replacement, or NULL */
};

struct uap_rules {
	struct uap_rule *rule;
	size_t count, allocated;
};

/* A YAML scalar of regexes.yaml: 'single' ('' for ') or "double" (\\ \"). */
static char *yaml_scalar(const char *p)
{
	char quote = *p;
	if (quote != '\'' && quote != '"')
		return NULL;
	char *out = must(malloc(strlen(p) + 1)), *o = out;
	for (p++; *p; p++) {
		if (quote == '\'' && p[0] == '\'' && p[1] == '\'') {
			*o++ = '\'';
			p++;
		} else if (quote == '"' && p[0] == '\\' && (p[1] == '\\' || p[1] == '"')) {
			*o++ = *++p;
		} else if (*p == quote) {
			break;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

/* The rules of one section (user_agent_parsers or device_parsers). */
static void load_rules(const char *dir, const char *section, const char *replacement_key,
                       struct uap_rules *rules)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/regexes.yaml", dir);
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		perror(path);
		exit(1);
	}
	char line[65536];
	int inside = 0;
	size_t key_len = strlen(replacement_key);
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] != ' ' && line[0] != '#' && line[0] != '\0') {
			inside = strncmp(line, section, strlen(section)) == 0;
			continue;
		}
		if (!inside)
			continue;
		char *p = line + strspn(line, " ");
		if (strncmp(p, "- regex: ", 9) == 0) {
			char *pattern = yaml_scalar(p + 9);
			int code;
			PCRE2_SIZE offset;
			pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0,
			                               &code, &offset, NULL);
			free(pattern);
			if (re == NULL)
				continue; /* a dialect PCRE2 does not read: left out, counted below */
			pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
			if (rules->count == rules->allocated) {
				rules->allocated = rules->allocated * 2 + 256;
				rules->rule = must(realloc(rules->rule, rules->allocated * sizeof(*rules->rule)));
			}
			rules->rule[rules->count++] = (struct uap_rule){ re, NULL };
		} else if (strncmp(p, replacement_key, key_len) == 0 && p[key_len] == ':' &&
		           rules->count > 0) {
			rules->rule[rules->count - 1].replacement = yaml_scalar(p + key_len + 2);
		}
	}
	fclose(f);
}

/* The first rule that matches; its family (or device) is the replacement
 * with $1 put in, or the first group. */
static const struct uap_rule *uap_match(const struct uap_rules *rules, const char *ua,
                                        size_t len, pcre2_match_data *md)
{
	for (size_t i = 0; i < rules->count; i++)
		if (pcre2_match(rules->rule[i].re, (PCRE2_SPTR)ua, len, 0, 0, md, NULL) >= 0)
			return &rules->rule[i];
	return NULL;
}

static void uap_family(const struct uap_rule *r, const char *ua, pcre2_match_data *md,
                       char *out, size_t size)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	size_t group_len = ov[2] != PCRE2_UNSET ? ov[3] - ov[2] : 0;
	const char *group = ov[2] != PCRE2_UNSET ? ua + ov[2] : "";
	size_t n = 0;
	if (r->replacement == NULL) {
		n = group_len < size - 1 ? group_len : size - 1;
		memcpy(out, group, n);
	} else {
		for (const char *p = r->replacement; *p && n < size - 1; p++) {
			if (p[0] == '$' && p[1] == '1') {
				for (size_t k = 0; k < group_len && n < size - 1; k++)
					out[n++] = group[k];
				p++;
			} else {
				out[n++] = *p;
			}
		}
	}
	out[n] = '\0';
}

/* uap-core's name for a family this extension also names. */
static const char *ours(const char *uap)
{
	static const char *const map[][2] = {
		{ "Chrome", "Chrome" }, { "Chrome Mobile", "Chrome" }, { "Chrome Mobile iOS", "Chrome" },
		{ "Firefox", "Firefox" }, { "Firefox Mobile", "Firefox" }, { "Firefox iOS", "Firefox" },
		{ "Safari", "Safari" }, { "Mobile Safari", "Safari" },
		{ "Edge", "Edge" }, { "Edge Mobile", "Edge" },
		{ "Opera", "Opera" }, { "Opera Mobile", "Opera" },
		{ "Samsung Internet", "Samsung Internet" }, { "Yandex Browser", "Yandex Browser" },
		{ "IE", "Internet Explorer" }, { "HeadlessChrome", "HeadlessChrome" },
		{ "Googlebot", "Googlebot" }, { "bingbot", "bingbot" }, { "YandexBot", "YandexBot" },
		{ "Baiduspider", "Baiduspider" }, { "AhrefsBot", "AhrefsBot" }, { "SemrushBot", "SemrushBot" },
		{ "DuckDuckBot", "DuckDuckBot" }, { "Applebot", "Applebot" }, { "PetalBot", "PetalBot" },
		{ "FacebookBot", "facebookexternalhit" }, { "Twitterbot", "Twitterbot" },
		{ "curl", "curl" }, { "Wget", "Wget" }, { "Python Requests", "python-requests" },
		{ "Go-http-client", "Go-http-client" }, { "okhttp", "okhttp" }, { "Java", "Java" },
		{ "Apache-HttpClient", "Apache-HttpClient" }, { "Scrapy", "Scrapy" },
		{ "UptimeRobot", "UptimeRobot" }, { "Slackbot", "Slackbot" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], uap) == 0)
			return map[i][1];
	return NULL;
}
#endif

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_user_agent CALLS UA_FILE... [--uap-core DIR]\n");
		return 2;
	}
	long calls = atol(argv[1]);
	const char *uap_dir = NULL;
	struct sample s = { 0 };
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--uap-core") == 0 && i + 1 < argc)
			uap_dir = argv[++i];
		else
			read_sample(&s, argv[i]);
	}
	if (s.count == 0) {
		fprintf(stderr, "bench_user_agent: no user agents read\n");
		return 1;
	}
	printf("user agents: %zu distinct; %ld calls each, best of %d rounds\n", s.count, calls, ROUNDS);

	double best_floor = 1e9, best_ours = 1e9;
	volatile size_t sink = 0;
	for (int round = 0; round < ROUNDS; round++) {
		double t0 = now();
		for (long c = 0; c < calls; c++)
			sink += strlen(s.ua[c % (long)s.count]);
		double t1 = now();
		for (long c = 0; c < calls; c++)
			sink += ab_ua_family(s.ua[c % (long)s.count], s.len[c % (long)s.count]) != NULL;
		double t2 = now();
		best_floor = t1 - t0 < best_floor ? t1 - t0 : best_floor;
		best_ours = t2 - t1 < best_ours ? t2 - t1 : best_ours;
	}
	printf("  strlen (the floor)           %8.1f ns/call\n", best_floor / calls * 1e9);
	printf("  hand-kept patterns (%3zu)     %8.1f ns/call  %.1fx the floor, %.2f s per million\n",
	       ab_ua_pattern_count, best_ours / calls * 1e9, best_ours / best_floor,
	       best_ours / calls * 1e6);
	if (uap_dir == NULL) {
		printf("  uap-core: not measured (give --uap-core DIR)\n");
		return sink == 0;
	}
#ifndef HAVE_PCRE2
	printf("  uap-core: not measured (built without PCRE2: apt-get install libpcre2-dev)\n");
	return sink == 0;
#else
	struct uap_rules ua_rules = { 0 }, device_rules = { 0 };
	load_rules(uap_dir, "user_agent_parsers", "family_replacement", &ua_rules);
	load_rules(uap_dir, "device_parsers", "device_replacement", &device_rules);
	pcre2_match_data *md = must(pcre2_match_data_create(32, NULL));
	double best_uap = 1e9;
	long uap_calls = calls / 10 > 0 ? calls / 10 : 1; /* it is slow: a tenth, scaled */
	for (int round = 0; round < ROUNDS; round++) {
		double t0 = now();
		for (long c = 0; c < uap_calls; c++)
			sink += uap_match(&ua_rules, s.ua[c % (long)s.count], s.len[c % (long)s.count], md) != NULL;
		double t = now() - t0;
		best_uap = t < best_uap ? t : best_uap;
	}
	printf("  uap-core via PCRE2 JIT (%zu)  %8.1f ns/call  %.1fx the hand-kept patterns, %.2f s per million\n",
	       ua_rules.count, best_uap / uap_calls * 1e9, (best_uap / uap_calls) / (best_ours / calls),
	       best_uap / uap_calls * 1e6);

	size_t bot_agree = 0, both_bot = 0, only_uap = 0, only_ours = 0, in_scope = 0, family_agree = 0;
	for (size_t i = 0; i < s.count; i++) {
		const struct uap_rule *device = uap_match(&device_rules, s.ua[i], s.len[i], md);
		int uap_bot = device != NULL && device->replacement != NULL &&
		              strcmp(device->replacement, "Spider") == 0;
		const struct ab_ua_pattern *p = ab_ua_family(s.ua[i], s.len[i]);
		int our_bot = p != NULL && ab_ua_kind_is_bot(p->kind);
		bot_agree += uap_bot == our_bot;
		both_bot += uap_bot && our_bot;
		only_uap += uap_bot && !our_bot;
		only_ours += !uap_bot && our_bot;
		if (getenv("BENCH_UA_SHOW") != NULL && uap_bot != our_bot)
			printf("    bot %s: %s\n", uap_bot ? "uap-core only" : "ours only", s.ua[i]);
		const struct uap_rule *r = uap_match(&ua_rules, s.ua[i], s.len[i], md);
		char family[256];
		if (r == NULL)
			continue;
		uap_family(r, s.ua[i], md, family, sizeof(family));
		const char *expected = ours(family);
		if (expected == NULL)
			continue;
		in_scope++;
		int same = p != NULL && strcmp(p->value, expected) == 0;
		family_agree += same;
		if (getenv("BENCH_UA_SHOW") != NULL && !same)
			printf("    family %s (uap-core %s), ours %s: %s\n", expected, family,
			       p ? p->value : "none", s.ua[i]);
	}
	printf("agreement with uap-core on the %zu user agents:\n", s.count);
	printf("  bot or not            %zu (%.1f%%); bots for both %zu, for uap-core only %zu, for us only %zu\n",
	       bot_agree, 100.0 * bot_agree / s.count, both_bot, only_uap, only_ours);
	printf("  family (%zu in scope)  %zu (%.1f%%)\n", in_scope, family_agree,
	       in_scope ? 100.0 * family_agree / in_scope : 0.0);
	pcre2_match_data_free(md);
	return sink == 0;
#endif
}
