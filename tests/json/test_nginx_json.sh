#!/usr/bin/env bash
# access_log() over JSON logs written by a real nginx (Debian's package)
# with log_format ... escape=json.
#
#   tests/json/test_nginx_json.sh <path to http_status.so>
#
# Starts nginx in the foreground on 127.0.0.1 on a free port, in a temp
# directory, with two JSON logs: every value a string (as most guides
# write them), and numbers left bare with the request split into its
# variables. Sends requests for 200, 301, 304, 404, 405, a quoted user
# agent and a garbage request line (400), stops nginx, then checks what
# access_log() reads from both, detected and named. Exit 77 (skipped)
# when nginx or curl is missing.
set -euo pipefail

module=${1:?usage: test_nginx_json.sh path/to/http_status.so}
module=${module%.so}
for tool in nginx curl sqlite3 python3; do
	if ! command -v "$tool" >/dev/null && [ ! -x "/usr/sbin/$tool" ]; then
		echo "SKIP: no $tool"
		exit 77
	fi
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

dir=$(mktemp -d)
nginx_pid=""
cleanup() {
	if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
		kill "$nginx_pid" 2>/dev/null || true
		wait "$nginx_pid" 2>/dev/null || true
	fi
	rm -rf "$dir"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

mkdir -p "$dir/html" "$dir/logs" "$dir/tmp"
echo '<h1>hello</h1>' >"$dir/html/index.html"
touch -d '2026-01-01 00:00:00 UTC' "$dir/html/index.html"

cat >"$dir/nginx.conf" <<EOF
daemon off;
master_process off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 64; }
http {
	log_format strings escape=json '{"time_local":"\$time_local","remote_addr":"\$remote_addr",'
		'"remote_user":"\$remote_user","request":"\$request","status":"\$status",'
		'"body_bytes_sent":"\$body_bytes_sent","request_time":"\$request_time",'
		'"http_referrer":"\$http_referer","http_user_agent":"\$http_user_agent",'
		'"host":"\$host","connection":"\$connection"}';
	log_format numbers escape=json '{"time_iso8601":"\$time_iso8601","remote_addr":"\$remote_addr",'
		'"request_method":"\$request_method","request_uri":"\$request_uri",'
		'"server_protocol":"\$server_protocol","status":\$status,"bytes_sent":\$bytes_sent,'
		'"request_time":\$request_time,"http_user_agent":"\$http_user_agent","msec":"\$msec"}';
	client_body_temp_path $dir/tmp/body;
	proxy_temp_path $dir/tmp/proxy;
	fastcgi_temp_path $dir/tmp/fastcgi;
	uwsgi_temp_path $dir/tmp/uwsgi;
	scgi_temp_path $dir/tmp/scgi;
	server {
		listen 127.0.0.1:$port;
		server_name test.local;
		root $dir/html;
		access_log $dir/logs/strings.log strings;
		access_log $dir/logs/numbers.log numbers;
		location = /old { return 301 /index.html; }
	}
}
EOF

"$nginx_bin" -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" &
nginx_pid=$!

for _ in $(seq 50); do
	curl -s -o /dev/null "http://127.0.0.1:$port/" && break
	sleep 0.1
done

base="http://127.0.0.1:$port"
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

[ "$(code "$base/index.html")" = 200 ] || fail "no 200"
[ "$(code "$base/old")" = 301 ] || fail "no 301"
[ "$(code -H 'If-Modified-Since: Thu, 01 Jan 2026 00:00:00 GMT' "$base/index.html")" = 304 ] || fail "no 304"
[ "$(code "$base/missing")" = 404 ] || fail "no 404"
[ "$(code -X POST -d x=1 "$base/index.html")" = 405 ] || fail "no 405"
[ "$(code -A 'Agent "quoted" \ é' -e 'https://ref.example/' "$base/a%20b?q=\"x\"")" = 404 ] || fail "no second 404"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GARBAGE\r\n\r\n' >&3
reply=$(head -c 12 <&3 || true)
exec 3<&-
[ "$reply" = "HTTP/1.1 400" ] || fail "no 400 for garbage: '$reply'"

kill "$nginx_pid"
wait "$nginx_pid" 2>/dev/null || true
nginx_pid=""

q() { sqlite3 :memory: ".load $module" "$1"; }
check() {
	local got
	got=$(q "$1")
	[ "$got" = "$2" ] || fail "$1
  expected: $2
  got:      $got"
}

for log in strings numbers; do
	f="$dir/logs/$log.log"
	for spec in "" ", 'json'"; do
		check "SELECT group_concat(status, ' ') FROM (SELECT status FROM access_log('$f'$spec) ORDER BY rowid)" \
			"200 200 301 304 404 405 404 400"
		check "SELECT count(*) FROM access_log('$f'$spec) WHERE error IS NOT NULL" "0"
	done
	check "SELECT method, path, user_agent FROM access_log('$f') WHERE rowid = 7" \
		"GET|/a%20b?q=\"x\"|Agent \"quoted\" \\ é"
	check "SELECT count(*) FROM access_log('$f') WHERE time LIKE '____-__-__T__:__:__%+__:__'
		AND remote_addr = '127.0.0.1' AND typeof(request_time) = 'real'" "8"
	check "SELECT method IS NULL, path IS NULL FROM access_log('$f') WHERE status = 400" "1|1"
done
f="$dir/logs/strings.log"
check "SELECT referer, vhost FROM access_log('$f') WHERE rowid = 7" "https://ref.example/|127.0.0.1"
check "SELECT count(*) FROM access_log('$f') WHERE extra ->> '\$.connection' > 0" "8"
check "SELECT count(*) FROM access_log('$f') WHERE bytes > 0 AND status = 200" "2"
f="$dir/logs/numbers.log"
check "SELECT protocol, typeof(bytes) FROM access_log('$f') WHERE rowid = 1" "HTTP/1.1|integer"
# $msec, the other time of the line, is kept in extra.
check "SELECT count(*) FROM access_log('$f') WHERE extra ->> '\$.msec' > 1700000000" "8"

echo "ok: access_log() reads nginx's escape=json logs"
