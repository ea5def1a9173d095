/*
 * fuzz_json: the JSON-lines tokenizer (src/access_log/json.c), on bytes and
 * on objects the harness builds itself.
 *
 *   ./fuzz_json -max_total_time=45 corpus/json
 *
 * The first byte picks the mode:
 *   even  raw: the rest of the input is the line, as it stands
 *   odd   built: the rest is a program that writes a JSON object (nested
 *         objects and arrays, strings with every kind of escape and UTF-8,
 *         integers, reals, literals, whitespace) and remembers each token
 *         it wrote; it may plant one fault (a cut, \u0000, a lone
 *         surrogate, bad UTF-8, a raw control byte, a bad escape, a number
 *         out of range, nesting too deep), remembering where.
 *
 * Checked besides memory safety and undefined behaviour:
 *   raw    an error lies inside the line; a success gives tokens that lie
 *          inside the line and inside their parents, subtree ends that
 *          nest, and strings that unescape to no more bytes than they
 *          have, into valid UTF-8 without NUL; a path compiled from the
 *          same bytes leads to a token or to nothing.
 *   built  a clean object tokenizes to exactly the tokens written, each
 *          string unescaping to exactly the text meant, each top-level key
 *          found by its path with its last value; a faulty one fails with
 *          that fault's code at that fault's offset.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access_log.h"
#include "access_log/json.h"

#include "fuzz_check.h"

#define TOK_CAP 1024
#define GEN_TOKENS 900 /* below TOK_CAP: the cap is tested by raw inputs */
#define OUT_CAP 65536
#define TEXT_CAP 65536

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct json_tok tok[TOK_CAP];

/* ---- raw ---- */

static void check_tokens(const char *line, size_t len, uint32_t n)
{
	static char out[OUT_CAP];

	CHECK(n >= 1 && tok[0].type == JSON_OBJECT);
	CHECK(tok[0].end == n);
	for (uint32_t i = 0; i < n; i++) {
		const struct json_tok *t = &tok[i];
		CHECK((size_t)t->off + t->len <= len);
		CHECK(t->end > i && t->end <= n);
		CHECK(t->type <= JSON_NULL);
		if (t->type != JSON_OBJECT && t->type != JSON_ARRAY)
			CHECK(t->end == i + 1);
		/* The first and the last token of a subtree lie inside the
		 * brackets, and no subtree within reaches past its end. */
		if (t->end > i + 1) {
			const struct json_tok *first = &tok[i + 1], *last = &tok[t->end - 1];
			CHECK(first->off > t->off && first->end <= t->end);
			CHECK(last->off + last->len < t->off + t->len);
		}
		if (t->type == JSON_STRING && t->len <= OUT_CAP) {
			size_t m = json_unescape(line + t->off, t->len, out);
			size_t bad;
			CHECK(m <= t->len);
			CHECK(al_check_bytes(out, m, &bad) == 0);
			CHECK(t->escaped || (m == t->len && memcmp(out, line + t->off, m) == 0));
		}
	}
}

static void fuzz_raw(const uint8_t *data, size_t size)
{
	char *line = malloc(size ? size : 1);
	uint32_t n = 0;
	size_t at = 0;

	if (line == NULL)
		return;
	memcpy(line, data, size);
	enum json_err rc = json_tokenize(line, size, tok, TOK_CAP, &n, &at);
	CHECK(rc >= JSON_OK && rc <= JSON_E_TOO_LONG);
	CHECK(json_strerror(rc) != NULL);
	if (rc == JSON_OK)
		check_tokens(line, size, n);
	else
		CHECK(at <= size && n == 0);

	struct json_path p;
	char err[128];
	if (json_path_compile(line, size, &p, err, sizeof(err))) {
		CHECK(p.n >= 1 && p.n <= JSON_PATH_MAX);
		if (rc == JSON_OK) {
			int i = json_path_find(line, tok, n, 0, &p);
			CHECK(i >= -1 && i < (int)n);
		}
	} else
		CHECK(memchr(err, '\0', sizeof(err)) != NULL);
	free(line);
}

