/*
 * fuzz_log_line: the access_log parser on arbitrary lines, in every format,
 * custom format strings included.
 *
 *   ./fuzz_log_line -max_total_time=45 corpus/log_line
 *
 * The first byte of the input picks the format (see formats[]): combined,
 * common, w3c, detection (NULL), fixed nginx and Apache custom strings,
 * JSON by its built-in keys or by a mapping, or
 * "the first line is the format": an nginx log_format or Apache LogFormat
 * string the fuzzer writes itself, or a named format of formats.def. The remaining lines (split at '\n', each
 * copied to a buffer of exactly its size so AddressSanitizer sees any read
 * past its end) go through al_log_parse() as a file's lines would, and
 * every column of each parsed line is read with al_value(). The same
 * bytes also go through the decoders, each given an output buffer of
 * exactly the size it may fill, and through al_format_w3c() as a
 * "#Fields:" list.
 *
 * Checked besides memory safety and undefined behaviour: al_value() never
 * fails (nothing here runs out of memory); a value's type is one of the
 * five; a parse either sets an error or gives fields that lie inside the
 * line; the decoders write no more than they say.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access_log.h"

#include "fuzz_check.h"

/* NULL: detect; FIRST_LINE: the input's first line is the format. */
static const char FIRST_LINE[] = "";
static const char *const formats[] = {
	"combined",
	"common",
	"w3c",
	NULL,
	"$remote_addr $host [$time_local] \"$request\" $status $body_bytes_sent "
	"$request_time \"$upstream_addr\" \"$http_x_forwarded_for\"",
	"%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\" %D %v "
	"%{X-Forwarded-For}i",
	"$remote_addr - $remote_user [$time_iso8601] \"$request\" $status "
	"$bytes_sent \"$http_referer\" \"$http_user_agent\" $msec",
	"json",
	"{\"status\": [\"$.code\", \"s\"], \"request\": \"r\", \"time\": \"$.t[0]\","
	" \"request_time\": \"d\", \"bytes\": \"b\", \"user_agent\": \"$.h[\\\"U-A\\\"]\"}",
	FIRST_LINE,
	/* Rows of formats.def with their own ways: tokens, optional tails,
	 * syslog headers, tabs. */
	"alb",
	"s3",
	"haproxy",
	"squid",
	"cloudfront",
	"lighttpd",
	"vcombined",
};
#define FORMAT_COUNT (sizeof(formats) / sizeof(formats[0]))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t sink; /* keeps reads of the values from being optimized out */

static void read_values(const struct al_format *f, const struct al_row *row,
                        struct al_buf *scratch)
{
	for (int c = 0; c < AL_COL_COUNT; c++) {
		struct al_value v;
		CHECK(al_value(f, row, (enum al_col)c, scratch, &v) == 0);
		CHECK(v.type >= AL_NULL && v.type <= AL_BLOB);
		if (v.type == AL_TEXT || v.type == AL_BLOB) {
			CHECK(v.s != NULL || v.n == 0);
			for (size_t i = 0; i < v.n; i++)
				sink += (unsigned char)v.s[i];
		}
	}
}

static void check_row(const struct al_row *row, size_t len)
{
	if (row->error != NULL || row->is_directive)
		return;
	CHECK(row->nfields >= 0 && row->nfields <= AL_MAX_FIELDS);
	for (int i = 0; i < row->nfields; i++)
		CHECK((size_t)row->field[i].off + row->field[i].len <= len);
}

static void fuzz_decoders(const char *s, size_t len)
{
	char *out = malloc(len ? len : 1);
	if (out == NULL)
		return;
	CHECK(al_decode_apache(s, len, out) <= len);
	CHECK(al_decode_w3c_agent(s, len, out) <= len);
	free(out);

	char iso[32];
	size_t n = al_time_clf_to_iso(s, len, iso);
	CHECK(n == 0 || n == 25);

	size_t bad = 0;
	int kind = al_check_bytes(s, len, &bad);
	CHECK(kind >= 0 && kind <= 2);
	CHECK(kind == 0 || bad < len);

	char err[AL_ERR_MAX];
	struct al_format *f = al_format_w3c(s, len, err, sizeof(err));
	al_format_free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	const char *text = (const char *)data + 1, *end = (const char *)data + size;
	const char *spec = formats[data[0] % FORMAT_COUNT];
	char *custom = NULL;
	char err[AL_ERR_MAX];

	fuzz_decoders(text, (size_t)(end - text));

	if (spec == FIRST_LINE) {
		const char *nl = memchr(text, '\n', (size_t)(end - text));
		size_t n = (size_t)((nl ? nl : end) - text);
		custom = malloc(n + 1);
		if (custom == NULL)
			return 0;
		memcpy(custom, text, n);
		custom[n] = '\0';
		spec = custom;
		text = nl ? nl + 1 : end;
		/* A custom string also goes through the one-line API. */
		struct al_format *f = al_format_compile(spec, err, sizeof(err));
		if (f != NULL) {
			struct al_row row;
			struct al_buf scratch = { 0 };
			memset(&row, 0, sizeof(row));
			size_t len = (size_t)(end - text);
			char *line = malloc(len ? len : 1);
			if (line != NULL) {
				memcpy(line, text, len);
				int rc = al_parse_line(f, line, len, &row);
				CHECK(rc == 0 || rc == 1);
				CHECK((rc == 1) == (row.error != NULL));
				check_row(&row, len);
				read_values(f, &row, &scratch);
				free(line);
			}
			al_buf_free(&scratch);
			al_format_free(f);
		}
	}

	struct al_log *log = al_log_new(spec, err, sizeof(err));
	free(custom);
	if (log == NULL)
		return 0; /* a format that does not compile: err says why */
	al_log_start_file(log);

	struct al_row row;
	struct al_buf scratch = { 0 };
	memset(&row, 0, sizeof(row));
	while (text < end) {
		const char *nl = memchr(text, '\n', (size_t)(end - text));
		size_t len = (size_t)((nl ? nl : end) - text);
		char *line = malloc(len ? len : 1);
		if (line == NULL)
			break;
		memcpy(line, text, len);
		int rc = al_log_parse(log, line, len, &row);
		if (rc == AL_NOMEM) { /* the fuzzer's own malloc limit: not a finding */
			free(line);
			break;
		}
		CHECK(rc == 0 || rc == 1);
		CHECK((rc == 1) == (row.error != NULL));
		check_row(&row, len);
		const struct al_format *f = al_log_format(log);
		if (f != NULL)
			read_values(f, &row, &scratch);
		free(line);
		text = nl ? nl + 1 : end;
	}
	al_buf_free(&scratch);
	al_log_free(log);
	return 0;
}
