#!/bin/sh
# Runs one report of sql/examples/ through the sqlite3 shell, as its header
# tells users to, against a bundled sample log, and compares the output with
# the committed expectation. Trailing blanks (column mode pads) are ignored.
# usage: run_report.sh MODULE REPORT.sql LOG FORMAT EXPECTED.txt
#   FORMAT  the @format parameter, '' to leave it unset (detect)
# With HTTP_STATUS_UPDATE_EXPECTED=1 it writes EXPECTED.txt instead:
#   HTTP_STATUS_UPDATE_EXPECTED=1 meson test -C build --suite examples
set -u
module=$1 report=$2 log=$3 format=$4 expected=$5

case $format in *\'*)
	echo "run_report.sh: the format may not hold a single quote: $format"
	exit 1 ;;
esac
set -- -bail -batch -column -header -cmd ".load $module" -cmd ".parameter set @log '$log'"
[ -n "$format" ] && set -- "$@" -cmd ".parameter set @format '$format'"

got=$(sqlite3 "$@" < "$report" 2>&1)
status=$?
got=$(printf '%s\n' "$got" | sed 's/[[:space:]]*$//')
if [ $status -ne 0 ]; then
	printf 'FAIL %s: sqlite3 exited with %d\n%s\n' "$report" $status "$got"
	exit 1
fi
if [ -z "$got" ]; then
	printf 'FAIL %s: no output (a report over the sample must show rows)\n' "$report"
	exit 1
fi

if [ "${HTTP_STATUS_UPDATE_EXPECTED:-}" = 1 ]; then
	printf '%s\n' "$got" > "$expected" || exit 1
	echo "wrote $expected"
	exit 0
fi

if printf '%s\n' "$got" | diff -u --label "expected: $expected" --label "got: $(basename "$report") over $(basename "$log")" "$expected" - ; then
	echo "ok   $(basename "$report"): output as expected"
else
	printf '\nFAIL %s: the output differs from %s (- expected, + got).\n' "$report" "$expected"
	printf 'If the change is intended: HTTP_STATUS_UPDATE_EXPECTED=1 meson test -C BUILDDIR --suite examples\n'
	exit 1
fi