/* ---- built ---- */

enum fault {
	F_NONE,
	F_CUT,
	F_NUL,
	F_HIGH_ALONE,
	F_LOW_ALONE,
	F_BAD_UTF8,
	F_CONTROL,
	F_BAD_ESCAPE,
	F_NUMBER,
	F_DEPTH,
	F_COUNT
};

struct want_tok {
	uint8_t type;
	uint32_t text_off, text_len; /* what a string means, or a number's text */
	uint32_t end;
};

struct gen {
	const uint8_t *d;
	size_t n, i;
	char out[OUT_CAP];
	size_t o;
	char text[TEXT_CAP];
	size_t t;
	struct want_tok want[GEN_TOKENS];
	uint32_t ntok;
	enum fault fault;
	uint32_t fault_string; /* the string (by count) or number that gets it */
	uint32_t strings, numbers;
	bool planted;
	enum json_err expect;
	size_t expect_at;
	bool full;
};

static unsigned next(struct gen *g)
{
	return g->i < g->n ? g->d[g->i++] : 0;
}

static void put(struct gen *g, const char *s, size_t n)
{
	if (g->o + n > OUT_CAP - 64) {
		g->full = true;
		return;
	}
	memcpy(g->out + g->o, s, n);
	g->o += n;
}

static void mean(struct gen *g, const char *s, size_t n)
{
	if (g->t + n <= TEXT_CAP) {
		memcpy(g->text + g->t, s, n);
		g->t += n;
	} else
		g->full = true;
}

static void plant(struct gen *g, enum json_err e)
{
	if (!g->planted) {
		g->planted = true;
		g->expect = e;
		g->expect_at = g->o;
	}
}

static void space(struct gen *g)
{
	static const char ws[] = " \t\r\n";
	unsigned c = next(g);

	if (c % 4 == 0)
		put(g, &ws[(c >> 2) % 4], 1);
}

static uint32_t start_tok(struct gen *g, uint8_t type)
{
	uint32_t k = g->ntok++;

	g->want[k].type = type;
	g->want[k].text_off = (uint32_t)g->t;
	g->want[k].text_len = 0;
	g->want[k].end = k + 1;
	return k;
}

static void string_fault(struct gen *g)
{
	switch (g->fault) {
	case F_NUL: plant(g, JSON_E_NUL); put(g, "\\u0000", 6); break;
	case F_HIGH_ALONE: plant(g, JSON_E_SURROGATE); put(g, "\\uD801x", 7); break;
	case F_LOW_ALONE: plant(g, JSON_E_SURROGATE); put(g, "\\uDC01", 6); break;
	case F_BAD_UTF8: plant(g, JSON_E_UTF8); put(g, "\xed\xa0\x80", 3); break;
	case F_CONTROL: plant(g, JSON_E_SYNTAX); put(g, "\x01", 1); break;
	case F_BAD_ESCAPE: plant(g, JSON_E_SYNTAX); put(g, "\\x41", 4); break;
	default: break;
	}
}

