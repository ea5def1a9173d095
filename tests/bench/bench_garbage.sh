#!/usr/bin/env bash
# What a line no format reads costs access_log() without a format given,
# against a combined line, in the same run, best of 3 each.
#
#   tests/bench/bench_garbage.sh [build-dir] [lines]
#
# Three files of the same number of lines: combined, a few tiny lines
# repeated (what fuzz_file makes of a short input), and short lines that
# are all different (a file that is not a log). Prints rows per second and
# the ratio of each garbage file's time to combined's (the goal: a line no
# format reads costs about one attempt, a few times a combined line, not
# one per row of the table of formats). Fails only when a line is lost or
# a garbage line is not an error row, never because of a time.
set -euo pipefail

build=${1:-build}
n=${2:-200000}
module="$build/ext/http_status"
[ -e "$module.so" ] || { echo "no $module.so: build first" >&2; exit 1; }
export LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

awk -v n="$n" 'BEGIN {
	srand(7)
	for (i = 0; i < n; i++)
		printf "10.%d.%d.%d - - [25/Nov/2026:%02d:%02d:%02d +0000] \"GET /p%d HTTP/1.1\" %d %d \"-\" \"Mozilla/5.0\"\n",
			int(rand() * 256), int(rand() * 256), int(rand() * 256),
			int(i / 3600) % 24, int(i / 60) % 60, i % 60, i % 100,
			rand() < 0.9 ? 200 : 404, int(rand() * 50000)
}' >"$work/combined.log"
awk -v n="$n" 'BEGIN {
	split("a|xy|1 2|-|<1>|GET /|{", t, "|")
	for (i = 0; i < n; i++)
		print t[1 + i % 7]
}' >"$work/repeated.log"
awk -v n="$n" 'BEGIN {
	srand(11)
	for (i = 0; i < n; i++) {
		s = ""
		for (k = int(rand() * 12) + 1; k > 0; k--)
			s = s sprintf("%c", 36 + int(rand() * 86)) # not "#", a W3C directive
		print s " " i
	}
}' >"$work/distinct.log"

now() { date +%s.%N; }
best=""
time_file() { # file expected-errors: sets best (seconds, best of 3)
	best=""
	for _ in 1 2 3; do
		t0=$(now)
		got=$(sqlite3 :memory: ".load $module" \
			"SELECT count(*), count(error) FROM access_log('$1')")
		t1=$(now)
		if [ "$got" != "$n|$2" ]; then
			echo "$1: $got rows|errors, expected $n|$2" >&2
			exit 1
		fi
		t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
		best=$(awk -v t="$t" -v b="$best" 'BEGIN { print (b == "" || t < b) ? t : b }')
	done
}

cat "$work"/*.log >/dev/null
base=""
printf '%-10s %12s %10s\n' file "rows/s" /combined
for f in combined repeated distinct; do
	errors=$n; [ "$f" = combined ] && errors=0
	time_file "$work/$f.log" "$errors"
	[ -z "$base" ] && base=$best
	printf '%-10s %12.0f %10.2f\n' "$f" "$(awk -v n="$n" -v t="$best" 'BEGIN { print n / t }')" \
		"$(awk -v t="$best" -v b="$base" 'BEGIN { print t / b }')"
done
