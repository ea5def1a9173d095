#!/bin/sh
# The sqlite3 shell loads the module, by its default entry point and by
# sqlite3_httpstatus_nofile_init, and answers as a user would see it.
# usage: test_sqlite3_shell.sh MODULE VERSION LOG
#   MODULE  build/ext/http_status (with or without .so)
#   VERSION what http_status_version() must say (the meson project version)
#   LOG     tests/logs/sample_reports_iis.log, for access_log()
set -u
module=$1 version=$2 log=$3
failures=0

# expect NAME EXPECTED SQLITE3-ARGS...: the shell's output must be EXPECTED.
expect() {
	name=$1 expected=$2
	shift 2
	got=$(sqlite3 -bail -batch "$@" 2>&1)
	status=$?
	if [ $status -ne 0 ] || [ "$got" != "$expected" ]; then
		printf 'FAIL %s (exit %d)\n--- expected\n%s\n--- got\n%s\n' \
			"$name" $status "$expected" "$got"
		failures=$((failures + 1))
	else
		printf 'ok   %s\n' "$name"
	fi
}

expect 'functions' "Not Found|Client Error|Forbidden: Directory listing denied|404|$version" \
	:memory: ".load $module" \
	"SELECT http_reason(404), http_class('404'), http_reason(403, 14),
	        http_code('not found'), http_status_version();"

expect 'join against http_status' '200|OK|Successful
301|Moved Permanently|Redirection
502|Bad Gateway|Server Error' \
	:memory: ".load $module" \
	"WITH s(status) AS (VALUES (200), (301), (502))
	 SELECT s.status, h.reason, h.class
	   FROM s JOIN http_status AS h ON h.code = s.status
	  ORDER BY s.status;"

# The IIS sample (W3C, detected from its directives): 240 requests, 66 of
# them 4xx and 20 5xx.
expect 'access_log on a sample log' '240|66|20' \
	:memory: ".load $module" \
	".parameter set @log '$log'" \
	"SELECT count(status), sum(status BETWEEN 400 AND 499), sum(status >= 500)
	   FROM access_log(@log);"

# The same .load with the entry point named: the functions and tables
# without access_log().
expect 'nofile entry point' 'Not Found|1|0' \
	:memory: ".load $module sqlite3_httpstatus_nofile_init" \
	"SELECT http_reason(404),
	        (SELECT count(*) FROM pragma_module_list WHERE name = 'http_status'),
	        (SELECT count(*) FROM pragma_module_list WHERE name = 'access_log');"

# A wrong entry point fails the .load, and the message names it.
got=$(sqlite3 -bail -batch :memory: ".load $module sqlite3_nosuch_init" 2>&1)
status=$?
if [ $status -ne 0 ] && printf '%s' "$got" | grep -q 'sqlite3_nosuch_init'; then
	printf 'ok   %s\n' 'a wrong entry point is an error that names it'
else
	printf 'FAIL a wrong entry point is an error that names it (exit %d)\n%s\n' $status "$got"
	failures=$((failures + 1))
fi

if [ $failures -ne 0 ]; then
	echo "$failures sqlite3 shell check(s) failed"
	exit 1
fi
echo 'sqlite3 shell: all checks passed'
