#!/usr/bin/env bash
# Rows per second of access_log() for each named format, over the same
# requests written in each format, against combined in the same run.
#
#   tests/bench/bench_formats.sh [build-dir] [requests]
#
# For each format: the log is read with the format named and with none
# given (detection), counting status, path and time; prints rows per
# second and the ratio to combined's (the goal: none below 0.5). Fails only
# when a format does not read all its lines, never because of a time.
set -euo pipefail

build=${1:-build}
n=${2:-200000}
module="$build/ext/http_status"
[ -e "$module.so" ] || { echo "no $module.so: build first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One awk program writes the same requests in every format: $1 is the
# format, the fields are drawn from the same seed.
write() {
	awk -v fmt="$1" -v n="$n" 'BEGIN {
		split("GET GET GET GET POST HEAD PUT DELETE", m, " ")
		split("200 200 200 200 200 200 304 301 302 404 404 403 500 502 400", s, " ")
		split("/ /index.html /api/v1/items /static/app.js /login /robots.txt", p, " ")
		split("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36|curl/7.88.1|Wget/1.21.3", a, "|")
		srand(42)
		for (i = 0; i < n; i++) {
			ip = sprintf("10.%d.%d.%d", int(rand() * 256), int(rand() * 256), int(rand() * 256))
			hh = int(i / 3600) % 24; mi = int(i / 60) % 60; ss = i % 60
			clf = sprintf("25/Nov/2026:%02d:%02d:%02d +0000", hh, mi, ss)
			iso = sprintf("2026-11-25T%02d:%02d:%02d.123456Z", hh, mi, ss)
			meth = m[1 + int(rand() * 8)]; path = p[1 + int(rand() * 6)] "?id=" i
			st = s[1 + int(rand() * 15)]; by = int(rand() * 50000)
			ua = a[1 + int(rand() * 3)]; ms = int(rand() * 900)
			req = meth " " path " HTTP/1.1"
			if (fmt == "combined")
				printf "%s - - [%s] \"%s\" %s %d \"-\" \"%s\"\n", ip, clf, req, st, by, ua
			else if (fmt == "common")
				printf "%s - - [%s] \"%s\" %s %d\n", ip, clf, req, st, by
			else if (fmt == "vcombined")
				printf "www.example.com:443 %s - - [%s] \"%s\" %s %d \"-\" \"%s\"\n", ip, clf, req, st, by, ua
			else if (fmt == "host_combined")
				printf "www.example.com %s - - [%s] \"%s\" %s %d \"-\" \"%s\"\n", ip, clf, req, st, by, ua
			else if (fmt == "lighttpd")
				printf "%s www.example.com - [%s] \"%s\" %s %d \"-\" \"%s\"\n", ip, clf, req, st, by, ua
			else if (fmt == "traefik")
				printf "%s - - [%s] \"%s\" %s %d \"-\" \"%s\" %d \"web@docker\" \"http://10.0.0.2:80\" %dms\n", ip, clf, req, st, by, ua, i, ms
			else if (fmt == "ingress_upstreaminfo")
				printf "%s - - [%s] \"%s\" %s %d \"-\" \"%s\" 389 0.%03d [default-web-80] [] 10.0.0.7:8080 %d 0.%03d %s %032x\n", ip, clf, req, st, by, ua, ms, by, ms, st, i
			else if (fmt == "alb")
				printf "https %s app/my-alb/50dc6c495c0c9188 %s:2817 10.0.0.1:80 0.000 0.%03d 0.000 %s %s 34 %d \"%s https://www.example.com:443%s HTTP/1.1\" \"%s\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/t/73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"www.example.com\" \"-\" 0 %s \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"%s\" \"-\" \"-\" TID_1\n", iso, ip, ms, st, st, by, meth, path, ua, iso, st
			else if (fmt == "elb")
				printf "%s my-lb %s:2817 10.0.0.1:80 0.000073 0.%06d 0.000057 %s %s 0 %d \"%s http://www.example.com:80%s HTTP/1.1\" \"%s\" - -\n", iso, ip, ms, st, st, by, meth, path, ua
			else if (fmt == "s3")
				printf "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be bucket1 [%s] %s - 3E57427F3EXAMPLE REST.GET.OBJECT key \"%s\" %s - %d %d %d 10 \"-\" \"%s\" -\n", clf, ip, req, st, by, by, ms, ua
			else if (fmt == "haproxy")
				printf "%s:39540 [25/Nov/2026:%02d:%02d:%02d.584] public~ web/w1 0/0/1/%d/%d %s %d - - ---- 3/3/0/0/0 0/0 \"%s\"\n", ip, hh, mi, ss, ms, ms + 1, st, by, req
			else if (fmt == "squid")
				printf "%d.779 %6d %s TCP_MISS/%s %d %s http://www.example.com%s - HIER_DIRECT/93.184.215.14 text/html\n", 1764114136 + i, ms, ip, st, by, meth, path
			else if (fmt == "envoy")
				printf "[%s] \"%s\" %s - 0 %d %d 2 \"%s\" \"%s\" \"4b1c5e7a-6a1f-4bd5-9c7e-0f3c2d1e4a5b\" \"www.example.com\" \"10.0.0.2:8080\"\n", iso, req, st, by, ms, ip, ua
			else if (fmt == "iis") {
				gsub(/ /, "+", ua)
				printf "2026-11-25 %02d:%02d:%02d 10.0.0.5 %s %s - 443 - %s %s - %s 0 0 %d\n", hh, mi, ss, meth, p[1 + i % 6], ip, ua, st, ms
			}
		}
	}' >"$work/$1.log"
}

formats="combined common vcombined host_combined lighttpd traefik ingress_upstreaminfo alb elb s3 haproxy squid envoy iis"
now() { date +%s.%N; }
rate() { awk -v n="$n" -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", n / (b - a) }'; }
count() { # file format-literal
	sqlite3 :memory: ".load $module" \
		"SELECT count(*) FILTER (WHERE error IS NULL), count(status), count(path), count(time) FROM access_log('$1', $2)"
}

printf '%-22s %14s %14s %8s\n' format "named rows/s" "detected rows/s" "/combined"
base=""
for f in $formats; do
	write "$f"
	log="$work/$f.log"
	cat "$log" >/dev/null
	for how in named detected; do
		arg=NULL; [ "$how" = named ] && arg="'$f'"
		t0=$(now); got=$(count "$log" "$arg"); t1=$(now)
		if [ "${got%%|*}" != "$n" ]; then
			echo "$f ($how): read $got of $n lines" >&2
			exit 1
		fi
		r=$(rate "$t0" "$t1")
		[ "$how" = named ] && named=$r || detected=$r
	done
	[ -z "$base" ] && base=$named
	printf '%-22s %14s %14s %8.2f\n' "$f" "$named" "$detected" "$(awk -v a="$named" -v b="$base" 'BEGIN { print a / b }')"
done
