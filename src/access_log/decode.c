/*
 * Bytes of a line: the UTF-8 check, and the escapes servers write (nginx
 * \xHH, Apache \" and \xhh, escape=json \uXXXX, IIS '+' for a space):
 * al_decode_apache() reads all three backslash forms, since nginx writes
 * a backslash itself as \x5C.
 */
#include "decode.h"

#include <string.h>

/* Length of the valid UTF-8 sequence at s, or 0 (RFC 3629: no overlongs,
 * no surrogates, nothing above U+10FFFF). */
size_t al_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && s[1] < 0xA0)
			return 0;
		if (c == 0xED && s[1] >= 0xA0)
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && s[1] < 0x90)
			return 0;
		if (c == 0xF4 && s[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

int al_check_bytes(const char *s, size_t len, size_t *bad_at)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		/* Most log bytes are printable ASCII: test 8 at a time for a
		 * high bit or a zero byte. */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, u + i, 8);
			uint64_t zero = (w - 0x0101010101010101ULL) & ~w &
					0x8080808080808080ULL;
			if ((w & 0x8080808080808080ULL) | zero)
				break;
			i += 8;
		}
		if (i == len)
			break;
		if (u[i] == 0) {
			*bad_at = i;
			return 1;
		}
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		size_t k = al_utf8_seq(u + i, len - i);
		if (k == 0) {
			*bad_at = i;
			return 2;
		}
		i += k;
	}
	return 0;
}

int al_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* UTF-8 of a code point; cp < 0x10000 here (\uXXXX). */
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
	out[0] = (char)(0xE0 | (cp >> 12));
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

/*
 * Apache: \" \\ \n \t \r and \xhh; also nginx's \xHH and escape=json's
 * \uXXXX. A decoded value is never longer than its escaped form.
 */
size_t al_decode_apache(const char *s, size_t len, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] != '\\' || i + 1 == len) {
			out[o++] = s[i];
			continue;
		}
		char c = s[i + 1];
		switch (c) {
		case '"': case '\\': case '/':
			out[o++] = c; i++; break;
		case 'n': out[o++] = '\n'; i++; break;
		case 't': out[o++] = '\t'; i++; break;
		case 'r': out[o++] = '\r'; i++; break;
		case 'b': out[o++] = '\b'; i++; break;
		case 'f': out[o++] = '\f'; i++; break;
		case 'v': out[o++] = '\v'; i++; break;
		case 'x':
			if (i + 3 < len && al_hex_digit(s[i + 2]) >= 0 &&
			    al_hex_digit(s[i + 3]) >= 0) {
				out[o++] = (char)(al_hex_digit(s[i + 2]) * 16 +
						  al_hex_digit(s[i + 3]));
				i += 3;
			} else {
				out[o++] = s[i];
			}
			break;
		case 'u':
			if (i + 5 < len && al_hex_digit(s[i + 2]) >= 0 &&
			    al_hex_digit(s[i + 3]) >= 0 && al_hex_digit(s[i + 4]) >= 0 &&
			    al_hex_digit(s[i + 5]) >= 0) {
				/* NOLINTBEGIN(clang-analyzer-core.UndefinedBinaryOperatorResult):
				 * each al_hex_digit() was found >= 0 just above; the
				 * analyzer does not know it is a pure function. */
				unsigned cp = (unsigned)(al_hex_digit(s[i + 2]) << 12 |
							 al_hex_digit(s[i + 3]) << 8 |
							 al_hex_digit(s[i + 4]) << 4 |
							 al_hex_digit(s[i + 5]));
				/* NOLINTEND(clang-analyzer-core.UndefinedBinaryOperatorResult) */
				/* Lone surrogates have no UTF-8: keep the
				 * escape as written. */
				if (cp >= 0xD800 && cp <= 0xDFFF) {
					out[o++] = s[i];
					break;
				}
				o += put_utf8(cp, out + o);
				i += 5;
			} else {
				out[o++] = s[i];
			}
			break;
		default:
			out[o++] = s[i];
		}
	}
	return o;
}

size_t al_decode_w3c_agent(const char *s, size_t len, char *out)
{
	for (size_t i = 0; i < len; i++) {
		/* "; +http://..." is logged as ";++http://...": the first '+'
		 * was a space, the second a real plus sign. */
		if (s[i] == '+' && i + 1 < len && s[i + 1] == '+') {
			out[i] = ' ';
			out[i + 1] = '+';
			i++;
		} else {
			out[i] = s[i] == '+' ? ' ' : s[i];
		}
	}
	return len;
}

/* "%20" and the like; a '%' without two hex digits stays as it is. */
size_t al_decode_percent(const char *s, size_t len, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len && al_hex_digit(s[i + 1]) >= 0 &&
		    al_hex_digit(s[i + 2]) >= 0) {
			out[o++] = (char)(al_hex_digit(s[i + 1]) * 16 + al_hex_digit(s[i + 2]));
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	return o;
}
