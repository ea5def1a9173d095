/*
 * access_log() at its edges, through SQL: every Apache directive and nginx
 * parameter the reader knows, format strings it must refuse (each with an
 * error that names the problem), times in every notation, UTF-8 it must
 * refuse, and every escape the servers write. Each test writes its own small
 * log.
 */
#define _GNU_SOURCE /* mkdtemp() */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bzlib.h>
#include <cmocka.h>
#include <lzma.h>
#include <sqlite3.h>
#include <zlib.h>

#include "extension_fixture.h"

static char dir[] = "/tmp/test_access_log_edges.XXXXXX";
static char path[64];

/* The rows of `SELECT <columns> FROM access_log(<the log>, format)` over a
 * log holding content: columns joined by '|', rows by '\n', NULL as NULL. A
 * failing query fails the test. */
static char *read_log(sqlite3 *db, const char *content, const char *columns, const char *format)
{
	static char out[8192];
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, strlen(content), f), strlen(content));
	assert_int_equal(fclose(f), 0);

	char *sql = sqlite3_mprintf("SELECT %s FROM access_log(?1, ?2)", columns);
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_free(sql);
	assert_int_equal(sqlite3_bind_text(stmt, 1, path, -1, SQLITE_STATIC), SQLITE_OK);
	assert_int_equal(sqlite3_bind_text(stmt, 2, format, -1, SQLITE_STATIC), SQLITE_OK);
	size_t o = 0;
	int rc;
	out[0] = '\0';
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(stmt); i++) {
			const unsigned char *t = sqlite3_column_text(stmt, i);
			o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s",
			                      i ? "|" : (o ? "\n" : ""), t ? (const char *)t : "NULL");
		}
	}
	if (rc != SQLITE_DONE)
		fail_msg("format %s: %s", format, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_finalize(stmt), SQLITE_OK);
	return out;
}

/* The error of reading any log in format. */
static const char *format_error(sqlite3 *db, const char *format)
{
	static char msg[512];
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM access_log('/dev/null', ?1)",
	                                    -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_bind_text(stmt, 1, format, -1, SQLITE_STATIC), SQLITE_OK);
	int rc = sqlite3_step(stmt);
	snprintf(msg, sizeof(msg), "%s", sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ERROR)
		fail_msg("format %s: no error", format);
	return msg;
}

static int set_up(void **state)
{
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/access.log", dir);
	return open_db(state);
}

static int tear_down(void **state)
{
	unlink(path);
	rmdir(dir);
	return close_db(state);
}

/* ---- Apache ------------------------------------------------------------ */

static void apache_headers_cookies_environment_notes_and_ports_go_to_extra(void **state)
{
	assert_string_equal(
		read_log(*state,
		         "h.example ab=1 /usr/bin 7 [25/Nov/2026:23:42:16 +0000] 10.0.0.1 443 8443 %x 25/Nov\n",
		         "vhost, time, remote_addr, extra, error",
		         "%{Host}i %{sess}C %{PATH}e %{note}n %t %{c}a %p %{remote}p %%x %{%d/%b}t"),
		"h.example|2026-11-25T23:42:16+00:00|NULL|"
		"{\"cookie_sess\":\"ab=1\",\"env_path\":\"/usr/bin\",\"note_note\":\"7\","
		"\"realip_remote_addr\":\"10.0.0.1\",\"server_port\":\"443\","
		"\"server_port_remote\":\"8443\",\"time\":\"25/Nov\"}|NULL");
	/* mod_ssl's variables keep their name, in lower case. */
	assert_string_equal(read_log(*state, "TLSv1.3 TLS_AES_128_GCM_SHA256 200\n", "status, extra",
				     "%{SSL_PROTOCOL}x %{SSL_CIPHER}x %>s"),
			    "200|{\"ssl_protocol\":\"TLSv1.3\",\"ssl_cipher\":\"TLS_AES_128_GCM_SHA256\"}");
}

