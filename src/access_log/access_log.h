/*
 * access_log: the parser behind the access_log() table-valued function.
 * Plain C and zlib, no SQLite; ext/access_log_vtab.c is the SQL layer.
 *
 * It reads web server access logs line by line and splits each line into
 * the fields of a format: a named one (the rows of formats.def: combined,
 * common, the vhost variants, lighttpd, Traefik, ingress-nginx, AWS ALB,
 * ELB, S3 and CloudFront, HAProxy, Squid, Envoy, IIS), W3C extended logs
 * driven by their "#Fields:" lines, or an nginx log_format or Apache
 * LogFormat string.
 *
 * Work is split for speed: al_parse_line() only finds where each field is
 * (spans into the line) and checks the typed ones; al_value() converts a
 * single column when it is asked for, decoding escapes into a scratch buffer
 * that is reused from row to row. Nothing is allocated per line.
 *
 * Every line gives a row. A line that does not parse has row.error set (a
 * reason in plain words) and every column NULL; its text stays available.
 *
 * Detection, when no format is given: a "#" directive first means W3C;
 * else each line is read by the format of the line before it if it can
 * be, else by the first row of formats.def that reads it, so one file may
 * mix formats; a line no row reads is an error row that lists them. A
 * syslog header (RFC 3164 or 5424) in front of a line is skipped.
 * combined, common and their vhost variants may be followed by more
 * fields, as nginx's "main" on RHEL adds "$http_x_forwarded_for":
 *   - the user agent (combined) ends at its first unescaped '"' (nginx
 *     writes a quote as \x22, Apache as \"), the bytes (common) at a space;
 *   - then the line ends, or goes on with fields, each a space and then a
 *     double-quoted text (ending at an unescaped '"' before a space or the
 *     end of the line) or a run of bytes without space or '"';
 *   - those fields have no names: "extra" is a JSON array of their texts
 *     in order, quotes removed, escapes decoded, "-" as null, such as
 *     ["203.0.113.9"] or ["0.154"]; NULL when the line has none.
 * Anything else after the user agent makes the line an error row; so does
 * a raw '"' inside a user agent, which only servers that do not escape it
 * write: give the nginx log_format string of combined, which reads the last
 * field to the line's last quote, for such logs.
 */
#ifndef ACCESS_LOG_H
#define ACCESS_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A longer line is a row with an error; its text is cut to this many bytes
 * and the reader skips to the next newline without keeping the rest. */
#define AL_LINE_MAX (1024 * 1024)

/* Room for a reason, a file name and strerror() together. */
#define AL_ERR_MAX 512

/*
 * Return codes of the functions below that can fail. Those that take err
 * also write a message there, for people; a caller tells out of memory
 * from the other failures by the code, never by the text (the SQL layer
 * turns AL_NOMEM into SQLITE_NOMEM).
 */
enum {
	AL_OK = 0,
	AL_ERROR = -1, /* bad input: a format, a file, a read */
	AL_NOMEM = -2, /* an allocation failed */
	AL_INTERRUPTED = -3 /* the caller's cancel callback said stop */
};

/* The columns a line is parsed into, in the order of the SQL schema. */
enum al_col {
	AL_REMOTE_ADDR,
	AL_REMOTE_USER,
	AL_TIME,         /* ISO 8601 with offset: 2026-11-25T23:42:16+00:00;
			  * none where the log gives none (HAProxy) */
	AL_METHOD,
	AL_PATH,         /* the request target, query string included */
	AL_PROTOCOL,
	AL_STATUS,
	AL_SUBSTATUS,
	AL_BYTES,        /* body bytes; NULL for "-" */
	AL_REFERER,
	AL_USER_AGENT,
	AL_REQUEST_TIME, /* seconds */
	AL_VHOST,
	AL_EXTRA,        /* JSON object of the fields no column holds (by
			  * name); a JSON array for the unnamed fields after
			  * a detected combined or common line */
	AL_COL_COUNT
};

enum al_type { AL_NULL, AL_INT, AL_REAL, AL_TEXT, AL_BLOB };

/* One column's value; text points into the line or into the scratch buffer
 * and stays valid until the next line or the next al_value() call. */
struct al_value {
	enum al_type type;
	int64_t i;
	double r;
	const char *s;
	size_t n;
};

/* A growable byte buffer, reused across rows. */
struct al_buf {
	char *p;
	size_t n, cap;
};

void al_buf_free(struct al_buf *b);

/* A compiled format (opaque). */
struct al_format;

