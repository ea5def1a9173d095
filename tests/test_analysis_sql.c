/*
 * The analysis functions as a user calls them: each case is a query and the
 * one value it must give ("NULL" for NULL), or the error it must raise. The
 * README's tables are a subset of these.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "extension_fixture.h"

struct query_case {
	const char *sql;
	const char *expected;
};

struct error_case {
	const char *sql;
	const char *message_part;
};

static void check_queries(sqlite3 *db, const struct query_case *cases, size_t n)
{
	int failures = 0;
	for (size_t i = 0; i < n; i++) {
		char *got = query(db, cases[i].sql);
		if (strcmp(got, cases[i].expected) != 0) {
			print_error("%s\n  expected: %s\n  got:      %s\n", cases[i].sql,
			            cases[i].expected, got);
			failures++;
		}
		free(got);
	}
	assert_int_equal(failures, 0);
}

static void check_errors(sqlite3 *db, const struct error_case *cases, size_t n)
{
	int failures = 0;
	for (size_t i = 0; i < n; i++) {
		char *err = NULL;
		int rc = sqlite3_exec(db, cases[i].sql, NULL, NULL, &err);
		if (rc == SQLITE_OK || err == NULL || strstr(err, cases[i].message_part) == NULL) {
			print_error("%s\n  expected an error with: %s\n  got: %s\n", cases[i].sql,
			            cases[i].message_part, err ? err : "no error");
			failures++;
		}
		sqlite3_free(err);
	}
	assert_int_equal(failures, 0);
}

#define CHECK_QUERIES(db, cases) check_queries(db, cases, sizeof(cases) / sizeof(cases[0]))
#define CHECK_ERRORS(db, cases) check_errors(db, cases, sizeof(cases) / sizeof(cases[0]))

static void time_bucket_floors_on_the_times_own_clock(void **state)
{
	static const struct query_case cases[] = {
		{ "SELECT time_bucket('2026-11-25T23:42:16+01:00', '15 minutes')", "2026-11-25T23:30:00+01:00" },
		{ "SELECT time_bucket('2026-11-25T23:42:16+01:00', '1 hour')", "2026-11-25T23:00:00+01:00" },
		{ "SELECT time_bucket('2026-11-25T23:42:16+01:00', '1 day')", "2026-11-25T00:00:00+01:00" },
		{ "SELECT time_bucket('2026-11-25T23:42:16-05:30', '1 days')", "2026-11-25T00:00:00-05:30" },
		{ "SELECT time_bucket('2026-11-25T23:42:16.987+00:00', '10 seconds')", "2026-11-25T23:42:10+00:00" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', '5 minutes')", "2026-11-25T23:40:00Z" },
		{ "SELECT time_bucket('2026-11-25 23:42:16', '30 minutes')", "2026-11-25T23:30:00" },
		{ "SELECT time_bucket('2024-02-29T12:00:00+00:00', '1 day')", "2024-02-29T00:00:00+00:00" },
		{ "SELECT time_bucket('1969-12-31T23:59:59+00:00', '1 hour')", "1969-12-31T23:00:00+00:00" },
		{ "SELECT time_bucket('2026-11-25T23:42:16+01:00', '  2 hours ')", "2026-11-25T22:00:00+01:00" },
		/* not a time: NULL */
		{ "SELECT time_bucket(NULL, '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-25T23:42:16+01:00', NULL)", "NULL" },
		{ "SELECT time_bucket('25/Nov/2026:23:42:16 +0100', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-02-30T00:00:00Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-25T24:00:00Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-25T23:42:16+01', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-25T23:42:16.Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z junk', '1 hour')", "NULL" },
		{ "SELECT time_bucket('', '1 hour')", "NULL" },
		{ "SELECT time_bucket(1764110536, '1 hour')", "NULL" },
		{ "SELECT time_bucket(x'323032362d31312d32355432333a34323a31365a', '1 hour')", "NULL" },
		{ "SELECT time_bucket('0000-01-01T00:00:00Z', '7 days')", "NULL" },
		/* a comma before the fraction, a fraction with no offset after it */
		{ "SELECT time_bucket('2026-11-25T23:42:16,5Z', '1 hour')", "2026-11-25T23:00:00Z" },
		{ "SELECT time_bucket('2026-11-25T23:42:16.123', '1 hour')", "2026-11-25T23:00:00" },
		{ "SELECT time_bucket('2026-11-25T23:42:16-00:00', '1 hour')", "2026-11-25T23:00:00-00:00" },
		/* each separator and each field of the time, wrong */
		{ "SELECT time_bucket('2026/11-25T23:42:16Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11/25T23:42:16Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-25_23:42:16Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-25T23.42:16Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-25T23:42.16Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-25T23:42', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2O26-11-25T23:42:16Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('-026-11-25T23:42:16Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-1l-25T23:42:16Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-2xT23:42:16Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-25T2x:42:16Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-25T23:4x:16Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-25T23:42:1xZ', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-00-25T23:42:16Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-13-25T23:42:16Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-00T23:42:16Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2025-02-29T23:42:16Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-25T23:60:16Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-25T23:42:60Z', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-25T23:42:16x', '1 hour')", "NULL" },
		/* each part of the offset, wrong */
		{ "SELECT time_bucket('2026-11-25T23:42:16+01-00', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-25T23:42:16+0x:00', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-25T23:42:16+01:x0', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-25T23:42:16+24:00', '1 hour')", "NULL" },
		{ "SELECT time_bucket('2026-11-25T23:42:16+01:60', '1 hour')", "NULL" },
		{ "SELECT time_bucket(17641105.36, '1 hour')", "NULL" },
		/* the widest width there is, and units in the singular and plural */
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', '31622400 seconds')", "2026-02-12T00:00:00Z" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', '366 days')", "2026-02-12T00:00:00Z" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', '1 minute')", "2026-11-25T23:42:00Z" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', '2 hour')", "2026-11-25T22:00:00Z" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', '1 seconds')", "2026-11-25T23:42:16Z" },
		/* a constant width, parsed on the first row, serves every row */
		{ "SELECT group_concat(time_bucket(column1, '1 hour'), ' ') FROM (VALUES "
		  "('2026-11-25T23:42:16Z'), ('2026-11-26T00:00:01Z'), (NULL))",
		  "2026-11-25T23:00:00Z 2026-11-26T00:00:00Z" },
		/* a width from a column is read on every row, not cached from the first */
		{ "SELECT group_concat(time_bucket('2026-11-25T23:42:16Z', column1), ' ') "
		  "FROM (VALUES ('1 hour'), ('15 minutes'), ('1 day'))",
		  "2026-11-25T23:00:00Z 2026-11-25T23:30:00Z 2026-11-25T00:00:00Z" },
	};
	CHECK_QUERIES(*state, cases);
	static const struct error_case errors[] = {
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', '1 week')", "time_bucket: unknown width '1 week'" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', '0 minutes')", "unknown width '0 minutes'" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', 'minutes')", "unknown width 'minutes'" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', '367 days')", "unknown width '367 days'" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', 300)", "unknown width '300'" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', 1.5)", "unknown width '1.5'" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', x'31')", "unknown width '1'" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', '   ')", "unknown width '   '" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', '15')", "unknown width '15'" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', '15 ')", "unknown width '15 '" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', x'')", "unknown width ''" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', '15minutes')", "unknown width '15minutes'" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', '1 hourz')", "unknown width '1 hourz'" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', '1 hours please')", "unknown width '1 hours please'" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', '31622401 seconds')", "unknown width '31622401 seconds'" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', '1000000000 seconds')", "unknown width '1000000000 seconds'" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', '-1 hours')", "unknown width '-1 hours'" },
	};
	CHECK_ERRORS(*state, errors);
}

