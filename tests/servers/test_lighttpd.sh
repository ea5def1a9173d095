#!/usr/bin/env bash
# access_log() over the default access log of a real lighttpd (Debian's
# package): mod_accesslog with no accesslog.format, which writes
#   %h %V %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"
# (the Host the client asked for where combined has the ident).
#
#   tests/servers/test_lighttpd.sh <path to http_status.so> [--no-presets]
#
# lighttpd serves a file the test writes and answers 200, 301 (url.redirect),
# 304, 404 and a 200 for another Host; its byte count is the body it sent.
. "$(dirname "$0")/lib.sh"
servers_init "$@"
lighttpd=$(need lighttpd)
preset=lighttpd

port=$(free_port)
mkdir "$work/html" "$work/logs"
printf '<h1>hello from lighttpd</h1>\n' >"$work/html/index.html"
touch -d '2026-01-01 00:00:00 UTC' "$work/html/index.html"

cat >"$work/lighttpd.conf" <<EOF
server.document-root = "$work/html"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$work/logs/error.log"
server.modules = ("mod_access", "mod_redirect", "mod_accesslog")
accesslog.filename = "$work/logs/access.log"
index-file.names = ("index.html")
mimetype.assign = (".html" => "text/html")
url.redirect = ("^/old\$" => "/index.html")
EOF

start=$(date -u +%s)
start_server lighttpd "$lighttpd" -D -f "$work/lighttpd.conf"
wait_for_port lighttpd "$port"
log=$work/logs/access.log
agent='test-agent/1.0 (lighttpd; "quoted")'
request "$port" GET /index.html 200 "$agent" -e http://referer.test/page
request "$port" GET /old 301 "$agent"
request "$port" GET /index.html 304 "$agent" -H 'If-Modified-Since: Thu, 01 Jan 2026 00:00:00 GMT'
request "$port" GET '/missing?q=a%20b' 404 "$agent"
request "$port" GET /index.html 200 "$agent" -H 'Host: www.example.test'
stop_server lighttpd
end=$(date -u +%s)

hosts="127.0.0.1:$port
127.0.0.1:$port
127.0.0.1:$port
127.0.0.1:$port
www.example.test"
referers="http://referer.test/page
-
-
-
-"

# The raw lines, field by field, for what was sent.
raw_combined_lines "$log" body_bytes "$(sed 's/^/127\\.0\\.0\\.1 /' <<<"$(ere "$hosts")")" "$referers" "${agent//\"/\\\"}"
echo "ok: lighttpd wrote its default access log"
# The rows access_log() must give: the host is vhost, never part of
# remote_addr.
want=$(paste -d '|' <(sent "$work/sent" method path status body_bytes user_agent) <(echo "$hosts") <(sed 's/^-$//' <<<"$referers") |
	sed 's/^/127.0.0.1|/')
# lighttpd's default accesslog.format, as its documentation gives it.
reads_as "$log" '%h %V %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"' "$want"
echo "ok: access_log() reads it with lighttpd's default format string"
[ "$presets" = 1 ] || exit 0

reads_as "$log" '' "$want"
reads_as "$log" "$preset" "$want"
times_between "$log" "$start" "$end"
echo "ok: access_log() reads lighttpd's default log, detected and named '$preset'"
