/*
 * json: a strict, allocation-free tokenizer for one JSON object per line,
 * with string unescaping and key paths. See json.h.
 *
 * One pass, no recursion: open containers sit on a stack of token indices
 * JSON_MAX_DEPTH deep, and a container's `end` is filled in when it
 * closes. Strings are scanned a byte class at a time; only escapes and
 * bytes above 0x7f leave the fast loop.
 */
#include "json.h"

#include <string.h>

/* Bytes a string's fast loop stops at: '"', '\\', controls, non-ASCII. */
static const unsigned char STOPS_STRING[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x00 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x10 */
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20 '"' */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, /* 0x5c '\\' */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x80.. */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

const char *json_strerror(enum json_err e)
{
	switch (e) {
	case JSON_OK: return "valid";
	case JSON_E_SYNTAX: return "invalid JSON";
	case JSON_E_TRUNCATED: return "truncated JSON object";
	case JSON_E_NOT_OBJECT: return "not a JSON object";
	case JSON_E_TRAILING: return "text after the JSON object";
	case JSON_E_DEPTH: return "JSON nested too deep";
	case JSON_E_NUMBER_RANGE: return "JSON number out of range";
	case JSON_E_NUL: return "\\u0000 in a JSON string";
	case JSON_E_SURROGATE: return "lone surrogate in a JSON string";
	case JSON_E_UTF8: return "invalid UTF-8 in a JSON string";
	case JSON_E_TOO_MANY: return "too many JSON values";
	case JSON_E_TOO_LONG: return "JSON line too long";
	}
	return "invalid JSON";
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/*
 * The high bit of each byte of w that is '"', '\\', below 0x20 or above
 * 0x7f (the classic SWAR tests: a byte is zero after XOR, or borrows). A
 * borrow can flag bytes above a true one, never below: the lowest flag is
 * always a true stop.
 */
static inline uint64_t stops(uint64_t w)
{
	uint64_t quote = w ^ (ONES * '"'), bslash = w ^ (ONES * '\\');
	uint64_t zero_q = (quote - ONES) & ~quote;
	uint64_t zero_b = (bslash - ONES) & ~bslash;
	uint64_t below = w - ONES * 0x20;
	return (zero_q | zero_b | below | w) & HIGHS;
}

struct scan {
	const unsigned char *s, *p, *e;
	struct json_tok *tok;
	uint32_t cap, n;
};

static inline bool is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline void skip_ws(struct scan *sc)
{
	while (sc->p < sc->e && is_ws(*sc->p))
		sc->p++;
}

static inline bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_hex(unsigned char c)
{
	return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static int hex4(const unsigned char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		unsigned char c = p[i];
		int d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/*
 * A \u escape at p (the backslash). Sets *next past it (and past its low
 * surrogate). The line ending inside it is truncation, not an error of
 * the escape, so a prefix of a valid line always reads as truncated.
 */
static enum json_err u_escape(const unsigned char *p, const unsigned char *e,
			      const unsigned char **next)
{
	int cp;

	if (e - p < 6) {
		for (const unsigned char *q = p + 2; q < e; q++)
			if (!is_hex(*q))
				return JSON_E_SYNTAX;
		return JSON_E_TRUNCATED;
	}
	cp = hex4(p + 2);
	if (cp < 0)
		return JSON_E_SYNTAX;
	if (cp == 0)
		return JSON_E_NUL;
	if (cp >= 0xDC00 && cp <= 0xDFFF)
		return JSON_E_SURROGATE;
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		const unsigned char *q = p + 6;
		/* The pair's second half, as far as the line goes. */
		static const char lead[2] = { '\\', 'u' };
		size_t have = (size_t)(e - q);

		if (have < 6) {
			for (size_t i = 0; i < have; i++) {
				if (i < 2 ? q[i] != (unsigned char)lead[i] : !is_hex(q[i]))
					return JSON_E_SURROGATE;
			}
			return JSON_E_TRUNCATED;
		}
		if (q[0] != '\\' || q[1] != 'u')
			return JSON_E_SURROGATE;
		int lo = hex4(q + 2);
		if (lo < 0)
			return JSON_E_SYNTAX;
		if (lo < 0xDC00 || lo > 0xDFFF)
			return JSON_E_SURROGATE;
		*next = q + 6;
		return JSON_OK;
	}
	*next = p + 6;
	return JSON_OK;
}

/* One UTF-8 sequence at p (a byte >= 0x80): its length, or 0 when invalid
 * (*truncated set when it is a valid start the line cuts off). */
static size_t utf8_seq(const unsigned char *p, const unsigned char *e,
		       bool *truncated)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	size_t n;

	*truncated = false;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0; /* no overlong forms */
		else if (c == 0xED)
			hi = 0x9F; /* no UTF-16 surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F; /* nothing above U+10FFFF */
	} else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if (p + i >= e) {
			*truncated = true;
			return 0;
		}
		if (p[i] < (i == 1 ? lo : 0x80) || p[i] > (i == 1 ? hi : 0xBF))
			return 0;
	}
	return n;
}