static void url_functions_split_a_request_target(void **state)
{
	static const struct query_case cases[] = {
		{ "SELECT url_path('/search?q=x#top')", "/search" },
		{ "SELECT url_path('/a/b')", "/a/b" },
		{ "SELECT url_path('')", "" },
		{ "SELECT url_path('*')", "*" },
		{ "SELECT url_query('/search?q=x&n=2#top')", "q=x&n=2" },
		{ "SELECT url_query('/search?')", "" },
		{ "SELECT url_query('/search')", "NULL" },
		{ "SELECT url_query(NULL)", "NULL" },
		{ "SELECT url_query(42)", "NULL" },
		{ "SELECT url_query('/a#b?c')", "NULL" },
		{ "SELECT url_path(42)", "NULL" },
		{ "SELECT url_path(x'2f61')", "NULL" },
		/* a NUL byte is a byte of the target, not its end */
		{ "SELECT hex(url_path('/a' || char(0) || 'b?c'))", "2F610062" },
		{ "SELECT url_param('', 'a')", "NULL" },
		{ "SELECT url_param(NULL, 'a')", "NULL" },
		{ "SELECT url_param(42, 'a')", "NULL" },
		{ "SELECT url_param('/s?a=1', 42)", "NULL" },
		/* a name is compared decoded: '+' and %XX in the query's names */
		{ "SELECT url_param('/s?a+b=1', 'a b')", "1" },
		{ "SELECT url_param('/s?%41=1&%42=2', 'B')", "2" },
		{ "SELECT url_param('/s?%41=1', 'abcd')", "NULL" },
		{ "SELECT url_param('/s?ab=1&a=2', 'a')", "2" },
		{ "SELECT url_param('/s?b=1', 'a')", "NULL" },
		{ "SELECT url_param('/s?a%zz=1', 'a%zz')", "NULL" },
		{ "SELECT url_param('/s?a=%4G', 'a')", "NULL" },
		{ "SELECT url_param('/s?a=%C3%28', 'a')", "NULL" },
		{ "SELECT hex(url_param('/s?a=%EE%80%80', 'a'))", "EE8080" },
		/* path_template: a UUID's length with a letter that is not hex or a
		 * dash out of place stays as written */
		{ "SELECT path_template('/u/3f2504e0-4f89-41d3-9a0c-0305e82c330g')", "/u/3f2504e0-4f89-41d3-9a0c-0305e82c330g" },
		{ "SELECT path_template('/u/3f2504e0_4f89-41d3-9a0c-0305e82c3301')", "/u/3f2504e0_4f89-41d3-9a0c-0305e82c3301" },
		{ "SELECT path_template('/u/3f2504e0-4f89-41d3-9a0c_0305e82c3301')", "/u/3f2504e0-4f89-41d3-9a0c_0305e82c3301" },
		{ "SELECT path_template('/u/abcdefabcdefabcdef9')", "/u/{hex}" },
		{ "SELECT path_template(7)", "NULL" },
		{ "SELECT url_param('/search?q=caf%C3%A9+au+lait&n=2', 'q')", "café au lait" },
		{ "SELECT url_param('q=1&q=2', 'q')", "1" },
		{ "SELECT url_param('/s?a=1&b', 'b')", "" },
		{ "SELECT url_param('/s?a=1', 'b')", "NULL" },
		{ "SELECT url_param('/s', 'a')", "NULL" },
		{ "SELECT url_param('/s?a%20b=1', 'a b')", "1" },
		{ "SELECT url_param('/s?a=%zz', 'a')", "NULL" },
		{ "SELECT url_param('/s?a=%4', 'a')", "NULL" },
		{ "SELECT url_param('/s?a=%00', 'a')", "NULL" },
		{ "SELECT url_param('/s?a=%FF', 'a')", "NULL" },
		{ "SELECT url_param('/s?a=%zz&a=2', 'a')", "NULL" },
		{ "SELECT url_param('/s?&&a=2&', 'a')", "2" },
		{ "SELECT url_param('/s?a=1', NULL)", "NULL" },
		{ "SELECT length(url_param('/s?a=' || hex(zeroblob(50000)), 'a'))", "100000" },
		{ "SELECT path_template('/users/42/orders/9f8e7d6c5b4a3f2e')", "/users/{id}/orders/{hex}" },
		{ "SELECT path_template('/u/3f2504e0-4f89-41d3-9a0c-0305e82c3301/x?y=1')", "/u/{uuid}/x" },
		{ "SELECT path_template('/v2/items/7')", "/v2/items/{id}" },
		{ "SELECT path_template('/static/app.9f8e7d6c.js')", "/static/app.9f8e7d6c.js" },
		{ "SELECT path_template('/deadbeefdeadbeef')", "/deadbeefdeadbeef" },
		{ "SELECT path_template('/a//1/')", "/a//{id}/" },
		{ "SELECT path_template('1')", "{id}" },
		{ "SELECT path_template('')", "" },
		{ "SELECT path_template(NULL)", "NULL" },
		/* paths past the stack buffer (255 bytes) */
		{ "SELECT path_template('/a/' || hex(zeroblob(300)) || '/7')", "/a/{id}/{id}" },
		{ "SELECT length(path_template('/' || replace(hex(zeroblob(500)), '0', 'a') || '?q=1'))", "1001" },
		{ "SELECT count(*) FROM url_params('/s?q=a&q=b&x')", "3" },
		{ "SELECT group_concat(name || '=' || ifnull(value, 'NULL'), ' ') FROM url_params('/s?q=a+b&q=%41&x')", "q=a b q=A x=NULL" },
		{ "SELECT group_concat(position) FROM url_params('a=1&&b=2')", "1,2" },
		{ "SELECT count(*) FROM url_params('/s')", "0" },
		{ "SELECT count(*) FROM url_params(NULL)", "0" },
		{ "SELECT value IS NULL FROM url_params('/s?a=%zz')", "1" },
		{ "SELECT count(*) FROM (SELECT '/a?x=1&y=2' AS t UNION ALL SELECT '/b?z=3') AS r, url_params(r.t)", "3" },
		{ "SELECT group_concat(target || ' ' || rowid, ', ') FROM url_params('/s?a=1&b=2')", "/s?a=1&b=2 1, /s?a=1&b=2 2" },
		{ "SELECT value FROM url_params('/s?a=1&b=2') WHERE name = 'b'", "2" },
		{ "SELECT count(*) FROM url_params(42)", "0" },
	};
	CHECK_QUERIES(*state, cases);
	static const struct error_case errors[] = {
		{ "SELECT * FROM url_params", "url_params: give the request target as its argument" },
		{ "SELECT * FROM url_params WHERE target > '/a'", "url_params: give the request target" },
	};
	CHECK_ERRORS(*state, errors);
}

