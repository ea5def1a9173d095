/*
 * JSON lines when memory runs out (src/access_log/syntax_json.c): the N-th
 * allocation fails, for every N through a workload that allocates in each
 * place the JSON reader does:
 *
 *   compile a mapping and a schema's keys; open a log; read a Docker
 *   record (its line is unescaped into a buffer the log keeps); take extra,
 *   time and an escaped user agent, each into a new scratch buffer.
 *
 * For every N, in two modes (only the N-th allocation fails; the N-th and
 * all after it fail), each step gives what it gives with memory to spare
 * or says AL_NOMEM, and a step after a failure still works or says
 * AL_NOMEM too. N goes up until a run meets no failure. The AddressSanitizer
 * and valgrind runs of this test see any block left or freed twice.
 *
 * The parser allocates with malloc(3), which fails on demand
 * (tests/failing_heap.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "access_log.h"
#include "failing_heap.h"
#include "syntax_json.h"

/* The workload ------------------------------------------------------------ */

enum { COMPILE_MAPPING, COMPILE_SCHEMA, OPEN, PARSE, EXTRA, TIME, USER_AGENT, STEPS };

static const char *const STEP[STEPS] = {
	"compile a mapping", "compile caddy", "open", "parse a Docker record",
	"extra", "time", "user_agent",
};

/* What each step gave: "NOMEM", or its code and value. */
struct outcome {
	char step[STEPS][AL_ERR_MAX + 16];
};

static void value(struct outcome *o, int step, const struct al_format *f,
		  const struct al_row *row, enum al_col col)
{
	struct al_buf scratch = { 0 };
	struct al_value v = { .type = AL_NULL };
	int rc = al_value(f, row, col, &scratch, &v);

	if (rc == AL_NOMEM)
		snprintf(o->step[step], sizeof(o->step[step]), "NOMEM");
	else
		snprintf(o->step[step], sizeof(o->step[step]), "%d %.*s", rc,
			 v.type == AL_TEXT ? (int)v.n : 4, v.type == AL_TEXT ? v.s : "NULL");
	al_buf_free(&scratch);
}

static void run(struct outcome *o)
{
	static const char docker[] =
		"{\"log\":\"{\\\"time_iso8601\\\":\\\"2026-11-25T23:42:16+00:00\\\","
		"\\\"status\\\":\\\"200\\\",\\\"http_user_agent\\\":\\\"a \\\\\\\"b\\\\\\\"\\\","
		"\\\"upstream\\\":\\\"10.0.0.1\\\"}\\n\",\"stream\":\"stdout\","
		"\"time\":\"2026-11-25T23:42:16.1Z\"}";
	struct al_format *f = NULL;
	struct al_log *log = NULL;
	struct al_row row;
	char err[AL_ERR_MAX];
	int rc;

	memset(o, 0, sizeof(*o));
	rc = al_json_compile("{\"status\": \"$.code\", \"request\": \"req\"}", &f, err, sizeof(err));
	snprintf(o->step[COMPILE_MAPPING], sizeof(o->step[0]), "%s",
		 rc == AL_NOMEM ? "NOMEM" : rc == AL_OK ? al_format_kind(f) : err);
	al_format_free(f);
	f = NULL;
	rc = al_json_compile("caddy", &f, err, sizeof(err));
	snprintf(o->step[COMPILE_SCHEMA], sizeof(o->step[0]), "%s",
		 rc == AL_NOMEM ? "NOMEM" : rc == AL_OK ? al_format_kind(f) : err);
	al_format_free(f);

	rc = al_log_open(&log, "nginx_json", err, sizeof(err));
	snprintf(o->step[OPEN], sizeof(o->step[0]), "%s", rc == AL_NOMEM ? "NOMEM" : "0");
	if (rc != AL_OK)
		return;
	memset(&row, 0, sizeof(row));
	rc = al_log_parse(log, docker, strlen(docker), &row);
	snprintf(o->step[PARSE], sizeof(o->step[0]), "%s",
		 rc == AL_NOMEM ? "NOMEM" : row.error ? row.error : "0");
	if (rc == 0) {
		value(o, EXTRA, al_log_format(log), &row, AL_EXTRA);
		value(o, TIME, al_log_format(log), &row, AL_TIME);
		value(o, USER_AGENT, al_log_format(log), &row, AL_USER_AGENT);
	}
	al_log_free(log);
}

static void test_every_allocation_may_fail(void **state)
{
	(void)state;
	struct outcome want, got;

	failing_heap_arm(0, false);
	run(&want);
	/* What the workload gives with memory to spare. */
	assert_string_equal(want.step[COMPILE_MAPPING], "json mapping");
	assert_string_equal(want.step[COMPILE_SCHEMA], "json");
	assert_string_equal(want.step[PARSE], "0");
	assert_string_equal(want.step[EXTRA], "0 {\"upstream\":\"10.0.0.1\"}");
	assert_string_equal(want.step[TIME], "0 2026-11-25T23:42:16+00:00");
	assert_string_equal(want.step[USER_AGENT], "0 a \"b\"");

	for (int persistent = 0; persistent <= 1; persistent++) {
		long n = 1;
		for (;; n++) {
			failing_heap_arm(n, persistent);
			run(&got);
			failing_heap.fail_at = 0; /* injected stays */
			if (failing_heap.injected == 0)
				break;
			for (int s = 0; s < STEPS; s++)
				if (strcmp(got.step[s], want.step[s]) != 0 &&
				    strcmp(got.step[s], "NOMEM") != 0 && got.step[s][0] != '\0')
					fail_msg("allocation %ld%s failing: %s gave '%s', not '%s'",
						 n, persistent ? " and after" : "", STEP[s],
						 got.step[s], want.step[s]);
		}
		/* Each allocation of the workload was made to fail once. */
		assert_true(n > 6);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_allocation_may_fail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