static enum json_err push(struct scan *sc, enum json_type type,
			  const unsigned char *at)
{
	struct json_tok *t;

	if (sc->n == sc->cap)
		return JSON_E_TOO_MANY;
	t = &sc->tok[sc->n];
	t->off = (uint32_t)(at - sc->s);
	t->len = 0;
	t->type = (uint8_t)type;
	t->escaped = false;
	sc->n++;
	t->end = sc->n;
	return JSON_OK;
}

/* A string at sc->p (its opening quote); leaves sc->p past the closing one. */
static enum json_err scan_string(struct scan *sc)
{
	const unsigned char *p = sc->p + 1, *e = sc->e;
	bool escaped = false;
	enum json_err rc = push(sc, JSON_STRING, p);

	if (rc != JSON_OK)
		return rc;
	for (;;) {
		/* Eight bytes at a time: on a little-endian machine the lowest
		 * flag is the first stop, elsewhere the byte loop finds it. */
		while (e - p >= 8) {
			uint64_t w, m;
			memcpy(&w, p, 8);
			m = stops(w);
			if (m == 0) {
				p += 8;
				continue;
			}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			p += __builtin_ctzll(m) >> 3;
#endif
			break;
		}
		while (p < e && !STOPS_STRING[*p])
			p++;
		if (p == e) {
			sc->p = p;
			return JSON_E_TRUNCATED;
		}
		if (*p == '"')
			break;
		if (*p == '\\') {
			escaped = true;
			if (p + 1 == e) {
				sc->p = e;
				return JSON_E_TRUNCATED;
			}
			switch (p[1]) {
			case '"': case '\\': case '/': case 'b': case 'f':
			case 'n': case 'r': case 't':
				p += 2;
				continue;
			case 'u':
				rc = u_escape(p, e, &p);
				if (rc != JSON_OK) {
					sc->p = rc == JSON_E_TRUNCATED ? e : p;
					return rc;
				}
				continue;
			default:
				sc->p = p;
				return JSON_E_SYNTAX;
			}
		}
		if (*p < 0x20) {
			sc->p = p;
			return JSON_E_SYNTAX; /* a raw control character */
		}
		bool truncated;
		size_t n = utf8_seq(p, e, &truncated);
		if (n == 0) {
			sc->p = truncated ? e : p;
			return truncated ? JSON_E_TRUNCATED : JSON_E_UTF8;
		}
		p += n;
	}
	struct json_tok *t = &sc->tok[sc->n - 1];
	t->len = (uint32_t)(p - sc->s) - t->off;
	t->escaped = escaped;
	sc->p = p + 1;
	return JSON_OK;
}

/* 2^1024 - 2^970, the least value that rounds to infinity, to the digits
 * a JSON_NUMBER_MAX number can have; the digits after these are not all 0. */
static const char DOUBLE_OVERFLOW[] =
	"1797693134862315807937289714053034150799341327100378269361737789804";

static bool real_in_range(const unsigned char *p, const unsigned char *e)
{
	char sig[JSON_NUMBER_MAX];
	size_t nsig = 0;
	long lead = 0; /* decimal exponent of the first significant digit */
	long exp10 = 0;
	bool seen_point = false;

	if (*p == '-')
		p++;
	for (; p < e && (is_digit(*p) || *p == '.'); p++) {
		if (*p == '.') {
			seen_point = true;
			continue;
		}
		if (nsig == 0 && *p == '0') {
			if (seen_point)
				lead--;
			continue;
		}
		if (nsig == 0)
			lead = seen_point ? lead - 1 : 0;
		else if (!seen_point)
			lead++;
		sig[nsig++] = (char)*p;
	}
	if (nsig == 0)
		return true; /* zero */
	if (p < e) { /* the exponent */
		bool neg = false;
		p++;
		if (*p == '+' || *p == '-')
			neg = *p++ == '-';
		for (; p < e; p++) /* digits to the end: the grammar is checked */
			if (exp10 < 100000)
				exp10 = exp10 * 10 + (*p - '0');
		if (neg)
			exp10 = -exp10;
	}
	lead += exp10;
	if (lead != 308)
		return lead < 308;
	while (sig[nsig - 1] == '0') /* sig[0] is not '0' */
		nsig--;
	return memcmp(sig, DOUBLE_OVERFLOW, nsig) <= 0;
}