static void ip_functions_read_both_families(void **state)
{
	static const struct query_case cases[] = {
		{ "SELECT ip_in('192.168.1.20', '192.168.0.0/16')", "1" },
		{ "SELECT ip_in('192.169.1.20', '192.168.0.0/16')", "0" },
		{ "SELECT ip_in('10.1.2.3', '10.1.2.3')", "1" },
		{ "SELECT ip_in('10.1.2.3', '10.9.9.9/8')", "1" },
		{ "SELECT ip_in('10.1.2.3', '0.0.0.0/0')", "1" },
		{ "SELECT ip_in('2001:db8::1', '2001:db8::/32')", "1" },
		{ "SELECT ip_in('2001:db9::1', '2001:db8::/32')", "0" },
		{ "SELECT ip_in('::ffff:10.0.0.1', '10.0.0.0/8')", "1" },
		{ "SELECT ip_in('10.0.0.1', '::ffff:10.0.0.0/104')", "1" },
		{ "SELECT ip_in('fe80::1%eth0', 'fe80::/10')", "1" },
		{ "SELECT ip_in('2001:DB8:0:0:0:0:0:1', '2001:db8::1')", "1" },
		{ "SELECT ip_in('::1', '::1/128')", "1" },
		{ "SELECT ip_in('1.2.3', '10.0.0.0/8')", "NULL" },
		{ "SELECT ip_in('010.0.0.1', '10.0.0.0/8')", "NULL" },
		{ "SELECT ip_in('256.0.0.1', '10.0.0.0/8')", "NULL" },
		{ "SELECT ip_in('1:2:3:4:5:6:7:8:9', '::/0')", "NULL" },
		{ "SELECT ip_in('1::2::3', '::/0')", "NULL" },
		{ "SELECT ip_in('[::1]', '::/0')", "NULL" },
		{ "SELECT ip_in('fe80::1%', '::/0')", "NULL" },
		{ "SELECT ip_in('', '::/0')", "NULL" },
		{ "SELECT ip_in(NULL, '10.0.0.0/8')", "NULL" },
		{ "SELECT ip_in('10.0.0.1', NULL)", "NULL" },
		{ "SELECT ip_in(42, '10.0.0.0/8')", "NULL" },
		{ "SELECT ip_in('G::1', '::/0')", "NULL" },
		{ "SELECT ip_in('1:-1::', '::/0')", "NULL" },
		/* a constant CIDR, parsed on the first row, serves every row */
		{ "SELECT group_concat(ip_in(column1, '10.0.0.0/8')) FROM (VALUES ('10.1.1.1'), "
		  "('11.1.1.1'), (NULL), ('10.9.9.9'))", "1,0,1" },
		{ "SELECT ip_network('198.51.100.7', 20)", "198.51.96.0/20" },
		{ "SELECT ip_network('2001:db8:ffff::1', 33)", "2001:db8:8000::/33" },
		{ "SELECT ip_network(42, 24)", "NULL" },
		{ "SELECT ip_network('198.51.100.7', 24)", "198.51.100.0/24" },
		{ "SELECT ip_network('198.51.100.7', 0)", "0.0.0.0/0" },
		{ "SELECT ip_network('198.51.100.7', 32)", "198.51.100.7/32" },
		{ "SELECT ip_network('2001:db8:1234:5678::1', 48)", "2001:db8:1234::/48" },
		{ "SELECT ip_network('2001:0db8:0000:0000:0001:0000:0000:0001', 128)", "2001:db8::1:0:0:1/128" },
		{ "SELECT ip_network('::ffff:198.51.100.7', 24)", "198.51.100.0/24" },
		{ "SELECT ip_network('not an ip', 24)", "NULL" },
		{ "SELECT ip_network('198.51.100.7', NULL)", "NULL" },
		{ "SELECT client_ip('203.0.113.9', NULL)", "203.0.113.9" },
		{ "SELECT client_ip('10.0.0.5', '198.51.100.23')", "198.51.100.23" },
		{ "SELECT client_ip('10.0.0.5', '1.2.3.4, 198.51.100.23, 10.0.0.7')", "198.51.100.23" },
		{ "SELECT client_ip('203.0.113.9', '1.2.3.4')", "203.0.113.9" },
		{ "SELECT client_ip('127.0.0.1', '10.0.0.2, 192.168.1.1')", "10.0.0.2" },
		{ "SELECT client_ip('10.0.0.5', 'junk, 198.51.100.23')", "198.51.100.23" },
		{ "SELECT client_ip('10.0.0.5', '198.51.100.23, junk')", "NULL" },
		{ "SELECT client_ip('10.0.0.5', '')", "10.0.0.5" },
		{ "SELECT client_ip('::1', '2001:db8::7')", "2001:db8::7" },
		{ "SELECT client_ip('::ffff:10.0.0.5', '198.51.100.23')", "198.51.100.23" },
		{ "SELECT client_ip('nope', '198.51.100.23')", "NULL" },
		{ "SELECT client_ip(NULL, '198.51.100.23')", "NULL" },
		{ "SELECT client_ip(42, '198.51.100.23')", "NULL" },
		{ "SELECT client_ip(' ' || char(9) || ' ', '198.51.100.23')", "NULL" },
		{ "SELECT client_ip('10.0.0.5', 42)", "10.0.0.5" },
		/* spaces and tabs around an address; empty entries are skipped */
		{ "SELECT client_ip(char(9) || ' 10.0.0.5 ' || char(9), '198.51.100.23')", "198.51.100.23" },
		{ "SELECT client_ip('10.0.0.5', '198.51.100.23,' || char(9) || '198.51.100.24 ' || char(9) || ', ,' || char(9) || ',')", "198.51.100.24" },
		{ "SELECT client_ip('10.0.0.5', '198.51.100.23, , 10.0.0.7')", "198.51.100.23" },
		/* a list of CIDRs: commas, spaces or both, a trailing separator */
		{ "SELECT client_ip('203.0.113.1', '198.51.100.23', '192.0.2.0/24 203.0.113.0/24,')", "198.51.100.23" },
		{ "SELECT client_ip('203.0.113.1', '198.51.100.23', '')", "203.0.113.1" },
		{ "SELECT group_concat(client_ip(column1, '198.51.100.23', '203.0.113.0/24'), ' ') "
		  "FROM (VALUES ('203.0.113.1'), ('192.0.2.1'))", "198.51.100.23 192.0.2.1" },
		/* at most 64 CIDRs in a list */
		{ "SELECT client_ip('203.0.113.1', '198.51.100.23', "
		  "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 63) "
		  "SELECT group_concat('192.0.2.' || i, ',') FROM n) || ',203.0.113.0/24')", "198.51.100.23" },
		{ "SELECT client_ip('203.0.113.1', '198.51.100.23', '203.0.113.0/24')", "198.51.100.23" },
		{ "SELECT client_ip('10.0.0.5', '198.51.100.23', '203.0.113.0/24')", "10.0.0.5" },
		{ "SELECT client_ip('203.0.113.1', '198.51.100.23, 203.0.113.2', '203.0.113.0/24, 2001:db8::/32')", "198.51.100.23" },
		{ "SELECT client_ip('203.0.113.1', '198.51.100.23', NULL)", "NULL" },
		/* CIDRs from a column are read on every row */
		{ "SELECT group_concat(ip_in('10.1.2.3', column1)) FROM (VALUES ('10.0.0.0/8'), "
		  "('192.168.0.0/16'), ('10.1.0.0/16'), ('11.0.0.0/8'))", "1,0,1,0" },
		{ "SELECT group_concat(client_ip('10.0.0.1', '198.51.100.2', column1), ' ') "
		  "FROM (VALUES ('10.0.0.0/8'), ('127.0.0.0/8'))", "198.51.100.2 10.0.0.1" },
	};
	CHECK_QUERIES(*state, cases);
	static const struct error_case errors[] = {
		{ "SELECT ip_in('10.0.0.1', '10.0.0.0/33')", "ip_in: not a CIDR: '10.0.0.0/33'" },
		{ "SELECT ip_in('10.0.0.1', '10.0.0.0/')", "not a CIDR: '10.0.0.0/'" },
		{ "SELECT ip_in('10.0.0.1', '10.0.0/8')", "not a CIDR: '10.0.0/8'" },
		{ "SELECT ip_in('10.0.0.1', '::/129')", "not a CIDR: '::/129'" },
		{ "SELECT ip_in('10.0.0.1', '10.0.0.0/08')", "not a CIDR: '10.0.0.0/08'" },
		{ "SELECT ip_in('10.0.0.1', 10)", "not a CIDR: '10'" },
		{ "SELECT ip_network('198.51.100.7', 33)", "ip_network: prefix length 33 is not between 0 and 32 for '198.51.100.7'" },
		{ "SELECT ip_network('2001:db8::1', 129)", "prefix length 129 is not between 0 and 128" },
		{ "SELECT ip_network('198.51.100.7', -1)", "prefix length -1" },
		{ "SELECT ip_network('198.51.100.7', '24')", "prefix length 24 is not between" },
		{ "SELECT ip_network('198.51.100.7', 24.0)", "prefix length 24.0 is not between" },
		{ "SELECT ip_in('10.0.0.1', '10.0.0.0/1234')", "not a CIDR: '10.0.0.0/1234'" },
		{ "SELECT ip_in('10.0.0.1', '10.0.0.0/8a')", "not a CIDR: '10.0.0.0/8a'" },
		{ "SELECT ip_in('10.0.0.1', '10.0.0.0/-8')", "not a CIDR: '10.0.0.0/-8'" },
		{ "SELECT ip_in('10.0.0.1', x'31302e302e302e302f38')", "not a CIDR: '10.0.0.0/8'" },
		{ "SELECT client_ip('10.0.0.1', '1.2.3.4', 10)", "client_ip: not a list of CIDRs: '10'" },
		{ "SELECT client_ip('203.0.113.1', '198.51.100.23', "
		  "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 64) "
		  "SELECT group_concat('192.0.2.' || i, ',') FROM n) || ',203.0.113.0/24')", "client_ip: not a list of CIDRs: '192.0.2.1,192.0.2.2," },
		{ "SELECT client_ip('10.0.0.1', '1.2.3.4', '10.0.0.0/8, nonsense')", "client_ip: not a list of CIDRs: '10.0.0.0/8, nonsense'" },
	};
	CHECK_ERRORS(*state, errors);
}

