#!/bin/sh
# Imports an access log into the PostgreSQL table `hits` through COPY: every
# row access_log() gives, parsed or not, with the columns typed for
# PostgreSQL (time timestamptz, status smallint, extra jsonb). Run it again
# after the log grew and the table holds the file's lines once each.
#
# usage: sql/access_log_to_postgres.sh LOG [FORMAT]
#
#   LOG     one file (not a glob); its rows are keyed by (file, line_number)
#   FORMAT  as access_log()'s second argument; omit it to detect
#
# Connects as psql does by itself (PGHOST, PGDATABASE, PGUSER, ...).
# Environment: HTTP_STATUS_MODULE (default build/ext/http_status), SQLITE3
# (default sqlite3), PSQL (default psql), HTTP_STATUS_IMPORT=full to force a
# full re-import.
#
# How much it reads again: when access_log() has the hidden column
# byte_offset, only the lines after the last byte_offset imported from LOG;
# otherwise the whole file, replacing LOG's rows in one transaction.
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 LOG [FORMAT]" >&2
	exit 2
fi
log=$1
module=${HTTP_STATUS_MODULE:-build/ext/http_status}
sqlite=${SQLITE3:-sqlite3}
psql_bin=${PSQL:-psql}
if [ ! -f "$log" ]; then
	echo "$0: '$log' is not a file (one file per import, not a glob)" >&2
	exit 2
fi

sql_text() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }
log_sql=$(sql_text "$log")
format_sql=NULL
[ $# -eq 2 ] && format_sql=$(sql_text "$2")

ask_sqlite() { "$sqlite" -bail -batch -noheader -list :memory: ".load '$module'" "$@"; }
psql() { "$psql_bin" -X -q -v ON_ERROR_STOP=1 "$@"; }

# The columns in access_log()'s order, typed for PostgreSQL. `line` keeps the
# exact bytes of a row that did not parse (NULL when it parsed): a line that
# is not valid UTF-8 could not be text.
psql <<'EOF'
SET client_min_messages = warning;
CREATE TABLE IF NOT EXISTS hits (
  file text NOT NULL,
  line_number bigint NOT NULL,
  byte_offset bigint,
  remote_addr text,
  remote_user text,
  time timestamptz,
  method text,
  path text,
  protocol text,
  status smallint,
  substatus smallint,
  bytes bigint,
  referer text,
  user_agent text,
  request_time double precision,
  vhost text,
  extra jsonb,
  error text,
  line bytea,
  PRIMARY KEY (file, line_number)
);
EOF

has_byte_offset=$(ask_sqlite \
	"SELECT count(*) FROM pragma_table_xinfo('access_log') WHERE name = 'byte_offset'")
# Rows imported without byte_offset (before access_log() had it) cannot say
# where to resume: the file is imported whole once more.
resumable=f
if [ "$has_byte_offset" = 1 ] && [ "${HTTP_STATUS_IMPORT:-}" != full ]; then
	read -r resumable after <<EOF
$(psql -A -t -F ' ' -v file="$log" <<'QUERY'
SELECT count(*) = count(byte_offset), coalesce(max(byte_offset), -1) FROM hits WHERE file = :'file';
QUERY
)
EOF
fi
if [ "$resumable" = t ]; then
	size=$(wc -c < "$log")
	if [ "$after" -ge "$size" ]; then
		echo "$0: '$log' has $size bytes, less than the $after already imported:" \
			"rotated or truncated; move its rows away or set HTTP_STATUS_IMPORT=full" >&2
		exit 1
	fi
	only_new="WHERE byte_offset > $after"
	replace_old=
	how="after byte $after"
else
	only_new=
	replace_old="DELETE FROM hits WHERE file = :'file';"
	how="full re-import"
fi
offset_column=NULL
[ "$has_byte_offset" = 1 ] && offset_column=byte_offset

# quote() writes each value as an SQL literal, which is CSV with ' as the
# quote character: strings always quoted, NULL the bare word NULL, so an empty
# string and NULL stay apart. The rows go to a file first so that a read that
# fails half way commits nothing.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ask_sqlite -separator , "
SELECT quote(file), rowid, quote($offset_column),
       quote(remote_addr), quote(remote_user), quote(time), quote(method), quote(path),
       quote(protocol), quote(status), quote(substatus), quote(bytes), quote(referer),
       quote(user_agent), quote(request_time), quote(vhost), quote(extra), quote(error),
       CASE WHEN error IS NULL THEN 'NULL' ELSE '''\\x' || hex(CAST(line AS BLOB)) || '''' END
  FROM access_log($log_sql, $format_sql) $only_new;" > "$tmp/rows.csv"

cat > "$tmp/load.sql" <<EOF
$replace_old
\\copy hits FROM '$tmp/rows.csv' (FORMAT csv, QUOTE '''', NULL 'NULL')
\\echo imported :ROW_COUNT
SELECT count(*) AS total FROM hits WHERE file = :'file' \\gset
\\echo total :total
EOF
psql -1 -v file="$log" -f "$tmp/load.sql" > "$tmp/counts"
echo "hits: $log: $(sed -n 's/^imported //p' "$tmp/counts") rows imported ($how)," \
	"$(sed -n 's/^total //p' "$tmp/counts") in the table"
