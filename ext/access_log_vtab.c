/*
 * access_log(path [, format]): web server access logs as a table.
 *
 *   SELECT status, count(*) FROM access_log('/var/log/nginx/access.log')
 *   GROUP BY status;
 *   SELECT path, count(*) FROM access_log('/var/log/nginx/access.log*')
 *   WHERE status = 404 GROUP BY 1 ORDER BY 2 DESC LIMIT 10;
 *   SELECT * FROM access_log('u_ex261125.log', 'w3c');
 *   SELECT extra ->> 'upstream_addr' FROM access_log('app.log',
 *       '$remote_addr [$time_local] "$request" $status $upstream_addr');
 *
 * path is a file or a glob(3) pattern; gzip files are read as they are.
 * format is the name of a row of src/access_log/formats.def, w3c, an nginx
 * log_format string or an Apache LogFormat string; without it each line
 * is read by the first row that reads it (see src/access_log/access_log.h).
 * This file knows no format. A NULL path gives no rows.
 *
 * Every line is a row, even one that does not parse: `line` keeps its text
 * and `error` says why, and the parsed columns are NULL. rowid is the line
 * number within `file`, so with several files (file, rowid) is the key.
 *
 * HOW IT WORKS: the declared schema is below; pattern and format are the
 * hidden columns that take the arguments. xNext reads a line and finds its
 * fields (src/access_log/); xColumn converts only the columns asked for.
 * The cursor reuses its read and scratch buffers, so memory stays flat
 * however large the files.
 */
#include "http_status_ext.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "access_log.h"

SQLITE_EXTENSION_INIT3

static const char access_log_schema[] =
	"CREATE TABLE x(\n"
	"  remote_addr TEXT,     -- client address: nginx $remote_addr, Apache %h/%a, W3C c-ip\n"
	"  remote_user TEXT,     -- authenticated user; NULL for '-'\n"
	"  time TEXT,            -- ISO 8601 with offset: 2026-11-25T23:42:16+00:00 (W3C: UTC)\n"
	"  method TEXT,          -- GET; NULL when the request line is not METHOD target PROTOCOL\n"
	"  path TEXT,            -- request target with its query string\n"
	"  protocol TEXT,        -- HTTP/1.1\n"
	"  status INTEGER,       -- response status\n"
	"  substatus INTEGER,    -- IIS sub-status (W3C sc-substatus)\n"
	"  bytes INTEGER,        -- body bytes sent; NULL for '-'\n"
	"  referer TEXT,         -- Referer header; NULL for '-'\n"
	"  user_agent TEXT,      -- User-Agent header; NULL for '-'\n"
	"  request_time REAL,    -- seconds taken (nginx $request_time, Apache %D/%T, W3C time-taken)\n"
	"  vhost TEXT,           -- virtual host: nginx $host/$server_name, Apache %v, W3C cs-host/s-sitename\n"
	"  extra TEXT,           -- JSON object of the format's other fields; a JSON array of the fields after a detected combined or common line; NULL when none\n"
	/* Arguments bind to the first hidden columns, in order. */
	"  pattern TEXT HIDDEN,  -- argument 1: a path or glob pattern\n"
	"  format TEXT HIDDEN,   -- argument 2: the format, NULL to detect\n"
	"  line TEXT HIDDEN,     -- the raw line (a BLOB when not valid UTF-8)\n"
	"  error TEXT HIDDEN,    -- NULL when the line parsed, else why not\n"
	"  file TEXT HIDDEN,     -- the file the row came from\n"
	"  epoch REAL HIDDEN,    -- time as Unix seconds (UTC); NULL when the row has no time\n"
	"  byte_offset INTEGER HIDDEN, -- where the line starts in its file (in the decompressed text)\n"
	"  inode INTEGER HIDDEN  -- the file's inode: tells a rotated file from the one that took its name\n"
	")";

enum {
	COL_PATTERN = AL_COL_COUNT,
	COL_FORMAT,
	COL_LINE,
	COL_ERROR,
	COL_FILE,
	COL_EPOCH,
	COL_BYTE_OFFSET,
	COL_INODE,
};

/* idxNum bits: which arguments xFilter gets, in this order, and whether
 * the rows come grouped by status (see log_best_index). */
enum {
	ARG_PATTERN = 1,
	ARG_FORMAT = 2,
	GROUPED_BY_STATUS = 4,
	NO_FILE = 8, /* a plan without the path: an error if ever run */
};