static void gen_string(struct gen *g)
{
	static const char *const utf8[] = { "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
					    "\xf4\x8f\xbf\xbf", "\xef\xbf\xbf" };
	static const char esc_in[] = "\"\\/bfnrt", esc_out[] = "\"\\/\b\f\n\r\t";
	uint32_t k = start_tok(g, JSON_STRING);
	unsigned len = next(g) % 16;
	bool faulty = g->fault >= F_NUL && g->fault <= F_BAD_ESCAPE &&
		      g->strings++ == g->fault_string;
	unsigned fault_pos = faulty ? next(g) % (len + 1) : ~0u;

	put(g, "\"", 1);
	for (unsigned j = 0; j <= len; j++) {
		if (j == fault_pos)
			string_fault(g);
		if (j == len)
			break;
		unsigned c = next(g);
		char b[16];
		switch (c % 8) {
		case 0: case 1: case 2: /* printable ASCII, quoted as it must be */
			b[0] = (char)(0x20 + (c >> 3) % 95);
			if (b[0] == '"' || b[0] == '\\') {
				char e[2] = { '\\', b[0] };
				put(g, e, 2);
			} else
				put(g, b, 1);
			mean(g, b, 1);
			break;
		case 3: { /* a short escape */
			unsigned e = (c >> 3) % 8;
			char w[2] = { '\\', esc_in[e] };
			put(g, w, 2);
			mean(g, &esc_out[e], 1);
			break;
		}
		case 4: { /* raw UTF-8 */
			const char *u = utf8[(c >> 3) % 5];
			put(g, u, strlen(u));
			mean(g, u, strlen(u));
			break;
		}
		case 5: { /* \u of a BMP character, controls included */
			unsigned cp = 1 + ((c >> 3) | (next(g) << 5)) % 0xD7FF;
			snprintf(b, sizeof(b), (c & 0x80) ? "\\u%04X" : "\\u%04x", cp);
			put(g, b, 6);
			char u[4];
			size_t m = cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
			if (m == 1)
				u[0] = (char)cp;
			else if (m == 2) {
				u[0] = (char)(0xC0 | (cp >> 6));
				u[1] = (char)(0x80 | (cp & 0x3F));
			} else {
				u[0] = (char)(0xE0 | (cp >> 12));
				u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
				u[2] = (char)(0x80 | (cp & 0x3F));
			}
			mean(g, u, m);
			break;
		}
		case 6: /* a surrogate pair: U+1F600 */
			put(g, (c & 8) ? "\\ud83d\\ude00" : "\\uD83D\\uDE00", 12);
			mean(g, "\xf0\x9f\x98\x80", 4);
			break;
		default: /* key-like text */
			put(g, "User-Agent", 10);
			mean(g, "User-Agent", 10);
			break;
		}
	}
	put(g, "\"", 1);
	g->want[k].text_len = (uint32_t)(g->t - g->want[k].text_off);
}

static void gen_number(struct gen *g)
{
	static const char *const nums[] = { "0", "-0", "200", "-17", "0.5", "1e3", "-2.5E-7",
					    "9223372036854775807", "-9223372036854775808",
					    "1.7976931348623157e308", "1e-400", "123.456e+2" };
	uint32_t k = start_tok(g, JSON_NUMBER);
	const char *s;

	if (g->fault == F_NUMBER && g->numbers++ == g->fault_string) {
		plant(g, JSON_E_NUMBER_RANGE);
		s = (next(g) & 1) ? "9223372036854775808" : "-1e309";
	} else
		s = nums[next(g) % (sizeof(nums) / sizeof(nums[0]))];
	put(g, s, strlen(s));
	mean(g, s, strlen(s));
	g->want[k].text_len = (uint32_t)strlen(s);
}

static void gen_value(struct gen *g, int depth);

static void gen_container(struct gen *g, int depth, bool object)
{
	uint32_t k = start_tok(g, object ? JSON_OBJECT : JSON_ARRAY);
	unsigned count = next(g) % 6;

	if (depth > JSON_MAX_DEPTH)
		plant(g, JSON_E_DEPTH);
	put(g, object ? "{" : "[", 1);
	for (unsigned j = 0; j < count && g->ntok + 2 < GEN_TOKENS && !g->full; j++) {
		if (j > 0)
			put(g, ",", 1);
		space(g);
		if (object) {
			gen_string(g);
			space(g);
			put(g, ":", 1);
			space(g);
		}
		gen_value(g, depth + 1);
		space(g);
	}
	put(g, object ? "}" : "]", 1);
	g->want[k].end = g->ntok;
}