/*
 * Compile a format given by name (a row of formats.def) or as an nginx
 * log_format or Apache LogFormat string. Returns NULL and writes a
 * reason to err when the format is unknown or cannot be used, or when
 * memory runs out (al_log_open() tells the two apart).
 */
struct al_format *al_format_compile(const char *spec, char *err, size_t errlen);
/* Compile a W3C "#Fields:" list ("date time c-ip cs-method ..."). */
struct al_format *al_format_w3c(const char *fields, size_t len, char *err,
				size_t errlen);
void al_format_free(struct al_format *f);
/* The named formats, in the order detection tries them (for tests and
 * docs): false past the last. */
bool al_preset_info(int i, const char **name, const char **title,
		    const char **link, const char **sample);
/* The name of a row of formats.def, or "w3c", "nginx", "apache" for a
 * format string: for messages and tests. */
const char *al_format_kind(const struct al_format *f);

/* Where a field is in the line. */
struct al_span {
	uint32_t off, len;
};

#define AL_MAX_FIELDS 64

/* The parse of one line: spans and the already checked typed values. */
struct al_row {
	const char *line;
	size_t len;
	const char *error;   /* NULL when the line parsed */
	char errbuf[400];
	bool is_directive;   /* a W3C "#..." line: parsed, but no columns */
	bool binary;         /* NUL or invalid UTF-8: the line is a BLOB */
	bool quiet;          /* error is only "does not match" (al_try_line) */
	int nfields;
	struct al_span field[AL_MAX_FIELDS];
	/* Typed values, set when their field is in the format; -1 for "-".
	 * status is 0..999. */
	int64_t status, substatus, bytes;
	double request_time;
	/* The time, broken down; tz_minutes east of UTC. */
	int year, month, day, hour, minute, second, tz_minutes;
	uint32_t time_frac_off, time_frac_len; /* digits of a fraction of a second */
};

/*
 * Split a line (without its newline; a trailing CR is the caller's to strip)
 * into the fields of f. Sets row->error when the line does not match or a
 * typed field (status, bytes, time, times taken) is not what it should be.
 * Returns 0 when parsed, 1 when row->error is set.
 */
int al_parse_line(const struct al_format *f, const char *line, size_t len,
		  struct al_row *row);
/* al_parse_line() for a caller that only asks whether f reads the line
 * (detection): a failure's error does not say why, which saves writing a
 * message for every format that fails. */
int al_try_line(const struct al_format *f, const char *line, size_t len,
		  struct al_row *row);

/*
 * The value of one column of a parsed row. Returns AL_OK, or AL_NOMEM when
 * the scratch buffer cannot grow.
 */
int al_value(const struct al_format *f, const struct al_row *row,
	     enum al_col col, struct al_buf *scratch, struct al_value *out);

/*
 * Check a line's bytes: returns 0 when it is valid UTF-8 without NUL, else
 * 1 (NUL) or 2 (invalid UTF-8) and the offset of the first bad byte.
 */
int al_check_bytes(const char *s, size_t len, size_t *bad_at);

/*
 * The format in use while reading files, line after line: the one given,
 * or, without one, what the first matching line of each file shows
 * (combined or common, maybe followed by more fields, as described at the
 * top; or W3C when a "#" directive comes first). In W3C mode each
 * "#Fields:" line replaces the fields from there on.
 */
struct al_log; /* opaque */

/*
 * spec: a format for al_format_compile(), "w3c", or NULL to detect.
 * Returns AL_OK with *out set, AL_ERROR (a format that does not compile,
 * reason in err) or AL_NOMEM.
 */
int al_log_open(struct al_log **out, const char *spec, char *err,
		size_t errlen);
/* The same, NULL on either failure: for callers that need not tell. */
struct al_log *al_log_new(const char *spec, char *err, size_t errlen);
void al_log_free(struct al_log *log);
/* A new file starts: forget what was detected or declared in the last. */
void al_log_start_file(struct al_log *log);
/*
 * Parse one line: rejects empty lines, NUL bytes and invalid UTF-8 (with
 * row->binary set), follows W3C directives, detects, then splits.
 * Returns 0 when parsed, 1 when row->error is set, AL_NOMEM when a
 * "#Fields:" line could not be compiled for want of memory (the row is
 * then not to be used: the line is not at fault).
 */
int al_log_parse(struct al_log *log, const char *line, size_t len,
		 struct al_row *row);
/*
 * The same for a line as al_reader_next() gives it: a line over the limit
 * is an error row that says so, with the kept start as its text.
 */