/*
 * Constraints on status, method and epoch that the table evaluates itself,
 * so that a line it rejects never becomes SQL values. idxStr holds three
 * characters per constraint, in the order of their xFilter arguments
 * (after pattern and format): the column (s, m, e), the operator (=, >, g
 * for >=, <, l for <=), and b when a text value compares as BINARY, c when
 * under another collation (then only NULL rows are rejected).
 */
#define MAX_FILTERS 16

struct filter {
	char col, op;
	bool exact;     /* the value decides; else only NULL rows fail */
	bool is_int;
	int64_t i;      /* the value as an integer, when is_int */
	double r;       /* the value as a number */
	char *text;     /* a text value for method, copied */
	int n;
};

/* Group slots: 0 for a NULL status, 1 + status for 0..999. */
#define STATUS_SLOTS 1001

struct log_vtab {
	sqlite3_vtab base;
	sqlite3 *db;
};

struct log_cursor {
	sqlite3_vtab_cursor base;
	sqlite3_stmt *probe; /* "SELECT 1", stepped to learn of an interrupt */
	char *pattern; /* the arguments, copied */
	char *format;
	char **paths;
	int npaths;
	int ipath;
	struct al_reader *reader;
	struct al_log *log;
	struct al_line line;
	struct al_row row;
	struct al_buf scratch;
	bool eof;
	/* GROUPED_BY_STATUS: rows counted per status, then handed out one
	 * group after the other. */
	bool grouped;
	bool exact;       /* rowid was asked: rows re-read, group by group */
	int group;        /* the slot being handed out */
	int64_t done;     /* rows of it handed out, the current one included */
	int64_t *counts;  /* STATUS_SLOTS entries */
	struct filter filter[MAX_FILTERS];
	int nfilters;
	double epoch_from; /* lower bound of epoch; -INFINITY when none */
	/* A lower bound on byte_offset: each file is read from there (its
	 * lines before are only counted), and a last line without its newline
	 * waits for the next import. */
	int64_t offset_from;
	bool resuming;
	unsigned rejected; /* lines the filters rejected since the last check
			    * for an interrupt */
};

static int log_connect(sqlite3 *db, void *aux, int argc,
		       const char *const *argv, sqlite3_vtab **out, char **err)
{
	(void)aux;
	(void)argc;
	(void)argv;
	(void)err;
	/* It reads any file the process can: a hostile database must not
	 * call it from a view or trigger that a victim's query then runs. */
	int rc = hs_vtab_connect(db, access_log_schema, SQLITE_VTAB_DIRECTONLY,
				 sizeof(struct log_vtab), out);
	if (rc == SQLITE_OK)
		((struct log_vtab *)*out)->db = db;
	return rc;
}

static char filter_column(int col)
{
	switch (col) {
	case AL_STATUS: return 's';
	case AL_METHOD: return 'm';
	case COL_EPOCH: return 'e';
	case COL_BYTE_OFFSET: return 'o';
	default: return 0;
	}
}

static char filter_op(unsigned char op)
{
	switch (op) {
	case SQLITE_INDEX_CONSTRAINT_EQ: return '=';
	case SQLITE_INDEX_CONSTRAINT_GT: return '>';
	case SQLITE_INDEX_CONSTRAINT_GE: return 'g';
	case SQLITE_INDEX_CONSTRAINT_LT: return '<';
	case SQLITE_INDEX_CONSTRAINT_LE: return 'l';
	default: return 0;
	}
}

/*
 * Take the constraints on status, method and epoch as xFilter arguments
 * after the n already given; write their idxStr code to out. A constraint
 * is omitted (SQLite does not check it again) only when the table's answer
 * is exactly SQLite's: a number for status or epoch, a text compared as
 * BINARY for method, or NULL, known when the plan is made. An IN list is
 * left to SQLite, which would otherwise read the file once per value.
 */
