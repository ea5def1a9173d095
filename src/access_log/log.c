/*
 * Following a log: the format of each line, given, detected from a file's
 * first lines, or declared by W3C "#Fields:" directives.
 */
#include "access_log.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "set_err.h"
#include "formats.h"
#include "syntax_json.h"

/* Lines no row of the table reads, remembered so that a file of them (a
 * binary dump, a few bytes repeated) costs one attempt a line, not one per
 * row: direct-mapped by a hash, compared whole, so only a line seen before
 * is skipped. Longer lines are not kept. */
#define UNREAD_SLOTS 64
#define UNREAD_MAX 48

struct unread_line {
	unsigned char len; /* 0: an empty slot (an empty line never gets here) */
	char text[UNREAD_MAX];
};

enum log_mode {
	MODE_FIXED,  /* a format given, or one detected for this file */
	MODE_W3C,    /* W3C: formats come from #Fields: lines */
	MODE_DETECT  /* nothing known yet about this file */
};

struct al_log {
	bool detect;             /* no format given: detect in every file */
	bool given_w3c;
	enum log_mode mode;
	struct al_format *given; /* the format argument, compiled */
	/* For detection, compiled once: the table's rows (formats.def). */
	struct al_format **presets;
	int preset;              /* the row the last line fitted, or -1 */
	char *no_format;         /* the error of a line no row reads */
	struct unread_line *unread; /* UNREAD_SLOTS */
	/* From the last #Fields: line, for lines with spaces or tabs. */
	struct al_format *w3c, *w3c_tab;
	bool user_json;          /* a JSON mapping given: no unwrapping */
	/* The line inside a Docker json-file record, unescaped; reused. */
	char *inner;
	size_t inner_cap;
	const struct al_format *current;
};

/* The error of a line no row of the table reads, naming the rows tried:
 * built once, NULL when out of memory. */
static char *no_format_message(void)
{
	static const char head[] = "no known format reads this line (tried ",
			  tail[] = ", and W3C for '#' directives): give the "
				   "format as the second argument";
	size_t n = sizeof(head) + sizeof(tail);

	for (int i = 0; i < al_preset_count; i++)
		n += strlen(al_presets[i].name) + 2;
	char *msg = malloc(n);
	if (!msg)
		return NULL;
	size_t k = sizeof(head) - 1;
	memcpy(msg, head, k);
	for (int i = 0; i < al_preset_count; i++) {
		if (al_presets[i].detect == DETECT_NEVER)
			continue;
		if (k > sizeof(head) - 1) {
			memcpy(msg + k, ", ", 2);
			k += 2;
		}
		size_t w = strlen(al_presets[i].name);
		memcpy(msg + k, al_presets[i].name, w);
		k += w;
	}
	memcpy(msg + k, tail, sizeof(tail));
	return msg;
}

int al_log_open(struct al_log **out, const char *spec, char *err,
		size_t errlen)
{
	struct al_log *log = calloc(1, sizeof(*log));
	int rc = AL_OK;

	*out = NULL;
	if (!log) {
		set_err(err, errlen, "out of memory");
		return AL_NOMEM;
	}
	if (!spec) {
		log->detect = true;
		log->presets = calloc((size_t)al_preset_count,
				      sizeof(struct al_format *));
		log->unread = calloc(UNREAD_SLOTS, sizeof(*log->unread));
		log->no_format = no_format_message();
		if (!log->presets || !log->unread || !log->no_format) {
			set_err(err, errlen, "out of memory");
			rc = AL_NOMEM;
		}
		for (int i = 0; rc == AL_OK && i < al_preset_count; i++)
			rc = al_preset_compile(&al_presets[i], &log->presets[i],
					       err, errlen);
	} else if (strcmp(spec, "w3c") == 0) {
		log->given_w3c = true;
	} else {
		rc = al_compile_format(spec, &log->given, err, errlen);
		/* A mapping reads the user's own keys: no record is unwrapped. */
		if (rc == AL_OK && log->given->json &&
		    strcmp(log->given->kind, "json mapping") == 0)
			log->user_json = true;
	}
	if (rc != AL_OK) {
		al_log_free(log);
		return rc;
	}
	al_log_start_file(log);
	*out = log;
	return AL_OK;
}

struct al_log *al_log_new(const char *spec, char *err, size_t errlen)
{
	struct al_log *log;

	return al_log_open(&log, spec, err, errlen) == AL_OK ? log : NULL;
}

