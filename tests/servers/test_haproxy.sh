#!/usr/bin/env bash
# access_log() over logs written by a real HAProxy (Debian's package) with
# `option httplog` and `log stdout`, once in `format raw` (the lines alone)
# and once in `format rfc3164` (the syslog prefix rsyslog also writes into
# /var/log/haproxy.log).
#
#   tests/servers/test_haproxy.sh <path to http_status.so> [--no-presets]
#
# HAProxy proxies to an origin it serves itself (http-request return), and
# answers a redirect, a 404 from the origin, a 503 from a backend with no
# server and a 400 for a request the client never finished. Its byte counts
# are its own (HTX) measure of the response, a few bytes over what curl
# received, so the expected bytes are read from each raw line.
. "$(dirname "$0")/lib.sh"
servers_init "$@"
haproxy=$(need haproxy)
preset=haproxy
export TZ=UTC

body='hello from haproxy'
missing_body='not found'

# route_of STATUS: how the configuration above routes the request that gets
# STATUS: the frontend, backend and server, and the termination state.
route_of() {
	case $1 in
	301) frontend=web backend=web server='<NOSRV>' state='LR--' ;;
	503) frontend=web backend=down server='<NOSRV>' state='SC--' ;;
	*) frontend=web backend=app server=origin1 state='----' ;;
	esac
	route="$frontend $backend/$server"
}

# run_haproxy FORMAT: starts HAProxy logging in FORMAT, sends the requests,
# stops it; the log is $work/FORMAT.log, the requests $work/sent.FORMAT.
run_haproxy() {
	local format=$1 port origin log
	port=$(free_port)
	origin=$(free_port)
	cat >"$work/$format.cfg" <<-EOF
		global
			log stdout format $format local0
			maxconn 64
		defaults
			mode http
			log global
			option httplog
			option dontlognull
			timeout connect 2s
			timeout client 5s
			timeout server 5s
			timeout http-request 5s
		frontend web
			bind 127.0.0.1:$port
			http-request redirect location /index.html code 301 if { path /old }
			use_backend down if { path_beg /down }
			default_backend app
		backend app
			server origin1 127.0.0.1:$origin
		backend down
		frontend origin
			bind 127.0.0.1:$origin
			no log
			http-request return status 200 content-type text/plain string "$body" if { path /index.html }
			http-request return status 404 content-type text/plain string "$missing_body"
	EOF
	: >"$work/sent"
	# `log stdout`: the log lines are its standard output, notices go to stderr.
	start_server "haproxy-$format" "$haproxy" -db -f "$work/$format.cfg"
	wait_for_port "haproxy-$format" "$port"
	log=$work/haproxy-$format.out
	request "$port" GET /index.html 200 'test-agent/1.0 (haproxy)'
	wait_for_lines "$log" 1
	request "$port" GET /old 301 'test-agent/1.0 (haproxy)'
	wait_for_lines "$log" 2
	request "$port" GET /missing 404 'test-agent/1.0 (haproxy)'
	wait_for_lines "$log" 3
	request "$port" GET /down/x 503 'test-agent/1.0 (haproxy)'
	wait_for_lines "$log" 4
	request "$port" POST '/index.html?q=1&r=%22' 200 'test-agent/1.0 (haproxy)' -d a=1
	wait_for_lines "$log" 5
	# A request the client never finishes: HAProxy answers 400 and logs <BADREQ>.
	exec 3<>"/dev/tcp/127.0.0.1/$port"
	printf 'GET /partial HTTP/1.1\r\nHost: x\r\n' >&3
	# Held open a while, so that its timer (Ta) is not 0.
	sleep 0.3
	exec 3<&-
	wait_for_lines "$log" 6
	stop_server "haproxy-$format"
	mv "$work/sent" "$work/sent.$format"
}

start=$(date -u +%s)
run_haproxy raw
run_haproxy rfc3164
end=$(date -u +%s)
raw_log=$work/haproxy-raw.out
syslog=$work/haproxy-rfc3164.out