static int push_filters(sqlite3_index_info *info, int *n, char *out)
{
	bool v338 = sqlite3_libversion_number() >= 3038000;
	int count = 0;

	for (int i = 0; i < info->nConstraint && count < MAX_FILTERS; i++) {
		const struct sqlite3_index_constraint *c = &info->aConstraint[i];
		char col = filter_column(c->iColumn), op = filter_op(c->op);
		if (!c->usable || col == 0 || op == 0)
			continue;
		if (op == '=' && v338 && sqlite3_vtab_in(info, i, -1))
			continue;
		const char *coll = sqlite3_vtab_collation(info, i);
		bool binary = sqlite3_stricmp(coll, "BINARY") == 0;
		sqlite3_value *rhs = NULL;
		if (v338 && sqlite3_vtab_rhs_value(info, i, &rhs) != SQLITE_OK)
			rhs = NULL;
		int type = rhs ? sqlite3_value_type(rhs) : 0;
		bool exact = type == SQLITE_NULL ||
			     (col == 'm' ? type == SQLITE_TEXT && binary
					 : type == SQLITE_INTEGER || type == SQLITE_FLOAT);
		info->aConstraintUsage[i].argvIndex = ++*n;
		info->aConstraintUsage[i].omit = exact;
		out[3 * count] = col;
		out[3 * count + 1] = op;
		out[3 * count + 2] = binary ? 'b' : 'c';
		count++;
	}
	out[3 * count] = '\0';
	return count;
}

static int log_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
	(void)vtab;
	int arg[2] = {-1, -1};
	int unusable = 0, idxNum = 0;

	for (int i = 0; i < info->nConstraint; i++) {
		const struct sqlite3_index_constraint *c = &info->aConstraint[i];
		if (c->iColumn != COL_PATTERN && c->iColumn != COL_FORMAT)
			continue;
		int j = c->iColumn - COL_PATTERN;
		if (!c->usable)
			unusable |= 1 << j;
		else if (c->op == SQLITE_INDEX_CONSTRAINT_EQ) {
			arg[j] = i;
			idxNum |= 1 << j;
		}
	}
	/* An argument that comes from a table not scanned yet: ask the
	 * planner for another join order. */
	if (unusable & ~idxNum)
		return SQLITE_CONSTRAINT;
	/*
	 * The planner also asks about plans that lack the path, such as one
	 * per term of an OR. Failing here would abort the whole statement;
	 * a prohibitive cost lets the planner choose a plan with the path,
	 * and xFilter reports the error only if no such plan exists.
	 */
	if (arg[0] < 0) {
		info->idxNum = NO_FILE;
		info->estimatedCost = 1e300;
		info->estimatedRows = INT64_MAX;
		return SQLITE_OK;
	}
	int n = 0;
	for (int j = 0; j < 2; j++) {
		if (arg[j] < 0)
			continue;
		info->aConstraintUsage[arg[j]].argvIndex = ++n;
		info->aConstraintUsage[arg[j]].omit = 1;
	}
	char filters[3 * MAX_FILTERS + 1];
	int nfilters = push_filters(info, &n, filters);
	if (nfilters > 0) {
		info->idxStr = sqlite3_mprintf("%s", filters);
		if (info->idxStr == NULL)
			return SQLITE_NOMEM;
		info->needToFreeIdxStr = 1;
	}
	/*
	 * GROUP BY status (or ORDER BY status) when no other column is used:
	 * one pass counts the rows of each status, then the rows are handed
	 * out group by group, so SQLite needs no sorter (which costs more
	 * than the whole parse). The rows are the same rows; only their order
	 * differs, which GROUP BY leaves free. sqlite3_vtab_distinct() came
	 * in SQLite 3.38.
	 */
	sqlite3_uint64 args = (1ULL << COL_PATTERN) | (1ULL << COL_FORMAT);
	if (info->nOrderBy == 1 && info->aOrderBy[0].iColumn == AL_STATUS &&
	    !info->aOrderBy[0].desc &&
	    (info->colUsed & ~(args | (1ULL << AL_STATUS))) == 0 &&
	    sqlite3_libversion_number() >= 3038000) {
		int distinct = sqlite3_vtab_distinct(info);
		if (distinct == 0 || distinct == 1) {
			info->orderByConsumed = 1;
			idxNum |= GROUPED_BY_STATUS;
		}
	}
	info->idxNum = idxNum;
	/* Every plan reads the whole file: a constraint saves work per row,
	 * not reading, so the cost stays that of a scan (a join must not read
	 * the file once per row of another table to use one). */
	info->estimatedCost = 1e6 - nfilters;
	info->estimatedRows = 1000000 >> nfilters;
	return SQLITE_OK;
}

