/*
 * A compiled format, and the builder every syntax compiles through.
 *
 * A format compiles to a literal prefix and a list of fields, each followed
 * by the literal text that ends it:
 *
 *   $remote_addr - $remote_user [$time_local] "$request" $status ...
 *   field        "- " ...
 *
 * A syntax (syntax_*.c) reads a format string and calls al_add_literal()
 * and al_add_field() in order, then al_finish_format(). parse.c splits
 * lines by these fields; value.c turns a field into a column's value by
 * its kind. Nothing here knows a syntax.
 */
#ifndef AL_FORMAT_H
#define AL_FORMAT_H

#include "access_log.h"

struct al_json_map;

enum al_kind {
	K_DROP,     /* matched, not kept: Apache's %l, always "-" */
	K_TEXT,     /* text for column col; "-" is NULL */
	K_AGENT,    /* W3C user agent: '+' stands for a space */
	K_REQUEST,  /* "METHOD target PROTOCOL" */
	K_TIME_CLF, /* 25/Nov/2026:23:42:16 +0000, in [] for Apache's %t */
	K_TIME_ISO, /* 2026-11-25T23:42:16+00:00 */
	K_TIME_EPOCH, /* nginx $msec: 1764114136.123, seconds since 1970, UTC */
	K_TIME_EPOCH_MS, /* Apache %{msec}t: 1764114136123, milliseconds */
	K_TIME_EPOCH_US, /* Apache %{usec}t: 1764114136123456, microseconds */
	K_W3C_DATE, /* 2026-11-25 */
	K_W3C_TIME, /* 23:42:16, UTC */
	K_TIME_LOCAL_MS, /* HAProxy: 25/Sep/2018:06:05:27.584, no offset */
	K_STATUS,   /* "-1" (HAProxy: no response was sent) is 0 */
	K_SUBSTATUS,
	K_BYTES,
	K_SECONDS,  /* request time as written in seconds: 0.123 */
	K_MILLIS,   /* W3C time-taken; HAProxy's "+" (logasap) allowed */
	K_MICROS,   /* Apache %D */
	K_SECONDS_SUM, /* one of the timings that add up to the request
			* time (AWS ELB); any "-1" makes it NULL */
	K_QUERY,    /* query string, joined to the path */
	K_ADDR_PORT, /* "192.0.2.1:4242": the address for remote_addr */
	K_HOST_PORT, /* "www.example.com" or "www.example.com:443": vhost */
	K_AGENT_PCT, /* CloudFront user agent: percent-encoded, twice */
	K_EXTRA     /* goes to the JSON "extra" object under its name */
};

enum al_escape {
	ESC_BACKSLASH, /* nginx \xHH, Apache \" \\ \n \t \xhh, JSON \uXXXX */
	ESC_NONE       /* W3C and nginx escape=none: bytes as they are */
};

struct al_field {
	enum al_kind kind;
	int col;          /* the column of a K_TEXT field */
	bool quoted;      /* between double quotes */
	bool no_space;    /* an address, host or user name: no space */
	bool address;     /* an address or host name: no markup either */
	bool in_extra;    /* feeds a column and is in "extra" too */
	const char *name; /* as the format writes it; the key in "extra" */
	const char *after;
	size_t after_len;
};

struct al_format {
	const char *kind;
	enum al_escape esc;
	const char *prefix;
	size_t prefix_len;
	int n;
	struct al_field field[AL_MAX_FIELDS];
	int col_field[AL_COL_COUNT]; /* field that feeds a column, or -1 */
	int w3c_time_field;          /* a W3C time joins its date */
	int query_field;
	bool has_extra;
	/* Detected combined or common followed by more fields: the last
	 * field ends at its own end (its first unescaped quote, or a space)
	 * and what follows is fields without names, for "extra". */
	bool trailing;
	/* Fields from this one on may be missing at the end of a line (AWS
	 * appends fields to its logs over the years); n when all must be. */
	int required;
	bool squeeze;    /* a space separator may be a run of spaces */
	bool w3c;        /* W3C fields: a file's "#" lines are directives */
	/* How a line is split into fields: NULL for the literals between
	 * them (parse.c), or a syntax's own way (al_split_tokens(), JSON).
	 * Returns as al_parse_line(); sets row->nfields and the spans. */
	int (*split)(const struct al_format *f, const char *line, size_t len,
		     struct al_row *row);
	/* A JSON format (syntax_json.c) reads lines by key, not by fields. */
	struct al_json_map *json;
	/* Literals and names are copied here. */
	char *strings;
	size_t strings_used, strings_cap;
};

/* A syntax's vocabulary: a name it writes and the field it stands for. */
struct name_map {
	const char *name;
	enum al_kind kind;
	int col;
};

/* An empty format whose string store fits a spec of spec_len bytes; NULL
 * when out of memory. kind: for messages and tests ("combined", "nginx"). */
struct al_format *al_format_new(const char *kind, size_t spec_len);
/* Return 0, or -1 with a message in err (too many fields, no separator
 * between two fields, format too long). */
int al_add_field(struct al_format *f, enum al_kind kind, int col,
		 const char *name, size_t name_len, char *err, size_t errlen);
int al_add_literal(struct al_format *f, const char *s, size_t n, char *err,
		   size_t errlen);
void al_finish_format(struct al_format *f);
const struct name_map *al_find_name(const struct name_map *map, size_t count,
				    const char *s, size_t n);

#endif
