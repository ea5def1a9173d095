#!/bin/bash
# The README's examples, schema and counts are what the extension does:
# every "| `SELECT ...` | `result` |" row is run and compared, the column
# table of http_status is compared with the table's declared schema, and the
# reference's row counts with the data.
# usage: readme_is_true.sh MODULE README.md
set -euo pipefail
module=$1 readme=$2
failures=0 checks=0

ask() { sqlite3 -bail -nullvalue NULL :memory: ".load $module" "$1"; }
expect() { # what, got, expected
	checks=$((checks + 1))
	if [ "$2" != "$3" ]; then
		printf 'README: %s\n  README says: %s\n  extension:   %s\n' "$1" "$3" "$2"
		failures=$((failures + 1))
	fi
}

# Examples: | `SELECT ...` | `result` |
while IFS=$'\t' read -r query result; do
	expect "$query" "$(ask "$query")" "$result"
done < <(sed -n 's/^| `\(SELECT [^`]*\)` | `\([^`]*\)` |$/\1\t\2/p' "$readme")

# The schema of http_status: | `column` | TYPE | meaning |
documented=$(awk '/^### `http_status`$/ { s = 1; next } s && /^###/ { exit }
	s && /^\| `[a-z_]+` \| [A-Z]+ \|/ { gsub(/`/, "", $2); printf "%s %s,", $2, $4 }' FS=' ' "$readme")
declared=$(ask "SELECT group_concat(name || ' ' || type, ',') || ',' FROM pragma_table_info('http_status')")
expect "the columns of http_status" "$declared" "$documented"

# The reference's row counts: | Group | Rows | Source |
count_of() { awk -v g="$1" -F ' \\| ' '$1 == "| " g { print $2 }' "$readme"; }
expect "IANA rows" "$(ask "SELECT count(*) FROM http_status WHERE source = 'IANA'")" "$(count_of 'IANA registry')"
expect "IIS rows" "$(ask "SELECT count(*) FROM http_status WHERE substatus IS NOT NULL")" "$(count_of 'IIS sub-status codes')"
expect "vendor rows" "$(ask "SELECT count(*) FROM http_status WHERE substatus IS NULL AND source NOT IN ('IANA', 'access logs')")" "$(count_of 'Vendor codes')"
expect "phrase rows" "$(ask "SELECT count(*) FROM http_status_phrase WHERE kind <> 'current'")" "$(count_of 'Older and other phrases')"

# The Quick start's demo: its query (the last "..." of the block's first
# line) must classify every request of the bundled sample, from the top
# directory as a newcomer runs it.
demo=$(awk '/^## Quick start/ { s = 1; next } s && /^```/ { i++; next } i == 1 { print; exit }' "$readme" |
	sed 's/.*"\([^"]*\)"[^"]*$/\1/')
top=$(dirname "$readme")
expect "Quick start demo: requests without a class" \
	"$(cd "$top" && ask "SELECT count(*) FROM ($demo) WHERE class IS NULL")" "0"
expect "Quick start demo: requests" \
	"$(cd "$top" && ask "SELECT sum(requests) FROM ($demo)")" \
	"$(sed -n 's/.*asks a bundled nginx log (\([0-9]*\) requests).*/\1/p' "$readme")"

if [ "$checks" -lt 20 ]; then
	echo "README: only $checks checks found; the parsing no longer matches the README"
	exit 1
fi
echo "README: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
