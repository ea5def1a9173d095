/*
 * Where access_log() reads from: compressed files of every kind it knows,
 * standard input, globs over folders that hold subfolders, files that
 * never end or say they are empty, and reads that a user interrupts.
 */
#define _GNU_SOURCE /* mkdtemp() */
#include <bzlib.h>
#include <lzma.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "extension_fixture.h"

static char dir[] = "/tmp/test_access_log_inputs.XXXXXX";

/* Three combined lines: the text every compressed file holds. */
static const char log_text[] =
	"192.0.2.1 - - [25/Nov/2026:23:42:16 +0000] \"GET /a HTTP/1.1\" 200 5 \"-\" \"curl/8.0\"\n"
	"192.0.2.2 - - [25/Nov/2026:23:42:17 +0000] \"GET /b HTTP/1.1\" 404 9 \"-\" \"curl/8.0\"\n"
	"192.0.2.3 - - [25/Nov/2026:23:42:18 +0000] \"POST /c HTTP/1.1\" 500 0 \"-\" \"curl/8.0\"\n";

static const char *expected_rows = "1|200|/a\n2|404|/b\n3|500|/c";

static int make_dir(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *path_in_dir(const char *name)
{
	static char path[4][256];
	static int next;
	char *p = path[next++ % 4];
	snprintf(p, sizeof(path[0]), "%s/%s", dir, name);
	return p;
}

static void write_file(const char *name, const void *data, size_t n)
{
	FILE *f = fopen(path_in_dir(name), "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* All rows of a query, columns joined by '|' and rows by '\n'. */
static char *rows_of(sqlite3 *db, const char *fmt, ...)
{
	static char out[8192];
	char sql[1024];
	va_list ap;
	sqlite3_stmt *stmt;
	size_t o = 0;
	int rc;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	out[0] = '\0';
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (o > 0)
			out[o++] = '\n';
		for (int i = 0; i < sqlite3_column_count(stmt); i++) {
			const unsigned char *t = sqlite3_column_text(stmt, i);
			o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s",
					      i ? "|" : "", t ? (const char *)t : "NULL");
		}
	}
	if (rc != SQLITE_DONE)
		snprintf(out + o, sizeof(out) - o, "%sERROR: %s", o ? "\n" : "",
			 sqlite3_errmsg(db));
	assert_int_equal(sqlite3_finalize(stmt), rc == SQLITE_DONE ? SQLITE_OK : rc);
	return out;
}

/* The compressed forms of a text, made with each library's one-shot API. */
static size_t gzip_at_level(int level, const char *text, size_t n, unsigned char *out, size_t cap)
{
	z_stream z = {0};
	assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)(uintptr_t)text;
	z.avail_in = (unsigned)n;
	z.next_out = out;
	z.avail_out = (unsigned)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	size_t len = cap - z.avail_out;
	assert_int_equal(deflateEnd(&z), Z_OK);
	return len;
}

static size_t gzip_of(const char *text, size_t n, unsigned char *out, size_t cap)
{
	return gzip_at_level(6, text, n, out, cap);
}

static size_t zstd_of(const char *text, size_t n, unsigned char *out, size_t cap)
{
	size_t len = ZSTD_compress(out, cap, text, n, 3);
	assert_false(ZSTD_isError(len));
	return len;
}

static size_t bzip2_of(const char *text, size_t n, unsigned char *out, size_t cap)
{
	unsigned len = (unsigned)cap;
	assert_int_equal(BZ2_bzBuffToBuffCompress((char *)out, &len, (char *)(uintptr_t)text,
						  (unsigned)n, 9, 0, 0), BZ_OK);
	return len;
}

static size_t xz_of(const char *text, size_t n, unsigned char *out, size_t cap)
{
	size_t len = 0;
	assert_int_equal(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL,
						 (const uint8_t *)text, n, out, &len, cap),
			 LZMA_OK);
	return len;
}

static const struct codec {
	const char *name;
	size_t (*compress)(const char *, size_t, unsigned char *, size_t);
} codecs[] = {
	{"gzip", gzip_of},
	{"zstd", zstd_of},
	{"bzip2", bzip2_of},
	{"xz", xz_of},
};