static void gen_value(struct gen *g, int depth)
{
	unsigned c = next(g);
	/* Deeper than allowed only when that is the fault. */
	int limit = g->fault == F_DEPTH ? JSON_MAX_DEPTH + 2 : JSON_MAX_DEPTH;
	bool room = depth < limit && g->ntok + 8 < GEN_TOKENS && !g->full;

	switch (c % 8) {
	case 0:
	case 1:
		if (room) {
			gen_container(g, depth, c % 2 == 0);
			return;
		}
		/* fall through */
	case 2:
	case 3:
		gen_string(g);
		return;
	case 4:
	case 5:
		gen_number(g);
		return;
	default: {
		static const char *const lit[] = { "true", "false", "null" };
		static const uint8_t type[] = { JSON_TRUE, JSON_FALSE, JSON_NULL };
		unsigned w = (c >> 3) % 3;
		start_tok(g, type[w]);
		put(g, lit[w], strlen(lit[w]));
		return;
	}
	}
}

static void check_built(struct gen *g)
{
	static char out[OUT_CAP];
	uint32_t n;
	size_t at;
	enum json_err rc = json_tokenize(g->out, g->o, tok, TOK_CAP, &n, &at);

	if (g->planted) {
		CHECK(rc == g->expect);
		CHECK(at == g->expect_at);
		return;
	}
	CHECK(rc == JSON_OK);
	CHECK(n == g->ntok);
	for (uint32_t i = 0; i < n; i++) {
		const struct want_tok *w = &g->want[i];
		CHECK(tok[i].type == w->type);
		CHECK(tok[i].end == w->end);
		if (w->type == JSON_STRING) {
			size_t m = json_unescape(g->out + tok[i].off, tok[i].len, out);
			CHECK(m == w->text_len && memcmp(out, g->text + w->text_off, m) == 0);
		} else if (w->type == JSON_NUMBER) {
			CHECK(tok[i].len == w->text_len);
			CHECK(memcmp(g->out + tok[i].off, g->text + w->text_off, w->text_len) == 0);
		}
	}
	/* Each top-level key, asked for by its path, gives its last value. */
	for (uint32_t k = 1; k < n; k = tok[k + 1].end) {
		const struct want_tok *w = &g->want[k];
		char path[80];
		if (w->text_len > 60 || memchr(g->text + w->text_off, '"', w->text_len))
			continue;
		int len = snprintf(path, sizeof(path), "$[\"%.*s\"]", (int)w->text_len,
				   g->text + w->text_off);
		struct json_path p;
		CHECK(json_path_compile(path, (size_t)len, &p, NULL, 0));
		uint32_t last = 0;
		for (uint32_t j = 1; j < n; j = tok[j + 1].end)
			if (g->want[j].text_len == w->text_len &&
			    memcmp(g->text + g->want[j].text_off, g->text + w->text_off, w->text_len) == 0)
				last = j + 1;
		CHECK(json_path_find(g->out, tok, n, 0, &p) == (int)last);
	}
}

static void fuzz_built(const uint8_t *data, size_t size)
{
	static struct gen g;

	memset(&g, 0, offsetof(struct gen, out));
	g.o = g.t = 0;
	g.ntok = g.strings = g.numbers = 0;
	g.planted = g.full = false;
	g.d = data;
	g.n = size;
	g.fault = (enum fault)(next(&g) % F_COUNT);
	g.fault_string = next(&g) % 8;
	space(&g);
	gen_container(&g, 1, true);
	space(&g);
	if (g.full)
		return; /* the program asked for more than the buffers hold */
	if (g.fault == F_CUT && !g.planted && g.o > 1) {
		size_t cut = 1 + (next(&g) | next(&g) << 8) % (g.o - 1);
		size_t brace = (size_t)((const char *)memchr(g.out, '{', g.o) - g.out);
		/* Whitespace after the object is not part of it. */
		size_t last = g.o;
		while (last > 0 && strchr(" \t\r\n", g.out[last - 1]))
			last--;
		if (cut < last) {
			g.o = cut;
			plant(&g, cut <= brace ? JSON_E_NOT_OBJECT : JSON_E_TRUNCATED);
		}
	}
	check_built(&g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] % 2 == 0)
		fuzz_raw(data + 1, size - 1);
	else
		fuzz_built(data + 1, size - 1);
	return 0;
}