static void user_agents_get_a_family_an_os_and_a_bot_flag(void **state)
{
	static const struct query_case cases[] = {
		{ "SELECT ua_family('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0')", "Edge" },
		{ "SELECT ua_family('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36')", "Chrome" },
		{ "SELECT ua_family('Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1')", "Safari" },
		{ "SELECT ua_family('Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0')", "Firefox" },
		{ "SELECT ua_family('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)')", "Googlebot" },
		{ "SELECT ua_family('Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)')", "Googlebot" },
		{ "SELECT ua_family('Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)')", "bingbot" },
		{ "SELECT ua_family('curl/8.5.0')", "curl" },
		{ "SELECT ua_family('Mozilla/5.0 (compatible; ExampleBot/1.0; +https://example.com/bot)')", "other crawler" },
		{ "SELECT ua_family('Lynx/2.9.0dev.12 libwww-FM/2.14')", "NULL" },
		{ "SELECT ua_family('')", "NULL" },
		{ "SELECT ua_family(NULL)", "NULL" },
		{ "SELECT ua_os('Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15')", "iOS" },
		{ "SELECT ua_os('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36')", "Android" },
		{ "SELECT ua_os('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15')", "macOS" },
		{ "SELECT ua_os('Mozilla/5.0 (Windows NT 10.0; Win64; x64)')", "Windows" },
		{ "SELECT ua_os('curl/8.5.0')", "NULL" },
		{ "SELECT ua_os(NULL)", "NULL" },
		{ "SELECT ua_os(42)", "NULL" },
		{ "SELECT ua_family(42)", "NULL" },
		/* the patterns: a family has a kind and a bot flag, an OS neither */
		{ "SELECT group_concat(kind) FROM (SELECT DISTINCT kind FROM user_agent_pattern "
		  "WHERE field = 'family' ORDER BY kind)", "app,browser,crawler,feed,library,monitor,tool" },
		{ "SELECT count(*) FROM user_agent_pattern WHERE field = 'family' AND "
		  "is_bot IS NOT (kind NOT IN ('browser', 'app'))", "0" },
		{ "SELECT count(*) > 0 AND count(*) = count(source) FROM user_agent_pattern "
		  "WHERE field = 'os' AND kind IS NULL AND is_bot IS NULL", "1" },
		{ "SELECT count(*) FROM user_agent_pattern WHERE field = 'os' AND (kind IS NOT NULL OR is_bot IS NOT NULL)", "0" },
		{ "SELECT ua_is_bot('Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0')", "0" },
		{ "SELECT ua_is_bot('Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)')", "1" },
		{ "SELECT ua_is_bot('python-requests/2.32.3')", "1" },
		{ "SELECT ua_is_bot('UptimeRobot/2.0 (http://www.uptimerobot.com/)')", "1" },
		{ "SELECT ua_is_bot('Feedly/1.0 (+http://www.feedly.com/fetcher.html; 3 subscribers)')", "1" },
		{ "SELECT ua_is_bot('Lynx/2.9.0dev.12 libwww-FM/2.14')", "0" },
		{ "SELECT ua_is_bot('')", "NULL" },
		{ "SELECT ua_is_bot(NULL)", "NULL" },
		{ "SELECT ua_is_bot(x'6375726c2f382e35')", "NULL" },
		{ "SELECT count(*) = (SELECT count(*) FROM user_agent_pattern WHERE field = 'family') FROM user_agent_pattern WHERE field = 'family' AND ua_family(needle) IS NOT NULL", "1" },
	};
	CHECK_QUERIES(*state, cases);
}

