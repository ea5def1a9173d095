#!/usr/bin/env bash
# Benchmark of a resumed import: after a log grew by 1%, importing only the
# new lines (WHERE byte_offset > the last offset imported) against importing
# the whole file, in the same run, best of 3 each.
#
#   tests/bench/bench_resume.sh [build-dir] [lines]
#
# Prints both times and resume/full (goal: at most 0.2). Fails only when
# the resumed import does not add exactly the appended lines.
set -euo pipefail

build=${1:-build}
lines=${2:-1000000}
module="$build/ext/http_status"
[ -e "$module.so" ] || { echo "no $module.so: build first" >&2; exit 1; }
export LC_ALL=C

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log=$work/access.log

write_lines() { # first count
	awk -v first="$1" -v n="$2" 'BEGIN {
		srand(first)
		for (i = first; i < first + n; i++)
			printf "10.%d.%d.%d - - [25/Nov/2026:%02d:%02d:%02d +0000] \"GET /p%d?q=%d HTTP/1.1\" %d %d \"https://example.com/\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n",
				int(rand() * 256), int(rand() * 256), int(rand() * 256),
				int(i / 3600) % 24, int(i / 60) % 60, i % 60, i % 100, i,
				rand() < 0.9 ? 200 : 404, int(rand() * 50000)
	}'
}
write_lines 0 "$lines" > "$log"

import_sql="INSERT INTO hits SELECT inode, byte_offset, * FROM access_log('$log')
 WHERE byte_offset > (SELECT coalesce(max(byte_offset), -1) FROM hits
  WHERE inode = (SELECT inode FROM access_log('$log') LIMIT 1));"
db=$work/hits.db
sqlite3 "$db" ".load $module" \
	"CREATE TABLE hits AS SELECT inode, byte_offset, * FROM access_log('$log') LIMIT 0" \
	"CREATE INDEX hits_resume ON hits(inode, byte_offset)" \
	"$import_sql"
cp "$db" "$work/before_growth.db"
write_lines "$lines" $((lines / 100)) >> "$log"

seconds() { # command...
	local start end
	start=$(date +%s.%N)
	"$@" >/dev/null
	end=$(date +%s.%N)
	echo "$end - $start" | bc -l
}
best() { # command...
	local best= t
	for _ in 1 2 3; do
		t=$(seconds "$@")
		if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
	done
	echo "$best"
}
resume() {
	cp "$work/before_growth.db" "$db"
	sqlite3 "$db" ".load $module" "$import_sql"
}
full() {
	rm -f "$work/full.db"
	sqlite3 "$work/full.db" ".load $module" \
		"CREATE TABLE hits AS SELECT inode, byte_offset, * FROM access_log('$log') LIMIT 0" \
		"CREATE INDEX hits_resume ON hits(inode, byte_offset)" \
		"$import_sql"
}
copy_only() { cp "$work/before_growth.db" "$work/copy.db"; }

t_resume=$(best resume)
t_copy=$(best copy_only)
t_full=$(best full)
added=$(sqlite3 "$db" "SELECT count(*) FROM hits")
expected=$((lines + lines / 100))
[ "$added" = "$expected" ] || { echo "resumed import holds $added rows, expected $expected" >&2; exit 1; }
ratio=$(echo "($t_resume - $t_copy) / $t_full" | bc -l)
printf 'lines: %d, then %d appended\n' "$lines" $((lines / 100))
printf 'full import     %.3f s\n' "$t_full"
printf 'resumed import  %.3f s (of which %.3f s copying the database back)\n' "$t_resume" "$t_copy"
printf 'resume/full     %.3f (goal: at most 0.2)\n' "$ratio"
