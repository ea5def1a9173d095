#!/bin/sh
# sql/access_log_to_postgres.sh against a real PostgreSQL server: a log is
# imported, grows, is imported again, and then PostgreSQL holds each of its
# lines once, with the same values as access_log() reads, and answers an
# error-rate-per-hour query joined with the reference as SQLite does.
# usage: postgres_pipeline.sh MODULE SOURCE_DIR
# Exits 77 (skipped) when PostgreSQL's server is not installed.
set -eu
module=$(realpath "$1")
source_dir=$(realpath "$2")
. "$(dirname "$0")/postgres_server.sh"

export PGHOST="$tmp" PGUSER=postgres PGDATABASE=postgres PSQL="$bin/psql"
export HTTP_STATUS_MODULE="$module"
import=$source_dir/sql/access_log_to_postgres.sh
psql < "$source_dir/sql/http_status.sql"

failures=0
check() { # what, got, expected
	if [ "$2" = "$3" ]; then
		echo "ok   $label: $1"
	else
		printf 'FAIL '"$label"': %s\n  expected: %s\n  got:      %s\n' "$1" "$3" "$2"
		failures=$((failures + 1))
	fi
}
lines_of() { # newlines, plus a last line without one
	echo $(($(tr -dc '\n' < "$1" | wc -c) + $(tail -c 1 "$1" | tr -d '\n' | wc -c)))
}
ask_sqlite() {
	sqlite3 -bail -batch -noheader -list -separator "$sep" -nullvalue '\N' :memory: \
		".load '$module'" "$@"
}
ask_postgres() { psql -A -t -F "$sep" -P null='\N' "$@"; }
sep=$(printf '\037')