static void apache_unix_times_fill_the_time_column(void **state)
{
	/* %{sec}t, %{msec}t and %{usec}t, with or without begin: or end:, are
	 * seconds since 1970 in UTC; their digits past the second are the
	 * fraction. A second time field keeps its text in extra. */
	assert_string_equal(read_log(*state, "1764114136 200\n", "time, epoch, status", "%{sec}t %>s"),
			    "2025-11-25T23:42:16+00:00|1764114136.0|200");
	assert_string_equal(read_log(*state, "1764114136123 200\n", "time, epoch", "%{begin:msec}t %>s"),
			    "2025-11-25T23:42:16.123+00:00|1764114136.123");
	assert_string_equal(read_log(*state, "1764114136000250 200\n", "time", "%{end:usec}t %>s"),
			    "2025-11-25T23:42:16.000250+00:00");
	assert_string_equal(read_log(*state, "123 200\n1764114136.5 200\n17641x4136123 200\n-1 200\n", "time, error",
				     "%{msec}t %>s"),
			    "NULL|time_msec is not a time: '123'\n"
			    "NULL|time_msec is not a time: '1764114136.5'\n"
			    "NULL|time_msec is not a time: '17641x4136123'\n"
			    "NULL|time_msec is not a time: '-1'");
	/* A strftime format stays text, in extra. */
	assert_string_equal(read_log(*state, "2025-11-25 200\n", "time, extra", "%{begin:%Y-%m-%d}t %>s"),
			    "NULL|{\"time\":\"2025-11-25\"}");
}

static void apache_times_taken_in_seconds_milliseconds_and_microseconds(void **state)
{
	/* The first of them is request_time; the others keep their value. */
	assert_string_equal(
		read_log(*state, "GET /p ?q=1 1500 2500000 3 1.2.3.4\n",
		         "method, path, request_time, remote_addr, extra, error",
		         "%m %U %q %{ms}T %{us}T %T %a"),
		"GET|/p?q=1|1.5|1.2.3.4|{\"request_time_us\":\"2500000\",\"request_time\":\"3\"}|NULL");
	assert_string_equal(read_log(*state, "2500000\n-\n12x\n", "request_time, error", "%D"),
	                    "2.5|NULL\n"
	                    "NULL|NULL\n"
	                    "NULL|request_time_us is not a number: '12x'");
	assert_string_equal(read_log(*state, "2500\n", "request_time", "%{us}T"), "0.0025");
}

static void apache_path_and_query_written_together(void **state)
{
	/* %U%q: no separator, the query starts with '?' or is empty. */
	assert_string_equal(read_log(*state, "/p?q=1 200\n/p 404\n", "path, status, error", "%U%q %>s"),
	                    "/p?q=1|200|NULL\n/p|404|NULL");
	/* With a separator the query joins the path; '-' is no query. */
	assert_string_equal(read_log(*state, "/a ?x=1\n/a -\n/a x=1\n", "path, error", "%U %q"),
	                    "/a?x=1|NULL\n/a|NULL\n/a?x=1|NULL");
}

static void apache_formats_that_cannot_be_read_are_errors_naming_the_problem(void **state)
{
	sqlite3 *db = *state;
	assert_string_equal(format_error(db, "%h %Z"), "access_log: unknown Apache directive '%Z'");
	assert_string_equal(format_error(db, "%h %{X-Forwarded-For"),
	                    "access_log: unclosed '%{' in Apache format");
	assert_string_equal(format_error(db, "%h %"), "access_log: Apache format ends after '%'");
	assert_string_equal(format_error(db, "100%% done"), "access_log: Apache format names no field");
	char format[256];
	memset(format, 'x', sizeof(format));
	memcpy(format, "%{", 2);
	memcpy(format + sizeof(format) - 3, "}i", 3);
	assert_string_equal(format_error(db, format),
	                    "access_log: Apache directive argument too long");
}