static int log_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **out)
{
	(void)vtab;
	struct log_cursor *cur = sqlite3_malloc(sizeof(*cur));
	if (cur == NULL)
		return SQLITE_NOMEM;
	memset(cur, 0, sizeof(*cur));
	cur->eof = true;
	cur->epoch_from = -INFINITY;
	*out = &cur->base;
	return SQLITE_OK;
}

static void log_reset(struct log_cursor *cur)
{
	al_reader_close(cur->reader);
	cur->reader = NULL;
	al_log_free(cur->log);
	cur->log = NULL;
	al_paths_free(cur->paths, cur->npaths);
	cur->paths = NULL;
	cur->npaths = 0;
	cur->ipath = 0;
	sqlite3_free(cur->pattern);
	cur->pattern = NULL;
	sqlite3_free(cur->format);
	cur->format = NULL;
	sqlite3_free(cur->counts);
	cur->counts = NULL;
	cur->grouped = false;
	cur->exact = false;
	cur->eof = true;
	for (int i = 0; i < cur->nfilters; i++)
		sqlite3_free(cur->filter[i].text);
	cur->nfilters = 0;
	cur->epoch_from = -INFINITY;
	cur->offset_from = 0;
	cur->resuming = false;
}

static int log_close(sqlite3_vtab_cursor *base)
{
	struct log_cursor *cur = (struct log_cursor *)base;
	log_reset(cur);
	sqlite3_finalize(cur->probe);
	al_buf_free(&cur->scratch);
	sqlite3_free(cur);
	return SQLITE_OK;
}

/* A failure of the core (AL_ERROR or AL_NOMEM) as SQLite's code. */
static int fail(struct log_cursor *cur, int al_rc, const char *msg)
{
	sqlite3_vtab *vtab = cur->base.pVtab;
	/* SQLite's code for a failed allocation, which callers may retry or
	 * report; the parser's message adds nothing to it. */
	if (al_rc == AL_NOMEM)
		return SQLITE_NOMEM;
	if (al_rc == AL_INTERRUPTED)
		return SQLITE_INTERRUPT;
	sqlite3_free(vtab->zErrMsg);
	vtab->zErrMsg = sqlite3_mprintf("access_log: %s", msg);
	return vtab->zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
}

/*
 * Whether sqlite3_interrupt() was called, for the reader to ask while it
 * skips bytes that make no row (the rest of a line that never ends).
 * SQLite 3.40 has no sqlite3_is_interrupted(), but a statement stepped
 * while the connection is interrupted fails with SQLITE_INTERRUPT.
 */
static int interrupted(void *ctx)
{
	struct log_cursor *cur = ctx;
	sqlite3 *db = ((struct log_vtab *)cur->base.pVtab)->db;

	int rc;
	/* An interrupt already there fails the prepare itself. */
	if (cur->probe == NULL &&
	    (rc = sqlite3_prepare_v2(db, "SELECT 1", -1, &cur->probe, NULL)) != SQLITE_OK)
		return rc == SQLITE_INTERRUPT; /* else out of memory: read on */
	rc = sqlite3_step(cur->probe);
	sqlite3_reset(cur->probe);
	return rc == SQLITE_INTERRUPT;
}

/*
 * Whether a file can hold a line in the epoch range: a line is assumed
 * written no later than its file's last modification (see README).
 */
static bool may_hold_range(const struct log_cursor *cur, const char *path)
{
	struct stat st;

	if (cur->epoch_from == -INFINITY || stat(path, &st) != 0 ||
	    !S_ISREG(st.st_mode))
		return true;
	return (double)st.st_mtim.tv_sec + st.st_mtim.tv_nsec / 1e9 >=
	       cur->epoch_from;
}

/* Read the next line into cur->row, opening the next file at the end of
 * one. Sets *end after the last line of the last file. */
