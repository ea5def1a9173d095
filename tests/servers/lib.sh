# Shared by tests/servers/test_*.sh: each test starts a real server from
# Debian's package on 127.0.0.1, sends it a few requests, stops it, then
# checks the raw lines it logged and what access_log() reads from them.
#
#   . "$(dirname "$0")/lib.sh"        then: servers_init MODULE [--no-presets]
#
# --no-presets leaves out what access_log() reads without a format and with
# the preset's name (for a format the reader does not know yet): the server's
# raw lines are checked, and what access_log() reads with the server's own
# format string where it has one. Exit 77 (skipped) when a program is
# missing, except under CI (CI=true), where a missing server is a failure.
# Every request goes to 127.0.0.1 with a time limit, at most
# $servers_max_requests of them; every server started here is stopped when
# the script exits, whether it passed or not.
set -euo pipefail

servers_max_requests=40
servers_requests=0
request_proxy=""
servers_pids=()
servers_names=()
work=""
presets=1
module=""
sanitizer_preload=""

fail() { echo "FAIL: $*" >&2; exit 1; }

# A program is missing: skip, or fail under CI.
missing() {
	if [ -n "${CI:-}" ]; then
		fail "$1 is missing (CI installs it in .ci/run)"
	fi
	echo "SKIP: $1 is missing" >&2
	exit 77
}

# The path of a program, looked for in PATH and in /usr/sbin.
need() {
	if command -v "$1" 2>/dev/null; then return; fi
	if [ -x "/usr/sbin/$1" ]; then echo "/usr/sbin/$1"; return; fi
	missing "$1"
}

servers_cleanup() {
	local i
	for i in "${!servers_pids[@]}"; do
		stop_server_pid "${servers_pids[$i]}"
	done
	if [ -n "$work" ]; then rm -rf "$work"; fi
}

servers_init() {
	module=${1:?usage: test_<server>.sh path/to/http_status.so [--no-presets]}
	module=${module%.so}
	case ${2:-} in
	--no-presets) presets=0 ;;
	'') ;;
	*) fail "unknown option '$2'" ;;
	esac
	need curl >/dev/null
	need sqlite3 >/dev/null
	need python3 >/dev/null
	# tests/hardening.sh preloads the sanitizer runtime for programs that load
	# the module: sqlite3 keeps it, the servers (which hang under it) do not.
	sanitizer_preload=${LD_PRELOAD:-}
	unset LD_PRELOAD
	work=$(mktemp -d)
	# Servers that drop root privileges must reach the files they serve.
	chmod 755 "$work"
	trap servers_cleanup EXIT
}

# A port nobody listens on now, below the kernel's range of ephemeral
# ports: a port the kernel picked could be taken as the local port of some
# client's connection before the server binds it.
free_port() {
	python3 -c '
import random, socket
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
for _ in range(100):
    port = random.randrange(10000, low)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    print(port)
    break
else:
    raise SystemExit("no free port")'
}

# start_server NAME COMMAND...: runs COMMAND in the background, its output
# in $work/NAME.out and $work/NAME.err.
start_server() {
	local name=$1
	shift
	"$@" >"$work/$name.out" 2>"$work/$name.err" &
	servers_pids+=("$!")
	servers_names+=("$name")
}

