/*
 * One log read line by line through src/access_log/log.c, as the table
 * reads a file, for the tests that follow detection without SQLite
 * (test_formats.c, test_log_detect.c).
 */
#ifndef TESTS_LOG_READING_H
#define TESTS_LOG_READING_H

#include <stddef.h>

#include "access_log.h"

struct reading {
	struct al_log *log;
	struct al_row row;
	struct al_buf scratch;
	char error[sizeof(((struct al_row *)NULL)->errbuf)];
	char text[4096];
};

/* A log with the format spec, or detected when spec is NULL; fails the
 * test when it cannot be opened. */
void reading_start(struct reading *r, const char *spec);
void reading_finish(struct reading *r);
/* Reads a line (of len bytes); its error, a copy, or NULL. */
const char *reading_feed_n(struct reading *r, const char *line, size_t len);
const char *reading_feed(struct reading *r, const char *line);
/* A column of the last line as text: "NULL" when it has none. */
const char *reading_col(struct reading *r, enum al_col c);
/* The kind of format the log has settled on, or "none". */
const char *reading_kind(struct reading *r);

#endif