static int read_line(struct log_cursor *cur, bool *end)
{
	char err[AL_ERR_MAX];

	*end = false;
	for (;;) {
		if (cur->reader == NULL) {
			if (cur->ipath >= cur->npaths) {
				*end = true;
				return SQLITE_OK;
			}
			if (!may_hold_range(cur, cur->paths[cur->ipath])) {
				cur->ipath++;
				continue;
			}
			int rc = al_reader_open(&cur->reader,
						cur->paths[cur->ipath], err,
						sizeof(err));
			if (rc != AL_OK)
				return fail(cur, rc, err);
			al_reader_set_cancel(cur->reader, interrupted, cur);
			if (cur->resuming) {
				al_reader_skip_before(cur->reader,
						      (uint64_t)cur->offset_from);
				al_reader_hold_partial_line(cur->reader);
			}
			al_log_start_file(cur->log);
		}
		int rc = al_reader_next(cur->reader, &cur->line, err,
					sizeof(err));
		if (rc < 0)
			return fail(cur, rc, err);
		if (rc > 0)
			break;
		al_reader_close(cur->reader);
		cur->reader = NULL;
		cur->ipath++;
	}

	if (al_log_parse_line(cur->log, &cur->line, &cur->row) == AL_NOMEM)
		return SQLITE_NOMEM; /* 0 and 1 both make a row */
	return SQLITE_OK;
}

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The row's time as Unix seconds: 1 with *out set, 0 when the row has no
 * time, AL_NOMEM. */
static int row_epoch(struct log_cursor *cur, double *out)
{
	const struct al_format *f = al_log_format(cur->log);
	const struct al_row *r = &cur->row;
	struct al_value v;

	if (f == NULL || r->error)
		return 0;
	if (al_value(f, r, AL_TIME, &cur->scratch, &v) != AL_OK)
		return AL_NOMEM;
	if (v.type == AL_NULL)
		return 0;
	int64_t secs = days_from_civil(r->year, r->month, r->day) * 86400 +
		       r->hour * 3600 + r->minute * 60 + r->second -
		       (int64_t)r->tz_minutes * 60;
	/* The fraction's digits, cut to nanoseconds as the time text is. */
	int64_t nanos = 0, scale = 1000000000;
	for (uint32_t k = 0; k < r->time_frac_len && k < 9; k++) {
		scale /= 10;
		nanos += (r->line[r->time_frac_off + k] - '0') * scale;
	}
	*out = (double)secs + (double)nanos / 1e9;
	return 1;
}

/* a <=> b as -1, 0, 1, for a number or a text b. */
static int compare_num(const struct filter *fl, int64_t ai, double ar, bool a_int)
{
	if (a_int && fl->is_int)
		return (ai > fl->i) - (ai < fl->i);
	/* Status and epoch are far from 2^53: the doubles are exact enough
	 * to order them against any integer. */
	double a = a_int ? (double)ai : ar, b = fl->is_int ? (double)fl->i : fl->r;
	return (a > b) - (a < b);
}

static bool holds(char op, int cmp)
{
	switch (op) {
	case '=': return cmp == 0;
	case '>': return cmp > 0;
	case 'g': return cmp >= 0;
	case '<': return cmp < 0;
	default: return cmp <= 0;
	}
}

/* Whether the row just read meets the table's constraints: 1, 0, or
 * SQLITE_NOMEM. A NULL column fails every operator taken. */
static int row_passes(struct log_cursor *cur)
{
	const struct al_format *f = al_log_format(cur->log);
	struct al_value v;

	for (int i = 0; i < cur->nfilters; i++) {
		const struct filter *fl = &cur->filter[i];
		/* Every line has an offset, those that did not parse too. */
		if (fl->col == 'o') {
			if (fl->exact && !holds(fl->op, compare_num(fl, (int64_t)cur->line.offset, 0, true)))
				return 0;
			continue;
		}
		if (f == NULL || cur->row.error)
			return 0;
		if (fl->col == 'e') {
			double e;
			int rc = row_epoch(cur, &e);
			if (rc < 0)
				return SQLITE_NOMEM;
			if (rc == 0)
				return 0;
			if (fl->exact && !holds(fl->op, compare_num(fl, 0, e, false)))
				return 0;
			continue;
		}
		if (al_value(f, &cur->row, fl->col == 's' ? AL_STATUS : AL_METHOD,
			     &cur->scratch, &v) != AL_OK)
			return SQLITE_NOMEM;
		if (v.type == AL_NULL)
			return 0;
		if (!fl->exact)
			continue;
		if (v.type == AL_INT) {
			if (!holds(fl->op, compare_num(fl, v.i, 0, true)))
				return 0;
			continue;
		}
		/* A method that is not UTF-8 is a BLOB, which SQLite sorts
		 * after every text. */
		int cmp = 1;
		if (v.type == AL_TEXT) {
			size_t n = v.n < (size_t)fl->n ? v.n : (size_t)fl->n;
			cmp = memcmp(v.s, fl->text, n);
			if (cmp == 0)
				cmp = (v.n > (size_t)fl->n) - (v.n < (size_t)fl->n);
		}
		if (!holds(fl->op, cmp))
			return 0;
	}
	return 1;
}