static bool int_in_range(const unsigned char *p, const unsigned char *e)
{
	bool neg = *p == '-';
	size_t n;

	if (neg)
		p++;
	n = (size_t)(e - p);
	if (n != 19)
		return n < 19;
	return memcmp(p, neg ? "9223372036854775808" : "9223372036854775807", 19) <= 0;
}

static enum json_err scan_number(struct scan *sc)
{
	const unsigned char *start = sc->p, *p = sc->p, *e = sc->e;
	bool integer = true;
	enum json_err rc = push(sc, JSON_NUMBER, start);

	if (rc != JSON_OK)
		return rc;
	if (*p == '-')
		p++;
	if (p == e)
		goto truncated;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (p < e && is_digit(*p))
			p++;
	else
		goto syntax;
	if (p < e && *p == '.') {
		integer = false;
		if (++p == e)
			goto truncated;
		if (!is_digit(*p))
			goto syntax;
		while (p < e && is_digit(*p))
			p++;
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		integer = false;
		if (++p == e)
			goto truncated;
		if (*p == '+' || *p == '-')
			if (++p == e)
				goto truncated;
		if (!is_digit(*p))
			goto syntax;
		while (p < e && is_digit(*p))
			p++;
	}
	sc->tok[sc->n - 1].len = (uint32_t)(p - start);
	if (p - start > JSON_NUMBER_MAX ||
	    !(integer ? int_in_range(start, p) : real_in_range(start, p))) {
		sc->p = start;
		return JSON_E_NUMBER_RANGE;
	}
	sc->p = p;
	return JSON_OK;
truncated:
	sc->p = e;
	return JSON_E_TRUNCATED;
syntax:
	sc->p = p;
	return JSON_E_SYNTAX;
}

static enum json_err scan_literal(struct scan *sc, enum json_type type,
				  const char *word, size_t n)
{
	size_t have = (size_t)(sc->e - sc->p);
	enum json_err rc;

	if (have < n) {
		if (memcmp(sc->p, word, have) != 0)
			return JSON_E_SYNTAX;
		sc->p = sc->e;
		return JSON_E_TRUNCATED;
	}
	if (memcmp(sc->p, word, n) != 0)
		return JSON_E_SYNTAX;
	rc = push(sc, type, sc->p);
	if (rc != JSON_OK)
		return rc;
	sc->tok[sc->n - 1].len = (uint32_t)n;
	sc->p += n;
	return JSON_OK;
}

/* A scalar at sc->p, or JSON_E_SYNTAX. */
static enum json_err scan_scalar(struct scan *sc)
{
	switch (*sc->p) {
	case '"': return scan_string(sc);
	case 't': return scan_literal(sc, JSON_TRUE, "true", 4);
	case 'f': return scan_literal(sc, JSON_FALSE, "false", 5);
	case 'n': return scan_literal(sc, JSON_NULL, "null", 4);
	default:
		if (*sc->p == '-' || is_digit(*sc->p))
			return scan_number(sc);
		return JSON_E_SYNTAX;
	}
}