static void every_compressed_kind_is_read_by_its_magic_bytes_not_its_name(void **state)
{
	sqlite3 *db = *state;
	unsigned char packed[4096];

	for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
		size_t n = codecs[i].compress(log_text, strlen(log_text), packed, sizeof(packed));
		write_file(codecs[i].name, packed, n); /* no .gz/.zst/... suffix */
		assert_string_equal(rows_of(db, "SELECT rowid, status, path FROM access_log('%s')",
					    path_in_dir(codecs[i].name)),
				    expected_rows);
	}
}

static void concatenated_compressed_streams_read_as_one_text(void **state)
{
	sqlite3 *db = *state;
	unsigned char packed[8192];

	/* `cat a.gz b.gz`, pigz, pbzip2 and `xz` of several files all write
	 * several streams one after the other. */
	for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
		size_t n = codecs[i].compress(log_text, strlen(log_text), packed, sizeof(packed));
		n += codecs[i].compress(log_text, strlen(log_text), packed + n, sizeof(packed) - n);
		write_file("twice", packed, n);
		assert_string_equal(rows_of(db, "SELECT count(*), max(rowid), sum(status) "
						"FROM access_log('%s')", path_in_dir("twice")),
				    "6|6|2208");
	}
}

static void a_compressed_file_cut_short_gives_its_rows_then_an_error_naming_it(void **state)
{
	sqlite3 *db = *state;
	/* Enough text that its first lines come out before the cut. */
	size_t big = 20000 * (sizeof(log_text) - 1);
	char *text = malloc(big + 1);
	unsigned char *packed = malloc(big);
	char expected[512];
	assert_non_null(text);
	assert_non_null(packed);
	for (size_t o = 0; o < big; o += sizeof(log_text) - 1)
		memcpy(text + o, log_text, sizeof(log_text) - 1);

	for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
		size_t n = codecs[i].compress(text, big, packed, big);
		write_file("cut", packed, n * 2 / 3);
		const char *got = rows_of(db, "SELECT rowid FROM access_log('%s') WHERE rowid = 1",
					  path_in_dir("cut"));
		snprintf(expected, sizeof(expected),
			 "1\nERROR: access_log: cannot read '%s': %s data ends early (truncated file?)",
			 path_in_dir("cut"), codecs[i].name);
		assert_string_equal(got, expected);
		/* A resumed import skips the text before its offset, and meets
		 * the cut there. */
		got = rows_of(db, "SELECT rowid FROM access_log('%s') WHERE byte_offset > 1e9",
			      path_in_dir("cut"));
		assert_string_equal(got, strchr(expected, '\n') + 1);
	}
	free(text);
	free(packed);
}

static void corrupt_compressed_data_is_an_error_naming_the_file(void **state)
{
	sqlite3 *db = *state;
	unsigned char packed[4096];

	for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
		size_t n = codecs[i].compress(log_text, strlen(log_text), packed, sizeof(packed));
		for (size_t b = n / 3; b < n; b++)
			packed[b] ^= 0x5a;
		write_file("corrupt", packed, n);
		char *got = rows_of(db, "SELECT count(*) FROM access_log('%s')", path_in_dir("corrupt"));
		assert_non_null(strstr(got, "ERROR: access_log: cannot read '"));
		assert_non_null(strstr(got, "/corrupt'"));
	}
}

/* A file of one stream of log_text, then `after` (n bytes). */
static void write_stream_then(const char *name, const struct codec *codec, const void *after,
			      size_t n)
{
	unsigned char packed[4096];
	size_t len = codec->compress(log_text, strlen(log_text), packed, sizeof(packed));
	assert_true(len + n <= sizeof(packed));
	memcpy(packed + len, after, n);
	write_file(name, packed, len + n);
}

static void bytes_after_the_last_stream_are_an_error_after_its_rows(void **state)
{
	sqlite3 *db = *state;
	char expected[512];

	for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
		write_stream_then("trailing", &codecs[i], "garbage!", 8);
		snprintf(expected, sizeof(expected),
			 "%s\nERROR: access_log: cannot read '%s': %s data is followed by bytes "
			 "that are not %s",
			 expected_rows, path_in_dir("trailing"), codecs[i].name, codecs[i].name);
		assert_string_equal(rows_of(db, "SELECT rowid, status, path FROM access_log('%s')",
					    path_in_dir("trailing")),
				    expected);
	}
}