/* ---- nginx ------------------------------------------------------------- */

static void nginx_escape_parameters(void **state)
{
	/* default and json decode backslash escapes; none keeps every byte. */
	const char *line = "\"a\\x22b\" 200\n";
	assert_string_equal(read_log(*state, line, "user_agent", "escape=default \"$http_user_agent\" $status"),
	                    "a\"b");
	assert_string_equal(read_log(*state, line, "user_agent", "escape=none \"$http_user_agent\" $status"),
	                    "a\\x22b");
	assert_string_equal(format_error(*state, "escape=bogus $remote_addr"),
	                    "access_log: unknown nginx parameter 'escape=bogus'");
}

static void nginx_formats_that_cannot_be_read_are_errors_naming_the_problem(void **state)
{
	sqlite3 *db = *state;
	assert_string_equal(format_error(db, "$remote_addr $"),
	                    "access_log: '$' without a variable name in format");
	assert_string_equal(format_error(db, "escape=json"),
	                    "access_log: unknown format 'escape=json': use the name of one (see the "
	                    "README), w3c, an nginx log_format or an Apache LogFormat string, "
	                    "or a JSON mapping");
	char format[1024] = "";
	for (int i = 1; i <= 65; i++)
		snprintf(format + strlen(format), sizeof(format) - strlen(format), "$v%d ", i);
	assert_string_equal(format_error(db, format), "access_log: format has more than 64 fields");
}

static void a_second_request_or_query_field_goes_to_extra(void **state)
{
	assert_string_equal(
		read_log(*state, "GET /a HTTP/1.1|POST /b HTTP/1.0|x|y\n", "method, path, protocol, extra, error",
		         "$request|$request|$query_string|$args"),
		"GET|/a|HTTP/1.1|{\"request\":\"POST /b HTTP/1.0\",\"query_string\":\"x\",\"args\":\"y\"}|NULL");
}

/* ---- Times ------------------------------------------------------------- */

static void iso_8601_times_with_fraction_zulu_or_offset(void **state)
{
	assert_string_equal(
		read_log(*state,
		         "2026-11-25T23:42:16.123+05:30 1\n"
		         "2026-11-25T23:42:16Z 2\n"
		         "2026-11-25T23:42:16+0530 3\n"
		         "2026-11-25T23:42:16+05:60 4\n"
		         "2026-11-2XT23:42:16Z 5\n"
		         "2026-11-25 6\n",
		         "rowid, time, datetime(time), error", "$time_iso8601 $status"),
		"1|2026-11-25T23:42:16.123+05:30|2026-11-25 18:12:16|NULL\n"
		"2|2026-11-25T23:42:16+00:00|2026-11-25 23:42:16|NULL\n"
		"3|NULL|NULL|time_iso8601 is not a time: '2026-11-25T23:42:16+0530'\n"
		"4|NULL|NULL|time_iso8601 is not a time: '2026-11-25T23:42:16+05:60'\n"
		"5|NULL|NULL|time_iso8601 is not a time: '2026-11-2XT23:42:16Z'\n"
		"6|NULL|NULL|time_iso8601 is not a time: '2026-11-25'");
}

static void w3c_dates_and_times_apart_and_fields_lines_that_name_nothing(void **state)
{
	assert_string_equal(
		read_log(*state,
		         "#Fields:\n"
		         "#Fields: date cs-uri-stem\n"
		         "2026-11-25 /a\n"
		         "2026-13-25 /b\n"
		         "#Fields: time cs-uri-stem\n"
		         "10:00:00 /c\n"
		         "1X:00:00 /d\n"
		         "#Fields: date time sc-status\n"
		         "2026-11-25 10:00:00.5 200\n",
		         "rowid, time, path, status, error", "w3c"),
		"1|NULL|NULL|NULL|bad #Fields: line: #Fields: line names no field\n"
		"2|NULL|NULL|NULL|NULL\n"
		/* A date alone is not a time of day, nor a time without its date. */
		"3|NULL|/a|NULL|NULL\n"
		"4|NULL|NULL|NULL|date is not a date: '2026-13-25'\n"
		"5|NULL|NULL|NULL|NULL\n"
		"6|NULL|/c|NULL|NULL\n"
		"7|NULL|NULL|NULL|time is not a time: '1X:00:00'\n"
		"8|NULL|NULL|NULL|NULL\n"
		"9|2026-11-25T10:00:00.5+00:00|NULL|200|NULL");
}