struct al_line;
int al_log_parse_line(struct al_log *log, const struct al_line *line,
		      struct al_row *row);
/* The format of the line parsed last, for al_value(); NULL before one. */
const struct al_format *al_log_format(const struct al_log *log);

/* Decoders, exposed for the tests. They write at most len bytes to out. */
size_t al_decode_apache(const char *s, size_t len, char *out);
/* IIS writes spaces as '+' in user agents; "++" stands for " +". */
size_t al_decode_w3c_agent(const char *s, size_t len, char *out);
/* "25/Nov/2026:23:42:16 +0000" -> "2026-11-25T23:42:16+00:00"; returns
 * the length written (25) or 0 when the text is not such a time. */
size_t al_time_clf_to_iso(const char *s, size_t len, char out[32]);

/* ---- Reading files: plain or compressed, a glob of them, line by line ---- */

/*
 * A file is plain text or gzip, zstd, bzip2 or xz, told by its first
 * bytes, never by its name; "-" is standard input. Lines end at '\n' (a
 * CR before it is dropped); a line over AL_LINE_MAX bytes is handed out
 * with its first AL_LINE_MAX bytes as soon as they are read, and the rest
 * of it is skipped on the next read, so a line that never ends (a device,
 * a binary dump) still gives its row.
 *
 * Files that change while they are read:
 *   - Grows: bytes appended before the reader reaches the end of the file
 *     are read like the rest; once a read has returned end of file, the
 *     reader is done with that file, and lines appended later wait for the
 *     next scan. A last line without its newline is a row as it stands
 *     (unless al_reader_hold_partial_line() was called), so a writer that
 *     writes a line in pieces can leave a torn last line (nginx and Apache
 *     write each line with one write()).
 *   - Shrinks: at the end of a regular file, a size below the largest known
 *     (at open, or read) is an error naming the file ("file truncated while
 *     it was read"), given before any partial line read since; the lines
 *     handed out before it were whole lines of the file as it was. A file
 *     that shrank and grew back past that size is not noticed. A file that
 *     says it has 0 bytes (procfs) is read as a stream, without this check.
 *   - Compressed data cut short: an error naming the file after the lines
 *     before it.
 */

struct al_reader; /* opaque */

/* The reader's state for one line. */
struct al_line {
	const char *text; /* not NUL-terminated; CR of a CRLF removed */
	size_t len;
	uint64_t offset;  /* of its first byte in the file (decompressed) */
	bool too_long;    /* text holds the first AL_LINE_MAX bytes only */
	int64_t lineno;   /* 1-based, within its file */
};

/*
 * Open a file ("-": standard input). Returns AL_OK with *out set, else
 * AL_ERROR or AL_NOMEM with a message naming the file (and the system's
 * reason) in err.
 */
int al_reader_open(struct al_reader **out, const char *path, char *err,
		   size_t errlen);
/*
 * 1: a line was read; 0: end of file; AL_ERROR: read error or corrupt
 * compressed data; AL_NOMEM; AL_INTERRUPTED: the cancel callback said
 * stop. A message naming the file is in err on each failure.
 */
int al_reader_next(struct al_reader *r, struct al_line *line, char *err,
		   size_t errlen);
void al_reader_close(struct al_reader *r);

/*
 * Lines that start before this offset are not handed out; they are only
 * counted, so line numbers stay those of the whole file. (Before the first
 * al_reader_next().)
 */
void al_reader_skip_before(struct al_reader *r, uint64_t offset);
/* A last line without its newline is not handed out: it may still be being
 * written, and a resumed import reads it whole next time. */
void al_reader_hold_partial_line(struct al_reader *r);
/* Asked between reads of bytes that are not handed out (the rest of a cut
 * line, lines skipped): nonzero stops the read with AL_INTERRUPTED. */
void al_reader_set_cancel(struct al_reader *r, int (*cancelled)(void *ctx),
			  void *ctx);
/* The file's inode number, as fstat() gave it at open. */
uint64_t al_reader_inode(const struct al_reader *r);

/*
 * Expand a path or glob pattern into a sorted list of files (numbers in
 * names compare by value: log.2 before log.10); directories that match are
 * left out. A path without glob characters is returned as it is. Returns the count (>= 1), or AL_ERROR
 * or AL_NOMEM with a message in err; free the list with al_paths_free().
 */
int al_expand_paths(const char *pattern, char ***paths, char *err,
		    size_t errlen);
void al_paths_free(char **paths, int n);

#ifdef __cplusplus
}
#endif

#endif
