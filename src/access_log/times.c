/*
 * Times as logs write them, checked and broken down into a row, and the
 * ISO 8601 text of the time column.
 */
#include "times.h"

#include <string.h>

static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Only digits, however many: a fraction of a second is not a number we
 * compute with, so it cannot overflow one. */
static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

static int month_of(const char *s)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

	for (int i = 0; i < 12; i++)
		if (memcmp(names + 3 * i, s, 3) == 0)
			return i + 1;
	return 0;
}

static bool is_leap(int year)
{
	return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

/* A day that the month has (the proleptic Gregorian calendar): no 31 Apr,
 * no 29 Feb outside leap years. */
static bool date_in_range(const struct al_row *r)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (r->year < 0 || r->month < 1 || r->month > 12 || r->day < 1)
		return false;
	return r->day <= days[r->month - 1] +
			  (r->month == 2 && is_leap(r->year));
}

/* Second 60 is a leap second, which ISO 8601 and C's struct tm allow. */
static bool clock_in_range(const struct al_row *r)
{
	return r->hour >= 0 && r->hour <= 23 && r->minute >= 0 &&
	       r->minute <= 59 && r->second >= 0 && r->second <= 60;
}

static bool time_in_range(const struct al_row *r)
{
	return date_in_range(r) && clock_in_range(r);
}

/* An offset of "hhmm" or "hh:mm" (mm_at 2 or 3); false past 14:00, the
 * farthest a zone is from UTC and what SQLite's datetime() reads. */
static bool parse_offset(const char *s, size_t mm_at, struct al_row *r)
{
	int hh = digits(s + 1, 2), mm = digits(s + 1 + mm_at, 2);

	if (hh < 0 || hh > 14 || mm < 0 || mm > 59)
		return false;
	r->tz_minutes = (s[0] == '-' ? -1 : 1) * (hh * 60 + mm);
	return true;
}

/* "25/Nov/2026:23:42:16 +0000" */
bool al_parse_clf_time(const char *s, size_t len, struct al_row *r)
{
	if (len != 26 || s[2] != '/' || s[6] != '/' || s[11] != ':' ||
	    s[14] != ':' || s[17] != ':' || s[20] != ' ' ||
	    (s[21] != '+' && s[21] != '-'))
		return false;
	r->day = digits(s, 2);
	r->month = month_of(s + 3);
	r->year = digits(s + 7, 4);
	r->hour = digits(s + 12, 2);
	r->minute = digits(s + 15, 2);
	r->second = digits(s + 18, 2);
	r->time_frac_len = 0;
	return parse_offset(s + 21, 2, r) && time_in_range(r);
}

/* HAProxy's accept date, "25/Sep/2018:06:05:27.584": local time, and the
 * log does not say which zone; the fraction is optional. */
bool al_parse_clf_local_time(const char *s, size_t len, struct al_row *r)
{
	if (len < 20 || s[2] != '/' || s[6] != '/' || s[11] != ':' ||
	    s[14] != ':' || s[17] != ':')
		return false;
	r->day = digits(s, 2);
	r->month = month_of(s + 3);
	r->year = digits(s + 7, 4);
	r->hour = digits(s + 12, 2);
	r->minute = digits(s + 15, 2);
	r->second = digits(s + 18, 2);
	r->tz_minutes = AL_TZ_UNKNOWN;
	r->time_frac_len = 0;
	if (len > 20) {
		if (s[20] != '.' || !all_digits(s + 21, len - 21))
			return false;
		r->time_frac_off = (uint32_t)(s - r->line) + 21;
		r->time_frac_len = (uint32_t)len - 21;
	}
	return time_in_range(r);
}

/* "2026-11-25T23:42:16+00:00", "...16.123Z" */
bool al_parse_iso_time(const char *s, size_t len, struct al_row *r)
{
	size_t i = 19;

	if (len < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':')
		return false;
	r->year = digits(s, 4);
	r->month = digits(s + 5, 2);
	r->day = digits(s + 8, 2);
	r->hour = digits(s + 11, 2);
	r->minute = digits(s + 14, 2);
	r->second = digits(s + 17, 2);
	r->time_frac_len = 0;
	if (s[i] == '.') {
		i++;
		r->time_frac_off = (uint32_t)(s - r->line) + (uint32_t)i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == 20)
			return false;
		r->time_frac_len = (uint32_t)(i - 20);
	}
	if (i < len && s[i] == 'Z' && i + 1 == len) {
		r->tz_minutes = 0;
	} else if (i + 6 == len && (s[i] == '+' || s[i] == '-') &&
		   s[i + 3] == ':') {
		if (!parse_offset(s + i, 3, r))
			return false;
	} else {
		return false;
	}
	return time_in_range(r);
}

/* The date and time of a count of seconds since 1970-01-01 in UTC, by the
 * proleptic Gregorian calendar (H. Hinnant's civil_from_days). */
