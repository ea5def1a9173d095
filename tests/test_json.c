/*
 * The JSON-lines tokenizer (src/access_log/json.c): what a line gives as
 * tokens, each way a line is refused, string unescaping and key paths.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "access_log/json.h"

#define CAP 256

struct parsed {
	const char *line;
	struct json_tok tok[CAP];
	uint32_t n;
	size_t err_at;
	enum json_err rc;
};

static struct parsed P;

static enum json_err tokenize(const char *line)
{
	P.line = line;
	P.rc = json_tokenize(line, strlen(line), P.tok, CAP, &P.n, &P.err_at);
	return P.rc;
}

static enum json_err tokenize_n(const char *line, size_t len)
{
	P.line = line;
	P.rc = json_tokenize(line, len, P.tok, CAP, &P.n, &P.err_at);
	return P.rc;
}

/* A line's error and where it is, as "<message> at <offset>". */
static const char *refusal(const char *line)
{
	static char out[128];

	tokenize(line);
	snprintf(out, sizeof(out), "%s at %zu", json_strerror(P.rc), P.err_at);
	return out;
}

static const char *text(uint32_t i)
{
	static char out[512];

	snprintf(out, sizeof(out), "%.*s", (int)P.tok[i].len, P.line + P.tok[i].off);
	return out;
}

/* The value a path leads to, unescaped, or "(missing)". */
static const char *at(const char *path)
{
	static char out[512];
	struct json_path p;
	char err[128];

	if (!json_path_compile(path, strlen(path), &p, err, sizeof(err)))
		fail_msg("path %s: %s", path, err);
	int i = json_path_find(P.line, P.tok, P.n, 0, &p);
	if (i < 0)
		return "(missing)";
	const struct json_tok *t = &P.tok[i];
	assert_true(t->len < sizeof(out));
	size_t n = t->escaped ? json_unescape(P.line + t->off, t->len, out)
			      : (memcpy(out, P.line + t->off, t->len), t->len);
	out[n] = '\0';
	return out;
}

/* ---- tokens ---- */

static void test_tokens_are_spans_with_subtree_ends(void **state)
{
	(void)state;
	assert_int_equal(tokenize("{\"status\":200,\"request\":{\"uri\":\"/a\","
				  "\"headers\":{\"User-Agent\":[\"curl\"]}}}"), JSON_OK);
	assert_int_equal(P.n, 12);
	static const struct { uint8_t type; const char *text; uint32_t end; } want[] = {
		{ JSON_OBJECT, NULL, 12 },
		{ JSON_STRING, "status", 2 }, { JSON_NUMBER, "200", 3 },
		{ JSON_STRING, "request", 4 }, { JSON_OBJECT, NULL, 12 },
		{ JSON_STRING, "uri", 6 }, { JSON_STRING, "/a", 7 },
		{ JSON_STRING, "headers", 8 }, { JSON_OBJECT, NULL, 12 },
		{ JSON_STRING, "User-Agent", 10 }, { JSON_ARRAY, "[\"curl\"]", 12 },
		{ JSON_STRING, "curl", 12 },
	};
	for (uint32_t i = 0; i < P.n; i++) {
		assert_int_equal(P.tok[i].type, want[i].type);
		assert_int_equal(P.tok[i].end, want[i].end);
		if (want[i].text)
			assert_string_equal(text(i), want[i].text);
	}
	assert_int_equal(P.tok[0].off, 0);
	assert_int_equal(P.tok[0].len, strlen(P.line));
}