static void iis_references_give_windows_own_words(void **state)
{
	static const struct query_case cases[] = {
		{ "SELECT win32_reason(64)", "The specified network name is no longer available." },
		{ "SELECT win32_reason('1236')", "The network connection was aborted by the local system." },
		{ "SELECT win32_reason(0)", "The operation completed successfully." },
		{ "SELECT win32_reason(64.0)", "The specified network name is no longer available." },
		{ "SELECT win32_reason(99999)", "NULL" },
		{ "SELECT win32_reason(-1)", "NULL" },
		{ "SELECT win32_reason('ERROR_NETNAME_DELETED')", "NULL" },
		{ "SELECT win32_reason(NULL)", "NULL" },
		{ "SELECT win32_reason(64.5)", "NULL" },
		{ "SELECT win32_reason(-1.0)", "NULL" },
		{ "SELECT win32_reason(1e20)", "NULL" },
		{ "SELECT win32_reason(x'3634')", "NULL" },
		{ "SELECT message FROM win32_status WHERE code = 64", "The specified network name is no longer available." },
		{ "SELECT name FROM win32_status WHERE code = 5", "ERROR_ACCESS_DENIED" },
		{ "SELECT count(*) FROM win32_status WHERE source NOT LIKE 'https://learn.microsoft.com/en-us/windows/win32/%'", "0" },
		{ "SELECT description FROM httperr_reason WHERE reason = 'Timer_ConnectionIdle'", "The connection was reset as its idle time exceeded the ConnectionTimeout property." },
		{ "SELECT count(*) FROM httperr_reason WHERE source NOT LIKE '%microsoft.com%'", "0" },
	};
	CHECK_QUERIES(*state, cases);
	static const struct error_case errors[] = {
		{ "DELETE FROM win32_status", "read-only" },
		{ "INSERT INTO httperr_reason VALUES ('x', 'y', 'z')", "read-only" },
	};
	CHECK_ERRORS(*state, errors);
}