void al_log_free(struct al_log *log)
{
	if (!log)
		return;
	al_format_free(log->given);
	for (int i = 0; log->presets && i < al_preset_count; i++)
		al_format_free(log->presets[i]);
	free(log->presets);
	free(log->unread);
	free(log->no_format);
	al_format_free(log->w3c);
	al_format_free(log->w3c_tab);
	free(log->inner);
	free(log);
}

void al_log_start_file(struct al_log *log)
{
	al_format_free(log->w3c);
	al_format_free(log->w3c_tab);
	log->w3c = log->w3c_tab = NULL;
	log->current = log->given;
	log->preset = -1;
	log->mode = log->detect ? MODE_DETECT
		    : log->given_w3c ? MODE_W3C
				     : MODE_FIXED;
}

const struct al_format *al_log_format(const struct al_log *log)
{
	return log->current;
}

static bool starts_with(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

/* "#Software:", "#Version:", "#Date:", "#Fields:", "#Remark:", ... */
static int w3c_directive(struct al_log *log, const char *line, size_t len,
			 struct al_row *row)
{
	char msg[sizeof(row->errbuf) - 40];
	struct al_format *f = NULL, *tab = NULL;

	row->is_directive = true;
	if (!starts_with(line, len, "#Fields:"))
		return 0;
	int rc = al_compile_w3c(line + 8, len - 8, ' ', &f, msg, sizeof(msg));
	if (rc == AL_OK)
		rc = al_compile_w3c(line + 8, len - 8, '\t', &tab, msg,
				    sizeof(msg));
	if (rc == AL_NOMEM) { /* not the line's fault: no row for it */
		al_format_free(f);
		return AL_NOMEM;
	}
	if (rc != AL_OK) {
		row->is_directive = false;
		return al_row_error(row, "bad #Fields: line: %s", msg);
	}
	al_format_free(log->w3c);
	al_format_free(log->w3c_tab);
	log->w3c = f;
	log->w3c_tab = tab;
	log->current = f;
	return 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A syslog tag and its pid, "haproxy[7]: ": the length, or 0. */
static size_t syslog_tag_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (is_digit(s[i]) || (s[i] >= 'a' && s[i] <= 'z') ||
			 (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_' ||
			 s[i] == '-' || s[i] == '.' || s[i] == '/'))
		i++;
	if (i == 0)
		return 0;
	if (i < n && s[i] == '[') {
		const char *close = memchr(s + i, ']', n - i);
		if (!close)
			return 0;
		i = (size_t)(close - s) + 1;
	}
	return i + 1 < n && s[i] == ':' && s[i + 1] == ' ' ? i + 2 : 0;
}

/* Past the next space, or 0 when there is none. */
static size_t past_token(const char *s, size_t n, size_t i)
{
	const char *sp = i < n ? memchr(s + i, ' ', n - i) : NULL;

	return sp ? (size_t)(sp - s) + 1 : 0;
}

/*
 * The syslog header in front of a line, as rsyslog writes HAProxy's logs
 * to /var/log/haproxy.log: RFC 3164 "<134>Feb 25 14:09:07 host tag[pid]: "
 * (priority and host optional, or an RFC 3339 time instead of the BSD
 * one), RFC 5424 "<134>1 2026-11-25T23:42:16Z host app procid msgid
 * [sd] ", or the priority alone (HAProxy's "short"). Returns its length,
 * or 0 when the line has none. n > 0: no empty line gets this far.
 */
static size_t syslog_prefix_len(const char *s, size_t n)
{
	size_t i = 0, t;

	if (s[0] == '<') {
		i = 1;
		while (i < n && is_digit(s[i]))
			i++;
		if (i == 1 || i >= n || s[i] != '>')
			return 0;
		i++;
		if (i + 1 < n && s[i] == '1' && s[i + 1] == ' ') {
			i += 2; /* RFC 5424: time, host, app, procid, msgid */
			for (int k = 0; k < 5 && i; k++)
				i = past_token(s, n, i);
			if (i == 0 || i >= n)
				return 0;
			if (s[i] == '-') {
				i++;
			} else {
				while (i < n && s[i] == '[') {
					while (i < n && s[i] != ']')
						i += s[i] == '\\' ? 2 : 1;
					if (i >= n)
						return 0;
					i++;
				}
			}
			if (i >= n || s[i] != ' ')
				return 0;
			i++;
			if (n - i >= 3 && memcmp(s + i, "\xEF\xBB\xBF", 3) == 0)
				i += 3; /* the BOM of a UTF-8 message */
			return i;
		}
	}
	/* "Feb 25 14:09:07 " (a day below 10 has a space), or RFC 3339. */
	if (n - i >= 16 && s[i + 3] == ' ' && s[i + 6] == ' ' &&
	    s[i + 9] == ':' && s[i + 12] == ':' && s[i + 15] == ' ' &&
	    s[i] >= 'A' && s[i] <= 'Z')
		i += 16;
	else if (n - i >= 20 && is_digit(s[i]) && s[i + 4] == '-' &&
		 s[i + 10] == 'T')
		i = past_token(s, n, i);
	else
		return i; /* "<134>" alone: HAProxy's "short" format, or none */
	if (i == 0)
		return 0;
	t = syslog_tag_len(s + i, n - i); /* no host name */
	if (t == 0) {
		i = past_token(s, n, i);
		t = i ? syslog_tag_len(s + i, n - i) : 0;
	}
	return t ? i + t : 0;
}

/* Parse with f (through parse: al_parse_line or al_try_line); a line
 * that f does not read may be one behind a syslog header: then its fields
 * are found after the header. */
static int read_with(int (*parse)(const struct al_format *, const char *,
				  size_t, struct al_row *),
		     const struct al_format *f, const char *line, size_t len,
		     struct al_row *row)
{
	if (parse(f, line, len, row) == 0)
		return 0;
	size_t skip = syslog_prefix_len(line, len);
	if (skip == 0 || skip >= len)
		return 1;
	int rc = parse(f, line + skip, len - skip, row);
	row->line = line;
	row->len = len;
	if (rc != 0) {
		row->nfields = 0;
		return rc;
	}
	for (int i = 0; i < row->nfields; i++)
		row->field[i].off += (uint32_t)skip;
	row->time_frac_off += (uint32_t)skip;
	return 0;
}

static int parse_with(const struct al_format *f, const char *line,
		      size_t len, struct al_row *row)
{
	return read_with(al_parse_line, f, line, len, row);
}

/* For detection, which needs no message when f fails. */
static int try_with(const struct al_format *f, const char *line, size_t len,
		    struct al_row *row)
{
	return read_with(al_try_line, f, line, len, row);
}

/* The first row of the table that reads the line, from row `from` and
 * before row `to`, but for row `skip` (one that has just failed it); -1
 * when none does. A JSON row needs a '{' in the line. */
static int detect_line(struct al_log *log, const char *line, size_t len,
		       struct al_row *row, int from, int to, int skip)
{
	bool brace = memchr(line, '{', len) != NULL;

	for (int i = from; i < to; i++) {
		if (i == skip || (log->presets[i]->json && !brace) ||
		    try_with(log->presets[i], line, len, row) != 0)
			continue;
		if (al_preset_detects(&al_presets[i], log->presets[i], row))
			return i;
	}
	return -1;
}

/* The slot that holds the line if no row of the table read it before;
 * NULL for a line too long to keep. */
static struct unread_line *unread_slot(struct al_log *log, const char *line,
				       size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	if (len > UNREAD_MAX)
		return NULL;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)line[i]) * 16777619u;
	return &log->unread[h % UNREAD_SLOTS];
}

