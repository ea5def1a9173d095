/*
 * Following a log: the format of each line, given, detected from a file's
 * first lines, or declared by W3C "#Fields:" directives.
 */
#include "access_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "set_err.h"
#include "syntax.h"
#include "syntax_json.h"

enum log_mode {
	MODE_FIXED,  /* an nginx, Apache, combined or common format given */
	MODE_W3C,    /* W3C: formats come from #Fields: lines */
	MODE_DETECT  /* nothing known yet about this file */
};

struct al_log {
	bool detect;             /* no format given: detect in every file */
	bool given_w3c;
	enum log_mode mode;
	struct al_format *given; /* the format argument, compiled */
	/* For detection, compiled once: combined and common, each maybe
	 * followed by more fields (see al_log_parse()). */
	struct al_format *combined, *common;
	struct al_format *json;  /* for detection: the built-in JSON keys */
	bool user_json;          /* a JSON mapping given: no unwrapping */
	/* The line inside a Docker json-file record, unescaped; reused. */
	char *inner;
	size_t inner_cap;
	struct al_format *w3c;   /* from the last #Fields: line */
	const struct al_format *current;
};

int al_log_open(struct al_log **out, const char *spec, char *err,
		size_t errlen)
{
	struct al_log *log = calloc(1, sizeof(*log));
	int rc = AL_OK;

	*out = NULL;
	if (!log) {
		set_err(err, errlen, "out of memory");
		return AL_NOMEM;
	}
	if (!spec || strcmp(spec, "auto") == 0) {
		log->detect = true;
		rc = al_compile_format("combined", &log->combined, err, errlen);
		if (rc == AL_OK)
			rc = al_compile_format("common", &log->common, err, errlen);
		if (rc == AL_OK)
			rc = al_compile_format("json", &log->json, err, errlen);
		if (rc == AL_OK)
			log->combined->trailing = log->common->trailing = true;
	} else if (strcmp(spec, "w3c") == 0) {
		log->given_w3c = true;
	} else {
		rc = al_compile_format(spec, &log->given, err, errlen);
		/* Named, they read what detection reads: trailing fields go to
		 * extra instead of into the user agent. */
		if (rc == AL_OK &&
		    (strcmp(spec, "combined") == 0 || strcmp(spec, "common") == 0))
			log->given->trailing = true;
		if (rc == AL_OK && log->given->json)
			log->user_json = true;
	}
	if (rc != AL_OK) {
		al_log_free(log);
		return rc;
	}
	al_log_start_file(log);
	*out = log;
	return AL_OK;
}

struct al_log *al_log_new(const char *spec, char *err, size_t errlen)
{
	struct al_log *log;

	return al_log_open(&log, spec, err, errlen) == AL_OK ? log : NULL;
}

void al_log_free(struct al_log *log)
{
	if (!log)
		return;
	al_format_free(log->given);
	al_format_free(log->combined);
	al_format_free(log->common);
	al_format_free(log->w3c);
	al_format_free(log->json);
	free(log->inner);
	free(log);
}

void al_log_start_file(struct al_log *log)
{
	al_format_free(log->w3c);
	log->w3c = NULL;
	log->current = log->given;
	log->mode = log->detect ? MODE_DETECT
		    : log->given_w3c ? MODE_W3C
				     : MODE_FIXED;
}

const struct al_format *al_log_format(const struct al_log *log)
{
	return log->current;
}

static bool starts_with(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

/* "#Software:", "#Version:", "#Date:", "#Fields:", "#Remark:", ... */
static int w3c_directive(struct al_log *log, const char *line, size_t len,
			 struct al_row *row)
{
	char msg[sizeof(row->errbuf) - 40];
	struct al_format *f = NULL;

	row->is_directive = true;
	if (!starts_with(line, len, "#Fields:"))
		return 0;
	int rc = al_compile_w3c(line + 8, len - 8, &f, msg, sizeof(msg));
	if (rc == AL_NOMEM) /* not the line's fault: no row for it */
		return AL_NOMEM;
	if (rc != AL_OK) {
		row->is_directive = false;
		return al_row_error(row, "bad #Fields: line: %s", msg);
	}
	al_format_free(log->w3c);
	log->w3c = f;
	log->current = f;
	return 0;
}

int al_log_parse(struct al_log *log, const char *line, size_t len,
		 struct al_row *row)
{
	size_t bad;
	int rc;

	row->line = line;
	row->len = len;
	row->error = NULL;
	row->is_directive = false;
	row->binary = false;
	row->nfields = 0;
	if (len == 0)
		return al_row_error(row, "empty line");
	rc = al_check_bytes(line, len, &bad);
	if (rc != 0) {
		row->binary = true;
		return al_row_error(row, rc == 1 ? "NUL byte at offset %zu"
					      : "invalid UTF-8 at offset %zu",
				 bad);
	}
	/* Detected combined and common accept more fields after their own
	 * (nginx's "main" adds "$http_x_forwarded_for", others $request_time):
	 * the first unescaped quote ends the user agent, and what follows it
	 * must be space-separated fields or nothing (see split_trailing()). */
	/* A container's record: read the line it carries instead. The row
	 * then shows that line. */
	if (!log->user_json && (line[0] == '{' || (line[0] >= '0' && line[0] <= '9'))) {
		const char *inner;
		size_t inner_len;
		rc = al_unwrap_container(line, len, &log->inner, &log->inner_cap,
					 &inner, &inner_len);
		if (rc == AL_NOMEM)
			return AL_NOMEM;
		if (rc == 2)
			return al_row_error(row, "a partial CRI line (P): its parts are not joined");
		if (rc == 1) {
			if (inner_len == 0)
				return al_row_error(row, "empty line inside a container record");
			line = inner;
			len = inner_len;
			row->line = line;
			row->len = len;
		}
	}
	if (log->mode == MODE_DETECT) {
		if (line[0] == '#') {
			log->mode = MODE_W3C;
		} else if (line[0] == '{') {
			log->mode = MODE_FIXED;
			log->current = log->json;
			return al_parse_line(log->json, line, len, row);
		} else if (al_parse_line(log->combined, line, len, row) == 0) {
			log->mode = MODE_FIXED;
			log->current = log->combined;
			return 0;
		} else if (al_parse_line(log->common, line, len, row) == 0) {
			log->mode = MODE_FIXED;
			log->current = log->common;
			return 0;
		} else {
			return al_row_error(row,
					 "not a combined, common or W3C log "
					 "line: give the format as the second "
					 "argument (an nginx log_format or "
					 "Apache LogFormat string)");
		}
	}
	if (log->mode == MODE_W3C) {
		if (line[0] == '#')
			return w3c_directive(log, line, len, row);
		if (!log->w3c)
			return al_row_error(row, "no #Fields: line before this one");
	}
	return al_parse_line(log->current, line, len, row);
}

int al_log_parse_line(struct al_log *log, const struct al_line *line,
		      struct al_row *row)
{
	size_t bad;

	if (!line->too_long)
		return al_log_parse(log, line->text, line->len, row);
	row->line = line->text;
	row->len = line->len;
	row->nfields = 0;
	row->is_directive = false;
	row->binary = al_check_bytes(row->line, row->len, &bad) != 0;
	snprintf(row->errbuf, sizeof(row->errbuf),
		 "line too long: %llu bytes, over the limit of %d; "
		 "line holds its first %d bytes",
		 (unsigned long long)line->full_len, AL_LINE_MAX, AL_LINE_MAX);
	row->error = row->errbuf;
	return 1;
}
