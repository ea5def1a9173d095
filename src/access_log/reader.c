/*
 * Reading files line by line: plain text, or gzip, zstd, bzip2 or xz told
 * by their first bytes (decompress.c), from a path or from standard input
 * ("-"), with a limit on a line's length. See access_log.h for files that
 * change while they are read.
 */
#include "access_log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "decompress.h"
#include "set_err.h"

/* Big reads: a syscall per MiB, and room for a whole line at the limit. */
#define READ_CHUNK (1024 * 1024)
/* Compressed input per read; it decodes to several times as much. */
#define RAW_CHUNK (256 * 1024)
/* The decoders count in unsigned int: every buffer here fits. */
_Static_assert(AL_LINE_MAX + 1 + READ_CHUNK <= UINT_MAX &&
		       RAW_CHUNK <= UINT_MAX,
	       "a buffer is larger than al_inflate() takes");

struct al_reader {
	int fd;
	bool own_fd;          /* not standard input: closed with the reader */
	enum al_codec codec;
	struct al_inflater *z; /* NULL for plain text */
	unsigned char *raw;   /* compressed bytes not decoded yet */
	size_t raw_cap, raw_start, raw_end;
	bool raw_eof;
	char *buf;            /* text: lines are handed out from here */
	size_t cap, start, end;
	uint64_t base;        /* offset in the text of buf[0] */
	bool eof;
	bool regular;         /* a regular file: its size means something */
	uint64_t offset;      /* bytes read from fd */
	uint64_t size_seen;   /* the largest size known: at open, or read */
	uint64_t inode;
	int64_t lineno;
	uint64_t skip_before; /* lines that start before this are skipped */
	bool hold_partial;    /* a last line without newline is not a line */
	bool skipping_long;   /* the rest of a line cut at the limit is next */
	int (*cancelled)(void *ctx);
	void *cancel_ctx;
	char path[];
};

/*
 * At the end of a regular file: if it is now smaller than it was, it was
 * truncated while we read it (logrotate's copytruncate), and the bytes
 * read last may be a torn line: an error rather than rows that never were
 * in the file. A file that shrank and grew back past the size we knew is
 * not told apart from one that only grew.
 */
static int check_not_truncated(struct al_reader *r, char *err, size_t errlen)
{
	struct stat st;

	if (!r->regular)
		return AL_OK;
	if (fstat(r->fd, &st) != 0) {
		set_err(err, errlen, "cannot read '%s': %s", r->path,
			strerror(errno));
		return AL_ERROR;
	}
	if ((uint64_t)st.st_size >= r->size_seen)
		return AL_OK;
	set_err(err, errlen,
		"cannot read '%s': file truncated while it was read "
		"(from %llu to %llu bytes)",
		r->path, (unsigned long long)r->size_seen,
		(unsigned long long)st.st_size);
	return AL_ERROR;
}

/* read(2) into dst; *got is 0 at the end of the file, and on an error. */
static int read_fd(struct al_reader *r, void *dst, size_t room, size_t *got,
		   char *err, size_t errlen)
{
	ssize_t n;

	*got = 0;
	do
		n = read(r->fd, dst, room);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		set_err(err, errlen, "cannot read '%s': %s", r->path,
			strerror(errno));
		return AL_ERROR;
	}
	*got = (size_t)n;
	r->offset += (uint64_t)n;
	if (r->offset > r->size_seen)
		r->size_seen = r->offset;
	return n == 0 ? check_not_truncated(r, err, errlen) : AL_OK;
}

/* Compressed input, once the decoder has taken all it had. */
static int read_raw(struct al_reader *r, char *err, size_t errlen)
{
	size_t n;
	int rc = read_fd(r, r->raw, r->raw_cap, &n, err, errlen);

	r->raw_start = 0;
	r->raw_end = n;
	r->raw_eof = n == 0;
	return rc;
}

/* Decode compressed input into buf[at..cap); *got is 0 at its end. */
static int inflate_into(struct al_reader *r, size_t at, size_t *got,
			char *err, size_t errlen)
{
	char why[AL_ERR_MAX - 64];
	unsigned gave;

	for (;;) {
		const unsigned char *in = r->raw + r->raw_start;
		unsigned in_len = (unsigned)(r->raw_end - r->raw_start);
		int rc = al_inflate(r->z, &in, &in_len,
				    (unsigned char *)r->buf + at,
				    (unsigned)(r->cap - at), &gave, why,
				    sizeof(why));
		if (rc == AL_NOMEM) {
			set_err(err, errlen, "out of memory");
			return rc;
		}
		if (rc != AL_OK) {
			set_err(err, errlen, "cannot read '%s': %s", r->path,
				why);
			return rc;
		}
		r->raw_start = r->raw_end - in_len;
		if (gave > 0 || r->raw_eof)
			break;
		/* Nothing came out, so all the input was taken (al_inflate's
		 * promise): the decoder needs more. */
		rc = read_raw(r, err, errlen);
		if (rc != AL_OK)
			return rc;
	}
	*got = gave;
	if (gave == 0 && !al_inflate_complete(r->z)) {
		set_err(err, errlen,
			"cannot read '%s': %s data ends early (truncated file?)",
			r->path, al_codec_name(r->codec));
		return AL_ERROR;
	}
	return AL_OK;
}