/*
 * Without a format: the line is read by the format of the line before it
 * when it can be, else by the first row of the table that reads it, so a
 * file may mix formats line by line (Apache writes common and combined
 * lines to one file when CustomLog changes). A "weak" format (common) that
 * reads a line only with fields left over yields to a row above it
 * (combined) that reads the whole line.
 */
static int detect_parse(struct al_log *log, const char *line, size_t len,
			struct al_row *row)
{
	int cur = log->preset, found;

	if (cur >= 0 && parse_with(log->presets[cur], line, len, row) == 0) {
		const struct al_format *f = log->presets[cur];
		if (!al_presets[cur].weak || row->nfields <= f->n)
			return 0;
		found = detect_line(log, line, len, row, 0, cur, -1);
		if (found < 0) /* read it again as it was */
			return parse_with(f, line, len, row);
	} else {
		struct unread_line *seen = unread_slot(log, line, len);
		bool again = seen && seen->len == len &&
			     memcmp(seen->text, line, len) == 0;
		/* The row still holds why the file's format failed the line. */
		bool why = cur >= 0;
		found = -1;
		if (!again) {
			found = detect_line(log, line, len, row, 0,
					    al_preset_count, cur);
			why = false;
			if (found < 0 && seen) {
				seen->len = (unsigned char)len;
				memcpy(seen->text, line, len);
			}
		}
		if (found < 0 && line[0] == '{') /* JSON says why */
			for (int i = 0; i < al_preset_count; i++)
				if (al_presets[i].syntax == &al_syntax_json &&
				    al_presets[i].spec[0] == '\0') /* all the keys */
					return parse_with(log->presets[i], line, len, row);
		if (found < 0 && why)
			return 1;
		if (found < 0 && cur >= 0) /* the file's format says why */
			return parse_with(log->presets[cur], line, len, row);
		if (found < 0) {
			row->nfields = 0;
			row->error = log->no_format;
			return 1;
		}
	}
	log->preset = found;
	log->current = log->presets[found];
	log->mode = MODE_FIXED;
	return 0;
}