enum json_err json_tokenize(const char *s, size_t len, struct json_tok *tok,
			    uint32_t cap, uint32_t *ntok, size_t *err_at)
{
	struct scan sc = {
		.s = (const unsigned char *)s,
		.p = (const unsigned char *)s,
		.e = (const unsigned char *)s + len,
		.tok = tok,
		.cap = cap,
	};
	uint32_t open[JSON_MAX_DEPTH];
	int depth = 0;
	enum json_err rc;

	*ntok = 0;
	if (len >= UINT32_MAX) {
		*err_at = 0;
		return JSON_E_TOO_LONG;
	}
	skip_ws(&sc);
	if (sc.p == sc.e || *sc.p != '{') {
		rc = JSON_E_NOT_OBJECT;
		if (sc.p < sc.e && *sc.p != '[' &&
		    (*sc.p == '\0' || !strchr("\"tfn-0123456789", *sc.p)))
			rc = JSON_E_SYNTAX;
		goto fail;
	}

	/* Each turn reads a value where one is due: the top object first,
	 * then after a key's ':' or in an array. */
	for (;;) {
		if (*sc.p == '{' || *sc.p == '[') {
			bool object = *sc.p == '{';

			if (depth == JSON_MAX_DEPTH) {
				rc = JSON_E_DEPTH;
				goto fail;
			}
			rc = push(&sc, object ? JSON_OBJECT : JSON_ARRAY, sc.p);
			if (rc != JSON_OK)
				goto fail;
			open[depth++] = sc.n - 1;
			sc.p++;
			skip_ws(&sc);
			if (sc.p == sc.e)
				goto truncated;
			if (*sc.p != (object ? '}' : ']')) {
				if (!object)
					continue; /* the array's first value */
				goto key;
			}
			/* empty: closed below */
		} else {
			rc = scan_scalar(&sc);
			if (rc != JSON_OK)
				goto fail;
			skip_ws(&sc);
		}

		/* After a value: close containers, or go on after a comma. */
		for (;;) {
			if (depth == 0) {
				skip_ws(&sc);
				if (sc.p != sc.e) {
					rc = JSON_E_TRAILING;
					goto fail;
				}
				*ntok = sc.n;
				return JSON_OK;
			}
			if (sc.p == sc.e)
				goto truncated;
			struct json_tok *c = &sc.tok[open[depth - 1]];
			bool object = c->type == JSON_OBJECT;
			if (*sc.p == (object ? '}' : ']')) {
				c->end = sc.n;
				c->len = (uint32_t)(sc.p - sc.s) + 1 - c->off;
				depth--;
				sc.p++;
				skip_ws(&sc);
				continue;
			}
			if (*sc.p != ',') {
				rc = JSON_E_SYNTAX;
				goto fail;
			}
			sc.p++;
			skip_ws(&sc);
			if (sc.p == sc.e)
				goto truncated;
			if (object)
				goto key;
			break; /* the array's next value */
		}
		continue;
key:
		if (*sc.p != '"') {
			rc = JSON_E_SYNTAX;
			goto fail;
		}
		rc = scan_string(&sc);
		if (rc != JSON_OK)
			goto fail;
		skip_ws(&sc);
		if (sc.p == sc.e)
			goto truncated;
		if (*sc.p != ':') {
			rc = JSON_E_SYNTAX;
			goto fail;
		}
		sc.p++;
		skip_ws(&sc);
		if (sc.p == sc.e)
			goto truncated;
	}
truncated:
	rc = JSON_E_TRUNCATED;
	sc.p = sc.e;
fail:
	*err_at = (size_t)(sc.p - sc.s);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Strings and paths                                                  */

static size_t put_utf8(unsigned cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * The bytes that s[*i...] stands for, at most 4, into out; advances *i.
 * Never more bytes than it reads: \uXXXX (6) gives at most 3, a pair (12)
 * 4; a lone surrogate gives U+FFFD (3); anything unreadable is copied.
 */
static size_t decode_one(const char *s, size_t len, size_t *i, char out[4])
{
	const unsigned char *p = (const unsigned char *)s + *i;
	size_t left = len - *i;

	if (p[0] != '\\' || left < 2) {
		out[0] = (char)p[0];
		*i += 1;
		return 1;
	}
	switch (p[1]) {
	case 'b': out[0] = '\b'; break;
	case 'f': out[0] = '\f'; break;
	case 'n': out[0] = '\n'; break;
	case 'r': out[0] = '\r'; break;
	case 't': out[0] = '\t'; break;
	case 'u': {
		int cp = left >= 6 ? hex4(p + 2) : -1;
		if (cp < 0)
			break; /* copied as written, below */
		*i += 6;
		if (cp >= 0xD800 && cp <= 0xDBFF && left >= 12 && p[6] == '\\' &&
		    p[7] == 'u') {
			int lo = hex4(p + 8);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				*i += 6;
				return put_utf8(0x10000 + (((unsigned)cp - 0xD800) << 10) +
						((unsigned)lo - 0xDC00), out);
			}
		}
		if (cp >= 0xD800 && cp <= 0xDFFF)
			cp = 0xFFFD;
		return put_utf8((unsigned)cp, out);
	}
	default: out[0] = (char)p[1]; break; /* " \ / and the unknown */
	}
	if (p[1] == 'u') { /* \u without four hex digits */
		out[0] = '\\';
		*i += 1;
		return 1;
	}
	*i += 2;
	return 1;
}

size_t json_unescape(const char *s, size_t len, char *out)
{
	size_t i = 0, o = 0;

	while (i < len) {
		const char *bs = memchr(s + i, '\\', len - i);
		size_t plain = bs ? (size_t)(bs - (s + i)) : len - i;

		memcpy(out + o, s + i, plain);
		o += plain;
		i += plain;
		if (i < len)
			o += decode_one(s, len, &i, out + o);
	}
	return o;
}

bool json_key_is(const char *line, const struct json_tok *key,
		 const char *name, size_t n)
{
	const char *s = line + key->off;
	size_t i = 0, o = 0;

	if (!key->escaped)
		return key->len == n && memcmp(s, name, n) == 0;
	while (i < key->len) {
		char b[4];
		size_t k = decode_one(s, key->len, &i, b);
		if (o + k > n || memcmp(name + o, b, k) != 0)
			return false;
		o += k;
	}
	return o == n;
}

static void path_err(char *err, size_t errlen, const char *why, size_t at)
{
	if (err != NULL && errlen > 0) {
		size_t n = strlen(why);
		const char *tail = " at offset ";
		char num[24];
		int k = 0;

		/* No stdio here: the file stays free of locale and buffers. */
		do {
			num[k++] = (char)('0' + at % 10);
			at /= 10;
		} while (at > 0);
		size_t o = 0;
		for (size_t j = 0; j < n && o + 1 < errlen; j++)
			err[o++] = why[j];
		for (size_t j = 0; tail[j] && o + 1 < errlen; j++)
			err[o++] = tail[j];
		while (k > 0 && o + 1 < errlen)
			err[o++] = num[--k];
		err[o] = '\0';
	}
}

bool json_path_compile(const char *path, size_t len, struct json_path *out,
		       char *err, size_t errlen)
{
	size_t i = 0;
	bool dollar = len > 0 && path[0] == '$';

	out->n = 0;
	if (dollar)
		i = 1;
	while (i < len) {
		size_t start;

		if (out->n == JSON_PATH_MAX) {
			path_err(err, errlen, "a path of more than 8 steps", i);
			return false;
		}
		if (path[i] == '[') {
			i++;
			if (i < len && path[i] == '"') {
				start = ++i;
				while (i < len && path[i] != '"')
					i++;
				if (i == len || i + 1 == len || path[i + 1] != ']') {
					path_err(err, errlen, "an unclosed [\"name\"]", start - 2);
					return false;
				}
				out->seg[out->n].name = path + start;
				out->seg[out->n].len = (uint32_t)(i - start);
				out->seg[out->n].index = 0;
				i += 2;
			} else {
				uint64_t v = 0;
				start = i;
				while (i < len && is_digit((unsigned char)path[i]) && v < UINT32_MAX)
					v = v * 10 + (uint64_t)(path[i++] - '0');
				if (i == start || i == len || path[i] != ']' || v >= UINT32_MAX) {
					path_err(err, errlen, "an index is [digits]", start - 1);
					return false;
				}
				out->seg[out->n].name = NULL;
				out->seg[out->n].len = 0;
				out->seg[out->n].index = (uint32_t)v;
				i++;
			}
		} else {
			if (path[i] == '.')
				i++;
			else if (dollar || out->n > 0) {
				path_err(err, errlen, "expected '.' or '['", i);
				return false;
			}
			start = i;
			while (i < len && path[i] != '.' && path[i] != '[')
				i++;
			if (i == start) {
				path_err(err, errlen, "an empty name", start);
				return false;
			}
			out->seg[out->n].name = path + start;
			out->seg[out->n].len = (uint32_t)(i - start);
			out->seg[out->n].index = 0;
		}
		out->n++;
	}
	if (out->n == 0) {
		path_err(err, errlen, "an empty path", 0);
		return false;
	}
	return true;
}

int json_path_find(const char *line, const struct json_tok *tok,
		   uint32_t ntok, uint32_t from, const struct json_path *p)
{
	uint32_t cur = from;

	if (from >= ntok)
		return -1;
	for (int k = 0; k < p->n; k++) {
		const struct json_tok *c = &tok[cur];
		uint32_t i = cur + 1;
		int64_t found = -1;

		if (p->seg[k].name != NULL) {
			if (c->type != JSON_OBJECT)
				return -1;
			while (i < c->end) { /* a key, then its value's subtree */
				if (json_key_is(line, &tok[i], p->seg[k].name, p->seg[k].len))
					found = i + 1; /* the last of repeated keys wins */
				i = tok[i + 1].end;
			}
		} else {
			if (c->type != JSON_ARRAY)
				return -1;
			for (uint32_t n = 0; i < c->end; n++, i = tok[i].end) {
				if (n == p->seg[k].index) {
					found = i;
					break;
				}
			}
		}
		if (found < 0)
			return -1;
		cur = (uint32_t)found;
	}
	return (int)cur;
}