static void test_every_kind_of_value_and_whitespace(void **state)
{
	(void)state;
	assert_int_equal(tokenize(" \t{ \"a\" : [ true , false , null , -0.5e+3 , {} , [] ] }\r\n"),
			 JSON_OK);
	assert_int_equal(P.n, 9);
	assert_int_equal(P.tok[2].type, JSON_ARRAY);
	assert_int_equal(P.tok[3].type, JSON_TRUE);
	assert_int_equal(P.tok[4].type, JSON_FALSE);
	assert_int_equal(P.tok[5].type, JSON_NULL);
	assert_int_equal(P.tok[6].type, JSON_NUMBER);
	assert_string_equal(text(6), "-0.5e+3");
	assert_int_equal(P.tok[7].type, JSON_OBJECT);
	assert_string_equal(text(7), "{}");
	assert_int_equal(P.tok[8].type, JSON_ARRAY);
	assert_int_equal(P.tok[8].end, 9);
	assert_int_equal(tokenize("{}"), JSON_OK);
	assert_int_equal(P.n, 1);
}

static void test_escaped_strings_are_marked(void **state)
{
	(void)state;
	assert_int_equal(tokenize("{\"a\":\"plain\",\"b\":\"say \\\"hi\\\"\"}"), JSON_OK);
	assert_false(P.tok[2].escaped);
	assert_true(P.tok[4].escaped);
	assert_string_equal(text(4), "say \\\"hi\\\"");
}

/* ---- refusals: each its own reason, at the offending byte ---- */

static void test_invalid_json(void **state)
{
	(void)state;
	assert_string_equal(refusal("{\"a\":1,}"), "invalid JSON at 7");
	assert_string_equal(refusal("{\"a\" 1}"), "invalid JSON at 5");
	assert_string_equal(refusal("{a:1}"), "invalid JSON at 1");
	assert_string_equal(refusal("{\"a\":01}"), "invalid JSON at 6");
	assert_string_equal(refusal("{\"a\":1.}"), "invalid JSON at 7");
	assert_string_equal(refusal("{\"a\":+1}"), "invalid JSON at 5");
	assert_string_equal(refusal("{\"a\":tru}"), "invalid JSON at 5");
	assert_string_equal(refusal("{\"a\":\"\\x41\"}"), "invalid JSON at 6");
	assert_string_equal(refusal("{\"a\":\"\\u12G4\"}"), "invalid JSON at 6");
	assert_string_equal(refusal("{\"a\":\"tab\there\"}"), "invalid JSON at 9");
	assert_string_equal(refusal("{\"a\":[1 2]}"), "invalid JSON at 8");
	assert_string_equal(refusal("{\"a\":1]"), "invalid JSON at 6");
	assert_string_equal(refusal("hello"), "invalid JSON at 0");
	/* \u takes four hex digits, whatever stands in their place. */
	assert_string_equal(refusal("{\"a\":\"\\u12g4\"}"), "invalid JSON at 6");
	assert_string_equal(refusal("{\"a\":\"\\u12:4\"}"), "invalid JSON at 6");
	assert_string_equal(refusal("{\"a\":\"\\u 123\"}"), "invalid JSON at 6");
	/* Even when the line ends before the four. */
	assert_string_equal(refusal("{\"a\":\"\\u1g"), "invalid JSON at 6");
	assert_string_equal(refusal("{\"a\":\"\\u!"), "invalid JSON at 6");
	assert_string_equal(refusal("{\"a\":fa}"), "invalid JSON at 5");
	assert_string_equal(refusal("{\"a\":nul}"), "invalid JSON at 5");
}

static void test_number_grammar(void **state)
{
	(void)state;
	static const char *const good[] = { "0", "-0", "1E5", "1e-5", "-1.5E+3", "0.0e0" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char line[64];
		snprintf(line, sizeof(line), "{\"a\":%s}", good[i]);
		assert_int_equal(tokenize(line), JSON_OK);
		assert_int_equal(P.tok[2].type, JSON_NUMBER);
		assert_string_equal(text(2), good[i]);
	}
	/* A minus sign needs a digit; an exponent, digits. */
	assert_string_equal(refusal("{\"a\":-x}"), "invalid JSON at 6");
	assert_string_equal(refusal("{\"a\":- 1}"), "invalid JSON at 6");
	assert_string_equal(refusal("{\"a\":-}"), "invalid JSON at 6");
	assert_string_equal(refusal("{\"a\":1e}"), "invalid JSON at 7");
	assert_string_equal(refusal("{\"a\":1e+}"), "invalid JSON at 8");
	assert_string_equal(refusal("{\"a\":1.5Ex}"), "invalid JSON at 9");
}

