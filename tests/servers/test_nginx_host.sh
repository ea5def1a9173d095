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
index_page '<h1>hello from nginx</h1>'
nginx_conf "$port" "log_format host_first '\$host \$remote_addr - \$remote_user [\$time_local] '
		'\"\$request\" \$status \$body_bytes_sent \"\$http_referer\" \"\$http_user_agent\"';
	access_log $work/logs/access.log host_first;" "server_name www.example.test other.example.test;"

start=$(date -u +%s)
start_nginx "$port"
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
raw_combined_lines "$log" body_bytes "$(sed 's/$/ 127\\.0\\.0\\.1 -/' <<<"$(ere "$hosts")")" "$referers" "${agent//\"/\\x22}"
echo "ok: nginx wrote its log with \$host first"
# The rows access_log() must give: the host is vhost, never part of
# remote_addr.
want=$(paste -d '|' <(sent "$work/sent" method path status body_bytes user_agent) <(echo "$hosts") <(sed 's/^-$//' <<<"$referers") |
	sed 's/^/127.0.0.1|/')
reads_as "$log" '$host $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"' "$want"
echo "ok: access_log() reads it with the log_format string"
[ "$presets" = 1 ] || exit 0

reads_as "$log" '' "$want"
reads_as "$log" "$preset" "$want"
times_between "$log" "$start" "$end"
echo "ok: access_log() reads nginx's log with \$host first, detected and named '$preset'"