# The whole story, from an empty table: with the sqlite3 given in $SQLITE3,
# expecting the second import to resume ($resumes = yes) or to read the file
# again.
scenario() {
	psql -c "DROP TABLE IF EXISTS hits"
	rm -f "$tmp"/*.log "$tmp"/*.gz
	# A log that grows: the first 600 lines of a sample, then the rest, the lines
	# of bad.log that do not parse (an empty line, invalid UTF-8, a NUL byte), and
	# a line whose user agent holds the CSV and SQL quote characters.
	log=$tmp/access.log
	sample=$source_dir/tests/logs/sample_reports.log
	head -n 600 "$sample" > "$log"
	chmod a+r "$log"
	first=$("$import" "$log")
	echo "$first"
	check "first import: one row per line" \
		"$(ask_postgres -c "SELECT count(*) FROM hits")" "$(lines_of "$log")"

	lines_before=$(lines_of "$log")
	tail -n +601 "$sample" >> "$log"
	{ cat "$source_dir/tests/logs/bad.log"; echo; } >> "$log" # it ends without a newline
	printf '%s\n' '192.0.2.99 - - [25/Nov/2026:13:05:00 +0100] "GET /a,b HTTP/1.1" 503 0 "-" "it'"'"'s \"quoted\", with commas" 0.5' >> "$log"
	second=$("$import" "$log")
	echo "$second"
	check "second import: one row per line, none twice" \
		"$(ask_postgres -c "SELECT count(*) FROM hits")" "$(lines_of "$log")"
	if [ "$resumes" = yes ]; then
		check "second import: only the appended lines were read" \
			"$(echo "$second" | sed -n 's/.*: \([0-9]*\) rows imported (after byte [0-9]*).*/\1/p')" \
			"$(($(lines_of "$log") - lines_before))"
	else
		check "second import: a full re-import" \
			"$(echo "$second" | sed -n 's/.*: \([0-9]*\) rows imported (full re-import).*/\1/p')" \
			"$(lines_of "$log")"
	fi

	# Every column of every row as access_log() reads it: times in UTC,
	# request_time in microseconds, extra as sorted key=value pairs (jsonb
	# reorders keys), the raw bytes of a line that did not parse.
	sqlite_rows="
	SELECT file, rowid, remote_addr, remote_user, strftime('%Y-%m-%d %H:%M:%f', time),
	       method, path, protocol, status, substatus, bytes, referer, user_agent,
	       CAST(round(request_time * 1000000) AS INTEGER), vhost,
	       (SELECT group_concat(key || '=' || ifnull(value, '\\N'), ';')
	          FROM (SELECT key, value FROM json_each(extra) ORDER BY key)),
	       error, CASE WHEN error IS NOT NULL THEN hex(CAST(line AS BLOB)) END
	  FROM access_log('$log') ORDER BY rowid"
	postgres_rows="
	SELECT file, line_number, remote_addr, remote_user,
	       to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'),
	       method, path, protocol, status, substatus, bytes, referer, user_agent,
	       round(request_time * 1000000)::bigint, vhost,
	       CASE jsonb_typeof(extra)
	       WHEN 'object' THEN (SELECT string_agg(key || '=' || coalesce(value, '\\N'), ';' ORDER BY key)
	                             FROM jsonb_each_text(extra))
	       WHEN 'array' THEN (SELECT string_agg((n - 1) || '=' || coalesce(value, '\\N'), ';' ORDER BY n)
	                            FROM jsonb_array_elements_text(extra) WITH ORDINALITY AS e(value, n))
	       END,
	       error, upper(encode(line, 'hex'))
	  FROM hits ORDER BY line_number"
	ask_sqlite "$sqlite_rows" > "$tmp/sqlite_rows.txt"
	ask_postgres -c "$postgres_rows" > "$tmp/postgres_rows.txt"
	if cmp -s "$tmp/sqlite_rows.txt" "$tmp/postgres_rows.txt"; then
		echo "ok   $label: every column of the $(wc -l < "$tmp/postgres_rows.txt") rows as access_log() reads them"
	else
		echo "FAIL $label: PostgreSQL's rows differ from access_log()'s (< SQLite, > PostgreSQL):"
		diff "$tmp/sqlite_rows.txt" "$tmp/postgres_rows.txt" | tr "$sep" '|' | head -10
		failures=$((failures + 1))
	fi

	# The error rate per hour (UTC), classes from the reference: the same query
	# but for the hour's spelling, over access_log() in SQLite and hits in
	# PostgreSQL. Integer arithmetic, so both print the same digits.
	hourly() { # hour expression, source
		echo "SELECT $1 AS hour, count(*) AS requests,
		       count(*) FILTER (WHERE h.class = 'Client Error') AS client_errors,
		       count(*) FILTER (WHERE h.class = 'Server Error') AS server_errors,
		       count(*) FILTER (WHERE h.class IN ('Client Error', 'Server Error')) * 10000 / count(*)
		         AS errors_per_10000
		  FROM $2 AS l LEFT JOIN http_status AS h ON h.status = l.status AND h.substatus IS NULL
		 WHERE l.status IS NOT NULL
		 GROUP BY 1 ORDER BY 1"
	}
	report_of_sqlite() { ask_sqlite "$(hourly "strftime('%Y-%m-%d %H:00', l.time)" "access_log('$log')")"; }
	report_of_postgres() {
		ask_postgres -c "$(hourly "to_char(l.time AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:00')" hits)"
	}
	report_of_sqlite > "$tmp/sqlite_report.txt"
	report_of_postgres > "$tmp/postgres_report.txt"
	check "error rate per hour: same hours and numbers in PostgreSQL as in SQLite" \
		"$(cat "$tmp/postgres_report.txt")" "$(cat "$tmp/sqlite_report.txt")"
	# The README's query in PostgreSQL gives the same hours, requests and rates.
	readme_query=$(awk '/^The reports then join the reference in PostgreSQL/ { s = 1; next }
		s && /^```sql/ { i = 1; next } i && /^```/ { exit } i { print }' "$source_dir/README.md")
	check "error rate per hour: the README's query" \
		"$(ask_postgres -c "$readme_query")" "$(cut -d "$sep" -f 1,2,5 "$tmp/sqlite_report.txt")"
	check "error rate per hour: every hour of the log" \
		"$(wc -l < "$tmp/sqlite_report.txt")" \
		"$(ask_sqlite "SELECT count(DISTINCT strftime('%Y-%m-%d %H', time)) FROM access_log('$log')")"

	# A forced full re-import replaces the file's rows: still one per line.
	HTTP_STATUS_IMPORT=full "$import" "$log" > /dev/null
	check "forced full re-import: one row per line, none twice" \
		"$(ask_postgres -c "SELECT count(*) FROM hits")" "$(lines_of "$log")"

	# A read that fails commits nothing: an unknown format, a gzip file cut short
	# after some rows, a glob.
	check_refused() { # what, the error it gives, import arguments...
		what=$1 error=$2
		shift 2
		if "$import" "$@" > "$tmp/out" 2>&1; then
			check "$what: refused" "exit status 0" "an error"
			return
		fi
		check "$what: refused, nothing imported" \
			"$(ask_postgres -c "SELECT count(*) FROM hits")" "$(lines_of "$log")"
		check "$what: the error says why" "$(grep -c -F "$error" "$tmp/out")" 1
	}
	check_refused "unknown format" "unknown format 'no_such_format'" "$log" no_such_format
	gzip -c "$sample" > "$tmp/whole.gz"
	head -c $(($(wc -c < "$tmp/whole.gz") / 2)) "$tmp/whole.gz" > "$tmp/cut.log.gz"
	check_refused "a gzip file cut short after some rows" "gzip data ends early" "$tmp/cut.log.gz"
	printf '%s\n' '192.0.2.1 [25/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 a\x00b' > "$tmp/nul.log"
	check_refused "a NUL character in extra, which jsonb cannot hold" \
		"unsupported Unicode escape sequence" "$tmp/nul.log" \
		'$remote_addr [$time_local] "$request" $status $body_bytes_sent $upstream_addr'
	check_refused "a glob" "is not a file (one file per import, not a glob)" "$tmp/*.log"

	[ "$resumes" = yes ] || return 0
	third=$("$import" "$log")
	check "import of an unchanged log: nothing new" \
		"$(echo "$third" | sed -n 's/.*: \([0-9]*\) rows imported.*/\1/p')" 0
	# Shorter than what was imported: resuming would skip the new lines.
	total=$(ask_postgres -c "SELECT count(*) FROM hits")
	head -n 10 "$sample" > "$log"
	if "$import" "$log" > "$tmp/out" 2>&1; then
		check "a log that shrank: refused" "exit status 0" "an error"
	else
		check "a log that shrank: refused, nothing imported" \
			"$(ask_postgres -c "SELECT count(*) FROM hits")" "$total"
		check "a log that shrank: the error says why" "$(grep -c "rotated or truncated" "$tmp/out")" 1
	fi
}

label=sqlite3
if [ "$(ask_sqlite "SELECT count(*) FROM pragma_table_xinfo('access_log') WHERE name = 'byte_offset'")" = 1 ]; then
	echo "== access_log() has byte_offset: the second import must read only the new lines"
	resumes=yes scenario
else
	echo "== access_log() has no byte_offset yet: every import is a full re-import"
	resumes=no scenario
	echo "== byte_offset emulated (tests/sql/emulate_byte_offset.sh): the second import resumes"
	label="emulated byte_offset"
	SQLITE3=$(dirname "$(realpath "$0")")/emulate_byte_offset.sh resumes=yes scenario
fi

[ "$failures" -eq 0 ]