/* The semantics of SQLite's percentile.c, case by case. */
static void percentiles_are_sqlites_own(void **state)
{
	sqlite3 *db = *state;
	assert_int_equal(sqlite3_exec(db,
	        "CREATE TABLE t(x);"
	        "INSERT INTO t VALUES (1), (4), (6), (7), (8), (9), (11), (11), (11), (NULL);"
	        "CREATE TABLE e(x);", NULL, NULL, NULL), SQLITE_OK);
	static const struct query_case cases[] = {
		{ "SELECT median(x) FROM t", "8.0" },
		{ "SELECT percentile(x, 0) FROM t", "1.0" },
		{ "SELECT percentile(x, 100) FROM t", "11.0" },
		{ "SELECT percentile(x, 25) FROM t", "6.0" },
		{ "SELECT percentile(x, 30) FROM t", "6.4" },
		{ "SELECT percentile(x, '30') FROM t", "6.4" },
		{ "SELECT percentile_cont(x, 0.3) FROM t", "6.4" },
		{ "SELECT percentile_disc(x, 0.3) FROM t", "6.0" },
		{ "SELECT percentile_disc(x, 1) FROM t", "11.0" },
		{ "SELECT typeof(median(x)) FROM t", "real" },
		{ "SELECT median(x) FROM e", "NULL" },
		{ "SELECT median(x) FROM t WHERE x IS NULL", "NULL" },
		{ "SELECT median(x) FROM t WHERE x = 4", "4.0" },
		{ "SELECT median(v) FROM (SELECT 1 AS v UNION ALL SELECT 2)", "1.5" },
		{ "SELECT percentile(x, 50.0005) FROM t", "8.00004" },
		/* within 0.001 (as a fraction) of the first row's is the same */
		{ "SELECT percentile(x, 50 + (rowid % 2) * 0.05) FROM t", "8.004" },
		{ "SELECT group_concat(m, ' ') FROM (SELECT median(x) OVER (ORDER BY rowid ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS m FROM t WHERE x IS NOT NULL)",
		  "2.5 4.0 6.0 7.0 8.0 9.0 11.0 11.0 11.0" },
		{ "SELECT group_concat(p, ' ') FROM (SELECT percentile_disc(x, 0.5) OVER (ORDER BY rowid) AS p FROM t)",
		  "1.0 1.0 4.0 4.0 6.0 6.0 7.0 7.0 8.0 8.0" },
		/* a sliding window over values in no order: rows enter below the
		 * largest and leave from the middle */
		{ "SELECT group_concat(m, ' ') FROM (SELECT median(v) OVER (ORDER BY k ROWS BETWEEN 1 PRECEDING "
		  "AND 1 FOLLOWING) AS m FROM (SELECT column1 AS k, column2 AS v FROM "
		  "(VALUES (1, 5), (2, 1), (3, 4), (4, 2), (5, 3), (6, 0))))",
		  "3.0 4.0 2.0 3.0 2.0 1.5" },
		/* a NULL leaves the window as it came: without a value */
		{ "SELECT group_concat(ifnull(m, 'NULL'), ' ') FROM (SELECT median(v) OVER (ORDER BY k ROWS 1 PRECEDING) AS m "
		  "FROM (SELECT column1 AS k, column2 AS v FROM (VALUES (1, 1), (2, NULL), (3, 3), (4, NULL), (5, NULL))))",
		  "1.0 1.0 3.0 3.0 NULL" },
		{ "SELECT group_concat(m, ' ') FROM (SELECT median(v) OVER (ORDER BY k ROWS 1 PRECEDING) AS m "
		  "FROM (SELECT column1 AS k, column2 AS v FROM (VALUES (1, 2.5), (2, 0.5), (3, 1.25))))",
		  "2.5 1.5 0.875" },
		{ "SELECT group_concat(p, ' ') FROM (SELECT percentile(v, 25) OVER (ORDER BY k ROWS 2 PRECEDING) AS p "
		  "FROM (SELECT column1 AS k, column2 AS v FROM (VALUES (1, 10), (2, 30), (3, 20), (4, 0))))",
		  "10.0 15.0 15.0 10.0" },
	};
	CHECK_QUERIES(db, cases);
	static const struct error_case errors[] = {
		{ "SELECT percentile(x, 101) FROM t", "the fraction argument to percentile() is not between 0.0 and 100.0" },
		{ "SELECT percentile(x, -1) FROM t", "the fraction argument to percentile() is not between 0.0 and 100.0" },
		{ "SELECT percentile_disc(x, 1.0001) FROM t", "the fraction argument to percentile_disc() is not between 0.0 and 1.0" },
		{ "SELECT percentile(x, x'3530') FROM t", "the fraction argument to percentile() is not between 0.0 and 100.0" },
		{ "SELECT median(x) OVER (ORDER BY rowid ROWS 1 PRECEDING) FROM "
		  "(SELECT 1 AS x UNION ALL SELECT 9e999)", "Inf input to median()" },
		{ "SELECT percentile(x, rowid) OVER (ORDER BY rowid) FROM t", "not the same for all input rows" },
		{ "SELECT percentile_cont(x, 50) FROM t", "the fraction argument to percentile_cont() is not between 0.0 and 1.0" },
		{ "SELECT percentile_disc(x, 'half') FROM t", "the fraction argument to percentile_disc() is not between 0.0 and 1.0" },
		{ "SELECT percentile(x, NULL) FROM t", "not between 0.0 and 100.0" },
		{ "SELECT percentile(x, rowid) FROM t", "the fraction argument to percentile() is not the same for all input rows" },
		{ "SELECT median(v) FROM (SELECT '1' AS v)", "input to median() is not numeric" },
		{ "SELECT median(v) FROM (SELECT x'01' AS v)", "input to median() is not numeric" },
		{ "SELECT median(9e999)", "Inf input to median()" },
	};
	CHECK_ERRORS(db, errors);
}

