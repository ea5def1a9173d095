#!/usr/bin/env bash
# Benchmark of access_log() on JSON lines, against the same requests in
# combined and against jq.
#
#   tests/bench/bench_json_log.sh [build-dir] [lines]
#
# Writes `lines` requests (default 1000000) twice: as nginx escape=json
# lines of about 300 bytes (every value a string, as most guides write
# them) and as combined lines. Then counts the statuses of each:
#   json      SELECT status, count(*) FROM access_log(f) GROUP BY status
#   combined  the same over the combined file
#   jq        jq -c '[.status]' f | sort | uniq -c
# and prints the times, rows per second and the ratios. The goals: JSON at
# least half as fast as combined, and at least 5x faster than jq. Fails
# only when something cannot run or the counts disagree, never because of
# a time. Set KEEP_DIR=dir to reuse the generated logs.
set -euo pipefail

build=${1:-build}
lines=${2:-1000000}
module="$build/ext/http_status"
[ -e "$module.so" ] || { echo "no $module.so: build first" >&2; exit 1; }
for tool in sqlite3 awk sort uniq /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dir=${KEEP_DIR:-$work}
json="$dir/access.json.log"
combined="$dir/access.combined.log"

if [ ! -s "$json" ] || [ ! -s "$combined" ]; then
	awk -v n="$lines" -v json="$json" -v combined="$combined" 'BEGIN {
		split("GET GET GET GET POST HEAD PUT DELETE", m, " ")
		split("200 200 200 200 200 200 304 301 302 404 404 403 500 502 400", s, " ")
		split("/ /index.html /api/v1/items /static/app.js /static/style.css /login /favicon.ico /robots.txt", p, " ")
		split("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36|curl/7.88.1|Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)|Wget/1.21.3", a, "|")
		srand(42)
		for (i = 0; i < n; i++) {
			ip = sprintf("10.%d.%d.%d", int(rand() * 256), int(rand() * 256), int(rand() * 256))
			t = sprintf("25/Nov/2026:%02d:%02d:%02d +0000", int(i / 3600 / 100) % 24, int(i / 60) % 60, i % 60)
			req = sprintf("%s %s?id=%d HTTP/1.1", m[1 + int(rand() * 8)], p[1 + int(rand() * 8)], i)
			st = s[1 + int(rand() * 15)]
			b = int(rand() * 50000)
			ref = sprintf("https://example.com/ref/%d", int(rand() * 1000))
			ag = a[1 + int(rand() * 4)]
			rt = sprintf("0.%03d", int(rand() * 1000))
			printf "{\"time_local\":\"%s\",\"remote_addr\":\"%s\",\"remote_user\":\"\",\"request\":\"%s\",\"status\":\"%s\",\"body_bytes_sent\":\"%d\",\"request_time\":\"%s\",\"http_referer\":\"%s\",\"http_user_agent\":\"%s\"}\n", t, ip, req, st, b, rt, ref, ag >json
			printf "%s - - [%s] \"%s\" %s %d \"%s\" \"%s\"\n", ip, t, req, st, b, ref, ag >combined
		}
	}'
fi
count=$(wc -l <"$json")
echo "logs: $count requests; JSON $(du -m "$json" | cut -f1) MB ($(( $(wc -c <"$json") / count )) bytes a line), combined $(du -m "$combined" | cut -f1) MB"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
count_sql() {
	sqlite3 :memory: ".load $module" \
		"SELECT status, count(*) FROM access_log('$1') GROUP BY status" >"$2"
}

cat "$json" "$combined" >/dev/null # the page cache, for both

t0=$(now); count_sql "$json" "$work/json.txt"; t1=$(now)
json_s=$(elapsed "$t0" "$t1")
t0=$(now); count_sql "$combined" "$work/combined.txt"; t1=$(now)
combined_s=$(elapsed "$t0" "$t1")
if ! cmp -s "$work/json.txt" "$work/combined.txt"; then
	echo "the counts of the JSON and combined logs differ:" >&2
	diff "$work/json.txt" "$work/combined.txt" >&2 || true
	exit 1
fi

jq_s=""
if command -v jq >/dev/null; then
	t0=$(now)
	jq -c '[.status]' "$json" | sort | uniq -c >"$work/jq.txt"
	t1=$(now)
	jq_s=$(elapsed "$t0" "$t1")
	# jq's lines are '  <count> ["<status>"]': the same counts?
	if ! cmp -s <(sed 's/^ *\([0-9]*\) \["\([0-9]*\)"\]$/\2|\1/' "$work/jq.txt" | sort) \
		<(sort "$work/json.txt"); then
		echo "the counts of jq and access_log() differ" >&2
		exit 1
	fi
fi

rate() { awk -v n="$count" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }
echo "access_log() on JSON:     ${json_s} s, $(rate "$json_s") rows/s"
echo "access_log() on combined: ${combined_s} s, $(rate "$combined_s") rows/s"
awk -v j="$json_s" -v c="$combined_s" \
	'BEGIN { printf "JSON / combined speed: %.2f (>= 0.5 meets the goal)\n", c / j }'
if [ -n "$jq_s" ]; then
	echo "jq -c '[.status]' | sort | uniq -c: ${jq_s} s"
	awk -v j="$json_s" -v q="$jq_s" \
		'BEGIN { printf "access_log() is %.1fx faster than jq (>= 5 meets the goal)\n", q / j }'
else
	echo "jq: not run (apt-get install jq)"
fi