stop_server_pid() {
	local pid=$1 _
	kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

# stop_server NAME: SIGTERM, then SIGKILL after 10 s; waits for the exit so
# the server has written and closed its logs.
stop_server() {
	local i
	for i in "${!servers_names[@]}"; do
		if [ "${servers_names[$i]}" = "$1" ]; then
			stop_server_pid "${servers_pids[$i]}"
		fi
	done
}

# wait_for_port NAME PORT: until something accepts on 127.0.0.1:PORT, at
# most 15 s; fails with the server's output when it exited or never listened.
wait_for_port() {
	local name=$1 port=$2 _ i pid=""
	for i in "${!servers_names[@]}"; do
		[ "${servers_names[$i]}" = "$name" ] && pid=${servers_pids[$i]}
	done
	for _ in $(seq 150); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
		if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
			fail "$name exited: $(cat "$work/$name.out" "$work/$name.err")"
		fi
		sleep 0.1
	done
	fail "$name does not listen on 127.0.0.1:$port: $(cat "$work/$name.out" "$work/$name.err")"
}

# wait_for_lines FILE COUNT: until FILE has COUNT lines, at most 5 s
# (servers log a request after they answered it).
wait_for_lines() {
	local _
	for _ in $(seq 50); do
		[ "$(wc -l <"$1")" -ge "$2" ] && return 0
		sleep 0.1
	done
	fail "$1: expected $2 lines, got $(wc -l <"$1"):
$(cat "$1")"
}

# request PORT METHOD PATH STATUS USER_AGENT [CURL ARGS...]: sends one request
# for http://127.0.0.1:PORT/PATH (directly, or through the proxy on
# 127.0.0.1:$request_proxy), fails unless the answer has STATUS, and appends what was
# sent and received to $work/sent as tab-separated fields:
#   method  path  status  header_bytes  body_bytes  user_agent
# These are the expected values of the tests, known without reading any log.
request() {
	local port=$1 method=$2 path=$3 status=$4 agent=$5 got
	shift 5
	servers_requests=$((servers_requests + 1))
	[ "$servers_requests" -le "$servers_max_requests" ] || fail "more than $servers_max_requests requests"
	# Through the proxy on 127.0.0.1:$request_proxy when it is set.
	local via=(--noproxy '*')
	[ -n "$request_proxy" ] && via=(--proxy "http://127.0.0.1:$request_proxy")
	got=$(curl -s "${via[@]}" --max-time 10 -o /dev/null -X "$method" -A "$agent" \
		-w '%{http_code}\t%{size_header}\t%{size_download}' "$@" "http://127.0.0.1:$port$path") ||
		fail "$method $path: curl failed ($?)"
	[ "${got%%$'\t'*}" = "$status" ] || fail "$method $path: expected status $status, got ${got%%$'\t'*}"
	printf '%s\t%s\t%s\t%s\n' "$method" "$path" "$got" "$agent" >>"$work/sent"
}

# sent FILE FIELDS: the requests recorded in FILE (by request, in $work/sent),
# one per line, as "a|b|..." with the fields named: method path status
# header_bytes body_bytes total_bytes (headers and body) user_agent.
sent() {
	local file=$1
	shift
	awk -F '\t' -v want="$*" '
		BEGIN { n = split(want, w, " ") }
		{
			v["method"] = $1; v["path"] = $2; v["status"] = $3
			v["header_bytes"] = $4; v["body_bytes"] = $5
			v["total_bytes"] = $4 + $5; v["user_agent"] = $6
			line = ""
			for (i = 1; i <= n; i++) line = line (i > 1 ? "|" : "") v[w[i]]
			print line
		}' "$file"
}

# raw_lines LOG COUNT: the server logged exactly COUNT lines.
raw_lines() {
	local got
	got=$(wc -l <"$1")
	[ "$got" -eq "$2" ] || fail "$1: expected $2 lines, got $got:
$(cat "$1")"
}

# raw_line LOG N ERE: line N of LOG matches the extended regular expression.
raw_line() {
	local line
	line=$(sed -n "$2p" "$1")
	printf '%s\n' "$line" | grep -Eq -- "$3" || fail "line $2 of $(basename "$1") does not match
  pattern: $3
  line:    $line"
}

# ere STRING: STRING quoted for use inside an extended regular expression.
ere() { printf '%s' "$1" | sed 's/[][\.|$(){}?+*^/]/\\&/g'; }

q() { LD_PRELOAD=$sanitizer_preload sqlite3 :memory: ".load $module" "$1"; }

# check SQL EXPECTED: the sqlite3 shell prints EXPECTED for SQL.
check() {
	local got
	got=$(q "$1" 2>&1) || fail "$1: $got"
	[ "$got" = "$2" ] || fail "$1
  expected: $2
  got:      $got"
}

# pending SQL EXPECTED: an assertion the reader does not meet yet. Checked
# with SERVERS_PENDING=1 (never by meson), else only printed, so that it
# stays in sight.
pending() {
	if [ "${SERVERS_PENDING:-}" = 1 ]; then
		check "$@"
	else
		echo "pending (SERVERS_PENDING=1 checks it): $1"
	fi
}

# sq STRING: STRING as an SQL literal.
sq() { printf "'%s'" "${1//\'/\'\'}"; }

# index_page TEXT: $work/html/index.html holds TEXT, last modified on
# 2026-01-01 (an If-Modified-Since of that date gets a 304).
index_page() {
	mkdir -p "$work/html"
	printf '%s\n' "$1" >"$work/html/index.html"
	touch -d '2026-01-01 00:00:00 UTC' "$work/html/index.html"
}

# nginx_conf PORT HTTP_DIRECTIVES SERVER_DIRECTIVES: $work/nginx.conf for one
# nginx process in the foreground that serves $work/html on 127.0.0.1:PORT
# and answers /old with a 301 to /index.html; its error log and temporary
# files stay in $work.
nginx_conf() {
	mkdir -p "$work/logs" "$work/tmp"
	cat >"$work/nginx.conf" <<CONF
daemon off;
master_process off;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 64; }
http {
	$2
	client_body_temp_path $work/tmp/body;
	proxy_temp_path $work/tmp/proxy;
	fastcgi_temp_path $work/tmp/fastcgi;
	uwsgi_temp_path $work/tmp/uwsgi;
	scgi_temp_path $work/tmp/scgi;
	server {
		listen 127.0.0.1:$1;
		root $work/html;
		location = /old { return 301 /index.html; }
		$3
	}
}
CONF
}

