#!/usr/bin/env bash
# access_log() over the JSON access log of a real Caddy (Debian's package).
#
#   tests/json/test_caddy.sh <path to http_status.so>
#
# Starts Caddy on 127.0.0.1 (tests/servers/lib.sh), serving
# files with `log { format json }`. Sends requests for 200, 301, 304, 404,
# 418 and a quoted user agent, stops Caddy, then checks what access_log()
# reads, detected with no format given.
. "$(dirname "$0")/../servers/lib.sh"
servers_init "$@"
caddy=$(need caddy)

port=$(free_port)
index_page '<h1>hello</h1>'
mkdir -p "$work/logs" "$work/home"
cat >"$work/Caddyfile" <<EOF
{
	admin off
	auto_https off
	storage file_system $work/home/storage
}
http://127.0.0.1:$port {
	root * $work/html
	redir /old /index.html 301
	respond /teapot "short and stout" 418
	file_server
	log {
		output file $work/logs/access.log
		format json
	}
}
EOF

# Caddy keeps its state under HOME and XDG directories: the temp one.
start_server caddy env HOME="$work/home" XDG_DATA_HOME="$work/home" XDG_CONFIG_HOME="$work/home" \
	"$caddy" run --config "$work/Caddyfile" --adapter caddyfile
# Listening is checked without a request: a connection alone logs nothing.
wait_for_port caddy "$port"
request "$port" GET /index.html 200 curl
request "$port" GET /old 301 curl
request "$port" GET /index.html 304 curl -H 'If-Modified-Since: Thu, 01 Jan 2026 00:00:00 GMT'
request "$port" GET /missing 404 curl
request "$port" POST /teapot 418 curl
request "$port" GET '/a%20b?q=1' 404 'Agent "quoted" \ é' -e 'https://ref.example/'
stop_server caddy

f="$work/logs/access.log"
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
