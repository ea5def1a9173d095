/*
 * time_bucket(): buckets on the time's own wall clock. A time is read into
 * seconds since 1970-01-01T00:00:00 of its local clock (its offset is kept
 * aside), floored to the width and written back with the same offset, so
 * '1 days' starts at local midnight and '1 hours' at the local hour, as
 * people read their logs.
 */
#include "analysis.h"

#include <stdio.h>
#include <string.h>

static bool digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool word_is(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);
	/* "minute" or "minutes" */
	return (n == w || (n == w + 1 && s[w] == 's')) && memcmp(s, word, w) == 0;
}

bool ab_parse_width(const char *text, size_t len, int64_t *seconds)
{
	size_t i = 0;
	int64_t n = 0;
	while (i < len && text[i] == ' ')
		i++;
	size_t start = i;
	while (i < len && text[i] >= '0' && text[i] <= '9' && i - start < 9)
		n = n * 10 + (text[i++] - '0');
	if (i == start || n == 0 || i >= len || text[i] != ' ')
		return false;
	while (i < len && text[i] == ' ')
		i++;
	size_t end = len;
	while (end > i && text[end - 1] == ' ')
		end--;
	const char *unit = text + i;
	size_t unit_len = end - i;
	int64_t scale;
	if (word_is(unit, unit_len, "second"))
		scale = 1;
	else if (word_is(unit, unit_len, "minute"))
		scale = 60;
	else if (word_is(unit, unit_len, "hour"))
		scale = 3600;
	else if (word_is(unit, unit_len, "day"))
		scale = 86400;
	else
		return false;
	if (n > 366 * 86400 / scale)
		return false;
	*seconds = n * scale;
	return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil) and back. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

bool ab_parse_time(const char *s, size_t len, struct ab_time *out)
{
	int y, mo, d, h, mi, se;
	if (len < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
	    s[13] != ':' || s[16] != ':')
		return false;
	if (!digits(s, 4, &y) || !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d) ||
	    !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &se))
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 59)
		return false;
	size_t i = 19;
	if (i < len && (s[i] == '.' || s[i] == ',')) {
		size_t start = ++i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return false;
	}
	out->offset[0] = '\0';
	out->offset_minutes = 0;
	if (i < len && s[i] == 'Z') {
		strcpy(out->offset, "Z");
		i++;
	} else if (i < len && (s[i] == '+' || s[i] == '-')) {
		int oh, om;
		if (len - i < 6 || s[i + 3] != ':' || !digits(s + i + 1, 2, &oh) ||
		    !digits(s + i + 4, 2, &om) || oh > 23 || om > 59)
			return false;
		memcpy(out->offset, s + i, 6);
		out->offset[6] = '\0';
		out->offset_minutes = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
		i += 6;
	}
	if (i != len)
		return false;
	out->local_seconds = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	return true;
}

size_t ab_time_bucket(const struct ab_time *time, int64_t width, char out[AB_TIME_MAX])
{
	int64_t t = time->local_seconds;
	int64_t start = t - ((t % width) + width) % width; /* floor, also before 1970 */
	int64_t days = start >= 0 ? start / 86400 : -((-start + 86399) / 86400);
	int64_t rest = start - days * 86400;
	int64_t y;
	int m, d;
	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		return 0; /* outside years 0000-9999: no four-digit ISO 8601 year */
	/* Every field has its width, so the text fits: 25 bytes at most. */
	return (size_t)snprintf(out, AB_TIME_MAX, "%04lld-%02d-%02dT%02d:%02d:%02d%s", (long long)y,
	                        m, d, (int)(rest / 3600), (int)(rest / 60 % 60), (int)(rest % 60),
	                        time->offset);
}
