/*
 * set_err(): the message of a failure, for people, written to the caller's
 * buffer. Static inline so that each file of the reader has its own and no
 * symbol reaches programs that link the static library.
 */
#ifndef AL_SET_ERR_H
#define AL_SET_ERR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

static inline void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	/* vsnprintf() writes nothing for errlen 0; callers always give a
	 * buffer. */
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

#endif