static int reader_fill(struct al_reader *r, size_t at, char *err,
		       size_t errlen)
{
	size_t got;
	int rc = r->z ? inflate_into(r, at, &got, err, errlen)
		      : read_fd(r, r->buf + at, r->cap - at, &got, err, errlen);

	if (rc != AL_OK)
		return rc;
	if (got == 0)
		r->eof = true;
	r->end = at + got;
	return AL_OK;
}

/* The first bytes, enough to tell a codec's magic even from a pipe that
 * hands them out a few at a time. */
static int read_magic(struct al_reader *r, char *err, size_t errlen)
{
	while (!r->eof && r->end < AL_CODEC_MAGIC_MAX) {
		int rc = reader_fill(r, r->end, err, errlen);
		if (rc != AL_OK)
			return rc;
	}
	return AL_OK;
}

static int start_decoding(struct al_reader *r, enum al_codec codec,
			  char *err, size_t errlen)
{
	r->codec = codec;
	r->raw_cap = RAW_CHUNK > r->end ? RAW_CHUNK : r->end;
	r->raw = malloc(r->raw_cap);
	if (!r->raw || al_inflater_new(&r->z, codec) != AL_OK) {
		set_err(err, errlen, "out of memory");
		return AL_NOMEM;
	}
	memcpy(r->raw, r->buf, r->end);
	r->raw_end = r->end;
	r->raw_eof = r->eof;
	r->end = 0;
	r->eof = false;
	return reader_fill(r, 0, err, errlen);
}

