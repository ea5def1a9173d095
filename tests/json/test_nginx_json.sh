#!/usr/bin/env bash
# access_log() over JSON logs written by a real nginx (Debian's package)
# with log_format ... escape=json.
#
#   tests/json/test_nginx_json.sh <path to http_status.so>
#
# Starts nginx on 127.0.0.1 (tests/servers/lib.sh) with two JSON logs: every value a string (as most guides
# write them), and numbers left bare with the request split into its
# variables. Sends requests for 200, 301, 304, 404, 405, a quoted user
# agent and a garbage request line (400), stops nginx, then checks what
# access_log() reads from both, detected and named.
. "$(dirname "$0")/../servers/lib.sh"
servers_init "$@"
need nginx >/dev/null

port=$(free_port)
index_page '<h1>hello</h1>'
nginx_conf "$port" "log_format strings escape=json '{\"time_local\":\"\$time_local\",\"remote_addr\":\"\$remote_addr\",'
		'\"remote_user\":\"\$remote_user\",\"request\":\"\$request\",\"status\":\"\$status\",'
		'\"body_bytes_sent\":\"\$body_bytes_sent\",\"request_time\":\"\$request_time\",'
		'\"http_referrer\":\"\$http_referer\",\"http_user_agent\":\"\$http_user_agent\",'
		'\"host\":\"\$host\",\"connection\":\"\$connection\"}';
	log_format numbers escape=json '{\"time_iso8601\":\"\$time_iso8601\",\"remote_addr\":\"\$remote_addr\",'
		'\"request_method\":\"\$request_method\",\"request_uri\":\"\$request_uri\",'
		'\"server_protocol\":\"\$server_protocol\",\"status\":\$status,\"bytes_sent\":\$bytes_sent,'
		'\"request_time\":\$request_time,\"http_user_agent\":\"\$http_user_agent\",\"msec\":\"\$msec\"}';" \
	"server_name test.local;
		access_log $work/logs/strings.log strings;
		access_log $work/logs/numbers.log numbers;"
start_nginx "$port"
nginx_requests "$port" 'Agent "quoted" \ é' -e 'https://ref.example/'
stop_server nginx

for log in strings numbers; do
	f="$work/logs/$log.log"
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
f="$work/logs/strings.log"
check "SELECT referer, vhost FROM access_log('$f') WHERE rowid = 7" "https://ref.example/|127.0.0.1"
check "SELECT count(*) FROM access_log('$f') WHERE extra ->> '\$.connection' > 0" "8"
check "SELECT count(*) FROM access_log('$f') WHERE bytes > 0 AND status = 200" "2"
f="$work/logs/numbers.log"
check "SELECT protocol, typeof(bytes) FROM access_log('$f') WHERE rowid = 1" "HTTP/1.1|integer"
# $msec, the other time of the line, is kept in extra.
check "SELECT count(*) FROM access_log('$f') WHERE extra ->> '\$.msec' > 1700000000" "8"

echo "ok: access_log() reads nginx's escape=json logs"
