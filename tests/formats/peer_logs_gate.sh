#!/bin/bash
# The shared corpus of other projects' sample logs (../shared/peer-logs, not
# part of this repository): every delimited and JSON family must read at least 97%
# of its request lines with no format given. Skips when the corpus is absent.
# usage: peer_logs_gate.sh MODULE [CORPUS_DIR]
set -euo pipefail
module=$1 corpus=${2:-"$(dirname "$0")/../../../shared/peer-logs"}
families="combined common vcombined vcommon w3c-iis alb elb-classic cloudfront s3 haproxy squid envoy caddy-json traefik"
if [ ! -f "$corpus/check.py" ]; then
	echo "peer logs: $corpus absent, skipped"
	exit 0
fi
out=$(/usr/bin/python3 "$corpus/check.py" "$module")
printf '%s\n' "$out"
failed=0
for family in $families; do
	# family files data-lines request-lines rows parsed pct
	read -r requests parsed < <(printf '%s\n' "$out" |
		awk -v f="$family" '$1 == f && NF == 7 { print $4, $6 }')
	if [ -z "${requests:-}" ]; then
		echo "peer logs: no line for family $family"
		failed=1
	elif [ $((parsed * 100)) -lt $((requests * 97)) ]; then
		echo "peer logs: $family reads $parsed of $requests request lines, under 97%"
		failed=1
	fi
	requests='' parsed=''
done
[ "$failed" -eq 0 ] && echo "peer logs: every delimited family at 97% or more"
exit "$failed"