static void zero_bytes_between_and_after_streams_are_padding(void **state)
{
	sqlite3 *db = *state;
	unsigned char packed[8192];

	/* zstd is left out: its frames have no padding of zero bytes. */
	for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
		if (strcmp(codecs[i].name, "zstd") == 0)
			continue;
		size_t n = codecs[i].compress(log_text, strlen(log_text), packed, sizeof(packed));
		memset(packed + n, 0, 13); /* not a multiple of a block or a word */
		n += 13;
		n += codecs[i].compress(log_text, strlen(log_text), packed + n, sizeof(packed) - n);
		memset(packed + n, 0, 512);
		write_file("padded", packed, n + 512);
		assert_string_equal(rows_of(db, "SELECT count(*), sum(status) FROM access_log('%s')",
					    path_in_dir("padded")),
				    "6|2208");
	}
}

static void zstd_skippable_frames_are_no_text(void **state)
{
	sqlite3 *db = *state;
	unsigned char packed[4096];
	/* Magic 0x184D2A50 to 0x184D2A5F, little-endian, a 4-byte length and
	 * that many bytes: where the seekable format keeps its seek table. */
	static const unsigned char skippable[] = {0x5e, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 'a', 'b', 'c', 'd'};

	size_t n = zstd_of(log_text, strlen(log_text), packed, sizeof(packed));
	memcpy(packed + n, skippable, sizeof(skippable));
	n += sizeof(skippable);
	n += zstd_of(log_text, strlen(log_text), packed + n, sizeof(packed) - n);
	memcpy(packed + n, skippable, sizeof(skippable));
	write_file("seekable.zst", packed, n + sizeof(skippable));
	assert_string_equal(rows_of(db, "SELECT count(*), sum(status) FROM access_log('%s')",
				    path_in_dir("seekable.zst")),
			    "6|2208");
}

static void a_file_cut_in_the_magic_bytes_of_its_next_stream_is_cut_short(void **state)
{
	sqlite3 *db = *state;
	char expected[512];
	static const char *const first_bytes[] = {"\x1f", "\x28\xb5", "BZ", "\xfd" "7zX"};

	for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
		write_stream_then("cut_magic", &codecs[i], first_bytes[i], strlen(first_bytes[i]));
		snprintf(expected, sizeof(expected),
			 "%s\nERROR: access_log: cannot read '%s': %s data ends early (truncated file?)",
			 expected_rows, path_in_dir("cut_magic"), codecs[i].name);
		assert_string_equal(rows_of(db, "SELECT rowid, status, path FROM access_log('%s')",
					    path_in_dir("cut_magic")),
				    expected);
	}
}

static void a_gzip_error_names_the_file_and_what_zlib_found(void **state)
{
	sqlite3 *db = *state;
	unsigned char packed[4096];
	char expected[512];

	size_t n = gzip_of(log_text, strlen(log_text), packed, sizeof(packed));
	packed[2] = 7; /* the method byte: 8 is deflate, the only one */
	write_file("bad_method", packed, n);
	snprintf(expected, sizeof(expected),
		 "ERROR: access_log: cannot read '%s': corrupt gzip data (unknown compression method)",
		 path_in_dir("bad_method"));
	assert_string_equal(rows_of(db, "SELECT rowid FROM access_log('%s')", path_in_dir("bad_method")),
			    expected);
}

static void a_compressed_file_truncated_while_it_is_read_is_an_error_naming_it(void **state)
{
	sqlite3 *db = *state;
	/* Stored, not compressed: the file is as long as its text, more than
	 * the reader's first read, so it goes on reading after the cut. */
	size_t big = 40000 * (sizeof(log_text) - 1);
	char *text = malloc(big);
	unsigned char *packed = malloc(big + big / 8);
	char want[512];
	struct stat st;
	sqlite3_stmt *stmt;
	assert_non_null(text);
	assert_non_null(packed);
	for (size_t o = 0; o < big; o += sizeof(log_text) - 1)
		memcpy(text + o, log_text, sizeof(log_text) - 1);
	size_t n = gzip_at_level(0, text, big, packed, big + big / 8);
	write_file("shrinks.gz", packed, n);
	const char *path = path_in_dir("shrinks.gz");

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid, status FROM access_log(?1)", -1,
					    &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_bind_text(stmt, 1, path, -1, SQLITE_TRANSIENT), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(truncate(path, (off_t)(n * 5 / 6)), 0);
	assert_int_equal(stat(path, &st), 0);
	int rc, rows = 1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		rows++;
	assert_int_equal(rc, SQLITE_ERROR);
	assert_true(rows < 40000 * 3);
	snprintf(want, sizeof(want),
		 "access_log: cannot read '%s': file truncated while it was read "
		 "(from %zu to %lld bytes)", path, n, (long long)st.st_size);
	assert_string_equal(sqlite3_errmsg(db), want);
	sqlite3_finalize(stmt);
	free(text);
	free(packed);
}

