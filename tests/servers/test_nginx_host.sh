#!/usr/bin/env bash
# access_log() over a real nginx's (Debian's package) log with $host first:
#   $host $remote_addr - $remote_user [$time_local] "$request" $status
#   $body_bytes_sent "$http_referer" "$http_user_agent"
# combined with the virtual host in front, as shared hosts log many sites
# into one file. tests/nginx/test_nginx.sh covers nginx's default combined.
#
#   tests/servers/test_nginx_host.sh <path to http_status.so> [--no-presets]
#
# nginx answers 200, 301, 304, 404 and 405, for two server names; its byte
# count is the body it sent.
. "$(dirname "$0")/lib.sh"
servers_init "$@"
nginx=$(need nginx)
preset=host_combined

port=$(free_port)
mkdir -p "$work/html" "$work/logs" "$work/tmp"
printf '<h1>hello from nginx</h1>\n' >"$work/html/index.html"
touch -d '2026-01-01 00:00:00 UTC' "$work/html/index.html"

cat >"$work/nginx.conf" <<EOF
daemon off;
master_process off;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 64; }
http {
	log_format host_first '\$host \$remote_addr - \$remote_user [\$time_local] '
		'"\$request" \$status \$body_bytes_sent "\$http_referer" "\$http_user_agent"';
	access_log $work/logs/access.log host_first;
	client_body_temp_path $work/tmp/body;
	proxy_temp_path $work/tmp/proxy;
	fastcgi_temp_path $work/tmp/fastcgi;
	uwsgi_temp_path $work/tmp/uwsgi;
	scgi_temp_path $work/tmp/scgi;
	server {
		listen 127.0.0.1:$port;
		server_name www.example.test other.example.test;
		root $work/html;
		location = /old { return 301 /index.html; }
	}
}
EOF

start=$(date -u +%s)
start_server nginx "$nginx" -p "$work" -c "$work/nginx.conf" -e "$work/logs/error.log"
wait_for_port nginx "$port"
log=$work/logs/access.log
agent='test-agent/1.0 (nginx; "quoted")'
www=(-H 'Host: www.example.test')
other=(-H "Host: other.example.test:$port")
request "$port" GET /index.html 200 "$agent" "${www[@]}" -e http://referer.test/
request "$port" GET /old 301 "$agent" "${other[@]}"
request "$port" GET /index.html 304 "$agent" "${www[@]}" -H 'If-Modified-Since: Thu, 01 Jan 2026 00:00:00 GMT'
request "$port" GET '/missing?q=a%20b' 404 "$agent" "${other[@]}"
request "$port" POST /index.html 405 "$agent" "${www[@]}" -d a=1
stop_server nginx
end=$(date -u +%s)

# $host is the Host header's name, without its port.
hosts="www.example.test
other.example.test
www.example.test
other.example.test
www.example.test"
referers="http://referer.test/
-
-
-
-"

# The raw lines, field by field, for what was sent (nginx writes a " in a
# header as \x22).
raw_lines "$log" 5
n=0
while IFS='|' read -r method path status bytes; do
	n=$((n + 1))
	host=$(sed -n "${n}p" <<<"$hosts")
	referer=$(sed -n "${n}p" <<<"$referers")
	raw_line "$log" $n "^$(ere "$host") 127\\.0\\.0\\.1 - - \\[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9:]{8} [-+][0-9]{4}\\] \"$(ere "$method $path") HTTP/1\\.1\" $status $bytes \"$(ere "$referer")\" \"$(ere "${agent//\"/\\x22}")\"\$"
done < <(sent "$work/sent" method path status body_bytes)
echo "ok: nginx wrote its log with \$host first"
# The rows access_log() must give: the host is vhost, never part of
# remote_addr.
want=$(paste -d '|' <(sent "$work/sent" method path status body_bytes user_agent) <(echo "$hosts") <(sed 's/^-$//' <<<"$referers") |
	sed 's/^/127.0.0.1|/')
own_format='$host $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"'
# What access_log() reads with the server's own format string (today's
# reader knows these).
from="access_log($(sq "$log"), $(sq "$own_format"))"
check "SELECT remote_addr, method, path, status, user_agent, vhost, referer FROM $from ORDER BY rowid" \
	"$(cut -d '|' -f 1-4,6- <<<"$want")"
check "SELECT count(*) FROM $from WHERE error IS NOT NULL" 0
echo "ok: access_log() reads it with the log_format string"
[ "$presets" = 1 ] || exit 0

# Detected, and named by its preset.
for format in '' ", '$preset'"; do
	from="access_log($(sq "$log")$format)"
	check "SELECT remote_addr, method, path, status, bytes, user_agent, vhost, referer FROM $from ORDER BY rowid" "$want"
	check "SELECT count(*) FROM $from WHERE error IS NOT NULL OR remote_user IS NOT NULL" 0
	check "SELECT count(*) FROM $from WHERE CAST(strftime('%s', time) AS INTEGER) BETWEEN $start AND $end" 5
done
echo "ok: access_log() reads nginx's log with \$host first, detected and named '$preset'"
