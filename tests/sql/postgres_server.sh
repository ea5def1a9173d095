# Sourced by the PostgreSQL tests: starts a throwaway server in a temporary
# directory ($tmp), on a Unix socket only, stops it on exit, and defines
# psql() to talk to it as the superuser. Exits 77 (skipped) when PostgreSQL's
# server is not installed.
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
	echo "PostgreSQL server not installed (apt-get install postgresql): skipped"
	exit 77
fi
tmp=$(mktemp -d)
as_pg() { "$@"; }
if [ "$(id -u)" = 0 ]; then
	# initdb refuses to run as root.
	chown postgres "$tmp"
	as_pg() { runuser -u postgres -- "$@"; }
fi
cleanup() {
	as_pg "$bin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT

as_pg "$bin/initdb" -D "$tmp/data" -A trust -U postgres --no-locale -E UTF8 >/dev/null
as_pg "$bin/pg_ctl" -D "$tmp/data" -w -l "$tmp/server.log" \
	-o "-c listen_addresses='' -k $tmp" start >/dev/null
psql() {
	as_pg env PGOPTIONS='-c client_min_messages=warning' \
		"$bin/psql" -h "$tmp" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 "$@"
}
