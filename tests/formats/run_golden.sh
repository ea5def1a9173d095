#!/bin/sh
# The golden samples: each tests/formats/<format>/input.log is read with
# access_log() twice, with the format named and with none given (detection
# must find it), and both must print expected.txt exactly: every column,
# then error, as SQL literals. A new format is a new directory, no new code.
# usage: run_golden.sh MODULE DIR [--update]   (--update rewrites expected.txt)
set -u
module=$1 dir=$2 update=${3:-}
failed=0 checked=0
for d in "$dir"/*/; do
	name=$(basename "$d")
	for how in named detected; do
		if [ "$how" = named ]; then format="'$name'"; else format=NULL; fi
		out=$(sqlite3 -bail -batch :memory: ".load $module" ".mode quote" ".headers on" \
			"SELECT rowid, *, error FROM access_log('${d}input.log', $format);" 2>&1)
		if [ "$update" = --update ] && [ "$how" = named ]; then
			printf '%s\n' "$out" > "${d}expected.txt"
		fi
		if ! printf '%s\n' "$out" | diff -u "${d}expected.txt" - >"${TMPDIR:-/tmp}/golden.$$" 2>&1; then
			printf '%s (%s): rows differ from expected.txt\n' "$name" "$how"
			cat "${TMPDIR:-/tmp}/golden.$$"
			failed=$((failed + 1))
		fi
		checked=$((checked + 1))
	done
done
rm -f "${TMPDIR:-/tmp}/golden.$$"
if [ "$checked" -eq 0 ]; then
	echo "no golden samples under $dir" >&2
	exit 1
fi
echo "$checked golden reads, $failed failed"
[ "$failed" -eq 0 ]