/* The next row that meets the table's constraints. */
static int read_row(struct log_cursor *cur, bool *end)
{
	for (;;) {
		int rc = read_line(cur, end);
		if (rc != SQLITE_OK || *end || cur->nfilters == 0)
			return rc;
		rc = row_passes(cur);
		if (rc == SQLITE_NOMEM)
			return rc;
		if (rc)
			return SQLITE_OK;
		/* SQLite sees an interrupt only between rows: check now and
		 * then while lines are rejected without becoming rows. */
		if (++cur->rejected % 65536 == 0 && interrupted(cur))
			return SQLITE_INTERRUPT;
	}
}

/* byte_offset > v, >= v or = v: lines before the first offset that can
 * match are skipped, and the read is a resumed import. */
static void take_offset_bound(struct log_cursor *cur, const struct filter *fl)
{
	if (!fl->exact || (fl->op != '>' && fl->op != 'g' && fl->op != '='))
		return;
	cur->resuming = true;
	double v = fl->is_int ? (double)fl->i : fl->r;
	double from = fl->op == '>' ? floor(v) + 1 : ceil(v);
	if (from > 9e18)
		from = 9e18; /* past any file: nothing to read */
	if (from > (double)cur->offset_from)
		cur->offset_from = (int64_t)from;
}

/*
 * The constraints of idxStr with their values: a value SQLite would not
 * compare as the table does (text for status or epoch, a number for
 * method, text under a collation) only rejects NULL rows. A NULL value
 * matches nothing: *none is set.
 */
static int take_filters(struct log_cursor *cur, const char *codes,
			sqlite3_value **argv, bool *none)
{
	*none = false;
	for (int i = 0; codes && codes[3 * i]; i++) {
		struct filter *fl = &cur->filter[cur->nfilters++];
		sqlite3_value *val = argv[i];
		int type = sqlite3_value_type(val);
		memset(fl, 0, sizeof(*fl));
		fl->col = codes[3 * i];
		fl->op = codes[3 * i + 1];
		if (type == SQLITE_NULL) {
			*none = true;
			continue;
		}
		if (fl->col == 'm') {
			fl->exact = type == SQLITE_TEXT && codes[3 * i + 2] == 'b';
			if (fl->exact) { /* a TEXT value: its text needs no conversion */
				fl->n = sqlite3_value_bytes(val);
				fl->text = sqlite3_malloc(fl->n + 1);
				if (fl->text == NULL)
					return SQLITE_NOMEM;
				memcpy(fl->text, sqlite3_value_text(val), (size_t)fl->n + 1);
			}
			continue;
		}
		fl->exact = type == SQLITE_INTEGER || type == SQLITE_FLOAT;
		fl->is_int = type == SQLITE_INTEGER;
		fl->i = sqlite3_value_int64(val);
		fl->r = sqlite3_value_double(val);
		if (fl->col == 'e' && fl->exact &&
		    (fl->op == '=' || fl->op == '>' || fl->op == 'g')) {
			double from = fl->is_int ? (double)fl->i : fl->r;
			if (from > cur->epoch_from)
				cur->epoch_from = from;
		}
		if (fl->col == 'o')
			take_offset_bound(cur, fl);
	}
	return SQLITE_OK;
}

/* The group slot of the row just read; -1 when out of memory. */
static int row_slot(struct log_cursor *cur)
{
	const struct al_format *f = al_log_format(cur->log);
	struct al_value v;

	if (f == NULL || cur->row.error)
		return 0;
	if (al_value(f, &cur->row, AL_STATUS, &cur->scratch, &v) != AL_OK)
		return -1;
	return v.type == AL_INT ? 1 + (int)v.i : 0;
}

/* Read from the first file again. */
static void rewind_files(struct log_cursor *cur)
{
	al_reader_close(cur->reader);
	cur->reader = NULL;
	cur->ipath = 0;
}

/* Exact mode: read on to the next line of the current group. */
static int read_in_group(struct log_cursor *cur)
{
	bool end;

	for (;;) {
		int rc = read_row(cur, &end);
		if (rc != SQLITE_OK)
			return rc;
		if (end) { /* fewer lines than the counting pass saw */
			char msg[AL_ERR_MAX];
			snprintf(msg, sizeof(msg),
				 "'%s' changed while it was read", cur->pattern);
			return fail(cur, AL_ERROR, msg);
		}
		int slot = row_slot(cur);
		if (slot < 0)
			return SQLITE_NOMEM;
		if (slot == cur->group)
			return SQLITE_OK;
	}
}