/* ---- Bytes ------------------------------------------------------------- */

static void utf8_that_rfc_3629_forbids_makes_the_line_a_blob(void **state)
{
	assert_string_equal(
		read_log(*state,
		         "a \xc3\xa9\n"         /* 2 bytes */
		         "b \xe0\x80\x80\n"     /* overlong 3 */
		         "c \xed\xa0\x80\n"     /* a surrogate */
		         "d \xf0\x80\x80\x80\n" /* overlong 4 */
		         "e \xf4\x90\x80\x80\n" /* above U+10FFFF */
		         "f \xf0\x9f\x98\x80\n" /* 4 bytes */
		         "g \xc0\xaf\n"         /* overlong 2 */
		         "h \xf5\x80\x80\x80\n" /* no such lead byte */
		         "i \xe2\x82\n"         /* cut short */
		         "j \xf4\x8f\xbf\xbf\n" /* U+10FFFF */
		         "k \xe2\x28\xa1\n",    /* a bad continuation */
		         "rowid, typeof(line), coalesce(error, hex(remote_user))", "$remote_addr $remote_user"),
		"1|text|C3A9\n"
		"2|blob|invalid UTF-8 at offset 2\n"
		"3|blob|invalid UTF-8 at offset 2\n"
		"4|blob|invalid UTF-8 at offset 2\n"
		"5|blob|invalid UTF-8 at offset 2\n"
		"6|text|F09F9880\n"
		"7|blob|invalid UTF-8 at offset 2\n"
		"8|blob|invalid UTF-8 at offset 2\n"
		"9|blob|invalid UTF-8 at offset 2\n"
		"10|text|F48FBFBF\n"
		"11|blob|invalid UTF-8 at offset 2");
}

static void every_escape_apache_writes_is_decoded_and_broken_ones_kept(void **state)
{
	/* \n \r \b \f \v \/ \\ \" decoded; \q, a bad \x, a lone surrogate, a
	 * short \u and a cut \x kept as written; \u00e9 is UTF-8. */
	assert_string_equal(
		read_log(*state,
		         "1 \"a\\nb\\rc\\bd\\fe\\vf\\/g\\\\h\\\"i\\qj\\xZZk\\u00e9l\\ud800m\\u12n\\x4\\u20ac\" end\\\n",
		         "hex(user_agent), extra, error", "%h \"%{User-agent}i\" %{x}o"),
		"610A620D6308640C650B662F675C6822695C716A5C785A5A6BC3A96C5C75643830306D5C7531326E5C7834"
		"E282AC|"
		"{\"sent_http_x\":\"end\\\\\"}|NULL");
}

static void a_value_that_decodes_to_invalid_utf8_is_a_blob_in_a_text_line(void **state)
{
	assert_string_equal(read_log(*state, "1 \"\\xff\\xfe\"\n",
	                             "typeof(user_agent), hex(user_agent), typeof(line), error",
	                             "$status \"$http_user_agent\""),
	                    "blob|FFFE|text|NULL");
}

/* ---- Lines that do not fit their format -------------------------------- */