# The raw lines: what `option httplog` documents, for what was sent.
prefix_raw='^'
prefix_syslog='^<134>[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [^ ]+ haproxy\[[0-9]+\]: '
timers='[-0-9]+/[-0-9]+/[-0-9]+/[-0-9]+/[0-9]+'
for format in raw syslog; do
	if [ $format = raw ]; then log=$raw_log prefix=$prefix_raw sent_file=$work/sent.raw
	else log=$syslog prefix=$prefix_syslog sent_file=$work/sent.rfc3164; fi
	raw_lines "$log" 6
	n=0
	while IFS='|' read -r method path status body_bytes; do
		n=$((n + 1))
		route_of "$status"
		raw_line "$log" $n "${prefix}127\\.0\\.0\\.1:[0-9]+ \\[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9:]{8}\\.[0-9]{3}\\] $(ere "$route") $timers $status [0-9]+ - - $(ere "$state") [0-9/]+ [0-9/]+ \"$(ere "$method $path") HTTP/1\\.1\"\$"
		# HAProxy counts at least the body it sent.
		logged=$(sed -n "${n}p" "$log" | sed -E "s|.* $timers $status ([0-9]+) .*|\\1|")
		[ "$logged" -ge "$body_bytes" ] || fail "line $n of $log: $logged bytes for a body of $body_bytes"
	done < <(sent "$sent_file" method path status body_bytes)
	raw_line "$log" 6 "${prefix}127\\.0\\.0\\.1:[0-9]+ \\[[^]]+\\] web web/<NOSRV> -1/-1/-1/-1/[0-9]+ 400 0 - - CR-- [0-9/]+ [0-9/]+ \"<BADREQ>\"\$"
done
echo "ok: HAProxy wrote its httplog lines, raw and rfc3164"
[ "$presets" = 1 ] || exit 0

# What access_log() reads, detected and named, from both logs.
# expected LOG SENT: one row per request sent, then the <BADREQ> row.
expected() {
	local n=0 method path status
	while IFS='|' read -r method path status; do
		n=$((n + 1))
		bytes=$(sed -n "${n}p" "$1" | sed -E "s|.* $timers $status ([0-9]+) .*|\\1|")
		echo "127.0.0.1|$method|$path|$status|$bytes"
	done < <(sent "$2" method path status)
	echo '127.0.0.1|||400|0'
}
expected_extra() {
	local status
	while read -r status; do
		route_of "$status"
		echo "$frontend|$backend|$server|$state"
	done < <(sent "$1" status)
	echo 'web|web|<NOSRV>|CR--'
}
columns="remote_addr, method, path, status, bytes"
for log in "$raw_log" "$syslog"; do
	if [ "$log" = "$raw_log" ]; then sent_file=$work/sent.raw; else sent_file=$work/sent.rfc3164; fi
	want=$(expected "$log" "$sent_file")
	for format in '' ", '$preset'"; do
		from="access_log($(sq "$log")$format)"
		check "SELECT $columns FROM $from ORDER BY rowid" "$want"
		check "SELECT count(*) FROM $from WHERE error IS NOT NULL" 0
		check "SELECT extra ->> 'frontend', extra ->> 'backend', extra ->> 'server', extra ->> 'termination_state' FROM $from ORDER BY rowid" \
			"$(expected_extra "$sent_file")"
		check "SELECT count(*) FROM $from WHERE CAST(strftime('%s', time) AS INTEGER) BETWEEN $start AND $end" 6
		# Ta, the last timer: the whole request in ms.
		check "SELECT printf('%d', round(request_time * 1000)) FROM $from ORDER BY rowid" \
			"$(sed -E 's|.*\] [^ ]+ [^ ]+/[^ ]+ [-0-9]+/[-0-9]+/[-0-9]+/[-0-9]+/([0-9]+) .*|\1|' "$log")"
	done
done
echo "ok: access_log() reads HAProxy's httplog, raw and rfc3164, detected and named '$preset'"