/* Runs fn with standard input replaced by fd (closed when fd < 0). */
static char *with_stdin(int fd, sqlite3 *db, const char *sql)
{
	int saved = dup(STDIN_FILENO);
	assert_true(saved >= 0);
	if (fd >= 0)
		assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	else
		assert_int_equal(close(STDIN_FILENO), 0);
	char *got = rows_of(db, "%s", sql);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	assert_int_equal(close(saved), 0);
	return got;
}

static void a_dash_without_a_readable_standard_input_is_an_error_naming_it(void **state)
{
	sqlite3 *db = *state;

	/* `sqlite3 ... <&-`: no standard input at all. */
	assert_string_equal(with_stdin(-1, db, "SELECT count(*) FROM access_log('-')"),
			    "ERROR: access_log: cannot open '-': Bad file descriptor");
	/* Open, but for writing only. */
	int fd = open("/dev/null", O_WRONLY);
	assert_true(fd >= 0);
	assert_string_equal(with_stdin(fd, db, "SELECT count(*) FROM access_log('-')"),
			    "ERROR: access_log: cannot read '-': Bad file descriptor");
	assert_int_equal(close(fd), 0);
}

static void on_alarm(int sig)
{
	(void)sig;
}

struct slow_writer {
	int fd;
	const char *text;
};

/* Half the text, a pause the reader spends blocked in read(2), the rest. */
static void *write_slowly(void *arg)
{
	struct slow_writer *w = arg;
	size_t n = strlen(w->text), half = n / 2;
	struct timespec pause = {0, 400 * 1000 * 1000};
	if (write(w->fd, w->text, half) != (ssize_t)half)
		return "write";
	nanosleep(&pause, NULL);
	if (write(w->fd, w->text + half, n - half) != (ssize_t)(n - half))
		return "write";
	return close(w->fd) == 0 ? NULL : "close";
}

static void a_read_interrupted_by_a_signal_goes_on(void **state)
{
	sqlite3 *db = *state;
	int fds[2];
	pthread_t thread;
	sigset_t alarm_only, old;
	struct sigaction on = {0}, was;
	struct itimerval soon = {{0, 0}, {0, 100 * 1000}};
	void *failed;

	/* No SA_RESTART: the blocked read(2) returns EINTR. */
	on.sa_handler = on_alarm;
	assert_int_equal(sigaction(SIGALRM, &on, &was), 0);
	assert_int_equal(pipe(fds), 0);
	/* The signal goes to this thread, the one that reads. */
	sigemptyset(&alarm_only);
	sigaddset(&alarm_only, SIGALRM);
	assert_int_equal(pthread_sigmask(SIG_BLOCK, &alarm_only, &old), 0);
	struct slow_writer w = {fds[1], log_text};
	assert_int_equal(pthread_create(&thread, NULL, write_slowly, &w), 0);
	assert_int_equal(pthread_sigmask(SIG_SETMASK, &old, NULL), 0);
	assert_int_equal(setitimer(ITIMER_REAL, &soon, NULL), 0);

	char *got = with_stdin(fds[0], db, "SELECT rowid, status, path FROM access_log('-')");
	assert_int_equal(pthread_join(thread, &failed), 0);
	assert_null(failed);
	assert_int_equal(close(fds[0]), 0);
	assert_int_equal(sigaction(SIGALRM, &was, NULL), 0);
	assert_string_equal(got, expected_rows);
}

