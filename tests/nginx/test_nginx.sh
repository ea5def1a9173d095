#!/usr/bin/env bash
# access_log() over logs written by a real nginx (Debian's package).
#
#   tests/nginx/test_nginx.sh <path to http_status.so>
#
# Starts nginx on 127.0.0.1 (tests/servers/lib.sh) with two access logs:
# the default (combined) and a custom log_format. Sends requests that
# produce 200, 301, 304, 404, 405 and a 400 for a garbage request line,
# stops nginx, then checks with the sqlite3 shell what access_log() reads
# from both logs.
. "$(dirname "$0")/../servers/lib.sh"
servers_init "$@"
need nginx >/dev/null

port=$(free_port)
index_page '<h1>hello</h1>'
fmt='$remote_addr $host [$time_local] "$request" $status $body_bytes_sent $request_time "$http_user_agent" $connection'
nginx_conf "$port" "log_format custom '$fmt';" \
	"server_name test.local;
		access_log $work/logs/access.log;
		access_log $work/logs/custom.log custom;"
start_nginx "$port"
nginx_requests "$port" 'Agent "quoted" é'
stop_server nginx

access="$work/logs/access.log"
custom="$work/logs/custom.log"

check "SELECT group_concat(status, ' ') FROM (SELECT status FROM access_log('$access') ORDER BY rowid)" \
	"200 200 301 304 404 405 404 400"
check "SELECT count(*) FROM access_log('$access') WHERE error IS NOT NULL" "0"
check "SELECT method IS NULL, path IS NULL, bytes > 0 FROM access_log('$access') WHERE status = 400" "1|1|1"
check "SELECT method, path, user_agent FROM access_log('$access') WHERE rowid = 7" \
	"GET|/a%20b?q=\"x\"|Agent \"quoted\" é"
check "SELECT count(*) FROM access_log('$access') WHERE time LIKE '____-__-__T__:__:__+__:__' AND remote_addr = '127.0.0.1'" "8"
check "SELECT count(*) FROM access_log('$access', 'combined')" "8"

check "SELECT group_concat(status, ' ') FROM (SELECT status FROM access_log('$custom', '$fmt') ORDER BY rowid)" \
	"200 200 301 304 404 405 404 400"
check "SELECT count(*) FROM access_log('$custom', '$fmt') WHERE error IS NOT NULL" "0"
check "SELECT count(*) FROM access_log('$custom', '$fmt') WHERE typeof(request_time) = 'real' AND vhost = '127.0.0.1'" "7"
check "SELECT count(*) FROM access_log('$custom', '$fmt') WHERE extra ->> 'connection' > 0" "8"
# Without its format, the custom log is not taken for combined.
check "SELECT count(*) FROM access_log('$custom') WHERE error IS NULL" "0"

echo "ok: access_log() reads nginx's combined and custom logs"
