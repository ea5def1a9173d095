/*
 * json: one JSON-lines record, tokenized without allocating.
 *
 * json_tokenize() checks a line strictly and writes a flat array of tokens
 * (spans into the line, no tree, no copies) into the caller's array:
 *
 *   {"status":200,"request":{"uri":"/a","headers":{"User-Agent":["curl"]}}}
 *
 *   0 object  {...}                          end 11
 *   1 string  status      2 number  200
 *   3 string  request     4 object  {...}    end 11
 *   5 string  uri         6 string  /a
 *   7 string  headers     8 object  {...}    end 11
 *   9 string  User-Agent 10 array   [...]    end 11
 *  11 string  curl   (an array's elements follow it; end is one past them)
 *
 * A member of an object is a key token followed by its value's tokens; a
 * token's `end` is the index just past its subtree, so a reader skips a
 * value it does not want in one step.
 *
 * Strict means: RFC 8259 grammar, the top level an object, nesting at most
 * JSON_MAX_DEPTH, numbers that fit (below), strings of valid UTF-8 with
 * valid escapes and without \u0000 or a lone surrogate. Each way a line
 * fails has its own code, so an error row can say what is wrong and where.
 *
 * Numbers: an integer (no fraction, no exponent) must fit in int64; any
 * other number must be finite as a double (1e400 is out of range, 1e-400
 * is 0); none may be longer than JSON_NUMBER_MAX characters.
 *
 * Repeated keys are all kept as tokens; json_path_find() returns the last
 * one, as JSON.parse, jq and Python do.
 */
#ifndef JSON_H
#define JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The top-level object is depth 1: {"a":{"b":[1]}} is depth 3. */
#define JSON_MAX_DEPTH 32
#define JSON_NUMBER_MAX 64
/* Steps of a path: request.headers.User-Agent[0] has four. */
#define JSON_PATH_MAX 8

enum json_type {
	JSON_OBJECT,
	JSON_ARRAY,
	JSON_STRING, /* keys too */
	JSON_NUMBER,
	JSON_TRUE,
	JSON_FALSE,
	JSON_NULL
};

enum json_err {
	JSON_OK,
	JSON_E_SYNTAX,       /* not JSON at this byte */
	JSON_E_TRUNCATED,    /* the line ends inside the object */
	JSON_E_NOT_OBJECT,   /* an array, a scalar or nothing at the top */
	JSON_E_TRAILING,     /* text after the object */
	JSON_E_DEPTH,        /* nested deeper than JSON_MAX_DEPTH */
	JSON_E_NUMBER_RANGE, /* a number that does not fit (see above) */
	JSON_E_NUL,          /* \u0000 inside a string */
	JSON_E_SURROGATE,    /* a \uD800-\uDFFF escape without its pair */
	JSON_E_UTF8,         /* invalid UTF-8 inside a string */
	JSON_E_TOO_MANY,     /* more tokens than the caller's array holds */
	JSON_E_TOO_LONG      /* a line of 4 GiB or more */
};

struct json_tok {
	uint32_t off, len; /* a string's text without its quotes; a
			    * container from its bracket to its bracket */
	uint32_t end;      /* index one past this token's subtree */
	uint8_t type;      /* enum json_type */
	bool escaped;      /* a string with a backslash: json_unescape() it */
};

/*
 * Tokenize one line (its newline removed). Returns JSON_OK and sets *ntok,
 * or an error and sets *err_at to the offset of the offending byte (the
 * line's length when it ends too soon).
 */
enum json_err json_tokenize(const char *s, size_t len, struct json_tok *tok,
			    uint32_t cap, uint32_t *ntok, size_t *err_at);

/* "invalid JSON", "truncated object", ...: for error rows. */
const char *json_strerror(enum json_err e);

/*
 * Decode a string token's text (its span) into out, which must hold len
 * bytes: no escape decodes to more bytes than it is written with. Returns
 * the length written. Text that json_tokenize() did not accept is copied
 * as far as it can be read, never past len.
 */
size_t json_unescape(const char *s, size_t len, char *out);

/* Whether a key token, escapes decoded, is the n bytes of name. */
bool json_key_is(const char *line, const struct json_tok *key,
		 const char *name, size_t n);

/*
 * A key path, compiled once: `$.a.b`, `a.b`, `request.headers.User-Agent[0]`,
 * `$["key.with.dots"].x`, `[0]`. A name runs to the next '.' or '['; a
 * bracketed name is quoted and taken as written (no escapes, no '"').
 * The names point into the path text, which must outlive the path.
 */
struct json_path {
	int n;
	struct {
		const char *name; /* NULL for an index */
		uint32_t len;
		uint32_t index;
	} seg[JSON_PATH_MAX];
};

/* Returns true, or false with a reason in err. */
bool json_path_compile(const char *path, size_t len, struct json_path *out,
		       char *err, size_t errlen);

/*
 * The token a path leads to from token `from` (0: the line's object), or
 * -1 when some step is missing or of the wrong type.
 */
int json_path_find(const char *line, const struct json_tok *tok,
		   uint32_t ntok, uint32_t from, const struct json_path *p);

#ifdef __cplusplus
}
#endif

#endif
