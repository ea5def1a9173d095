// Node's better-sqlite3 (version 12) loads the extension and answers.
//
// usage: node test_node.js MODULE VERSION LOG   (LOG: tests/logs/sample_reports_iis.log)
//
// better-sqlite3 lives in tests/clients/node/node_modules, installed with
// `npm ci --prefix tests/clients/node`. Without it the test is skipped (exit
// 77, meson's SKIP) on a developer's machine, and fails under CI=true, so CI
// cannot pass without exercising Node.
'use strict';
const assert = require('node:assert/strict');
const path = require('node:path');

const [module_, version, log] = process.argv.slice(2);

let Database;
try {
  Database = require(path.join(__dirname, 'node', 'node_modules', 'better-sqlite3'));
} catch (e) {
  if (e.code !== 'MODULE_NOT_FOUND') throw e;
  const why = 'better-sqlite3 is not installed: run `npm ci --prefix tests/clients/node`';
  if (process.env.CI) {
    console.error(`FAIL ${why} (CI must exercise Node)`);
    process.exit(1);
  }
  console.log(`SKIP ${why}`);
  process.exit(77);
}

let failures = 0;
function expect(name, got, expected) {
  try {
    assert.deepStrictEqual(got, expected);
    console.log(`ok   ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}\n  expected: ${JSON.stringify(expected)}\n  got:      ${JSON.stringify(got)}`);
  }
}

const db = new Database(':memory:');
db.loadExtension(module_);

expect('functions',
  db.prepare(`SELECT http_reason(404), http_class('404'), http_reason(403, 14),
                     http_code('not found'), http_status_version()`).raw().get(),
  ['Not Found', 'Client Error', 'Forbidden: Directory listing denied', 404, version]);

expect('join against http_status',
  db.prepare(`SELECT s.status, h.reason, h.class
                FROM (SELECT ? AS status UNION ALL SELECT ? UNION ALL SELECT ?) AS s
                JOIN http_status AS h ON h.code = s.status
               ORDER BY s.status`).all(502, 200, 301),
  [{ status: 200, reason: 'OK', class: 'Successful' },
   { status: 301, reason: 'Moved Permanently', class: 'Redirection' },
   { status: 502, reason: 'Bad Gateway', class: 'Server Error' }]);

expect('access_log on a sample log',
  db.prepare(`SELECT count(status), sum(status BETWEEN 400 AND 499), sum(status >= 500)
                FROM access_log(?)`).raw().get(log),
  [240, 66, 20]); // tests/logs/sample_reports_iis.log: requests, 4xx, 5xx
db.close();

const nofile = new Database(':memory:');
nofile.loadExtension(module_, 'sqlite3_httpstatus_nofile_init');
expect('nofile entry point',
  nofile.prepare(`SELECT http_reason(404),
                         (SELECT count(*) FROM pragma_module_list WHERE name = 'http_status'),
                         (SELECT count(*) FROM pragma_module_list WHERE name = 'access_log')`).raw().get(),
  ['Not Found', 1, 0]);
nofile.close();

if (failures) {
  console.log(`${failures} Node check(s) failed`);
  process.exit(1);
}
console.log(`Node ${process.version}, better-sqlite3 ${require(path.join(__dirname, 'node', 'node_modules', 'better-sqlite3', 'package.json')).version}: all checks passed`);