/* Hand out the next row of the grouped rows. */
static int next_grouped(struct log_cursor *cur)
{
	if (cur->group >= 0 && cur->done < cur->counts[cur->group]) {
		cur->done++;
		return cur->exact ? read_in_group(cur) : SQLITE_OK;
	}
	do
		cur->group++;
	while (cur->group < STATUS_SLOTS && cur->counts[cur->group] == 0);
	if (cur->group == STATUS_SLOTS) {
		cur->eof = true;
		return SQLITE_OK;
	}
	cur->done = 1;
	if (!cur->exact)
		return SQLITE_OK;
	rewind_files(cur);
	return read_in_group(cur);
}

static int log_next(sqlite3_vtab_cursor *base)
{
	struct log_cursor *cur = (struct log_cursor *)base;
	bool end;

	if (cur->grouped)
		return next_grouped(cur);
	int rc = read_row(cur, &end);
	if (end)
		cur->eof = true;
	return rc;
}

/* One pass counts the rows of each status; then the first group. */
static int start_grouped(struct log_cursor *cur)
{
	bool end;

	cur->counts = sqlite3_malloc64(STATUS_SLOTS * sizeof(*cur->counts));
	if (cur->counts == NULL)
		return SQLITE_NOMEM;
	memset(cur->counts, 0, STATUS_SLOTS * sizeof(*cur->counts));
	for (;;) {
		int rc = read_row(cur, &end);
		if (rc != SQLITE_OK)
			return rc;
		if (end)
			break;
		int slot = row_slot(cur);
		if (slot < 0)
			return SQLITE_NOMEM;
		cur->counts[slot]++;
	}
	cur->grouped = true;
	cur->group = -1;
	cur->done = 0;
	return next_grouped(cur);
}

static int log_filter(sqlite3_vtab_cursor *base, int idxNum,
		      const char *idxStr, int argc, sqlite3_value **argv)
{
	(void)argc;
	struct log_cursor *cur = (struct log_cursor *)base;
	char err[AL_ERR_MAX];
	int i = 0;

	log_reset(cur);
	if (idxNum & NO_FILE) {
		sqlite3_vtab *vtab = cur->base.pVtab;
		sqlite3_free(vtab->zErrMsg);
		vtab->zErrMsg = sqlite3_mprintf(
			"access_log() needs a file: "
			"access_log('/var/log/nginx/access.log' [, format])");
		return vtab->zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
	}
	/* Without NO_FILE, the path is an argument. */
	const unsigned char *pattern = sqlite3_value_text(argv[i++]);
	const unsigned char *format =
		idxNum & ARG_FORMAT ? sqlite3_value_text(argv[i++]) : NULL;
	bool none;
	int rc = take_filters(cur, idxStr, argv + i, &none);
	if (rc != SQLITE_OK)
		return rc;
	/* A NULL path reads nothing, like a NULL bound in generate_series;
	 * so does a comparison with NULL. */
	if (pattern == NULL || none)
		return SQLITE_OK;
	cur->pattern = sqlite3_mprintf("%s", pattern);
	cur->format = format ? sqlite3_mprintf("%s", format) : NULL;
	if (cur->pattern == NULL || (format && cur->format == NULL))
		return SQLITE_NOMEM;

	rc = al_log_open(&cur->log, cur->format, err, sizeof(err));
	if (rc != AL_OK)
		return fail(cur, rc, err);
	rc = al_expand_paths(cur->pattern, &cur->paths, err, sizeof(err));
	if (rc < 0)
		return fail(cur, rc, err);
	cur->npaths = rc;
	cur->eof = false;
	if (idxNum & GROUPED_BY_STATUS)
		return start_grouped(cur);
	return log_next(base);
}

static int log_eof(sqlite3_vtab_cursor *base)
{
	return ((struct log_cursor *)base)->eof;
}

