#!/usr/bin/env bash
# Benchmark of access_log() against awk and lnav over one generated log.
#
#   tests/bench/bench_access_log.sh [build-dir] [lines]
#
# Generates a combined log of `lines` lines (default 2000000, about 280 MB),
# then times the same count of statuses three ways:
#   sqlite3  SELECT status, count(*) FROM access_log(f) GROUP BY status
#   awk      awk '{c[$9]++}'
#   lnav     lnav -n -c ';SELECT sc_status, count(*) FROM access_log GROUP BY 1'
# and prints each time, the ratios, and the peak RSS of the sqlite3 run.
# Fails only when something cannot run (or the counts disagree), never
# because of a time. Set KEEP_LOG=path to reuse a generated log.
set -euo pipefail

build=${1:-build}
lines=${2:-2000000}
module="$build/ext/http_status"
[ -e "$module.so" ] || { echo "no $module.so: build first" >&2; exit 1; }
for tool in sqlite3 awk /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log=${KEEP_LOG:-$work/access.log}

if [ ! -s "$log" ]; then
	# A deterministic mix of addresses, paths, statuses, sizes and agents,
	# about 140 bytes a line like a real combined log.
	awk -v n="$lines" 'BEGIN {
		split("GET GET GET GET POST HEAD PUT DELETE", m, " ")
		split("200 200 200 200 200 200 304 301 302 404 404 403 500 502 400", s, " ")
		split("/ /index.html /api/v1/items /static/app.js /static/style.css /login /favicon.ico /robots.txt", p, " ")
		split("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36|curl/7.88.1|Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)|Wget/1.21.3", a, "|")
		srand(42)
		for (i = 0; i < n; i++) {
			st = s[1 + int(rand() * 15)]
			printf "10.%d.%d.%d - - [25/Nov/2026:%02d:%02d:%02d +0000] \"%s %s?id=%d HTTP/1.1\" %s %d \"https://example.com/ref/%d\" \"%s\"\n",
				int(rand() * 256), int(rand() * 256), int(rand() * 256),
				int(i / 3600 / 100) % 24, int(i / 60) % 60, i % 60,
				m[1 + int(rand() * 8)], p[1 + int(rand() * 8)], i,
				st, int(rand() * 50000), int(rand() * 1000),
				a[1 + int(rand() * 4)]
		}
	}' >"$log"
fi
size=$(du -m "$log" | cut -f1)
count=$(wc -l <"$log")
echo "log: $count lines, $size MB"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# Warm the page cache so the first tool is not charged for the disk.
cat "$log" >/dev/null

t0=$(now)
/usr/bin/time -v -o "$work/time.txt" sqlite3 :memory: \
	".load $module" \
	"SELECT status, count(*) FROM access_log('$log') GROUP BY status" \
	>"$work/sqlite.txt"
t1=$(now)
sqlite_s=$(elapsed "$t0" "$t1")
rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")

# The same count through SQLite's sorter: "+status" is an expression, so
# access_log() cannot hand the rows out grouped (see log_best_index).
t0=$(now)
sqlite3 :memory: ".load $module" \
	"SELECT status, count(*) FROM access_log('$log') GROUP BY +status" >/dev/null
t1=$(now)
sorter_s=$(elapsed "$t0" "$t1")

t0=$(now)
awk '{ c[$9]++ } END { for (k in c) print k "|" c[k] }' "$log" >"$work/awk.txt"
t1=$(now)
awk_s=$(elapsed "$t0" "$t1")

if ! cmp -s <(sort "$work/sqlite.txt") <(sort "$work/awk.txt"); then
	echo "the counts of sqlite3 and awk differ:" >&2
	diff <(sort "$work/sqlite.txt") <(sort "$work/awk.txt") >&2 || true
	exit 1
fi

lnav_s=""
if command -v lnav >/dev/null && [ "${SKIP_LNAV:-}" = "" ]; then
	t0=$(now)
	# lnav keeps state in $HOME: give it a throwaway one.
	HOME="$work" lnav -n -c ';SELECT sc_status, count(*) FROM access_log GROUP BY 1' \
		"$log" >"$work/lnav.txt" 2>&1
	t1=$(now)
	lnav_s=$(elapsed "$t0" "$t1")
	# lnav prints its result as a table: the 200 row must be there.
	grep -q '200' "$work/lnav.txt" || { echo "lnav gave no counts:" >&2; cat "$work/lnav.txt" >&2; exit 1; }
fi

echo "sqlite3 access_log(): ${sqlite_s} s, peak RSS $((rss_kb / 1024)) MiB"
echo "  (GROUP BY +status, through SQLite's sorter: ${sorter_s} s)"
echo "awk '{c[\$9]++}':      ${awk_s} s"
awk -v a="$awk_s" -v s="$sqlite_s" \
	'BEGIN { printf "access_log() / awk:  %.2f (<= 1 meets the goal)\n", s / a }'
if [ -n "$lnav_s" ]; then
	echo "lnav:                  ${lnav_s} s"
	awk -v l="$lnav_s" -v s="$sqlite_s" \
		'BEGIN { printf "lnav / access_log(): %.1fx faster (>= 10 meets the goal)\n", l / s }'
else
	echo "lnav: not run"
fi
