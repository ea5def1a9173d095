#!/usr/bin/env bash
# Benchmark of access_log() against awk over one generated log: six query
# shapes that people write, each answered by sqlite3 and by an awk program
# that computes the same answer, in the same run.
#
#   tests/bench/bench_access_log.sh [build-dir] [lines]
#
# Generates a combined log of `lines` lines (default 2000000, about 300 MB),
# runs each shape best of 3 with each tool, checks that both answers are the
# same, and prints the times, the ratio sqlite3/awk (goal: at most 1.0) and
# the peak RSS of the sqlite3 runs. Fails only when something cannot run or
# the answers differ, never because of a time. Set KEEP_LOG=path to reuse a
# generated log, SHAPES="1 3" to run some shapes only.
set -euo pipefail

build=${1:-build}
lines=${2:-2000000}
module="$build/ext/http_status"
[ -e "$module.so" ] || { echo "no $module.so: build first" >&2; exit 1; }
for tool in sqlite3 awk /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done
export LC_ALL=C # awk's and sort's order is SQLite's BINARY order

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log=${KEEP_LOG:-$work/access.log}

if [ ! -s "$log" ]; then
	# A deterministic mix of addresses, paths, statuses, sizes and agents,
	# about 150 bytes a line like a real combined log.
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
echo "log: $(wc -l <"$log") lines, $(du -m "$log" | cut -f1) MB"

# The six shapes: a name, the SQL (F stands for the file), the awk program.
# Rows print as a|b|c in both, sorted before they are compared.
names=(
	"status histogram"
	"class histogram"
	"top 404 paths"
	"hourly errors"
	"5xx or 404 count"
	"clients and bytes"
)
sqls=(
	"SELECT status, count(*) FROM access_log(F) GROUP BY status"
	"SELECT http_class(status), count(*) FROM access_log(F) GROUP BY 1"
	"SELECT path, count(*) FROM access_log(F) WHERE status = 404 GROUP BY path ORDER BY 2 DESC, 1 LIMIT 10"
	"SELECT substr(time, 1, 13), count(*) FROM access_log(F) WHERE status >= 400 GROUP BY 1"
	"SELECT count(*) FROM access_log(F) WHERE status >= 500 OR status = 404"
	"SELECT count(*), sum(bytes), count(DISTINCT remote_addr) FROM access_log(F)"
)
awks=(
	'{ c[$9]++ } END { for (k in c) print k "|" c[k] }'
	'BEGIN { split("Informational Successful Redirection", n, " "); n[4] = "Client Error"; n[5] = "Server Error" }
	 { c[n[substr($9, 1, 1)]]++ } END { for (k in c) print k "|" c[k] }'
	'$9 == 404 { c[$7]++ } END { for (k in c) print k "|" c[k] }'
	'BEGIN { split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", m, " "); for (i = 1; i <= 12; i++) mon[m[i]] = sprintf("%02d", i) }
	 $9 >= 400 { c[substr($4, 9, 4) "-" mon[substr($4, 5, 3)] "-" substr($4, 2, 2) "T" substr($4, 14, 2)]++ }
	 END { for (k in c) print k "|" c[k] }'
	'$9 >= 500 || $9 == 404 { n++ } END { print n + 0 }'
	'{ n++; b += $10; if (!($1 in s)) { s[$1]; d++ } } END { printf "%d|%.0f|%d\n", n, b, d }'
)
# Top 404 paths: awk counts, sort ranks as ORDER BY 2 DESC, 1 does.
post_awk=("" "" "sort -t'|' -k2,2nr -k1,1 | head -n 10" "" "" "")

# best_of_3 <out-file> <command...>: the least elapsed seconds; the largest
# peak RSS (KiB) in $work/rss.
best_of_3() {
	local out=$1 best="" t m rss=0
	shift
	for _ in 1 2 3; do
		/usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >"$out"
		read -r t m <"$work/time.txt"
		if [ "$m" -gt "$rss" ]; then rss=$m; fi
		echo "$rss" >"$work/rss"
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
	done
	echo "$best"
}

cat "$log" >/dev/null # the page cache, so that no tool is charged for the disk

printf '%-18s %9s %9s %7s %10s\n' shape sqlite3 awk ratio "peak RSS"
status=0
for i in ${SHAPES:-1 2 3 4 5 6}; do
	k=$((i - 1))
	sql=${sqls[$k]//access_log(F)/access_log(\'$log\')}
	s_t=$(best_of_3 "$work/sqlite.txt" sqlite3 :memory: ".load $module" "$sql")
	s_rss=$(cat "$work/rss")
	a_t=$(best_of_3 "$work/awk.raw" awk "${awks[$k]}" "$log")
	if [ -n "${post_awk[$k]}" ]; then
		sh -c "${post_awk[$k]}" <"$work/awk.raw" >"$work/awk.txt"
	else
		cp "$work/awk.raw" "$work/awk.txt"
	fi
	if ! cmp -s <(sort "$work/sqlite.txt") <(sort "$work/awk.txt"); then
		echo "${names[$k]}: sqlite3 and awk differ:" >&2
		diff <(sort "$work/sqlite.txt") <(sort "$work/awk.txt") | head -n 20 >&2 || true
		status=1
	fi
	awk -v n="${names[$k]}" -v s="$s_t" -v a="$a_t" -v r="$s_rss" \
		'BEGIN { printf "%-18s %8.2fs %8.2fs %6.2fx %6d MiB\n", n, s, a, s / a, r / 1024 }'
done
echo "ratio = sqlite3 / awk, best of 3 each; goal: every ratio at most 1.00"
exit $status