/* n bytes of 'x', then `after`. */
static void write_long_line(const char *name, size_t n, const char *after)
{
	char *text = malloc(n + strlen(after));
	assert_non_null(text);
	memset(text, 'x', n);
	memcpy(text + n, after, strlen(after));
	write_file(name, text, n + strlen(after));
	free(text);
}

static void a_line_over_the_limit_is_cut_whether_or_not_its_end_was_read_with_it(void **state)
{
	sqlite3 *db = *state;
	const char *cut = "line too long: over the limit of 1048576 bytes; "
			  "line holds its first 1048576 bytes";
	char expected[512];

	/* 1.5 MiB: its newline is in the reader's first read. */
	const char *next = "192.0.2.9 - - [25/Nov/2026:23:42:16 +0000] "
			   "\"GET /after HTTP/1.1\" 200 5 \"-\" \"ua\"";
	char after[256];
	snprintf(after, sizeof(after), "\n%s\n", next);
	write_long_line("long.log", 1536 * 1024, after);
	snprintf(expected, sizeof(expected), "1|1048576|%s|NULL\n2|%zu|NULL|/after", cut,
		 strlen(next));
	assert_string_equal(rows_of(db, "SELECT rowid, length(line), error, path "
					"FROM access_log('%s')", path_in_dir("long.log")),
			    expected);
	/* 1.5 MiB and no newline: the file ends in the part that is skipped. */
	write_long_line("long.log", 1536 * 1024, "");
	snprintf(expected, sizeof(expected), "1|1048576|%s", cut);
	assert_string_equal(rows_of(db, "SELECT rowid, length(line), error FROM access_log('%s')",
				    path_in_dir("long.log")),
			    expected);
}

