#!/usr/bin/env bash
# access_log() over the native access.log of a real Squid (Debian's package)
# running as a forward proxy.
#
#   tests/servers/test_squid.sh <path to http_status.so> [--no-presets]
#
# Squid listens on 127.0.0.1 and forwards to an origin on 127.0.0.1
# (python3 -m http.server over a directory the test writes), caches
# nothing, and answers: 200 and 404 from the origin, 501 for a POST the
# origin does not implement, 403 for a path an ACL denies, 503 for an origin
# port nobody listens on, and a CONNECT tunnel. Squid's byte count is what it sent the client,
# headers included, which is what curl received.
. "$(dirname "$0")/lib.sh"
servers_init "$@"
squid=$(need squid)
preset=squid

port=$(free_port)
origin=$(free_port)
closed=$(free_port)
mkdir "$work/html" "$work/squid"
printf 'hello from the origin\n' >"$work/html/index.html"
# Squid started as root runs as `proxy` and opens its logs as that user.
if [ "$(id -u)" = 0 ]; then chown proxy "$work/squid"; fi

cat >"$work/squid.conf" <<EOF
http_port 127.0.0.1:$port
acl blocked urlpath_regex ^/blocked
acl loopback src 127.0.0.1/32
http_access deny blocked
http_access allow loopback
http_access deny all
access_log stdio:$work/squid/access.log squid
cache_log $work/squid/cache.log
cache_store_log none
pid_filename $work/squid/squid.pid
coredump_dir $work/squid
cache deny all
pinger_enable off
visible_hostname localhost
shutdown_lifetime 0 seconds
dns_nameservers 127.0.0.1
EOF
if [ "$(id -u)" = 0 ]; then echo 'cache_effective_user proxy' >>"$work/squid.conf"; fi

start_server origin python3 -m http.server "$origin" --bind 127.0.0.1 --directory "$work/html"
wait_for_port origin "$origin"
start=$(date -u +%s)
start_server squid "$squid" -N -f "$work/squid.conf"
wait_for_port squid "$port"

request_proxy=$port
log=$work/squid/access.log
agent='test-agent/1.0 (squid)'
request "$origin" GET /index.html 200 "$agent"
request "$origin" GET '/missing?q=1' 404 "$agent"
request "$origin" HEAD /index.html 200 "$agent" --head
request "$origin" POST /index.html 501 "$agent" -d a=1
request "$origin" GET /blocked 403 "$agent"
request "$closed" GET /index.html 503 "$agent"
# Through a tunnel, as every HTTPS request goes: Squid sees and logs only the
# CONNECT, its byte count the tunnel's (the 200 to the CONNECT included).
request "$origin" GET /index.html 200 "$agent" --proxytunnel
sed -i "\$s|^GET\t/index.html\t|CONNECT\t127.0.0.1:$origin\t|" "$work/sent"
stop_server squid
stop_server origin
end=$(date -u +%s)

# The raw lines: Squid's native format,
#   time.ms elapsed client result/status bytes method URL user hierarchy/peer type
# for what was sent. The first is wait_for_port's connection, closed before
# any request: Squid logs it with status 000. Squid's default
# strip_query_terms logs a query as a bare '?'.
raw_lines "$log" 8
raw_line "$log" 1 '^[0-9]{10}\.[0-9]{3} +[0-9]+ 127\.0\.0\.1 NONE_NONE/000 0 - error:transaction-end-before-headers - HIER_NONE/- -$'
n=1
while IFS='|' read -r method path status bytes; do
	n=$((n + 1))
	[[ $path == *\?* ]] && path="${path%%\?*}?"
	case $method/$status in
	CONNECT/*) result='TCP_TUNNEL' hierarchy='HIER_DIRECT/127.0.0.1' url=$path ;;
	*/403) result='TCP_DENIED' hierarchy='HIER_NONE/-' url="http://127.0.0.1:$origin$path" ;;
	*/503) result='TCP_MISS' hierarchy='HIER_DIRECT/127.0.0.1' url="http://127.0.0.1:$closed$path" ;;
	*) result='TCP_MISS' hierarchy='HIER_DIRECT/127.0.0.1' url="http://127.0.0.1:$origin$path" ;;
	esac
	raw_line "$log" $n "^[0-9]{10}\\.[0-9]{3} +[0-9]+ 127\\.0\\.0\\.1 $result/$status $bytes $method $(ere "$url") - ($(ere "$hierarchy")|HIER_NONE/-) [^ ]+\$"
done < <(sent "$work/sent" method path status total_bytes)
echo "ok: Squid wrote its native access.log"
[ "$presets" = 1 ] || exit 0

# What access_log() reads, detected and named. The URL's host goes to vhost,
# its path and query to path; Squid's own fields go to extra. The
# connection without a request is a row with status 0 (no response).
# A CONNECT's target is the host and port it asks for (RFC 9110, 9.3.6).
want=$(sent "$work/sent" method path status total_bytes | awk -F '|' '
	$1 == "CONNECT" { print "127.0.0.1|" $1 "|" $2 "|" $3 "|" $4; next }
	{ path = $2; sub(/\?.*/, "?", path); print "127.0.0.1|" $1 "|127.0.0.1|" path "|" $3 "|" $4 }')
results=$(echo NONE_NONE; sent "$work/sent" method status | sed 's/^CONNECT.*/TCP_TUNNEL/; s/.*|403$/TCP_DENIED/; s/.*|[0-9]*$/TCP_MISS/')
ports=$(sent "$work/sent" method status | grep -v '^CONNECT' | sed "s/.*|503\$/$closed/; s/.*|[0-9]*\$/$origin/")
for format in '' ", '$preset'"; do
	from="access_log($(sq "$log")$format)"
	check "SELECT remote_addr, method, iif(method = 'CONNECT', NULL, vhost), path, status, bytes FROM $from WHERE rowid > 1 ORDER BY rowid" \
		"$(sed -E 's/^(127\.0\.0\.1\|CONNECT)\|/\1||/' <<<"$want")"
	check "SELECT remote_addr, method, vhost, status, bytes FROM $from WHERE rowid = 1" '127.0.0.1|||0|0'
	check "SELECT count(*) FROM $from WHERE error IS NOT NULL" 0
	check "SELECT extra ->> 'result_code' FROM $from ORDER BY rowid" "$results"
	check "SELECT count(*) FROM $from WHERE CAST(strftime('%s', time) AS INTEGER) BETWEEN $start AND $end" 8
	# The second field: elapsed ms.
	check "SELECT printf('%d', round(request_time * 1000)) FROM $from ORDER BY rowid" "$(awk '{ print $2 }' "$log")"
	# Squid's URL field holds no URL for a connection without a request.
	pending "SELECT path IS NULL FROM $from WHERE rowid = 1" 1
	# The origin's port is kept, in vhost (as a Host header has it) or in extra.
	pending "SELECT coalesce(nullif(substr(vhost, instr(vhost, ':') + 1), vhost), extra ->> 'port') FROM $from WHERE rowid > 1 AND method <> 'CONNECT' ORDER BY rowid" "$ports"
done
echo "ok: access_log() reads Squid's access.log, detected and named '$preset'"