# start_nginx PORT: nginx with $work/nginx.conf, listening.
start_nginx() {
	start_server nginx "$(need nginx)" -p "$work" -c "$work/nginx.conf" -e "$work/logs/error.log"
	wait_for_port nginx "$1"
}

# garbage_request PORT: a request line that is not HTTP; the server must
# answer 400 (and log the line as it came).
garbage_request() {
	local reply
	exec 3<>"/dev/tcp/127.0.0.1/$1"
	printf 'GARBAGE\r\n\r\n' >&3
	reply=$(head -c 12 <&3 || true)
	exec 3<&-
	[ "$reply" = "HTTP/1.1 400" ] || fail "no 400 for a garbage request line: '$reply'"
}

# raw_combined_lines LOG BYTES FIRST_FIELDS REFERERS AGENT: LOG holds one
# combined-style line per request sent, in order:
#   FIRST - [time] "METHOD PATH HTTP/1.1" STATUS BYTES "REFERER" "AGENT"
# FIRST (an ERE: the fields before the user's) and REFERER are the lines
# of FIRST_FIELDS and REFERERS, BYTES the field of sent (body_bytes or
# total_bytes) the server counts, AGENT the user agent as the server
# escapes it.
raw_combined_lines() {
	local log=$1 bytes_field=$2 firsts=$3 referers=$4 agent=$5 n=0 first referer
	raw_lines "$log" "$(wc -l <"$work/sent")"
	while IFS='|' read -r method path status bytes; do
		n=$((n + 1))
		first=$(sed -n "${n}p" <<<"$firsts")
		referer=$(sed -n "${n}p" <<<"$referers")
		raw_line "$log" $n "^$first - \\[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9:]{8} [-+][0-9]{4}\\] \"$(ere "$method $path") HTTP/1\\.1\" $status $bytes \"$(ere "$referer")\" \"$(ere "$agent")\"\$"
	done < <(sent "$work/sent" method path status "$bytes_field")
}

# reads_as LOG FORMAT WANT: access_log(LOG, FORMAT) gives the rows WANT
# (remote_addr|method|path|status|bytes|user_agent|vhost|referer, one per
# request sent, in order), none with an error. FORMAT '' means detected.
# With the server's own format string, bytes is not compared: the field's
# name says which count it is, not the preset's.
reads_as() {
	local log=$1 format=$2 want=$3 from
	from="access_log($(sq "$log")${format:+, $(sq "$format")})"
	case $format in
	*[%\$\ ]*)
		check "SELECT remote_addr, method, path, status, user_agent, vhost, referer FROM $from ORDER BY rowid" \
			"$(cut -d '|' -f 1-4,6- <<<"$want")"
		check "SELECT count(*) FROM $from WHERE error IS NOT NULL" 0 ;;
	*)
		check "SELECT remote_addr, method, path, status, bytes, user_agent, vhost, referer FROM $from ORDER BY rowid" "$want"
		check "SELECT count(*) FROM $from WHERE error IS NOT NULL OR remote_user IS NOT NULL" 0 ;;
	esac
}

# times_between LOG START END: the time of each request sent is within
# [START, END] (Unix seconds, taken around the requests).
times_between() {
	check "SELECT count(*) FROM access_log($(sq "$1")) WHERE CAST(strftime('%s', time) AS INTEGER) BETWEEN $2 AND $3" \
		"$(wc -l <"$work/sent")"
}

# nginx_requests PORT AGENT [CURL ARGS...]: what the nginx tests send to a
# static nginx: 200 twice, 301 (/old), 304, 404, 405 (a POST to a file), a
# 404 for /a%20b?q="x" with AGENT and the curl arguments, then a garbage
# request line (400).
nginx_requests() {
	local port=$1 agent=$2
	shift 2
	request "$port" GET /index.html 200 curl
	request "$port" GET /index.html 200 curl
	request "$port" GET /old 301 curl
	request "$port" GET /index.html 304 curl -H 'If-Modified-Since: Thu, 01 Jan 2026 00:00:00 GMT'
	request "$port" GET /missing 404 curl
	request "$port" POST /index.html 405 curl -d x=1
	request "$port" GET '/a%20b?q="x"' 404 "$agent" "$@"
	garbage_request "$port"
}
