#include "log_reading.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

void reading_start(struct reading *r, const char *spec)
{
	char err[AL_ERR_MAX] = "";

	memset(r, 0, sizeof(*r));
	r->log = al_log_new(spec, err, sizeof(err));
	if (!r->log)
		fail_msg("al_log_new: %s", err);
}

void reading_finish(struct reading *r)
{
	al_log_free(r->log);
	al_buf_free(&r->scratch);
}

const char *reading_feed_n(struct reading *r, const char *line, size_t len)
{
	int rc = al_log_parse(r->log, line, len, &r->row);

	assert_int_equal(rc, r->row.error != NULL);
	if (!r->row.error)
		return NULL;
	snprintf(r->error, sizeof(r->error), "%s", r->row.error);
	return r->error;
}

const char *reading_feed(struct reading *r, const char *line)
{
	return reading_feed_n(r, line, strlen(line));
}

const char *reading_col(struct reading *r, enum al_col c)
{
	const struct al_format *f = al_log_format(r->log);
	struct al_value v = {.type = AL_NULL};

	if (f && !r->row.error)
		assert_int_equal(al_value(f, &r->row, c, &r->scratch, &v), AL_OK);
	switch (v.type) {
	case AL_NULL: return "NULL";
	case AL_INT: snprintf(r->text, sizeof(r->text), "%lld", (long long)v.i); break;
	case AL_REAL: snprintf(r->text, sizeof(r->text), "%g", v.r); break;
	case AL_TEXT:
	case AL_BLOB: snprintf(r->text, sizeof(r->text), "%.*s", (int)v.n, v.s); break;
	}
	return r->text;
}

const char *reading_kind(struct reading *r)
{
	const struct al_format *f = al_log_format(r->log);

	return f ? al_format_kind(f) : "none";
}