static void lines_that_do_not_fit_a_custom_format_say_where(void **state)
{
	assert_string_equal(
		read_log(*state,
		         "[x] 200\n"
		         "x\n"
		         "[25/Nov/2026:23:42:16 +0000 200\n"
		         "\n"
		         "[25/Nov/2026:23:42:16 +0000] 12345678901234567890\n",
		         "rowid, status, error", "[$time_local] $status"),
		"1|NULL|time_local is not a time: 'x'\n"
		"2|NULL|line does not start with '['\n"
		"3|NULL|expected '] ' after time_local\n"
		"4|NULL|empty line\n"
		"5|NULL|status is not a number: '12345678901234567890'");
	assert_string_equal(read_log(*state, "200;\n200\n", "rowid, status, error", "$status;"),
	                    "1|200|NULL\n2|NULL|line does not end with ';' after status");
	/* A quote after an odd run of backslashes is inside the value. */
	assert_string_equal(read_log(*state, "\"a\\\\\\\"b\" 1\n", "user_agent, status, error",
	                             "\"$http_user_agent\" $status"),
	                    "a\\\"b|1|NULL");
	assert_string_equal(read_log(*state, ".5 200\n 200\n", "rowid, time, error", "$msec $status"),
	                    "1|NULL|msec is not a time: '.5'\n2|NULL|msec is not a time: ''");
	assert_string_equal(
		read_log(*state,
		         "#Fields: date time  time cs-uri-stem \n"
		         "2026-1-25 10:00:00 1:00 /a\n"
		         "2026-11-25 1:00 10:00:00 /b\n",
		         "rowid, error", "w3c"),
		"1|NULL\n"
		"2|date is not a date: '2026-1-25'\n"
		"3|time is not a time: '1:00'");
}

static void request_lines_that_are_not_method_target_protocol(void **state)
{
	/* HTTP/0.9 has no protocol; anything else leaves all three NULL. */
	assert_string_equal(
		read_log(*state, "\"GET /\" 1\n\" /a HTTP/1.1\" 2\n\"GET  HTTP/1.1\" 3\n",
		         "rowid, method, path, protocol, error", "\"$request\" $status"),
		"1|GET|/|NULL|NULL\n"
		"2|NULL|NULL|NULL|NULL\n"
		"3|NULL|NULL|NULL|NULL");
}

static void the_arguments_are_the_hidden_columns_pattern_and_format(void **state)
{
	char want[160];
	snprintf(want, sizeof(want), "%s|$status", path);
	assert_string_equal(read_log(*state, "200\n", "pattern, format", "$status"), want);
}

/* ---- Files ------------------------------------------------------------- */

