#!/usr/bin/env bash
# access_log() over the JSON access log of a real Caddy (Debian's package).
#
#   tests/json/test_caddy.sh <path to http_status.so>
#
# Starts Caddy on 127.0.0.1 on a free port, in a temp directory, serving
# files with `log { format json }`. Sends requests for 200, 301, 304, 404,
# 418 and a quoted user agent, stops Caddy, then checks what access_log()
# reads, detected with no format given. Exit 77 (skipped) when caddy or
# curl is missing.
set -euo pipefail

module=${1:?usage: test_caddy.sh path/to/http_status.so}
module=${module%.so}
for tool in caddy curl sqlite3 python3; do
	if ! command -v "$tool" >/dev/null; then
		echo "SKIP: no $tool"
		exit 77
	fi
done

dir=$(mktemp -d)
caddy_pid=""
cleanup() {
	if [ -n "$caddy_pid" ] && kill -0 "$caddy_pid" 2>/dev/null; then
		kill "$caddy_pid" 2>/dev/null || true
		wait "$caddy_pid" 2>/dev/null || true
	fi
	rm -rf "$dir"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

mkdir -p "$dir/html" "$dir/logs" "$dir/home"
echo '<h1>hello</h1>' >"$dir/html/index.html"
touch -d '2026-01-01 00:00:00 UTC' "$dir/html/index.html"

cat >"$dir/Caddyfile" <<EOF
{
	admin off
	auto_https off
	storage file_system $dir/home/storage
}
http://127.0.0.1:$port {
	root * $dir/html
	redir /old /index.html 301
	respond /teapot "short and stout" 418
	file_server
	log {
		output file $dir/logs/access.log
		format json
	}
}
EOF

# Caddy keeps its state under HOME and XDG directories: the temp one.
HOME="$dir/home" XDG_DATA_HOME="$dir/home" XDG_CONFIG_HOME="$dir/home" \
	caddy run --config "$dir/Caddyfile" --adapter caddyfile >"$dir/logs/caddy.out" 2>&1 &
caddy_pid=$!

base="http://127.0.0.1:$port"
# Wait until it listens: a connection without a request logs nothing.
for _ in $(seq 100); do
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
	sleep 0.1
done

code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
fail() { echo "FAIL: $*" >&2; cat "$dir/logs/caddy.out" >&2; exit 1; }

[ "$(code "$base/index.html")" = 200 ] || fail "no 200"
[ "$(code "$base/old")" = 301 ] || fail "no 301"
[ "$(code -H 'If-Modified-Since: Thu, 01 Jan 2026 00:00:00 GMT' "$base/index.html")" = 304 ] || fail "no 304"
[ "$(code "$base/missing")" = 404 ] || fail "no 404"
[ "$(code -X POST "$base/teapot")" = 418 ] || fail "no 418"
[ "$(code -A 'Agent "quoted" \ é' -e 'https://ref.example/' "$base/a%20b?q=1")" = 404 ] || fail "no second 404"

kill "$caddy_pid"
wait "$caddy_pid" 2>/dev/null || true
caddy_pid=""

q() { sqlite3 :memory: ".load $module" "$1"; }
check() {
	local got
	got=$(q "$1")
	[ "$got" = "$2" ] || fail "$1
  expected: $2
  got:      $got"
}

f="$dir/logs/access.log"
check "SELECT group_concat(status, ' ') FROM (SELECT status FROM access_log('$f') ORDER BY rowid)" \
	"200 301 304 404 418 404"
check "SELECT count(*) FROM access_log('$f') WHERE error IS NOT NULL" "0"
check "SELECT method, path, protocol, user_agent, referer FROM access_log('$f') WHERE rowid = 6" \
	"GET|/a%20b?q=1|HTTP/1.1|Agent \"quoted\" \\ é|https://ref.example/"
check "SELECT count(*) FROM access_log('$f') WHERE time LIKE '____-__-__T__:__:__%+00:00'
	AND remote_addr = '127.0.0.1' AND typeof(request_time) = 'real' AND vhost = '127.0.0.1:$port'" "6"
check "SELECT method, bytes > 0 FROM access_log('$f') WHERE status = 200" "GET|1"
check "SELECT method, bytes FROM access_log('$f') WHERE status = 418" "POST|15"
# What no column holds stays in extra, such as the response's headers.
check "SELECT count(*) FROM access_log('$f') WHERE extra ->> '\$.resp_headers.Server[0]' = 'Caddy'" "6"
check "SELECT extra ->> '\$.msg' FROM access_log('$f') WHERE rowid = 1" "handled request"

echo "ok: access_log() reads Caddy's JSON access log"
