#!/usr/bin/env bash
# Benchmark of an epoch range over rotated logs: the newest day of ten
# against reading all ten, in the same run.
#
#   tests/bench/bench_rotated.sh [build-dir] [lines-per-day]
#
# Writes ten day files as logrotate leaves them (access.log, access.log.1,
# access.log.2.gz ... access.log.9.gz), each modified at the end of its day,
# then counts the newest day's requests two ways, best of 3 each:
#   pushed  WHERE epoch >= <start of the newest day>   (older files not opened)
#   all     WHERE +epoch >= <start of the newest day>  (every file read)
# prints both times and pushed/all (goal: at most 0.3). Fails only when the
# counts differ or something cannot run.
set -euo pipefail

build=${1:-build}
per_day=${2:-200000}
module="$build/ext/http_status"
[ -e "$module.so" ] || { echo "no $module.so: build first" >&2; exit 1; }
for tool in sqlite3 awk gzip touch /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done
export LC_ALL=C TZ=UTC

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
newest=1795564800 # 2026-11-25T00:00:00Z

for d in 0 1 2 3 4 5 6 7 8 9; do
	day=$((newest - d * 86400))
	name=access.log
	[ "$d" -gt 0 ] && name=access.log.$d
	awk -v n="$per_day" -v day="$(date -u -d "@$day" +%d/%b/%Y)" -v seed="$d" 'BEGIN {
		srand(seed)
		for (i = 0; i < n; i++) {
			s = int(i * 86400 / n)
			printf "10.%d.%d.%d - - [%s:%02d:%02d:%02d +0000] \"GET /p%d HTTP/1.1\" %d %d \"-\" \"curl/7.88.1\"\n",
				int(rand() * 256), int(rand() * 256), int(rand() * 256), day,
				int(s / 3600), int(s / 60) % 60, s % 60, i % 100,
				rand() < 0.9 ? 200 : 404, int(rand() * 50000)
		}
	}' >"$work/$name"
	touch -d "@$((day + 86399))" "$work/$name"
	# logrotate's delaycompress: the two newest stay plain; gzip keeps mtime.
	[ "$d" -ge 2 ] && gzip "$work/$name"
done
echo "ten days of $per_day lines: $(ls "$work" | tr '\n' ' ')"

best_of_3() {
	local best="" t
	for _ in 1 2 3; do
		/usr/bin/time -f '%e' -o "$work/time.txt" \
			sqlite3 :memory: ".load $module" "$1" >"$work/out.txt"
		t=$(cat "$work/time.txt")
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
	done
	echo "$best"
}

sql="SELECT count(*) FROM access_log('$work/access.log*') WHERE"
pushed=$(best_of_3 "$sql epoch >= $newest")
pushed_n=$(cat "$work/out.txt")
all=$(best_of_3 "$sql +epoch >= $newest")
all_n=$(cat "$work/out.txt")
if [ "$pushed_n" != "$all_n" ] || [ "$pushed_n" != "$per_day" ]; then
	echo "counts differ: pushed $pushed_n, all $all_n, expected $per_day" >&2
	exit 1
fi
echo "newest day, epoch >= (older files not opened): ${pushed} s"
echo "newest day, +epoch >= (every file read):       ${all} s"
awk -v p="$pushed" -v a="$all" \
	'BEGIN { printf "newest / all: %.2f (goal: at most 0.30)\n", p / a }'