static void set_from_unix_seconds(int64_t secs, struct al_row *r)
{
	int64_t days = secs / 86400 + 719468, rem = secs % 86400;
	int64_t era = days / 146097, doe = days - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	r->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	r->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	r->year = (int)(yoe + era * 400 + (r->month <= 2));
	r->hour = (int)(rem / 3600);
	r->minute = (int)(rem / 60 % 60);
	r->second = (int)(rem % 60);
	r->tz_minutes = 0;
}

/* Whole seconds written in digits, below year 10000 (the ISO text has four
 * digits of year); false for anything else. */
static bool unix_seconds(const char *s, size_t len, int64_t *secs)
{
	const int64_t limit = INT64_C(253402300800);

	*secs = 0;
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*secs = *secs * 10 + (s[i] - '0');
		if (*secs >= limit)
			return false;
	}
	return true;
}

/* nginx's $msec: "1764114136.123", seconds since 1970 in UTC, with or
 * without a fraction. */
bool al_parse_epoch_time(const char *s, size_t len, struct al_row *r)
{
	const char *dot = memchr(s, '.', len);
	size_t whole = dot ? (size_t)(dot - s) : len;
	int64_t secs;

	if (!unix_seconds(s, whole, &secs))
		return false;
	r->time_frac_len = 0;
	if (dot) {
		size_t frac = len - whole - 1;
		if (frac == 0 || !all_digits(dot + 1, frac))
			return false;
		r->time_frac_off = (uint32_t)(dot + 1 - r->line);
		r->time_frac_len = (uint32_t)frac;
	}
	set_from_unix_seconds(secs, r);
	return true;
}

/* A count of milliseconds, microseconds or nanoseconds since 1970 in UTC,
 * digits only ("1764114136123"): its last frac_digits digits are the
 * fraction of a second. */
bool al_parse_epoch_digits(const char *s, size_t len, size_t frac_digits,
			   struct al_row *r)
{
	int64_t secs;

	if (len <= frac_digits || !unix_seconds(s, len - frac_digits, &secs) ||
	    (frac_digits > 0 && !all_digits(s + len - frac_digits, frac_digits)))
		return false;
	r->time_frac_off = (uint32_t)(s + len - frac_digits - r->line);
	r->time_frac_len = (uint32_t)frac_digits;
	set_from_unix_seconds(secs, r);
	return true;
}

bool al_parse_w3c_date(const char *s, size_t len, struct al_row *r)
{
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return false;
	r->year = digits(s, 4);
	r->month = digits(s + 5, 2);
	r->day = digits(s + 8, 2);
	return date_in_range(r);
}

/* "23:42:16" or "23:42:16.123" (UTC) */
bool al_parse_w3c_time(const char *s, size_t len, struct al_row *r)
{
	if (len < 8 || s[2] != ':' || s[5] != ':')
		return false;
	r->hour = digits(s, 2);
	r->minute = digits(s + 3, 2);
	r->second = digits(s + 6, 2);
	r->tz_minutes = 0;
	r->time_frac_len = 0;
	if (len > 8) {
		if (s[8] != '.' || !all_digits(s + 9, len - 9))
			return false;
		r->time_frac_off = (uint32_t)(s - r->line) + 9;
		r->time_frac_len = (uint32_t)len - 9;
	}
	return clock_in_range(r);
}

static void put2(char *o, int v)
{
	o[0] = (char)('0' + v / 10 % 10);
	o[1] = (char)('0' + v % 10);
}

/* Room: 19 + fraction + 6; the fraction is cut to 9 digits. */
size_t al_format_iso(const struct al_row *r, char *o)
{
	size_t n = 19;

	put2(o, r->year / 100);
	put2(o + 2, r->year % 100);
	o[4] = '-';
	put2(o + 5, r->month);
	o[7] = '-';
	put2(o + 8, r->day);
	o[10] = 'T';
	put2(o + 11, r->hour);
	o[13] = ':';
	put2(o + 14, r->minute);
	o[16] = ':';
	put2(o + 17, r->second);
	if (r->time_frac_len > 0) {
		size_t k = r->time_frac_len > 9 ? 9 : r->time_frac_len;
		o[n] = '.';
		memcpy(o + n + 1, r->line + r->time_frac_off, k);
		n += 1 + k;
	}
	if (r->tz_minutes == AL_TZ_UNKNOWN)
		return n;
	int tz = r->tz_minutes < 0 ? -r->tz_minutes : r->tz_minutes;
	o[n] = r->tz_minutes < 0 ? '-' : '+';
	put2(o + n + 1, tz / 60);
	o[n + 3] = ':';
	put2(o + n + 4, tz % 60);
	return n + 6;
}

size_t al_time_clf_to_iso(const char *s, size_t len, char out[32])
{
	struct al_row r;

	r.line = s;
	if (len == 28 && s[0] == '[' && s[27] == ']') {
		s++;
		len -= 2;
	}
	if (!al_parse_clf_time(s, len, &r))
		return 0;
	return al_format_iso(&r, out);
}
