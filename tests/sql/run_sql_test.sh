#!/bin/sh
# Runs a SQL test file through the real sqlite3 shell with the module loaded.
# Every statement of the file must print exactly one line, "1"; any other
# line, or an error, fails the test and is shown.
# usage: run_sql_test.sh MODULE FILE.sql
set -u
module=$1 file=$2
out=$(sqlite3 -bail -batch :memory: ".load $module" ".read $file" 2>&1)
status=$?
if [ $status -ne 0 ]; then
	printf '%s: sqlite3 exited with %d\n%s\n' "$file" $status "$out"
	exit 1
fi
lines=$(printf '%s\n' "$out" | grep -c .)
bad=$(printf '%s\n' "$out" | grep -nvx '1')
if [ "$lines" -eq 0 ] || [ -n "$bad" ]; then
	printf '%s: every statement must print 1; these lines did not:\n%s\n' "$file" "$bad"
	exit 1
fi
echo "$file: $lines checks passed"
