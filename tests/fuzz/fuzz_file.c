/*
 * fuzz_file: whole files through access_log(), as SQL reads them: the input
 * is written to a file, plain and compressed (gzip, zstd, bzip2 or xz), and
 * read back with `SELECT rowid, line FROM access_log(?1 [, format])`.
 *
 *   ./fuzz_file -max_total_time=45 corpus/file
 *
 * The first byte of the input is a control byte, the rest the file:
 *   bits 0-2  the format: detection, combined, common, w3c, an nginx and an
 *             Apache custom string
 *   bit 3     the compressed file is two streams (gzip members, zstd
 *             frames, ...) cut at (bits 4-7) sixteenths of the file
 *   bits 4-5  the codec: gzip, zstd, bzip2, xz
 *   bits 6-7  3: the file's bytes repeated until it passes 2 MiB, so
 *             lines cross the reader's 1 MiB buffer and the line limit
 *
 * The oracle is the README's promise "every line is a row", computed here
 * from the bytes alone: one row per physical line ('\n'-terminated, or the
 * last one without it), rowid its number, `line` its exact bytes without
 * the '\n' and one '\r' before it, cut to its first 1 MiB. Nothing may fail:
 * no error, in any format, for any content. A plain file that starts with
 * a codec's magic bytes is read as that codec, so only its compressed copy
 * is checked. The compressed copy is read once more with a byte after its
 * last stream: then every line that ends with '\n' is a row, and the read
 * ends with the error that names those bytes.
 * Memory safety, leaks and undefined behaviour are checked by the
 * sanitizers of the -Dfuzzing build.
 */
#define _GNU_SOURCE /* mkdtemp() */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bzlib.h>
#include <lzma.h>
#include <sqlite3.h>
#include <zlib.h>
#include <zstd.h>

#include "access_log.h"
#include "sqlite3_http_status.h"

#include "fuzz_check.h"

static const char *const formats[] = {
	NULL,
	"combined",
	"common",
	"w3c",
	"$remote_addr $host [$time_local] \"$request\" $status $body_bytes_sent "
	"$request_time \"$upstream_addr\" \"$http_x_forwarded_for\"",
	"%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\" %D %v",
};
#define FORMAT_COUNT (sizeof(formats) / sizeof(formats[0]))

static sqlite3 *db;
static sqlite3_stmt *detect, *named;
static char plain_path[64], packed_path[64];

static void set_up(void)
{
	static char dir[] = "/tmp/fuzz_file.XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	snprintf(plain_path, sizeof(plain_path), "%s/access.log", dir);
	snprintf(packed_path, sizeof(packed_path), "%s/access.log.1", dir);
	CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
	CHECK(sqlite3_httpstatus_init(db, NULL, NULL) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(db, "SELECT rowid, line FROM access_log(?1)", -1, &detect,
				 NULL) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(db, "SELECT rowid, line FROM access_log(?1, ?2)", -1, &named,
				 NULL) == SQLITE_OK);
}

static void write_plain(const uint8_t *data, size_t size)
{
	FILE *f = fopen(plain_path, "wb");
	CHECK(f != NULL);
	CHECK(fwrite(data, 1, size, f) == size);
	CHECK(fclose(f) == 0);
}

enum codec { GZIP, ZSTD, BZIP2, XZ };