static void their_median_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
}

static void their_median_final(sqlite3_context *ctx)
{
	sqlite3_result_text(ctx, "theirs", -1, SQLITE_STATIC);
}

static void percentiles_already_there_are_kept(void **state)
{
	(void)state;
	sqlite3 *db;
	char *err = NULL;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	/* A connection that has median() already, as a SQLite built with
	 * SQLITE_ENABLE_PERCENTILE does: loading must not replace it. */
	assert_int_equal(sqlite3_create_function(db, "median", 1, SQLITE_UTF8, NULL, NULL,
	                                         their_median_step, their_median_final), SQLITE_OK);
	assert_int_equal(sqlite3_httpstatus_init(db, &err, NULL), SQLITE_OK);
	char *got = query(db, "SELECT median(1)");
	assert_string_equal(got, "theirs");
	free(got);
	got = query(db, "SELECT percentile(1, 50)");
	assert_string_equal(got, "1.0");
	free(got);
	/* The probes leave no error behind (sqlite3_open reports it otherwise). */
	assert_int_equal(sqlite3_errcode(db), SQLITE_OK);
	sqlite3_close(db);
}

static void new_functions_are_deterministic_and_innocuous(void **state)
{
	/* 0x800 SQLITE_DETERMINISTIC, 0x200000 SQLITE_INNOCUOUS */
	static const struct query_case cases[] = {
		{ "SELECT group_concat(name || '/' || narg, ' ') FROM (SELECT DISTINCT name, narg FROM pragma_function_list "
		  "WHERE name IN ('time_bucket', 'url_path', 'url_query', 'url_param', 'path_template', 'ip_in', "
		  "'ip_network', 'client_ip', 'ua_family', 'ua_os', 'ua_is_bot', 'win32_reason', 'median', "
		  "'percentile', 'percentile_cont', 'percentile_disc') AND (flags & 0x200800) = 0x200800 ORDER BY name, narg)",
		  "client_ip/2 client_ip/3 ip_in/2 ip_network/2 median/1 path_template/1 percentile/2 percentile_cont/2 "
		  "percentile_disc/2 time_bucket/2 ua_family/1 ua_is_bot/1 ua_os/1 url_param/2 url_path/1 url_query/1 win32_reason/1" },
		{ "SELECT group_concat(name, ' ') FROM (SELECT name FROM pragma_module_list WHERE name IN "
		  "('win32_status', 'httperr_reason', 'user_agent_pattern', 'url_params') ORDER BY name)",
		  "httperr_reason url_params user_agent_pattern win32_status" },
	};
	CHECK_QUERIES(*state, cases);
}

/* Out of memory ----------------------------------------------------------- */

/* SQLite's allocator, with one allocation made to fail: the fail_at-th
 * since the counter was last reset (0: none). */
static struct {
	sqlite3_mem_methods real;
	long calls;
	long fail_at;
	bool failed;
} heap;

static bool should_fail(void)
{
	if (heap.fail_at == 0 || ++heap.calls != heap.fail_at)
		return false;
	heap.failed = true;
	return true;
}

static void *failing_malloc(int n)
{
	return should_fail() ? NULL : heap.real.xMalloc(n);
}

static void *failing_realloc(void *p, int n)
{
	return should_fail() ? NULL : heap.real.xRealloc(p, n);
}

/* The first step of sql with the n-th allocation of that step failing: its
 * value as text, "error: <message>", or NULL when it ran out of memory.
 * Whether the allocation was reached goes to *reached. */