int al_reader_open(struct al_reader **out, const char *path, char *err,
		   size_t errlen)
{
	size_t plen = strlen(path);
	struct al_reader *r = calloc(1, sizeof(*r) + plen + 1);
	struct stat st;
	int rc = AL_ERROR;

	*out = NULL;
	if (!r) {
		set_err(err, errlen, "out of memory");
		return AL_NOMEM;
	}
	memcpy(r->path, path, plen + 1);
	if (strcmp(path, "-") == 0) {
		r->fd = STDIN_FILENO;
	} else {
		r->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (r->fd < 0) {
			set_err(err, errlen, "cannot open '%s': %s", path,
				strerror(errno));
			free(r);
			return AL_ERROR;
		}
		r->own_fd = true;
	}
	if (fstat(r->fd, &st) != 0) {
		set_err(err, errlen, "cannot open '%s': %s", path,
			strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		set_err(err, errlen, "cannot open '%s': %s", path,
			strerror(EISDIR));
		goto fail;
	}
	/* procfs and sysfs files say 0 bytes and have content: a stream. */
	r->regular = S_ISREG(st.st_mode) && st.st_size > 0;
	r->size_seen = r->regular ? (uint64_t)st.st_size : 0;
	r->inode = (uint64_t)st.st_ino;
	r->cap = AL_LINE_MAX + 1 + READ_CHUNK;
	r->buf = malloc(r->cap);
	if (!r->buf) {
		set_err(err, errlen, "out of memory");
		rc = AL_NOMEM;
		goto fail;
	}
	rc = read_magic(r, err, errlen);
	if (rc != AL_OK)
		goto fail;
	/* Compression is told by its magic bytes, not by the file name. */
	enum al_codec codec =
		al_codec_sniff((const unsigned char *)r->buf, r->end);
	if (codec != AL_CODEC_NONE) {
		rc = start_decoding(r, codec, err, errlen);
		if (rc != AL_OK)
			goto fail;
	}
	*out = r;
	return AL_OK;
fail:
	al_reader_close(r);
	return rc;
}

void al_reader_close(struct al_reader *r)
{
	if (!r)
		return;
	al_inflater_free(r->z);
	if (r->own_fd)
		(void)close(r->fd);
	free(r->raw);
	free(r->buf);
	free(r);
}

void al_reader_skip_before(struct al_reader *r, uint64_t offset)
{
	r->skip_before = offset;
}

void al_reader_hold_partial_line(struct al_reader *r)
{
	r->hold_partial = true;
}

void al_reader_set_cancel(struct al_reader *r, int (*cancelled)(void *ctx),
			  void *ctx)
{
	r->cancelled = cancelled;
	r->cancel_ctx = ctx;
}

uint64_t al_reader_inode(const struct al_reader *r)
{
	return r->inode;
}

/* Move the unread bytes to the front so the next read has room. */
static void reader_compact(struct al_reader *r)
{
	if (r->start == 0)
		return;
	memmove(r->buf, r->buf + r->start, r->end - r->start);
	r->base += r->start;
	r->end -= r->start;
	r->start = 0;
}

/* Drop the whole buffer and read the next chunk in its place: for bytes
 * that are never handed out, where a long wait may be cancelled. */
static int refill_discarding(struct al_reader *r, char *err, size_t errlen)
{
	if (r->cancelled && r->cancelled(r->cancel_ctx)) {
		set_err(err, errlen, "reading '%s' was interrupted", r->path);
		return AL_INTERRUPTED;
	}
	r->base += r->end;
	r->start = r->end = 0;
	return reader_fill(r, 0, err, errlen);
}

/* The rest of a line cut at the limit, up to and with its newline. */
static int skip_rest_of_line(struct al_reader *r, char *err, size_t errlen)
{
	for (;;) {
		const char *nl =
			memchr(r->buf + r->start, '\n', r->end - r->start);
		if (nl) {
			r->start = (size_t)(nl - r->buf) + 1;
			break;
		}
		if (r->eof) {
			r->start = r->end;
			break;
		}
		int rc = refill_discarding(r, err, errlen);
		if (rc != AL_OK)
			return rc;
	}
	r->skipping_long = false;
	return AL_OK;
}

static size_t count_newlines(const char *s, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		count += s[i] == '\n';
	return count;
}

/*
 * Lines that start before skip_before are counted, not handed out: while
 * the whole buffer lies before it, its newlines are only counted.
 */
static int skip_whole_chunks(struct al_reader *r, char *err, size_t errlen)
{
	while (!r->eof && r->base + r->end <= r->skip_before) {
		r->lineno += (int64_t)count_newlines(r->buf + r->start,
						     r->end - r->start);
		int rc = refill_discarding(r, err, errlen);
		if (rc != AL_OK)
			return rc;
	}
	return AL_OK;
}

static int next_line(struct al_reader *r, struct al_line *line, char *err,
		     size_t errlen)
{
	size_t from = r->start; /* newline search resumes past what was seen */

	for (;;) {
		const char *nl = memchr(r->buf + from, '\n', r->end - from);
		if (nl) {
			line->text = r->buf + r->start;
			line->len = (size_t)(nl - line->text);
			line->offset = r->base + r->start;
			r->start = (size_t)(nl - r->buf) + 1;
			break;
		}
		if (r->eof) {
			if (r->start == r->end || r->hold_partial)
				return 0;
			line->text = r->buf + r->start; /* no final newline */
			line->len = r->end - r->start;
			line->offset = r->base + r->start;
			r->start = r->end;
			break;
		}
		if (r->end - r->start > AL_LINE_MAX) {
			/* Hand out the kept start now; the rest is skipped on
			 * the next read, so a line that never ends (a device,
			 * a binary dump) still gives its row. */
			line->text = r->buf + r->start;
			line->len = AL_LINE_MAX;
			line->offset = r->base + r->start;
			line->too_long = true;
			r->start += AL_LINE_MAX;
			r->skipping_long = true;
			r->lineno++;
			line->lineno = r->lineno;
			return 1;
		}
		size_t seen = r->end - r->start;
		reader_compact(r);
		int rc = reader_fill(r, r->end, err, errlen);
		if (rc != AL_OK)
			return rc;
		from = seen;
	}
	line->too_long = line->len > AL_LINE_MAX;
	if (line->too_long)
		line->len = AL_LINE_MAX;
	else if (line->len > 0 && line->text[line->len - 1] == '\r')
		line->len--;
	r->lineno++;
	line->lineno = r->lineno;
	return 1;
}

int al_reader_next(struct al_reader *r, struct al_line *line, char *err,
		   size_t errlen)
{
	for (;;) {
		int rc = r->skipping_long ? skip_rest_of_line(r, err, errlen)
					  : AL_OK;
		if (rc == AL_OK && r->skip_before > r->base + r->start)
			rc = skip_whole_chunks(r, err, errlen);
		if (rc != AL_OK)
			return rc;
		rc = next_line(r, line, err, errlen);
		if (rc <= 0 || line->offset >= r->skip_before)
			return rc;
	}
}
