/*
 * Times (times.c): each parser checks a time as one format writes it and
 * keeps it, broken down, in the row; false when the text is not such a
 * time. Fractions of a second are kept as offsets into row->line.
 */
#ifndef AL_TIMES_H
#define AL_TIMES_H

#include <stdbool.h>
#include <stddef.h>

#include "access_log.h"

#include <limits.h>

/* tz_minutes of a local time whose zone the log does not give: the time
 * column then has no offset. */
#define AL_TZ_UNKNOWN INT_MIN

bool al_parse_clf_local_time(const char *s, size_t len, struct al_row *r);
bool al_parse_clf_time(const char *s, size_t len, struct al_row *r);
bool al_parse_iso_time(const char *s, size_t len, struct al_row *r);
bool al_parse_epoch_time(const char *s, size_t len, struct al_row *r);
bool al_parse_epoch_digits(const char *s, size_t len, size_t frac_digits,
			   struct al_row *r);
bool al_parse_w3c_date(const char *s, size_t len, struct al_row *r);
bool al_parse_w3c_time(const char *s, size_t len, struct al_row *r);
/* The row's time as ISO 8601 with its offset; o has room for 40 bytes.
 * Returns the length. */
size_t al_format_iso(const struct al_row *r, char *o);

#endif