static void test_a_nul_byte_is_not_json(void **state)
{
	(void)state;
	/* Not "not a JSON object": no JSON value starts with NUL. */
	assert_int_equal(tokenize_n("\0{}", 3), JSON_E_SYNTAX);
	assert_int_equal(P.err_at, 0);
	assert_int_equal(tokenize_n("{\"a\":\"x\0\"}", 10), JSON_E_SYNTAX);
	assert_int_equal(P.err_at, 7);
}

static void test_truncated_object(void **state)
{
	(void)state;
	assert_string_equal(refusal("{\"a\":1"), "truncated JSON object at 6");
	assert_string_equal(refusal("{\"a\":\"abc"), "truncated JSON object at 9");
	assert_string_equal(refusal("{\"a\":{\"b\":[1,2]}"), "truncated JSON object at 16");
	assert_string_equal(refusal("{\"a\":\"\\u00"), "truncated JSON object at 10");
	assert_string_equal(refusal("{\"a\":\"\xc3"), "truncated JSON object at 7");
}

static void test_every_prefix_of_a_valid_line_is_truncated(void **state)
{
	(void)state;
	static const char line[] =
		"{\"ts\":1764114136.5,\"msg\":\"h\\u00e9 \\ud83d\\ude00 \xe2\x82\xac\","
		"\"n\":[-1.5e-3,true,false,null,{\"k\":\"\\\\\"}],\"e\":{}}";
	assert_int_equal(tokenize(line), JSON_OK);
	for (size_t len = 1; len < sizeof(line) - 1; len++) {
		tokenize_n(line, len);
		if (P.rc != JSON_E_TRUNCATED)
			fail_msg("prefix of %zu bytes: %s", len, json_strerror(P.rc));
		assert_int_equal(P.err_at, len);
	}
}

static void test_top_level_must_be_an_object(void **state)
{
	(void)state;
	assert_string_equal(refusal("[{\"a\":1}]"), "not a JSON object at 0");
	assert_string_equal(refusal("\"a\""), "not a JSON object at 0");
	assert_string_equal(refusal("  42"), "not a JSON object at 2");
	assert_string_equal(refusal("null"), "not a JSON object at 0");
	assert_string_equal(refusal(""), "not a JSON object at 0");
	assert_string_equal(refusal("   "), "not a JSON object at 3");
}

static void test_text_after_the_object(void **state)
{
	(void)state;
	assert_string_equal(refusal("{\"a\":1} {\"b\":2}"), "text after the JSON object at 8");
	assert_string_equal(refusal("{\"a\":1}}"), "text after the JSON object at 7");
	assert_int_equal(tokenize("{\"a\":1}  \t"), JSON_OK);
}

static char *nested(int depth)
{
	static char buf[512];
	size_t o = 0;

	buf[o++] = '{';
	for (int d = 1; d < depth; d++) {
		memcpy(buf + o, "\"a\":{", 5);
		o += 5;
	}
	for (int d = 0; d < depth; d++)
		buf[o++] = '}';
	buf[o] = '\0';
	return buf;
}

static void test_nesting_is_limited(void **state)
{
	(void)state;
	assert_int_equal(tokenize(nested(JSON_MAX_DEPTH)), JSON_OK);
	assert_int_equal(tokenize(nested(JSON_MAX_DEPTH + 1)), JSON_E_DEPTH);
	assert_int_equal(P.err_at, 1 + 5 * JSON_MAX_DEPTH - 1);
	assert_string_equal(json_strerror(JSON_E_DEPTH), "JSON nested too deep");
}

