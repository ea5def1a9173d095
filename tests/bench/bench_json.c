/*
 * bench_json: the project's JSON tokenizer (src/access_log/json.c) against
 * jsmn and yajl, on nginx `escape=json` lines.
 *
 *   bench_json [lines]      default 1000000
 *
 * Each contender reads every line and finds its "status" (a string, as
 * nginx writes it) at the top level; the sums of the statuses must agree,
 * so nobody wins by skipping work. The lines, about 300 bytes each, are
 * 65536 distinct ones (20 MB, more than the caches hold) read round and
 * round. Each contender runs three times, interleaved, and its best time
 * counts; the ratios are against ours in the same run.
 *
 * jsmn and yajl are optional (libjsmn-dev, libyajl-dev): without them
 * their lines say "not built". What each checks of the tokenizer's
 * contract (json.h) is printed beside it. Fails only when a contender
 * refuses a line or the sums differ, never because of a time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access_log/json.h"

#ifdef HAVE_JSMN
#define JSMN_STATIC
#define JSMN_STRICT
#include <jsmn.h>
#endif
#ifdef HAVE_YAJL
#include <yajl/yajl_parse.h>
#endif

#define DISTINCT 65536
#define TOKENS 128

struct corpus {
	char *text;
	uint32_t off[DISTINCT + 1];
};

static uint32_t rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(*s >> 33);
}

/* log_format json escape=json '{"time_local":"$time_local",...}' */
static int make_corpus(struct corpus *c)
{
	static const char *const methods[] = { "GET", "GET", "GET", "POST", "HEAD", "PUT" };
	static const char *const statuses[] = { "200", "200", "200", "200", "304", "301",
						"404", "404", "500", "502" };
	static const char *const paths[] = { "/", "/index.html", "/api/v1/items",
					     "/static/app.js", "/login", "/search" };
	static const char *const agents[] = {
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36",
		"curl/7.88.1",
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) \\\"quoted\\\" caf\xc3\xa9",
	};
	size_t cap = (size_t)DISTINCT * 512, o = 0;
	uint64_t s = 42;

	c->text = malloc(cap);
	if (c->text == NULL)
		return -1;
	for (uint32_t i = 0; i < DISTINCT; i++) {
		c->off[i] = (uint32_t)o;
		int n = snprintf(c->text + o, cap - o,
			"{\"time_local\":\"25/Nov/2026:%02u:%02u:%02u +0000\","
			"\"remote_addr\":\"10.%u.%u.%u\",\"remote_user\":\"\","
			"\"request\":\"%s %s?id=%u HTTP/1.1\",\"status\":\"%s\","
			"\"body_bytes_sent\":\"%u\",\"request_time\":\"0.%03u\","
			"\"http_referrer\":\"https://example.com/ref/%u\","
			"\"http_user_agent\":\"%s\"}",
			i / 3600 % 24, i / 60 % 60, i % 60, rnd(&s) % 256, rnd(&s) % 256,
			rnd(&s) % 256, methods[rnd(&s) % 6], paths[rnd(&s) % 6], i,
			statuses[rnd(&s) % 10], rnd(&s) % 50000, rnd(&s) % 1000,
			rnd(&s) % 1000, agents[rnd(&s) % 4]);
		if (n < 0 || (size_t)n >= cap - o)
			return -1;
		o += (size_t)n;
	}
	c->off[DISTINCT] = (uint32_t)o;
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int status_of(const char *s, size_t n)
{
	return n == 3 ? (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0') : -1;
}

/* Each returns the sum of the statuses, or -1 when a line is refused. */

static int64_t run_ours(const struct corpus *c, long lines)
{
	struct json_tok tok[TOKENS];
	struct json_path status;
	int64_t sum = 0;

	if (!json_path_compile("status", 6, &status, NULL, 0))
		return -1;
	for (long k = 0; k < lines; k++) {
		uint32_t i = (uint32_t)k % DISTINCT, n;
		size_t at;
		const char *line = c->text + c->off[i];
		if (json_tokenize(line, c->off[i + 1] - c->off[i], tok, TOKENS, &n, &at) != JSON_OK)
			return -1;
		int t = json_path_find(line, tok, n, 0, &status);
		if (t < 0)
			return -1;
		sum += status_of(line + tok[t].off, tok[t].len);
	}
	return sum;
}

#ifdef HAVE_JSMN
static int64_t run_jsmn(const struct corpus *c, long lines)
{
	jsmntok_t tok[TOKENS];
	int64_t sum = 0;

	for (long k = 0; k < lines; k++) {
		uint32_t i = (uint32_t)k % DISTINCT;
		const char *line = c->text + c->off[i];
		jsmn_parser p;
		jsmn_init(&p);
		int n = jsmn_parse(&p, line, c->off[i + 1] - c->off[i], tok, TOKENS);
		if (n < 1 || tok[0].type != JSMN_OBJECT)
			return -1;
		/* Top-level members only: skip each value's subtree. */
		int found = -1;
		for (int t = 1; t < n;) {
			if (tok[t].end - tok[t].start == 6 &&
			    memcmp(line + tok[t].start, "status", 6) == 0)
				found = t + 1;
			int end = tok[t + 1].end;
			for (t += 2; t < n && tok[t].start < end; t++)
				;
		}
		if (found < 0)
			return -1;
		sum += status_of(line + tok[found].start, (size_t)(tok[found].end - tok[found].start));
	}
	return sum;
}
#endif

#ifdef HAVE_YAJL
struct yajl_state {
	int depth;
	int is_status;
	int64_t sum;
};

static int y_start_map(void *ctx)
{
	((struct yajl_state *)ctx)->depth++;
	return 1;
}

static int y_end_map(void *ctx)
{
	((struct yajl_state *)ctx)->depth--;
	return 1;
}

static int y_key(void *ctx, const unsigned char *s, size_t n)
{
	struct yajl_state *y = ctx;

	y->is_status = y->depth == 1 && n == 6 && memcmp(s, "status", 6) == 0;
	return 1;
}

static int y_string(void *ctx, const unsigned char *s, size_t n)
{
	struct yajl_state *y = ctx;

	if (y->is_status)
		y->sum += status_of((const char *)s, n);
	y->is_status = 0;
	return 1;
}

static const yajl_callbacks Y_CALLBACKS = {
	.yajl_start_map = y_start_map,
	.yajl_map_key = y_key,
	.yajl_end_map = y_end_map,
	.yajl_string = y_string,
};

/* One handle per line: what a reader that reports each bad line needs. */
static int64_t run_yajl(const struct corpus *c, long lines)
{
	struct yajl_state y = { 0 };

	for (long k = 0; k < lines; k++) {
		uint32_t i = (uint32_t)k % DISTINCT;
		yajl_handle h = yajl_alloc(&Y_CALLBACKS, NULL, &y);
		if (h == NULL)
			return -1;
		y.depth = 0;
		int ok = yajl_parse(h, (const unsigned char *)c->text + c->off[i],
				    c->off[i + 1] - c->off[i]) == yajl_status_ok &&
			 yajl_complete_parse(h) == yajl_status_ok;
		yajl_free(h);
		if (!ok)
			return -1;
	}
	return y.sum;
}

/* One handle for the whole stream: yajl's best case, but a bad line stops
 * it, so it cannot give a row per bad line. */
static int64_t run_yajl_stream(const struct corpus *c, long lines)
{
	struct yajl_state y = { 0 };
	yajl_handle h = yajl_alloc(&Y_CALLBACKS, NULL, &y);

	if (h == NULL)
		return -1;
	yajl_config(h, yajl_allow_multiple_values, 1);
	for (long k = 0; k < lines; k++) {
		uint32_t i = (uint32_t)k % DISTINCT;
		if (yajl_parse(h, (const unsigned char *)c->text + c->off[i],
			       c->off[i + 1] - c->off[i]) != yajl_status_ok ||
		    yajl_parse(h, (const unsigned char *)"\n", 1) != yajl_status_ok) {
			yajl_free(h);
			return -1;
		}
	}
	int ok = yajl_complete_parse(h) == yajl_status_ok;
	yajl_free(h);
	return ok ? y.sum : -1;
}
#endif

struct contender {
	const char *name;
	int64_t (*run)(const struct corpus *, long);
	const char *contract;
	double best;
};

int main(int argc, char **argv)
{
	long lines = argc > 1 ? atol(argv[1]) : 1000000;
	static struct corpus c;
	struct contender who[] = {
		{ "ours (json.c)", run_ours,
		  "all of json.h: grammar, UTF-8, escapes, \\u0000, surrogates, number range, depth", 0 },
#ifdef HAVE_JSMN
		{ "jsmn (strict)", run_jsmn,
		  "grammar only: no UTF-8, escape, number or depth checks; keys not unescaped", 0 },
#endif
#ifdef HAVE_YAJL
		{ "yajl, a handle per line", run_yajl,
		  "grammar, UTF-8, integer overflow; lone surrogates become '?', no depth limit", 0 },
		{ "yajl, one stream", run_yajl_stream,
		  "as above; a bad line ends the stream (no row per bad line)", 0 },
#endif
	};
	size_t n = sizeof(who) / sizeof(who[0]);
	int64_t want = -2;

	if (lines <= 0 || make_corpus(&c) != 0) {
		fprintf(stderr, "bench_json: bad line count or out of memory\n");
		return 1;
	}
	printf("%ld nginx escape=json lines, %.0f bytes each on average\n", lines,
	       (double)c.off[DISTINCT] / DISTINCT);
	for (int round = 0; round < 3; round++) {
		for (size_t k = 0; k < n; k++) {
			double t0 = now();
			int64_t sum = who[k].run(&c, lines);
			double t = now() - t0;
			if (sum < 0 || (want != -2 && sum != want)) {
				fprintf(stderr, "bench_json: %s: %s\n", who[k].name,
					sum < 0 ? "refused a line" : "a different sum of statuses");
				return 1;
			}
			want = sum;
			if (round == 0 || t < who[k].best)
				who[k].best = t;
		}
	}
	for (size_t k = 0; k < n; k++)
		printf("%-24s %6.3f s  %5.2f M lines/s  %4.2fx ours' time  (%s)\n", who[k].name,
		       who[k].best, (double)lines / who[k].best / 1e6, who[k].best / who[0].best,
		       who[k].contract);
#ifndef HAVE_JSMN
	printf("jsmn: not built (libjsmn-dev)\n");
#endif
#ifndef HAVE_YAJL
	printf("yajl: not built (libyajl-dev)\n");
#endif
	free(c.text);
	return 0;
}
