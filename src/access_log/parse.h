/* Helpers of the line splitter (parse.c) that value.c and log.c share. */
#ifndef AL_PARSE_H
#define AL_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "access_log.h"

bool al_is_dash(const char *s, size_t n);
/* Set row->error to the message; returns 1, as al_parse_line() does. */
int al_row_error(struct al_row *row, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A splitter for al_format.split: space-separated tokens (AWS). */
struct al_format;
int al_split_tokens(const struct al_format *f, const char *line, size_t len,
		    struct al_row *row);

#endif