static void test_integers_fit_in_int64(void **state)
{
	(void)state;
	assert_int_equal(tokenize("{\"a\":9223372036854775807}"), JSON_OK);
	assert_int_equal(tokenize("{\"a\":-9223372036854775808}"), JSON_OK);
	assert_string_equal(refusal("{\"a\":9223372036854775808}"), "JSON number out of range at 5");
	assert_string_equal(refusal("{\"a\":-9223372036854775809}"), "JSON number out of range at 5");
	assert_string_equal(refusal("{\"a\":123456789012345678901}"), "JSON number out of range at 5");
	/* A fraction makes it a real: big, but finite. */
	assert_int_equal(tokenize("{\"a\":123456789012345678901.0}"), JSON_OK);
}

static void test_reals_are_finite_doubles(void **state)
{
	(void)state;
	assert_int_equal(tokenize("{\"a\":1.7976931348623157e308}"), JSON_OK);
	assert_int_equal(tokenize("{\"a\":1.7976931348623158e308}"), JSON_OK); /* rounds down */
	assert_int_equal(tokenize("{\"a\":1e-400}"), JSON_OK);                /* to 0 */
	assert_int_equal(tokenize("{\"a\":0.0e99999}"), JSON_OK);
	assert_string_equal(refusal("{\"a\":1.7976931348623159e308}"), "JSON number out of range at 5");
	assert_string_equal(refusal("{\"a\":-1e309}"), "JSON number out of range at 5");
	assert_string_equal(refusal("{\"a\":0.001e312}"), "JSON number out of range at 5");
	assert_string_equal(refusal("{\"a\":1e99999999999999999}"), "JSON number out of range at 5");
	/* Exponents past any integer type: 2^63 + 5, either sign. */
	assert_string_equal(refusal("{\"a\":1e9223372036854775813}"), "JSON number out of range at 5");
	assert_int_equal(tokenize("{\"a\":1e-9223372036854775813}"), JSON_OK);
}

/* The range check agrees with strtod() wherever it could go either way. */
static void test_real_range_agrees_with_strtod(void **state)
{
	(void)state;
	char line[128], num[80];
	unsigned seed = 12345;

	for (int k = 0; k < 20000; k++) {
		seed = seed * 1103515245u + 12345u;
		int mant_digits = 1 + (int)(seed >> 16) % 20;
		int point = (int)(seed >> 8) % (mant_digits + 1);
		size_t o = 0;
		for (int d = 0; d < mant_digits; d++) {
			seed = seed * 1103515245u + 12345u;
			if (d == point && d > 0)
				num[o++] = '.';
			num[o++] = (char)('0' + (d == 0 ? 1 + (seed >> 16) % 9 : (seed >> 16) % 10));
		}
		seed = seed * 1103515245u + 12345u;
		o += (size_t)snprintf(num + o, sizeof(num) - o, "e%d", 290 + (int)(seed >> 16) % 40);
		snprintf(line, sizeof(line), "{\"a\":%s}", num);
		bool finite = isfinite(strtod(num, NULL));
		if ((tokenize(line) == JSON_OK) != finite)
			fail_msg("%s: strtod says %s, tokenizer %s", num,
				 finite ? "finite" : "inf", json_strerror(P.rc));
	}
}

static void test_numbers_are_not_endless(void **state)
{
	(void)state;
	char line[256];

	snprintf(line, sizeof(line), "{\"a\":0.%0*d}", JSON_NUMBER_MAX - 2, 1);
	assert_int_equal(tokenize(line), JSON_OK);
	snprintf(line, sizeof(line), "{\"a\":0.%0*d}", JSON_NUMBER_MAX - 1, 1);
	assert_int_equal(tokenize(line), JSON_E_NUMBER_RANGE);
}

static void test_nul_escape_is_refused(void **state)
{
	(void)state;
	assert_string_equal(refusal("{\"a\":\"x\\u0000y\"}"), "\\u0000 in a JSON string at 7");
	assert_int_equal(tokenize("{\"a\":\"x\\u0001y\"}"), JSON_OK);
}

