#!/bin/sh
# sql/http_status.sql read by a plain sqlite3 (no extension) must give the
# same rows as the extension's tables, and so must the built .db.
# usage: plain_sql_matches_extension.sh MODULE http_status.sql http_status.db
set -eu
module=$1 sql=$2 db=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sqlite3 -bail "$tmp/plain.db" ".read $sql"
for reference in "$tmp/plain.db" "$db"; do
	for table in http_status http_status_class http_status_phrase; do
		differ=$(sqlite3 -bail :memory: ".load $module" "ATTACH '$reference' AS plain;" \
			"SELECT (SELECT count(*) FROM (SELECT * FROM main.$table EXCEPT SELECT * FROM plain.$table))
			      + (SELECT count(*) FROM (SELECT * FROM plain.$table EXCEPT SELECT * FROM main.$table))
			      + abs((SELECT count(*) FROM main.$table) - (SELECT count(*) FROM plain.$table));")
		if [ "$differ" != 0 ]; then
			echo "$reference: $table differs from the extension's in $differ rows"
			exit 1
		fi
	done
	echo "$reference: same rows as the extension"
done