static void a_corrupt_gzip_file_gives_whole_rows_then_an_error_naming_it(void **state)
{
	sqlite3 *db = *state;
	char gz[80], want[160];
	snprintf(gz, sizeof(gz), "%s/access.log.1.gz", dir);
	gzFile z = gzopen(gz, "wb");
	assert_non_null(z);
	for (int n = 1; n <= 20000; n++)
		assert_true(gzprintf(z, "192.0.2.1 - - [25/Nov/2026:23:42:16 +0000] \"GET /%d HTTP/1.1\" "
		                        "200 %d \"-\" \"curl\"\n", n, n * 7) > 0);
	assert_int_equal(gzclose(z), Z_OK);
	/* Flip bytes in the middle of the compressed data. */
	FILE *f = fopen(gz, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long size = ftell(f);
	assert_int_equal(fseek(f, size / 2, SEEK_SET), 0);
	for (int i = 0; i < 64; i++)
		assert_int_not_equal(fputc(0x55 ^ i, f), EOF);
	assert_int_equal(fclose(f), 0);

	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid, path FROM access_log(?1)", -1, &stmt, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_bind_text(stmt, 1, gz, -1, SQLITE_STATIC), SQLITE_OK);
	int rc, n = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		char whole[32];
		n++;
		snprintf(whole, sizeof(whole), "/%d", n);
		assert_int_equal(sqlite3_column_int(stmt, 0), n);
		assert_string_equal((const char *)sqlite3_column_text(stmt, 1), whole);
	}
	assert_int_equal(rc, SQLITE_ERROR);
	assert_true(n < 20000);
	snprintf(want, sizeof(want), "access_log: cannot read '%s': ", gz);
	if (strncmp(sqlite3_errmsg(db), want, strlen(want)) != 0)
		fail_msg("expected %s..., got %s", want, sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	assert_int_equal(unlink(gz), 0);
}

static void a_fields_line_of_more_than_64_fields_is_an_error_row(void **state)
{
	char log[1024] = "#Fields:";
	for (int i = 1; i <= 65; i++)
		snprintf(log + strlen(log), sizeof(log) - strlen(log), " x-f%d", i);
	strcat(log, "\n/a\n");
	assert_string_equal(read_log(*state, log, "rowid, error", "w3c"),
	                    "1|bad #Fields: line: format has more than 64 fields\n"
	                    "2|no #Fields: line before this one");
}

static void a_long_value_with_escapes_is_decoded_whole(void **state)
{
	static char log[7000];
	strcpy(log, "1 \"");
	memset(log + 3, 'a', 6000);
	strcpy(log + 6003, "\\x22b\"\n");
	assert_string_equal(read_log(*state, log, "length(user_agent), substr(user_agent, 5999), error",
	                             "$status \"$http_user_agent\""),
	                    "6002|aa\"b|NULL");
}

enum codec { GZIP, BZIP2, XZ };

/* text compressed in codec, copies times over, then tail: the file a
 * rotation or a copy tool may leave. */
static void write_packed(const char *file, enum codec codec, const char *text, int copies,
                         const char *tail, size_t tail_len)
{
	size_t len = strlen(text), cap = len + len / 50 + 1024, n = cap;
	unsigned char *out = malloc(cap);
	assert_non_null(out);
	switch (codec) {
	case GZIP: {
		z_stream z;
		memset(&z, 0, sizeof(z));
		assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
		z.next_in = (Bytef *)(uintptr_t)text;
		z.avail_in = (uInt)len;
		z.next_out = out;
		z.avail_out = (uInt)cap;
		assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
		n = cap - z.avail_out;
		assert_int_equal(deflateEnd(&z), Z_OK);
		break;
	}
	case BZIP2: {
		unsigned size = (unsigned)cap;
		assert_int_equal(BZ2_bzBuffToBuffCompress((char *)out, &size, (char *)(uintptr_t)text,
		                                          (unsigned)len, 9, 0, 0), BZ_OK);
		n = size;
		break;
	}
	case XZ:
		n = 0;
		assert_int_equal(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL,
		                                         (const uint8_t *)text, len, out, &n, cap),
		                 LZMA_OK);
		break;
	}
	FILE *f = fopen(file, "wb");
	assert_non_null(f);
	for (int i = 0; i < copies; i++)
		assert_int_equal(fwrite(out, 1, n, f), n);
	if (tail_len)
		assert_int_equal(fwrite(tail, 1, tail_len, f), tail_len);
	assert_int_equal(fclose(f), 0);
	free(out);
}

/* "rows|error" of reading file: the rowids read, then the error or NULL. */
static const char *rows_then_error(sqlite3 *db, const char *file)
{
	static char out[512];
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid FROM access_log(?1)", -1, &stmt, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_bind_text(stmt, 1, file, -1, SQLITE_STATIC), SQLITE_OK);
	size_t o = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%d,", sqlite3_column_int(stmt, 0));
	const char *msg = sqlite3_errmsg(db);
	/* The path is the caller's own: leave it out of the answer. */
	const char *at = strstr(msg, file);
	if (rc == SQLITE_DONE)
		snprintf(out + o, sizeof(out) - o, "|NULL");
	else if (at)
		snprintf(out + o, sizeof(out) - o, "|%.*s<file>%s", (int)(at - msg), msg,
		         at + strlen(file));
	else
		snprintf(out + o, sizeof(out) - o, "|%s", msg);
	sqlite3_finalize(stmt);
	return out;
}