static void test_lone_surrogates_are_refused(void **state)
{
	(void)state;
	assert_int_equal(tokenize("{\"a\":\"\\uD83D\\uDE00\"}"), JSON_OK);
	assert_string_equal(refusal("{\"a\":\"\\uD83D\"}"), "lone surrogate in a JSON string at 6");
	assert_string_equal(refusal("{\"a\":\"\\uDE00\"}"), "lone surrogate in a JSON string at 6");
	assert_string_equal(refusal("{\"a\":\"\\uD83Dx\"}"), "lone surrogate in a JSON string at 6");
	assert_string_equal(refusal("{\"a\":\"\\uD83D\\u0041\"}"), "lone surrogate in a JSON string at 6");
	assert_string_equal(refusal("{\"a\":\"\\uD83D\\uD83D\"}"), "lone surrogate in a JSON string at 6");
	assert_string_equal(refusal("{\"a\":\"\\uD83D\\n\"}"), "lone surrogate in a JSON string at 6");
	/* The same with the line going on: six bytes to look at, not fewer. */
	assert_string_equal(refusal("{\"a\":\"\\uD83Dxyzxyz\"}"), "lone surrogate in a JSON string at 6");
	assert_string_equal(refusal("{\"a\":\"\\uD83D\\nxyzxyz\"}"), "lone surrogate in a JSON string at 6");
	assert_string_equal(refusal("{\"a\":\"\\uD83D\\uE000\"}"), "lone surrogate in a JSON string at 6");
	/* The second half's digits are checked as any escape's are. */
	assert_string_equal(refusal("{\"a\":\"\\uD83D\\uDEZZ\"}"), "invalid JSON at 6");
	/* Just past the surrogates: a code point of its own. */
	assert_int_equal(tokenize("{\"a\":\"\\uE000\"}"), JSON_OK);
}

static void test_strings_are_valid_utf8(void **state)
{
	(void)state;
	assert_int_equal(tokenize("{\"a\":\"\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf1\x80\x80\x80 \xf4\x8f\xbf\xbf\"}"), JSON_OK);
	static const char *const bad[] = {
		"{\"a\":\"\x80\"}",             /* a lone continuation byte */
		"{\"a\":\"\xc0\xaf\"}",         /* overlong '/' */
		"{\"a\":\"\xe0\x80\xaf\"}",     /* overlong, three bytes */
		"{\"a\":\"\xed\xa0\x80\"}",     /* a UTF-16 surrogate as UTF-8 */
		"{\"a\":\"\xf4\x90\x80\x80\"}", /* above U+10FFFF */
		"{\"a\":\"\xc3(\"}",            /* a cut sequence */
		"{\"a\":\"\xff\"}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(tokenize(bad[i]), JSON_E_UTF8);
		assert_int_equal(P.err_at, 6);
	}
	/* Outside strings, such bytes are not JSON at all. */
	assert_int_equal(tokenize("{\"a\":\xc3\xa9}"), JSON_E_SYNTAX);
}

static void test_caller_array_bounds_the_tokens(void **state)
{
	(void)state;
	struct json_tok tok[4];
	uint32_t n;
	size_t at;

	assert_int_equal(json_tokenize("{\"a\":1}", 7, tok, 4, &n, &at), JSON_OK);
	assert_int_equal(json_tokenize("{\"a\":1,\"b\":2}", 13, tok, 4, &n, &at), JSON_E_TOO_MANY);
	assert_int_equal(at, 11); /* the value "2": a fifth token */
	assert_int_equal(n, 0);
	/* Whatever kind of token is one too many, at its first byte. */
	static const char *const third[] = {
		"{\"a\":\"x\"}", "{\"a\":true}", "{\"a\":null}", "{\"a\":{}}",
		"{\"a\":[]}", "{\"a\":-1}",
	};
	for (size_t i = 0; i < sizeof(third) / sizeof(third[0]); i++) {
		assert_int_equal(json_tokenize(third[i], strlen(third[i]), tok, 2, &n, &at),
				 JSON_E_TOO_MANY);
		assert_int_equal(at, 5);
	}
	assert_int_equal(json_tokenize("{\"a\":1}", 7, tok, 1, &n, &at), JSON_E_TOO_MANY);
	assert_int_equal(at, 1); /* the key */
	assert_int_equal(json_tokenize("{}", 2, tok, 0, &n, &at), JSON_E_TOO_MANY);
	assert_int_equal(at, 0);
}

