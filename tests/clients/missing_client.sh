#!/bin/sh
# Stands in for a client test whose program this machine lacks: skipped
# (exit 77) on a developer's machine, a failure under CI=true so that CI
# cannot pass without exercising every client.
# usage: missing_client.sh WHAT HOW-TO-INSTALL
if [ -n "${CI:-}" ]; then
	echo "FAIL $1 not found (CI must exercise it): $2"
	exit 1
fi
echo "SKIP $1 not found: $2"
exit 77