static void a_dash_reads_standard_input(void **state)
{
	sqlite3 *db = *state;
	int fds[2];
	unsigned char packed[4096];
	int saved = dup(STDIN_FILENO);
	assert_true(saved >= 0);

	/* Plain, then compressed, as `zcat x.gz | sqlite3 ...` and
	 * `cat x.zst | sqlite3 ...` would give it. */
	for (int compressed = 0; compressed < 2; compressed++) {
		assert_int_equal(pipe(fds), 0);
		size_t n = compressed ? zstd_of(log_text, strlen(log_text), packed, sizeof(packed))
				      : strlen(log_text);
		assert_int_equal(write(fds[1], compressed ? (const void *)packed : log_text, n),
				 (ssize_t)n);
		assert_int_equal(close(fds[1]), 0);
		assert_int_equal(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
		assert_int_equal(close(fds[0]), 0);
		assert_string_equal(rows_of(db, "SELECT rowid, status, path FROM access_log('-')"),
				    expected_rows);
	}
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	assert_int_equal(close(saved), 0);
}

static void a_glob_leaves_out_the_folders_it_matches(void **state)
{
	sqlite3 *db = *state;
	char pattern[300];

	assert_int_equal(mkdir(path_in_dir("logs"), 0755), 0);
	assert_int_equal(mkdir(path_in_dir("logs/old"), 0755), 0);
	write_file("logs/access.log", log_text, strlen(log_text));
	snprintf(pattern, sizeof(pattern), "%s/*", path_in_dir("logs"));
	assert_string_equal(rows_of(db, "SELECT count(*), count(DISTINCT file) FROM access_log('%s')",
				    pattern),
			    "3|1");
	/* A pattern that matches only folders matches no file. */
	snprintf(pattern, sizeof(pattern), "%s/o*", path_in_dir("logs"));
	char expected[512];
	snprintf(expected, sizeof(expected), "ERROR: access_log: no file matches '%s'", pattern);
	assert_string_equal(rows_of(db, "SELECT count(*) FROM access_log('%s')", pattern), expected);
}

static void a_line_that_never_ends_gives_its_first_row_at_the_limit(void **state)
{
	sqlite3 *db = *state;

	/* /dev/zero is one endless line of NUL bytes. */
	assert_string_equal(
		rows_of(db, "SELECT rowid, length(line), typeof(line), error "
			    "FROM access_log('/dev/zero') LIMIT 1"),
		"1|1048576|blob|line too long: over the limit of 1048576 bytes; "
		"line holds its first 1048576 bytes");
}

static sqlite3 *db_to_interrupt;

static void *interrupt_soon(void *arg)
{
	(void)arg;
	struct timespec pause = {0, 200 * 1000 * 1000};
	nanosleep(&pause, NULL);
	sqlite3_interrupt(db_to_interrupt);
	return NULL;
}

static void an_endless_read_stops_when_interrupted(void **state)
{
	sqlite3 *db = *state;
	pthread_t thread;
	struct timespec start, end;

	db_to_interrupt = db;
	assert_int_equal(pthread_create(&thread, NULL, interrupt_soon, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &start);
	int rc = sqlite3_exec(db, "SELECT count(*) FROM access_log('/dev/zero')", NULL, NULL, NULL);
	clock_gettime(CLOCK_MONOTONIC, &end);
	assert_int_equal(pthread_join(thread, NULL), 0);
	assert_int_equal(rc, SQLITE_INTERRUPT);
	/* Generous for a loaded machine: without the check it never ends. */
	double seconds = (double)(end.tv_sec - start.tv_sec) +
			 (double)(end.tv_nsec - start.tv_nsec) / 1e9;
	assert_true(seconds < 10.0);
}

static void a_file_that_says_it_is_empty_but_has_lines_is_read_as_a_stream(void **state)
{
	sqlite3 *db = *state;
	struct stat st;

	/* procfs reports 0 bytes for files that have content. */
	if (stat("/proc/self/mounts", &st) != 0 || st.st_size != 0)
		skip();
	assert_string_equal(rows_of(db, "SELECT count(*) > 0 FROM access_log('/proc/self/mounts')"),
			    "1");
}

static void append_text(const char *name, const char *text)
{
	FILE *f = fopen(path_in_dir(name), "ab");
	assert_non_null(f);
	assert_int_not_equal(fputs(text, f), EOF);
	assert_int_equal(fclose(f), 0);
}

/* The README's incremental import, for one file. */
static void import(sqlite3 *db, const char *name)
{
	char sql[1024];
	const char *path = path_in_dir(name);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO hits SELECT inode, byte_offset, status, path FROM access_log('%s') "
		 "WHERE byte_offset > (SELECT coalesce(max(byte_offset), -1) FROM hits "
		 "WHERE inode = (SELECT inode FROM access_log('%s') LIMIT 1))",
		 path, path);
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
}

#define LINE(n, status) \
	"192.0.2." #n " - - [25/Nov/2026:23:42:16 +0000] \"GET /" #n " HTTP/1.1\" " #status " 5 \"-\" \"ua\"\n"

static void a_resumed_import_takes_each_appended_line_once_across_a_rotation(void **state)
{
	sqlite3 *db = *state;

	assert_int_equal(sqlite3_exec(db, "CREATE TABLE hits(inode, byte_offset, status, path)",
				      NULL, NULL, NULL), SQLITE_OK);
	/* The writer is in the middle of line 4. */
	write_file("app.log", LINE(1, 200) LINE(2, 200) LINE(3, 404) "192.0.2.4 - - [25/Nov/2026",
		   strlen(LINE(1, 200) LINE(2, 200) LINE(3, 404) "192.0.2.4 - - [25/Nov/2026"));
	import(db, "app.log");
	assert_string_equal(rows_of(db, "SELECT group_concat(path) FROM hits"), "/1,/2,/3");
	/* A line that does not parse is a row like the others. */
	append_text("app.log", ":23:42:16 +0000] \"GET /4 HTTP/1.1\" 200 5 \"-\" \"ua\"\nnot a log line\n");
	import(db, "app.log");
	assert_string_equal(rows_of(db, "SELECT count(*), count(path) FROM hits"), "5|4");
	assert_int_equal(sqlite3_exec(db, "DELETE FROM hits WHERE path IS NULL", NULL, NULL, NULL), SQLITE_OK);

	append_text("app.log", LINE(5, 500));
	import(db, "app.log");
	import(db, "app.log"); /* nothing new: nothing twice */
	assert_string_equal(rows_of(db, "SELECT group_concat(path) FROM hits"), "/1,/2,/3,/4,/5");

	/* logrotate renames the file; the server writes one more line to it
	 * before it reopens, then writes to a new file of the old name. */
	char from[300], to[300];
	snprintf(from, sizeof(from), "%s", path_in_dir("app.log"));
	snprintf(to, sizeof(to), "%s", path_in_dir("app.log.1"));
	assert_int_equal(rename(from, to), 0);
	append_text("app.log.1", LINE(6, 200));
	write_file("app.log", LINE(7, 200) LINE(8, 503), strlen(LINE(7, 200) LINE(8, 503)));
	import(db, "app.log.1");
	import(db, "app.log");
	assert_string_equal(rows_of(db, "SELECT group_concat(path), count(DISTINCT inode) FROM hits"),
			    "/1,/2,/3,/4,/5,/6,/7,/8|2");
	assert_int_equal(sqlite3_exec(db, "DROP TABLE hits", NULL, NULL, NULL), SQLITE_OK);
}

static void lines_before_a_byte_offset_are_skipped_but_keep_their_line_numbers(void **state)
{
	sqlite3 *db = *state;
	char path[300];
	snprintf(path, sizeof(path), "%s", path_in_dir("offsets.log"));
	write_file("offsets.log", log_text, strlen(log_text));

	const char *all = "1|0\n2|82\n3|164";
	assert_string_equal(rows_of(db, "SELECT rowid, byte_offset FROM access_log('%s')", path), all);
	/* Pushed down or checked by SQLite (+), the same rows. */
	for (int plus = 0; plus < 2; plus++) {
		const char *col = plus ? "+byte_offset" : "byte_offset";
		assert_string_equal(rows_of(db, "SELECT rowid, byte_offset FROM access_log('%s') "
						"WHERE %s > 82", path, col), "3|164");
		assert_string_equal(rows_of(db, "SELECT rowid, byte_offset FROM access_log('%s') "
						"WHERE %s >= 82", path, col), "2|82\n3|164");
		assert_string_equal(rows_of(db, "SELECT rowid FROM access_log('%s') "
						"WHERE %s > 81.5", path, col), "2\n3");
		assert_string_equal(rows_of(db, "SELECT count(*) FROM access_log('%s') "
						"WHERE %s > 1e30", path, col), "0");
		assert_string_equal(rows_of(db, "SELECT count(*) FROM access_log('%s') "
						"WHERE %s > -5", path, col), "3");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_compressed_kind_is_read_by_its_magic_bytes_not_its_name),
		cmocka_unit_test(concatenated_compressed_streams_read_as_one_text),
		cmocka_unit_test(a_compressed_file_cut_short_gives_its_rows_then_an_error_naming_it),
		cmocka_unit_test(corrupt_compressed_data_is_an_error_naming_the_file),
		cmocka_unit_test(bytes_after_the_last_stream_are_an_error_after_its_rows),
		cmocka_unit_test(zero_bytes_between_and_after_streams_are_padding),
		cmocka_unit_test(zstd_skippable_frames_are_no_text),
		cmocka_unit_test(a_file_cut_in_the_magic_bytes_of_its_next_stream_is_cut_short),
		cmocka_unit_test(a_gzip_error_names_the_file_and_what_zlib_found),
		cmocka_unit_test(a_compressed_file_truncated_while_it_is_read_is_an_error_naming_it),
		cmocka_unit_test(a_dash_without_a_readable_standard_input_is_an_error_naming_it),
		cmocka_unit_test(a_read_interrupted_by_a_signal_goes_on),
		cmocka_unit_test(a_line_over_the_limit_is_cut_whether_or_not_its_end_was_read_with_it),
		cmocka_unit_test(a_dash_reads_standard_input),
		cmocka_unit_test(a_glob_leaves_out_the_folders_it_matches),
		cmocka_unit_test(a_line_that_never_ends_gives_its_first_row_at_the_limit),
		cmocka_unit_test(an_endless_read_stops_when_interrupted),
		cmocka_unit_test(a_file_that_says_it_is_empty_but_has_lines_is_read_as_a_stream),
		cmocka_unit_test(a_resumed_import_takes_each_appended_line_once_across_a_rotation),
		cmocka_unit_test(lines_before_a_byte_offset_are_skipped_but_keep_their_line_numbers),
	};
	int failed;

	if (make_dir(NULL) != 0)
		return 1;
	failed = cmocka_run_group_tests(tests, open_db, close_db);
	return remove_dir(NULL) != 0 || failed;
}