/* One stream of data in codec, appended to f. */
static void write_stream(FILE *f, enum codec codec, const uint8_t *data, size_t size)
{
	size_t cap = size + size / 50 + 1024, n = cap;
	uint8_t *out = malloc(cap);
	CHECK(out != NULL);
	switch (codec) {
	case GZIP: {
		z_stream z;
		memset(&z, 0, sizeof(z));
		/* 16 + MAX_WBITS: a gzip header and trailer. */
		CHECK(deflateInit2(&z, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
		z.next_in = (Bytef *)(uintptr_t)data;
		z.avail_in = (uInt)size;
		z.next_out = out;
		z.avail_out = (uInt)cap;
		CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
		n = cap - z.avail_out;
		CHECK(deflateEnd(&z) == Z_OK);
		break;
	}
	case ZSTD:
		n = ZSTD_compress(out, cap, data, size, 1);
		CHECK(!ZSTD_isError(n));
		break;
	case BZIP2: {
		unsigned len = (unsigned)cap;
		CHECK(BZ2_bzBuffToBuffCompress((char *)out, &len, (char *)(uintptr_t)data,
		                               (unsigned)size, 1, 0, 0) == BZ_OK);
		n = len;
		break;
	}
	case XZ:
		n = 0;
		CHECK(lzma_easy_buffer_encode(0, LZMA_CHECK_CRC64, NULL, data, size, out, &n, cap) ==
		      LZMA_OK);
		break;
	}
	CHECK(fwrite(out, 1, n, f) == n);
	free(out);
}

/* One stream, or two cut at cut. */
static void write_packed(enum codec codec, const uint8_t *data, size_t size, size_t cut,
			 int two_streams)
{
	FILE *f = fopen(packed_path, "wb");
	CHECK(f != NULL);
	if (two_streams) {
		write_stream(f, codec, data, cut);
		write_stream(f, codec, data + cut, size - cut);
	} else {
		write_stream(f, codec, data, size);
	}
	CHECK(fclose(f) == 0);
}

/* Reads path in format and checks every row against the bytes; the read
 * ends with no error, or with one that holds `error`. */
static void check_file(const char *path, const char *format, const uint8_t *data, size_t size,
		       const char *error)
{
	sqlite3_stmt *stmt = format ? named : detect;
	CHECK(sqlite3_bind_text(stmt, 1, path, -1, SQLITE_STATIC) == SQLITE_OK);
	if (format)
		CHECK(sqlite3_bind_text(stmt, 2, format, -1, SQLITE_STATIC) == SQLITE_OK);

	size_t at = 0;
	long long number = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		/* The next physical line of the bytes. */
		CHECK(at < size);
		const uint8_t *nl = memchr(data + at, '\n', size - at);
		size_t end = nl ? (size_t)(nl - data) : size;
		size_t len = end - at;
		if (len > 0 && data[end - 1] == '\r')
			len--;
		if (len > AL_LINE_MAX)
			len = AL_LINE_MAX;
		number++;
		CHECK(sqlite3_column_int64(stmt, 0) == number);
		const void *line = sqlite3_column_type(stmt, 1) == SQLITE_BLOB
					   ? sqlite3_column_blob(stmt, 1)
					   : (const void *)sqlite3_column_text(stmt, 1);
		size_t got = (size_t)sqlite3_column_bytes(stmt, 1);
		CHECK(got == len);
		CHECK(len == 0 || (line != NULL && memcmp(line, data + at, len) == 0));
		at = nl ? end + 1 : size;
	}
	if (rc != (error ? SQLITE_ERROR : SQLITE_DONE))
		fprintf(stderr, "%s: %s\n", path, sqlite3_errmsg(db));
	if (error) {
		CHECK(rc == SQLITE_ERROR && strstr(sqlite3_errmsg(db), error) != NULL);
		/* The error may come before a last line without '\n'. */
		CHECK(memchr(data + at, '\n', size - at) == NULL);
		CHECK(sqlite3_reset(stmt) == SQLITE_ERROR);
		return;
	}
	CHECK(rc == SQLITE_DONE);
	CHECK(at == size); /* no line left without its row */
	CHECK(sqlite3_reset(stmt) == SQLITE_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (db == NULL)
		set_up();
	if (size < 1)
		return 0;
	uint8_t control = data[0];
	const char *format = formats[(control & 7) % FORMAT_COUNT];
	int two_streams = (control >> 3) & 1;
	enum codec codec = (enum codec)((control >> 4) & 3);
	int past_the_buffer = (control >> 6) == 3;
	size_t sixteenths = control >> 4;
	data++;
	size--;

	uint8_t *big = NULL;
	if (past_the_buffer && size > 0) {
		size_t want = 2 * 1024 * 1024 + 1;
		big = malloc(want + size);
		CHECK(big != NULL);
		size_t n = 0;
		while (n < want) {
			memcpy(big + n, data, size);
			n += size;
		}
		data = big;
		size = n;
	}

	static const unsigned char magics[][6] = {
		{ 0x1f, 0x8b }, { 0x28, 0xb5, 0x2f, 0xfd }, { 'B', 'Z', 'h' },
		{ 0xfd, '7', 'z', 'X', 'Z', 0x00 },
	};
	static const size_t magic_len[] = { 2, 4, 3, 6 };
	int sniffed = 0;
	for (size_t i = 0; i < 4; i++)
		sniffed |= size >= magic_len[i] && memcmp(data, magics[i], magic_len[i]) == 0;
	if (!sniffed) {
		write_plain(data, size);
		check_file(plain_path, format, data, size, NULL);
	}
	write_packed(codec, data, size, size * sixteenths / 16, two_streams);
	check_file(packed_path, format, data, size, NULL);
	FILE *f = fopen(packed_path, "ab");
	CHECK(f != NULL && fputc('x', f) == 'x' && fclose(f) == 0);
	check_file(packed_path, format, data, size, "data is followed by bytes that are not");
	free(big);
	return 0;
}