static void test_a_line_of_4_GiB_is_too_long(void **state)
{
	(void)state;
	struct json_tok tok[4];
	uint32_t n;
	size_t at = 1;

	if (SIZE_MAX <= UINT32_MAX)
		skip(); /* no such line on a 32-bit machine */
	/* The length is refused before a byte is read: no 4 GiB needed. */
	assert_int_equal(json_tokenize("{}", (size_t)UINT32_MAX, tok, 4, &n, &at),
			 JSON_E_TOO_LONG);
	assert_int_equal(at, 0);
	assert_int_equal(n, 0);
	assert_string_equal(json_strerror(JSON_E_TOO_LONG), "JSON line too long");
}

static void test_each_error_has_its_own_message(void **state)
{
	(void)state;
	static const char *const want[] = {
		[JSON_OK] = "valid",
		[JSON_E_SYNTAX] = "invalid JSON",
		[JSON_E_TRUNCATED] = "truncated JSON object",
		[JSON_E_NOT_OBJECT] = "not a JSON object",
		[JSON_E_TRAILING] = "text after the JSON object",
		[JSON_E_DEPTH] = "JSON nested too deep",
		[JSON_E_NUMBER_RANGE] = "JSON number out of range",
		[JSON_E_NUL] = "\\u0000 in a JSON string",
		[JSON_E_SURROGATE] = "lone surrogate in a JSON string",
		[JSON_E_UTF8] = "invalid UTF-8 in a JSON string",
		[JSON_E_TOO_MANY] = "too many JSON values",
		[JSON_E_TOO_LONG] = "JSON line too long",
	};
	size_t count = sizeof(want) / sizeof(want[0]);
	for (size_t i = 0; i < count; i++) {
		assert_string_equal(json_strerror((enum json_err)i), want[i]);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(want[i], want[j]);
	}
	/* A code that is none of them reads as the general one. */
	assert_string_equal(json_strerror((enum json_err)count), "invalid JSON");
}

/* ---- unescaping ---- */

