#!/bin/sh
# Every report in sql/examples/ is run by a test (tests/examples/meson.build)
# and has an expected output in tests/examples/expected/, and nothing else.
# usage: every_report_is_tested.sh SQL_EXAMPLES_DIR EXPECTED_DIR NAME...
#   NAME... the reports tests/examples/meson.build runs
set -u
examples=$1 expected_dir=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$examples" && ls -- *.sql) | sed 's/\.sql$//' | sort > "$tmp/reports"
(cd "$expected_dir" && ls -- *.txt) | sed 's/\.txt$//' | sort > "$tmp/expected"
printf '%s\n' "$@" | sort > "$tmp/tested"
failed=0
if ! diff -u --label 'reports in sql/examples' --label 'reports meson runs' "$tmp/reports" "$tmp/tested"; then
	echo 'FAIL add each report to the reports dictionary of tests/examples/meson.build'
	failed=1
fi
if ! diff -u --label 'reports in sql/examples' --label 'expected outputs' "$tmp/reports" "$tmp/expected"; then
	echo 'FAIL each report needs tests/examples/expected/NAME.txt, and only those'
	failed=1
fi
[ $failed -eq 0 ] && echo "ok   $(wc -l < "$tmp/reports") reports, each run by a test with an expected output"
exit $failed
