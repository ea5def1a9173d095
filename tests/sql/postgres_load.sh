#!/bin/sh
# sql/http_status.sql loads unchanged into PostgreSQL, and PostgreSQL then
# holds the same rows as SQLite does from the same file. Starts its own server
# in a temporary directory, on a Unix socket only, and stops it on exit.
# usage: postgres_load.sh http_status.sql
# Exits 77 (skipped) when PostgreSQL's server is not installed.
set -eu
sql=$(realpath "$1")
. "$(dirname "$0")/postgres_server.sh"

psql < "$sql"

# The same rows, in the same order, from both databases: fields separated by
# the unit separator, NULL written as \N, so no quoting rule can differ.
sep=$(printf '\037')
for query in \
	"SELECT * FROM http_status ORDER BY code" \
	"SELECT * FROM http_status_class ORDER BY class" \
	"SELECT * FROM http_status_phrase ORDER BY code, kind, reason, source"
do
	psql -A -t -F "$sep" -P null='\N' -c "$query" > "$tmp/postgres.txt"
	sqlite3 -bail -list -separator "$sep" -nullvalue '\N' :memory: ".read $sql" "$query" \
		> "$tmp/sqlite.txt"
	if ! cmp -s "$tmp/postgres.txt" "$tmp/sqlite.txt"; then
		echo "PostgreSQL and SQLite differ for: $query"
		diff "$tmp/sqlite.txt" "$tmp/postgres.txt" | tr "$sep" '|' | head -20
		exit 1
	fi
	echo "same rows in PostgreSQL and SQLite: $query ($(wc -l < "$tmp/postgres.txt") rows)"
done
