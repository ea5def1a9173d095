/*
 * An interrupt reaches access_log() while its own filters reject every line,
 * so that no row ever reaches SQLite (which sees an interrupt only between
 * rows): the table must notice it itself. The log is a pipe a thread keeps
 * writing lines to, for ever: without the table's check the query never
 * ends, and the test's timeout fails it.
 */
#define _GNU_SOURCE /* mkdtemp() */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "extension_fixture.h"

static char dir[] = "/tmp/test_access_log_interrupt.XXXXXX";
static char fifo[64];
static atomic_bool stop;

/* Lines of status 200 into the pipe until told to stop. The pipe is open
 * for reading too, so the reader never sees its end. */
static void *write_lines(void *arg)
{
	(void)arg;
	static const char line[] =
		"192.0.2.1 - - [25/Nov/2026:23:42:16 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\"\n";
	int fd = open(fifo, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	while (!atomic_load(&stop)) {
		if (write(fd, line, sizeof(line) - 1) < 0 && errno == EAGAIN) {
			struct timespec pause = {0, 100000};
			nanosleep(&pause, NULL);
		}
	}
	close(fd);
	return NULL;
}

/* Ctrl-C every 50 ms until told to stop: one that comes before the
 * statement runs is forgotten when it starts. */
static void *interrupt_often(void *db)
{
	while (!atomic_load(&stop)) {
		struct timespec pause = {0, 50000000};
		nanosleep(&pause, NULL);
		sqlite3_interrupt(db);
	}
	return NULL;
}

static void a_filter_that_rejects_every_line_of_an_endless_pipe_stops_when_interrupted(void **state)
{
	sqlite3 *db = *state;
	pthread_t writer, interrupter;
	char sql[256];
	sqlite3_stmt *stmt;

	assert_non_null(mkdtemp(dir));
	snprintf(fifo, sizeof(fifo), "%s/access.fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(pthread_create(&writer, NULL, write_lines, NULL), 0);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM access_log('%s') WHERE status = 999", fifo);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(pthread_create(&interrupter, NULL, interrupt_often, db), 0);
	int rc = sqlite3_step(stmt);
	atomic_store(&stop, true);
	assert_int_equal(pthread_join(interrupter, NULL), 0);
	sqlite3_finalize(stmt);
	assert_int_equal(pthread_join(writer, NULL), 0);
	unlink(fifo);
	rmdir(dir);
	assert_int_equal(rc, SQLITE_INTERRUPT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			a_filter_that_rejects_every_line_of_an_endless_pipe_stops_when_interrupted,
			open_db, close_db),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
