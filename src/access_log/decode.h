/* Byte checks shared by the reader's files and the analysis functions
 * (decode.c). */
#ifndef AL_DECODE_H
#define AL_DECODE_H

#include <stddef.h>

#include "access_log.h"

/* Length of the valid UTF-8 sequence at s, or 0 (RFC 3629: no overlongs,
 * no surrogates, nothing above U+10FFFF). */
size_t al_utf8_seq(const unsigned char *s, size_t n);
/* The value of a hex digit, or -1. */
int al_hex_digit(char c);
/* Percent-decoding: writes at most len bytes to out; returns how many. */
size_t al_decode_percent(const char *s, size_t len, char *out);

#endif
