#!/usr/bin/env bash
# access_log() over other_vhosts_access.log of a real Apache (Debian's
# package), in Debian's own vhost_combined format, read from the package's
# /etc/apache2/apache2.conf:
#   %v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"
#
#   tests/servers/test_apache.sh <path to http_status.so> [--no-presets]
#
# Two name-based virtual hosts on one port (the Host header with and without
# the port); Apache answers 200 (a directory
# index), 302 (Redirect), 304, 404 and 405. %O counts headers and body, what
# curl received.
. "$(dirname "$0")/lib.sh"
servers_init "$@"
apache=$(need apache2)
preset=vcombined
debian_conf=/etc/apache2/apache2.conf

vhost_format=$(grep -E '^LogFormat .* vhost_combined$' "$debian_conf" 2>/dev/null) ||
	missing "the vhost_combined LogFormat in $debian_conf"
port=$(free_port)
modules=/usr/lib/apache2/modules
mkdir "$work/html" "$work/apache"
printf '<h1>hello from apache</h1>\n' >"$work/html/index.html"
touch -d '2026-01-01 00:00:00 UTC' "$work/html/index.html"

user=""
if [ "$(id -u)" = 0 ]; then user='User www-data
Group www-data'; fi
cat >"$work/apache.conf" <<EOF
ServerRoot $work/apache
DefaultRuntimeDir $work/apache
PidFile $work/apache/apache2.pid
ErrorLog $work/apache/error.log
Listen 127.0.0.1:$port
ServerName localhost
$user
LoadModule mpm_event_module $modules/mod_mpm_event.so
LoadModule authz_core_module $modules/mod_authz_core.so
LoadModule alias_module $modules/mod_alias.so
LoadModule dir_module $modules/mod_dir.so
LoadModule mime_module $modules/mod_mime.so
TypesConfig /etc/mime.types
DirectoryIndex index.html
TraceEnable Off
<Directory $work/html>
	Require all granted
</Directory>
$vhost_format
CustomLog $work/apache/other_vhosts_access.log vhost_combined
<VirtualHost 127.0.0.1:$port>
	ServerName www.example.test:$port
	DocumentRoot $work/html
</VirtualHost>
<VirtualHost 127.0.0.1:$port>
	ServerName other.example.test:$port
	DocumentRoot $work/html
	Redirect /old /index.html
</VirtualHost>
EOF

start=$(date -u +%s)
start_server apache "$apache" -X -f "$work/apache.conf"
wait_for_port apache "$port"
log=$work/apache/other_vhosts_access.log
agent='test-agent/1.0 (apache; "quoted")'
www=(-H 'Host: www.example.test')
other=(-H "Host: other.example.test:$port")
request "$port" GET / 200 "$agent" "${www[@]}" -e http://referer.test/
request "$port" GET /old 302 "$agent" "${other[@]}"
request "$port" GET /index.html 304 "$agent" "${www[@]}" -H 'If-Modified-Since: Thu, 01 Jan 2026 00:00:00 GMT'
request "$port" GET '/missing?q=a%20b' 404 "$agent" "${other[@]}"
request "$port" TRACE /index.html 405 "$agent" "${www[@]}"
stop_server apache
end=$(date -u +%s)

# %v:%p is the ServerName of the virtual host that answered, with its port.
vhosts="www.example.test:$port
other.example.test:$port
www.example.test:$port
other.example.test:$port
www.example.test:$port"
referers="http://referer.test/
-
-
-
-"

# The raw lines, field by field, for what was sent.
raw_combined_lines "$log" total_bytes "$(sed 's/$/ 127\\.0\\.0\\.1 -/' <<<"$(ere "$vhosts")")" "$referers" "${agent//\"/\\\"}"
echo "ok: Apache wrote other_vhosts_access.log in Debian's vhost_combined"
# The rows access_log() must give: the virtual host (its port apart) is
# vhost, never part of remote_addr.
want=$(paste -d '|' <(sent "$work/sent" method path status total_bytes user_agent) <(sed 's/:[0-9]*$//' <<<"$vhosts") <(sed 's/^-$//' <<<"$referers") |
	sed 's/^/127.0.0.1|/')
# Debian's LogFormat string, its \" unescaped.
reads_as "$log" "$(sed -E 's/^LogFormat "(.*)" vhost_combined$/\1/; s/\\"/"/g' <<<"$vhost_format")" "$want"
echo "ok: access_log() reads it with Debian's vhost_combined LogFormat string"
[ "$presets" = 1 ] || exit 0

reads_as "$log" '' "$want"
reads_as "$log" "$preset" "$want"
times_between "$log" "$start" "$end"
echo "ok: access_log() reads Apache's vhost_combined, detected and named '$preset'"