static void test_unescape_decodes_every_escape(void **state)
{
	(void)state;
	static const char in[] = "q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\u20AC \\ud83d\\ude00";
	char out[sizeof(in)];
	size_t n = json_unescape(in, sizeof(in) - 1, out);
	assert_true(n <= sizeof(in) - 1);
	assert_memory_equal(out, "q\" b\\ s/ \b\f\n\r\t \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", n);
	assert_int_equal(n, strlen("q\" b\\ s/ \b\f\n\r\t \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
}

static void test_unescape_copies_what_it_cannot_read(void **state)
{
	(void)state;
	char out[16];
	size_t n = json_unescape("a\\u12", 5, out);
	assert_int_equal(n, 5);
	assert_memory_equal(out, "a\\u12", 5);
	n = json_unescape("\\", 1, out);
	assert_int_equal(n, 1);
	assert_memory_equal(out, "\\", 1);
}

/* Text the tokenizer refuses still decodes, never longer than it is
 * written: a surrogate without its pair becomes U+FFFD. */
static void test_unescape_replaces_lone_surrogates(void **state)
{
	(void)state;
	static const struct { const char *in, *out; } cases[] = {
		{ "\\ud83d", "\xef\xbf\xbd" },
		{ "\\ude00", "\xef\xbf\xbd" },
		{ "\\ud83dx", "\xef\xbf\xbdx" },
		{ "\\ud83d\\u0041", "\xef\xbf\xbd" "A" },
		{ "\\ud83d\\ud83d\\ude00", "\xef\xbf\xbd\xf0\x9f\x98\x80" },
		{ "\\ud83d\\uffff", "\xef\xbf\xbd\xef\xbf\xbf" },
		{ "\\ud83d\\n", "\xef\xbf\xbd\n" },
		{ "\\ud83dxyzxyz", "\xef\xbf\xbdxyzxyz" },
		{ "\\ud83d\\nxyzxyz", "\xef\xbf\xbd\nxyzxyz" },
		{ "\\ud83d\\u12", "\xef\xbf\xbd\\u12" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[32];
		size_t len = strlen(cases[i].in);
		size_t n = json_unescape(cases[i].in, len, out);
		assert_true(n <= len);
		if (n != strlen(cases[i].out) || memcmp(out, cases[i].out, n) != 0)
			fail_msg("%s: %.*s", cases[i].in, (int)n, out);
	}
}

/* ---- keys and paths ---- */

static const char CADDY[] =
	"{\"level\":\"info\",\"ts\":1764114136.123,\"logger\":\"http.log.access\","
	"\"request\":{\"remote_ip\":\"127.0.0.1\",\"method\":\"GET\",\"uri\":\"/a?b=1\","
	"\"headers\":{\"User-Agent\":[\"curl/7.88.1\",\"second\"],\"Accept\":[\"*/*\"]}},"
	"\"status\":404,\"size\":0,\"a.b\":\"dotted\",\"esc\\u0061ped\":\"yes\"}";

static void test_paths_reach_nested_values(void **state)
{
	(void)state;
	assert_int_equal(tokenize(CADDY), JSON_OK);
	assert_string_equal(at("status"), "404");
	assert_string_equal(at("$.status"), "404");
	assert_string_equal(at("request.method"), "GET");
	assert_string_equal(at("$.request.uri"), "/a?b=1");
	assert_string_equal(at("request.headers.User-Agent[0]"), "curl/7.88.1");
	assert_string_equal(at("request.headers.User-Agent[1]"), "second");
	assert_string_equal(at("$[\"a.b\"]"), "dotted");
	assert_string_equal(at("$.request[\"headers\"].Accept[0]"), "*/*");
}

static void test_paths_that_lead_nowhere(void **state)
{
	(void)state;
	assert_int_equal(tokenize(CADDY), JSON_OK);
	assert_string_equal(at("request.headers.User-Agent[2]"), "(missing)");
	assert_string_equal(at("request.headers.Referer[0]"), "(missing)");
	assert_string_equal(at("status.code"), "(missing)");  /* a number has no keys */
	assert_string_equal(at("request[0]"), "(missing)");   /* an object no index */
	assert_string_equal(at("a"), "(missing)");            /* not "a.b" */
	assert_string_equal(at("Status"), "(missing)");       /* keys are exact */
}

static void test_keys_match_after_unescaping(void **state)
{
	(void)state;
	assert_int_equal(tokenize(CADDY), JSON_OK);
	assert_string_equal(at("escaped"), "yes");
	assert_string_equal(at("esc\\u0061ped"), "(missing)");
	/* Shorter or longer than the key, decoded: not it. */
	assert_string_equal(at("esca"), "(missing)");
	assert_string_equal(at("escapedX"), "(missing)");
}

static void test_the_last_of_repeated_keys_wins(void **state)
{
	(void)state;
	assert_int_equal(tokenize("{\"status\":200,\"x\":{\"status\":1},\"status\":\"503\"}"), JSON_OK);
	assert_string_equal(at("status"), "503");
}

static void test_bad_paths_are_refused_with_a_reason(void **state)
{
	(void)state;
	static const struct { const char *path, *why; } bad[] = {
		{ "", "an empty path at offset 0" },
		{ "$", "an empty path at offset 0" },
		{ "$a", "expected '.' or '[' at offset 1" },
		{ "a..b", "an empty name at offset 2" },
		{ "a.", "an empty name at offset 2" },
		{ "a[x]", "an index is [digits] at offset 1" },
		{ "a[1", "an index is [digits] at offset 1" },
		{ "a[4294967295]", "an index is [digits] at offset 1" },
		{ "a[\"b]", "an unclosed [\"name\"] at offset 1" },
		{ "a.b.c.d.e.f.g.h.i", "a path of more than 8 steps at offset 15" },
		{ "a[", "an index is [digits] at offset 1" },
		{ "a[42949672950]", "an index is [digits] at offset 1" },
		{ "a[\"b\"", "an unclosed [\"name\"] at offset 1" },
		{ "a[\"b\"x", "an unclosed [\"name\"] at offset 1" },
		{ "a[0]b", "expected '.' or '[' at offset 4" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct json_path p;
		char err[128] = "";
		assert_false(json_path_compile(bad[i].path, strlen(bad[i].path), &p, err, sizeof(err)));
		assert_string_equal(err, bad[i].why);
	}
}

static void test_a_path_error_fits_the_callers_buffer(void **state)
{
	(void)state;
	struct json_path p;
	char err[64];

	/* Cut at any length, always terminated. */
	static const char whole[] = "an empty name at offset 12";
	for (size_t len = 1; len <= sizeof(whole); len++) {
		memset(err, 'x', sizeof(err));
		assert_false(json_path_compile("a.b.c.d.e.f.", 12, &p, err, len));
		assert_int_equal(strlen(err), len - 1);
		assert_memory_equal(err, whole, len - 1);
	}
	/* No buffer: still refused. */
	assert_false(json_path_compile("a..b", 4, &p, NULL, 0));
	err[0] = 'x';
	assert_false(json_path_compile("a..b", 4, &p, err, 0));
	assert_int_equal(err[0], 'x');
}

static void test_a_path_from_past_the_tokens_leads_nowhere(void **state)
{
	(void)state;
	struct json_path p;

	assert_int_equal(tokenize("{\"a\":1}"), JSON_OK);
	assert_true(json_path_compile("a", 1, &p, NULL, 0));
	assert_int_equal(json_path_find(P.line, P.tok, P.n, 0, &p), 2);
	assert_int_equal(json_path_find(P.line, P.tok, P.n, P.n, &p), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens_are_spans_with_subtree_ends),
		cmocka_unit_test(test_every_kind_of_value_and_whitespace),
		cmocka_unit_test(test_escaped_strings_are_marked),
		cmocka_unit_test(test_invalid_json),
		cmocka_unit_test(test_number_grammar),
		cmocka_unit_test(test_a_nul_byte_is_not_json),
		cmocka_unit_test(test_truncated_object),
		cmocka_unit_test(test_every_prefix_of_a_valid_line_is_truncated),
		cmocka_unit_test(test_top_level_must_be_an_object),
		cmocka_unit_test(test_text_after_the_object),
		cmocka_unit_test(test_nesting_is_limited),
		cmocka_unit_test(test_integers_fit_in_int64),
		cmocka_unit_test(test_reals_are_finite_doubles),
		cmocka_unit_test(test_real_range_agrees_with_strtod),
		cmocka_unit_test(test_numbers_are_not_endless),
		cmocka_unit_test(test_nul_escape_is_refused),
		cmocka_unit_test(test_lone_surrogates_are_refused),
		cmocka_unit_test(test_strings_are_valid_utf8),
		cmocka_unit_test(test_caller_array_bounds_the_tokens),
		cmocka_unit_test(test_a_line_of_4_GiB_is_too_long),
		cmocka_unit_test(test_each_error_has_its_own_message),
		cmocka_unit_test(test_unescape_decodes_every_escape),
		cmocka_unit_test(test_unescape_copies_what_it_cannot_read),
		cmocka_unit_test(test_unescape_replaces_lone_surrogates),
		cmocka_unit_test(test_paths_reach_nested_values),
		cmocka_unit_test(test_paths_that_lead_nowhere),
		cmocka_unit_test(test_keys_match_after_unescaping),
		cmocka_unit_test(test_the_last_of_repeated_keys_wins),
		cmocka_unit_test(test_bad_paths_are_refused_with_a_reason),
		cmocka_unit_test(test_a_path_error_fits_the_callers_buffer),
		cmocka_unit_test(test_a_path_from_past_the_tokens_leads_nowhere),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
