#!/bin/sh
# Stands in for sqlite3 in tests/sql/postgres_pipeline.sh while access_log()
# has no byte_offset column yet (issue 12), so that the pipeline's resuming
# path runs too: its probe for the column answers yes, and access_log(...) in
# its export becomes a subquery whose byte_offset is each line's start,
# counted from the lengths of the lines before it (LF endings only). This
# tests the pipeline, not byte_offset; it is not used once the real column
# exists.
for last; do :; done
rewritten=$(printf '%s' "$last" | sed \
	-e "s|pragma_table_xinfo('access_log')|(SELECT 'byte_offset' AS name)|" \
	-e "s|FROM \(access_log([^)]*)\)|FROM (SELECT *, rowid AS rowid, file, error, line, sum(length(CAST(line AS BLOB)) + 1) OVER (ORDER BY rowid) - length(CAST(line AS BLOB)) - 1 AS byte_offset FROM \1)|")
count=$#
n=0
for arg; do
	n=$((n + 1))
	[ "$n" -eq 1 ] && set --
	if [ "$n" -eq "$count" ]; then
		set -- "$@" "$rewritten"
	else
		set -- "$@" "$arg"
	fi
done
exec sqlite3 "$@"