static int log_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx, int col)
{
	struct log_cursor *cur = (struct log_cursor *)base;
	const struct al_row *row = &cur->row;
	struct al_value v;

	if (cur->grouped && col != COL_PATTERN && col != COL_FORMAT) {
		/* Only status is used in this mode (see log_best_index). */
		if (cur->group > 0)
			sqlite3_result_int(ctx, cur->group - 1);
		return SQLITE_OK;
	}
	switch (col) {
	case COL_LINE:
		if (row->binary)
			sqlite3_result_blob(ctx, row->line, (int)row->len,
					    SQLITE_TRANSIENT);
		else
			sqlite3_result_text(ctx, row->line, (int)row->len,
					    SQLITE_TRANSIENT);
		return SQLITE_OK;
	case COL_ERROR:
		if (row->error)
			sqlite3_result_text(ctx, row->error, -1,
					    SQLITE_TRANSIENT);
		return SQLITE_OK;
	case COL_FILE:
		sqlite3_result_text(ctx, cur->paths[cur->ipath], -1,
				    SQLITE_TRANSIENT);
		return SQLITE_OK;
	case COL_PATTERN:
		sqlite3_result_text(ctx, cur->pattern, -1, SQLITE_TRANSIENT);
		return SQLITE_OK;
	case COL_FORMAT:
		if (cur->format)
			sqlite3_result_text(ctx, cur->format, -1,
					    SQLITE_TRANSIENT);
		return SQLITE_OK;
	case COL_BYTE_OFFSET:
		sqlite3_result_int64(ctx, (sqlite3_int64)cur->line.offset);
		return SQLITE_OK;
	case COL_INODE:
		/* A row is always of the file open. */
		sqlite3_result_int64(ctx, (sqlite3_int64)al_reader_inode(cur->reader));
		return SQLITE_OK;
	case COL_EPOCH: {
		double e;
		int rc = row_epoch(cur, &e);
		if (rc < 0) {
			sqlite3_result_error_nomem(ctx);
			return SQLITE_NOMEM;
		}
		if (rc > 0)
			sqlite3_result_double(ctx, e);
		return SQLITE_OK;
	}
	default:
		break;
	}
	const struct al_format *f = al_log_format(cur->log);
	if (f == NULL || row->error)
		return SQLITE_OK;
	if (al_value(f, row, (enum al_col)col, &cur->scratch, &v) != 0) {
		sqlite3_result_error_nomem(ctx);
		return SQLITE_NOMEM;
	}
	switch (v.type) {
	case AL_INT:
		sqlite3_result_int64(ctx, v.i);
		break;
	case AL_REAL:
		sqlite3_result_double(ctx, v.r);
		break;
	case AL_TEXT:
		/* Points into the line or the scratch buffer, both reused. */
		sqlite3_result_text(ctx, v.s, (int)v.n, SQLITE_TRANSIENT);
		break;
	case AL_BLOB:
		sqlite3_result_blob(ctx, v.s, (int)v.n, SQLITE_TRANSIENT);
		break;
	default: /* AL_NULL */
		break;
	}
	return SQLITE_OK;
}

static int log_rowid(sqlite3_vtab_cursor *base, sqlite3_int64 *rowid)
{
	struct log_cursor *cur = (struct log_cursor *)base;

	/*
	 * Counting kept no line numbers. colUsed does not tell whether the
	 * query reads the rowid, so the first time it does, switch to reading
	 * the lines again: the rows already handed out of this group stand
	 * for its first lines (nothing else of them was seen), and this row
	 * becomes the next line of the group. Each later group is re-read.
	 */
	if (cur->grouped && !cur->exact) {
		int64_t skip = cur->done - 1;
		cur->exact = true;
		rewind_files(cur);
		int rc = read_in_group(cur);
		while (rc == SQLITE_OK && skip-- > 0)
			rc = read_in_group(cur);
		if (rc != SQLITE_OK)
			return rc;
	}
	*rowid = cur->line.lineno;
	return SQLITE_OK;
}

static const sqlite3_module access_log_module = {
	.iVersion = 0,
	.xCreate = NULL, /* eponymous only: no CREATE VIRTUAL TABLE */
	.xConnect = log_connect,
	.xBestIndex = log_best_index,
	.xDisconnect = hs_vtab_disconnect,
	.xDestroy = hs_vtab_disconnect,
	.xOpen = log_open,
	.xClose = log_close,
	.xFilter = log_filter,
	.xNext = log_next,
	.xEof = log_eof,
	.xColumn = log_column,
	.xRowid = log_rowid,
};

int access_log_register(sqlite3 *db)
{
	return sqlite3_create_module(db, "access_log", &access_log_module, NULL);
}
