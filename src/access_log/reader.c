/*
 * Reading files: plain or gzip (told by their first bytes), line by line,
 * with a limit on a line's length. See access_log.h for files that change
 * while they are read.
 */
#include "access_log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "set_err.h"

/* Big reads: a syscall per MiB, and room for a whole line at the limit. */
#define READ_CHUNK (1024 * 1024)

struct al_reader {
	int fd;
	gzFile gz;
	char *buf;
	size_t cap, start, end;
	bool eof;
	bool regular;       /* a regular file: its size means something */
	uint64_t offset;    /* bytes read from fd (plain files) */
	uint64_t size_seen; /* the largest size known: at open, or read */
	int64_t lineno;
	char path[];
};

/*
 * At the end of a plain regular file: if it is now smaller than it was,
 * it was truncated while we read it (logrotate's copytruncate), and the
 * bytes read last may be a torn line: an error rather than rows that
 * never were in the file. A file that shrank and grew back past the size
 * we knew is not told apart from one that only grew.
 */
static int check_not_truncated(struct al_reader *r, char *err, size_t errlen)
{
	struct stat st;

	if (!r->regular || r->gz)
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

static int reader_fill(struct al_reader *r, size_t at, char *err,
		       size_t errlen)
{
	size_t room = r->cap - at;
	ssize_t got;

	if (r->gz) {
		int n = gzread(r->gz, r->buf + at, (unsigned)room);
		if (n < 0) {
			int zerr;
			const char *msg = gzerror(r->gz, &zerr);
			set_err(err, errlen, "cannot read '%s': %s", r->path,
				zerr == Z_ERRNO ? strerror(errno) : msg);
			/* zlib allocates its window on the first read. */
			return zerr == Z_MEM_ERROR ? AL_NOMEM : AL_ERROR;
		}
		got = n;
	} else {
		do
			got = read(r->fd, r->buf + at, room);
		while (got < 0 && errno == EINTR);
		if (got < 0) {
			set_err(err, errlen, "cannot read '%s': %s", r->path,
				strerror(errno));
			return AL_ERROR;
		}
		r->offset += (uint64_t)got;
		if (r->offset > r->size_seen)
			r->size_seen = r->offset;
		if (got == 0) {
			int rc = check_not_truncated(r, err, errlen);
			if (rc != AL_OK)
				return rc;
		}
	}
	if (got == 0 && r->gz) {
		int zerr;
		(void)gzerror(r->gz, &zerr);
		/* zlib's way to say the input ended inside a stream. */
		if (zerr == Z_BUF_ERROR) {
			set_err(err, errlen,
				"cannot read '%s': gzip data ends early "
				"(truncated file?)",
				r->path);
			return AL_ERROR;
		}
	}
	if (got == 0)
		r->eof = true;
	r->end = at + (size_t)got;
	return 0;
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
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		set_err(err, errlen, "cannot open '%s': %s", path,
			strerror(errno));
		free(r);
		return AL_ERROR;
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
	r->regular = S_ISREG(st.st_mode);
	r->size_seen = r->regular ? (uint64_t)st.st_size : 0;
	r->cap = AL_LINE_MAX + 1 + READ_CHUNK;
	r->buf = malloc(r->cap);
	if (!r->buf) {
		set_err(err, errlen, "out of memory");
		rc = AL_NOMEM;
		goto fail;
	}
	rc = reader_fill(r, 0, err, errlen);
	if (rc != AL_OK)
		goto fail;
	/* gzip is told by its magic bytes, not by the file name. */
	if (r->end >= 2 && (unsigned char)r->buf[0] == 0x1f &&
	    (unsigned char)r->buf[1] == 0x8b) {
		if (lseek(r->fd, 0, SEEK_SET) != 0) {
			set_err(err, errlen, "cannot read '%s': %s", path,
				strerror(errno));
			rc = AL_ERROR;
			goto fail;
		}
		r->gz = gzdopen(r->fd, "rb");
		if (!r->gz) {
			/* With a valid fd and mode, only its allocation fails. */
			set_err(err, errlen, "cannot read '%s': out of memory",
				path);
			rc = AL_NOMEM;
			goto fail;
		}
		r->fd = -1; /* gzclose() closes it */
		if (gzbuffer(r->gz, 256 * 1024) != 0) {
			set_err(err, errlen, "cannot read '%s': gzbuffer failed",
				path);
			rc = AL_ERROR;
			goto fail;
		}
		r->eof = false;
		rc = reader_fill(r, 0, err, errlen);
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
	if (r->gz)
		(void)gzclose(r->gz); /* read-only: nothing to lose */
	if (r->fd >= 0)
		(void)close(r->fd);
	free(r->buf);
	free(r);
}

/* Move the unread bytes to the front so the next read has room. */
static void reader_compact(struct al_reader *r)
{
	if (r->start == 0)
		return;
	memmove(r->buf, r->buf + r->start, r->end - r->start);
	r->end -= r->start;
	r->start = 0;
}

/*
 * A line longer than the limit: keep its first AL_LINE_MAX bytes at the
 * front of the buffer and read on, discarding, to its newline.
 */
static int reader_skip_long(struct al_reader *r, struct al_line *line,
			    char *err, size_t errlen)
{
	uint64_t full;

	reader_compact(r);
	full = r->end;
	r->end = AL_LINE_MAX; /* drop what is past the kept text */
	for (;;) {
		if (r->eof) {
			r->start = r->end;
			break;
		}
		int rc = reader_fill(r, AL_LINE_MAX, err, errlen);
		if (rc != AL_OK)
			return rc;
		size_t got = r->end - AL_LINE_MAX;
		const char *nl = memchr(r->buf + AL_LINE_MAX, '\n', got);
		if (nl) {
			full += (uint64_t)(nl - (r->buf + AL_LINE_MAX));
			r->start = (size_t)(nl - r->buf) + 1;
			break;
		}
		full += got;
		r->end = AL_LINE_MAX;
	}
	line->text = r->buf;
	line->len = AL_LINE_MAX;
	line->full_len = full;
	line->too_long = true;
	return 1;
}

int al_reader_next(struct al_reader *r, struct al_line *line, char *err,
		   size_t errlen)
{
	size_t from = r->start; /* newline search resumes past what was seen */

	for (;;) {
		const char *nl = memchr(r->buf + from, '\n', r->end - from);
		if (nl) {
			line->text = r->buf + r->start;
			line->len = (size_t)(nl - line->text);
			r->start = (size_t)(nl - r->buf) + 1;
			break;
		}
		if (r->eof) {
			if (r->start == r->end)
				return 0;
			line->text = r->buf + r->start; /* no final newline */
			line->len = r->end - r->start;
			r->start = r->end;
			break;
		}
		if (r->end - r->start > AL_LINE_MAX) {
			r->lineno++;
			line->lineno = r->lineno;
			return reader_skip_long(r, line, err, errlen);
		}
		size_t seen = r->end - r->start;
		reader_compact(r);
		int rc = reader_fill(r, r->end, err, errlen);
		if (rc != AL_OK)
			return rc;
		from = seen;
	}
	line->too_long = line->len > AL_LINE_MAX;
	line->full_len = line->len;
	if (line->too_long)
		line->len = AL_LINE_MAX;
	else if (line->len > 0 && line->text[line->len - 1] == '\r')
		line->len--;
	r->lineno++;
	line->lineno = r->lineno;
	return 1;
}