int al_log_parse(struct al_log *log, const char *line, size_t len,
		 struct al_row *row)
{
	size_t bad;
	int rc;

	row->line = line;
	row->len = len;
	row->error = NULL;
	row->is_directive = false;
	row->binary = false;
	row->quiet = false;
	row->nfields = 0;
	if (len == 0)
		return al_row_error(row, "empty line");
	/* A JSON line that its file's JSON format reads needs no check of its
	 * bytes: the tokenizer accepts only UTF-8 without NUL. Lines it
	 * refuses, and Docker records, which carry a line, go the long way. */
	const struct al_format *json = log->detect
		? (log->preset >= 0 ? log->presets[log->preset] : NULL)
		: log->given;
	if (json && json->json && line[0] == '{' &&
	    !(len >= 8 && memcmp(line, "{\"log\":\"", 8) == 0) &&
	    al_parse_line(json, line, len, row) == 0)
		return 0;
	rc = al_check_bytes(line, len, &bad);
	if (rc != 0) {
		row->binary = true;
		return al_row_error(row, rc == 1 ? "NUL byte at offset %zu"
					      : "invalid UTF-8 at offset %zu",
				 bad);
	}
	/* A container's record: read the line it carries instead. The row
	 * then shows that line. */
	if (!log->user_json && (line[0] == '{' || (line[0] >= '0' && line[0] <= '9'))) {
		const char *inner;
		size_t inner_len;
		rc = al_unwrap_container(line, len, &log->inner, &log->inner_cap,
					 &inner, &inner_len);
		if (rc == AL_NOMEM)
			return AL_NOMEM;
		if (rc == 2)
			return al_row_error(row, "a partial CRI line (P): its parts are not joined");
		if (rc == 1) {
			if (inner_len == 0)
				return al_row_error(row, "empty line inside a container record");
			line = inner;
			len = inner_len;
			row->line = line;
			row->len = len;
		}
	}
	/* A W3C file's directives, with no format or a W3C one given: its
	 * #Fields: line says more than a preset's fields. */
	if (line[0] == '#' && (log->mode == MODE_DETECT ||
			       (log->mode == MODE_FIXED && log->given &&
				log->given->w3c)))
		log->mode = MODE_W3C;
	if (log->mode == MODE_W3C) {
		if (line[0] == '#')
			return w3c_directive(log, line, len, row);
		if (!log->w3c && log->given)
			return parse_with(log->current, line, len, row);
		if (!log->w3c)
			return al_row_error(row, "no #Fields: line before this one");
		log->current = memchr(line, '\t', len) ? log->w3c_tab : log->w3c;
		return parse_with(log->current, line, len, row);
	}
	if (log->detect)
		return detect_parse(log, line, len, row);
	return parse_with(log->current, line, len, row);
}

int al_log_parse_line(struct al_log *log, const struct al_line *line,
		      struct al_row *row)
{
	size_t bad;

	if (!line->too_long)
		return al_log_parse(log, line->text, line->len, row);
	row->line = line->text;
	row->len = line->len;
	row->nfields = 0;
	row->is_directive = false;
	row->binary = al_check_bytes(row->line, row->len, &bad) != 0;
	snprintf(row->errbuf, sizeof(row->errbuf),
		 "line too long: over the limit of %d bytes; "
		 "line holds its first %d bytes",
		 AL_LINE_MAX, AL_LINE_MAX);
	row->error = row->errbuf;
	return 1;
}