static void compressed_files_that_go_on_after_their_stream(void **state)
{
	sqlite3 *db = *state;
	char file[96];
	static const char zeros[512];
	const char *log = "192.0.2.1 - - [25/Nov/2026:23:42:16 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"a\"\n"
	                  "192.0.2.2 - - [25/Nov/2026:23:42:17 +0000] \"GET / HTTP/1.1\" 404 5 \"-\" \"a\"\n";
	snprintf(file, sizeof(file), "%s/access.log.2", dir);

	/* Two streams one after the other are one file (gzip -c a b, cat). */
	write_packed(file, GZIP, log, 2, NULL, 0);
	assert_string_equal(rows_then_error(db, file), "1,2,3,4,|NULL");
	write_packed(file, BZIP2, log, 2, NULL, 0);
	assert_string_equal(rows_then_error(db, file), "1,2,3,4,|NULL");
	write_packed(file, XZ, log, 2, NULL, 0);
	assert_string_equal(rows_then_error(db, file), "1,2,3,4,|NULL");
	/* Zero bytes after the stream (a block device's or tar's padding). */
	write_packed(file, GZIP, log, 1, zeros, sizeof(zeros));
	assert_string_equal(rows_then_error(db, file), "1,2,|NULL");
	write_packed(file, XZ, log, 1, zeros, sizeof(zeros));
	assert_string_equal(rows_then_error(db, file), "1,2,|NULL");
	/* Anything else after it is an error, after the stream's rows, as
	 * for a file cut short. */
	write_packed(file, GZIP, log, 1, "garbage", 7);
	assert_string_equal(rows_then_error(db, file),
	                    "1,2,|access_log: cannot read '<file>': gzip data is followed by bytes "
	                    "that are not gzip");
	write_packed(file, BZIP2, log, 1, "garbage", 7);
	assert_string_equal(rows_then_error(db, file),
	                    "1,2,|access_log: cannot read '<file>': bzip2 data is followed by bytes "
	                    "that are not bzip2");
	assert_int_equal(unlink(file), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(apache_headers_cookies_environment_notes_and_ports_go_to_extra),
		cmocka_unit_test(apache_unix_times_fill_the_time_column),
		cmocka_unit_test(apache_times_taken_in_seconds_milliseconds_and_microseconds),
		cmocka_unit_test(apache_path_and_query_written_together),
		cmocka_unit_test(apache_formats_that_cannot_be_read_are_errors_naming_the_problem),
		cmocka_unit_test(nginx_escape_parameters),
		cmocka_unit_test(nginx_formats_that_cannot_be_read_are_errors_naming_the_problem),
		cmocka_unit_test(a_second_request_or_query_field_goes_to_extra),
		cmocka_unit_test(iso_8601_times_with_fraction_zulu_or_offset),
		cmocka_unit_test(w3c_dates_and_times_apart_and_fields_lines_that_name_nothing),
		cmocka_unit_test(utf8_that_rfc_3629_forbids_makes_the_line_a_blob),
		cmocka_unit_test(every_escape_apache_writes_is_decoded_and_broken_ones_kept),
		cmocka_unit_test(a_value_that_decodes_to_invalid_utf8_is_a_blob_in_a_text_line),
		cmocka_unit_test(lines_that_do_not_fit_a_custom_format_say_where),
		cmocka_unit_test(request_lines_that_are_not_method_target_protocol),
		cmocka_unit_test(the_arguments_are_the_hidden_columns_pattern_and_format),
		cmocka_unit_test(a_corrupt_gzip_file_gives_whole_rows_then_an_error_naming_it),
		cmocka_unit_test(a_fields_line_of_more_than_64_fields_is_an_error_row),
		cmocka_unit_test(a_long_value_with_escapes_is_decoded_whole),
		cmocka_unit_test(compressed_files_that_go_on_after_their_stream),
	};
	return cmocka_run_group_tests(tests, set_up, tear_down);
}