static char *step_failing(sqlite3 *db, const char *sql, long n, bool *reached)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	heap.calls = 0;
	heap.failed = false;
	heap.fail_at = n;
	int rc = sqlite3_step(stmt);
	heap.fail_at = 0;
	*reached = heap.failed;
	char *got = NULL;
	if (rc == SQLITE_ROW) {
		const unsigned char *text = sqlite3_column_text(stmt, 0);
		got = strdup(text ? (const char *)text : "NULL");
	} else if (rc == SQLITE_DONE) {
		got = strdup("no row");
	} else if (sqlite3_reset(stmt) != SQLITE_NOMEM) {
		size_t size = strlen(sqlite3_errmsg(db)) + 8;
		got = malloc(size);
		snprintf(got, size, "error: %s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(stmt);
	return got;
}

/* In a UTF-16 database every TEXT argument is converted for the functions,
 * which read UTF-8: an allocation each, which may fail. Whichever one
 * fails, a call gives its answer or SQLITE_NOMEM: never a NULL or an error
 * it would not give otherwise. */
static void out_of_memory_is_an_error_never_a_wrong_answer(void **state)
{
	(void)state;
	static const struct query_case cases[] = {
		{ "SELECT time_bucket('2026-11-25T23:42:16+01:00', '15 minutes')", "2026-11-25T23:30:00+01:00" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', '1 week')", "error: time_bucket: unknown width '1 week': use 'N seconds', 'N minutes', 'N hours' or 'N days' (up to 366 days)" },
		{ "SELECT time_bucket('2026-11-25T23:42:16Z', 300)", "error: time_bucket: unknown width '300': use 'N seconds', 'N minutes', 'N hours' or 'N days' (up to 366 days)" },
		{ "SELECT url_path('/a/b?c=d')", "/a/b" },
		{ "SELECT url_query('/a/b?c=d')", "c=d" },
		{ "SELECT url_param('/s?%61=1&b=%C3%A9', 'b')", "\xC3\xA9" },
		{ "SELECT path_template('/a/' || hex(zeroblob(300)) || '/7')", "/a/{id}/{id}" },
		{ "SELECT path_template('/u/42')", "/u/{id}" },
		{ "SELECT ip_in('10.1.2.3', '10.0.0.0/8')", "1" },
		{ "SELECT ip_in('10.1.2.3', '10.0.0.0/33')", "error: ip_in: not a CIDR: '10.0.0.0/33'" },
		{ "SELECT ip_in('10.1.2.3', 10)", "error: ip_in: not a CIDR: '10'" },
		{ "SELECT ip_network('198.51.100.7', 24)", "198.51.100.0/24" },
		{ "SELECT ip_network('198.51.100.7', 33)", "error: ip_network: prefix length 33 is not between 0 and 32 for '198.51.100.7'" },
		{ "SELECT client_ip('10.0.0.5', '198.51.100.23, 10.0.0.7')", "198.51.100.23" },
		{ "SELECT client_ip('203.0.113.1', '198.51.100.23', '203.0.113.0/24')", "198.51.100.23" },
		{ "SELECT ua_family('curl/8.5.0')", "curl" },
		{ "SELECT ua_os('Mozilla/5.0 (Windows NT 10.0; Win64; x64)')", "Windows" },
		{ "SELECT ua_is_bot('curl/8.5.0')", "1" },
		{ "SELECT win32_reason('64')", "The specified network name is no longer available." },
		{ "SELECT group_concat(name || '=' || value) FROM url_params('/s?a=1&b=%41')", "a=1,b=A" },
		{ "SELECT count(*) FROM url_params", "error: url_params: give the request target as its argument, url_params('/search?q=a&q=b')" },
		{ "DELETE FROM win32_status", "error: this reference table is read-only: it is compiled into the extension" },
		{ "SELECT percentile(column1, 101) FROM (VALUES (1))", "error: the fraction argument to percentile() is not between 0.0 and 100.0" },
		{ "SELECT median(column1) FROM (VALUES (3), (1), (2))", "2.0" },
		{ "SELECT http_reason('403.14')", "Forbidden: Directory listing denied" },
		{ "SELECT http_reason(403, '14')", "Forbidden: Directory listing denied" },
		{ "SELECT http_class('503')", "Server Error" },
		{ "SELECT http_code('Not Found')", "404" },
		{ "SELECT reason FROM http_status WHERE code = '404'", "Not Found" },
		{ "SELECT count(*) FROM http_status WHERE class = 'Server Error'", "59" },
	};
	sqlite3 *db;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA encoding = 'UTF-16le'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_httpstatus_init(db, NULL, NULL), SQLITE_OK);
	int failures = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool reached = true;
		for (long n = 1; reached; n++) {
			char *got = step_failing(db, cases[i].sql, n, &reached);
			if (got != NULL ? strcmp(got, cases[i].expected) != 0 : !reached) {
				print_error("%s, allocation %ld failing\n  expected: %s\n  got:      %s\n",
				            cases[i].sql, n, cases[i].expected, got ? got : "out of memory");
				failures++;
			}
			free(got);
		}
	}
	sqlite3_close(db);
	assert_int_equal(failures, 0);
}

int main(void)
{
	/* Before SQLite initializes: the allocator of out_of_memory_...(), which
	 * passes every call through until a test arms it. */
	static sqlite3_mem_methods failing;
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &heap.real) != SQLITE_OK)
		return 1;
	failing = heap.real;
	failing.xMalloc = failing_malloc;
	failing.xRealloc = failing_realloc;
	/* No lookaside: every allocation goes through the allocator. */
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &failing) != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0) != SQLITE_OK)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(time_bucket_floors_on_the_times_own_clock, open_db, close_db),
		cmocka_unit_test_setup_teardown(url_functions_split_a_request_target, open_db, close_db),
		cmocka_unit_test_setup_teardown(ip_functions_read_both_families, open_db, close_db),
		cmocka_unit_test_setup_teardown(user_agents_get_a_family_an_os_and_a_bot_flag, open_db, close_db),
		cmocka_unit_test_setup_teardown(iis_references_give_windows_own_words, open_db, close_db),
		cmocka_unit_test_setup_teardown(percentiles_are_sqlites_own, open_db, close_db),
		cmocka_unit_test(percentiles_already_there_are_kept),
		cmocka_unit_test_setup_teardown(new_functions_are_deterministic_and_innocuous, open_db, close_db),
		cmocka_unit_test(out_of_memory_is_an_error_never_a_wrong_answer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
