// DuckDB (through @duckdb/node-api) as a client of the reference's CSV files
// and of access_log() rows exported as CSV, loaded with the README's recipes:
// the tables it loads hold the extension's rows, and a status-class report
// gives SQLite's answer.
//
// usage: node test_duckdb.js MODULE SOURCE_DIR
//
// @duckdb/node-api lives in tests/clients/duckdb/node_modules, installed with
// `npm ci --prefix tests/clients/duckdb`. Without it the test is skipped
// (exit 77) on a developer's machine, and fails under CI=true.
'use strict';
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const [module_, sourceDir] = process.argv.slice(2);
const packageDir = path.join(__dirname, 'duckdb', 'node_modules', '@duckdb', 'node-api');

let duckdb;
try {
  duckdb = require(packageDir);
} catch (e) {
  if (e.code !== 'MODULE_NOT_FOUND') throw e;
  const why = '@duckdb/node-api is not installed: run `npm ci --prefix tests/clients/duckdb`';
  if (process.env.CI) {
    console.error(`FAIL ${why} (CI must exercise DuckDB)`);
    process.exit(1);
  }
  console.log(`SKIP ${why}`);
  process.exit(77);
}

// SQLite's answer, through the sqlite3 shell with the extension loaded.
function sqliteRows(sql) {
  const out = execFileSync('sqlite3', ['-bail', '-json', ':memory:', `.load ${module_}`, sql],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  return out.trim() === '' ? [] : JSON.parse(out);
}

// Values compared as text, so DuckDB's BIGINT and DATE (as JSON: text) and
// SQLite's INTEGER and TEXT meet; NULL stays null.
function asText(rows) {
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(
    ([name, value]) => [name, value === null ? null : String(value)])));
}

let failures = 0;
function expect(name, got, expected) {
  try {
    assert.deepStrictEqual(got, expected);
    console.log(`ok   ${name} (${expected.length} rows)`);
  } catch (e) {
    failures++;
    const differing = expected.findIndex((row, i) => JSON.stringify(row) !== JSON.stringify(got[i]));
    console.log(`FAIL ${name}: ${got.length} rows, expected ${expected.length}; first difference at row ${differing}\n` +
      `  expected: ${JSON.stringify(expected[differing])}\n  got:      ${JSON.stringify(got[differing])}`);
  }
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'http_status_duckdb_'));
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  const duckRows = async (sql) => (await db.runAndReadAll(sql)).getRowObjectsJson();
  const literal = (text) => `'${text.replaceAll("'", "''")}'`;

  // The README's recipes, as written there but for the files' paths.
  const readme = fs.readFileSync(path.join(sourceDir, 'README.md'), 'utf8');
  const recipe = (start) => {
    const found = readme.match(new RegExp(`${start.replace(/[()]/g, '\\$&')}[^\`\n]*;`));
    if (!found) throw new Error(`README: no recipe starting with ${start}`);
    return found[0];
  };
  const referenceRecipe = recipe("CREATE TABLE http_status AS FROM read_csv('sql/http_status.csv'");
  const logRecipe = recipe("CREATE TABLE hits AS FROM read_csv('access.csv'");

  // code is TEXT ('403.14'), which DuckDB would otherwise read as a DOUBLE.
  const keys = { http_status: 'code', http_status_class: 'digit', http_status_phrase: 'code, kind, reason, source' };
  for (const [table, key] of Object.entries(keys)) {
    const csv = path.join(sourceDir, 'sql', `${table}.csv`);
    let sql = referenceRecipe.replace("'sql/http_status.csv'", literal(csv))
      .replace('TABLE http_status ', `TABLE ${table} `);
    if (table === 'http_status_class') sql = sql.replace(", types = {'code': 'VARCHAR'}", '');
    await db.run(sql);
    expect(`${table} from CSV: the extension's rows`,
      asText(await duckRows(`SELECT * FROM ${table} ORDER BY ${key}`)),
      asText(sqliteRows(`SELECT * FROM ${table} ORDER BY ${key}`)));
  }

  // The log recipe names the type of each column that is not TEXT: a column
  // of NULLs could not tell DuckDB.
  expect("README: the log recipe's types are access_log()'s columns that are not TEXT",
    [...logRecipe.matchAll(/'(\w+)': '\w+'/g)].map((m) => ({ name: m[1] })),
    sqliteRows("SELECT name FROM pragma_table_info('access_log') WHERE type <> 'TEXT'"));

  // A log exported from access_log() as CSV, read back by DuckDB, and one
  // report in both engines over the reference each one loaded.
  const report = (log) => `
    WITH log AS (${log})
    SELECT h.class, count(*) AS requests, count(DISTINCT l.remote_addr) AS clients,
           sum(l.bytes) AS bytes
      FROM log AS l LEFT JOIN http_status AS h ON h.status = l.status AND h.substatus IS NULL
     GROUP BY h.class ORDER BY h.class NULLS FIRST`;
  for (const name of ['sample_reports.log', 'sample_reports_iis.log', 'bad.log']) {
    const log = path.join(sourceDir, 'tests', 'logs', name);
    const exported = path.join(tmp, `${name}.csv`);
    fs.writeFileSync(exported, execFileSync('sqlite3',
      ['-bail', '-csv', '-header', ':memory:', `.load ${module_}`,
       `SELECT * FROM access_log(${literal(log)})`], { maxBuffer: 64 << 20 }));
    await db.run('DROP TABLE IF EXISTS hits');
    await db.run(logRecipe.replace("'access.csv'", literal(exported)));
    expect(`status classes of ${name}: DuckDB over the exported rows, as SQLite`,
      asText(await duckRows(report('SELECT * FROM hits'))),
      asText(sqliteRows(report(`SELECT * FROM access_log(${literal(log)})`))));
  }

  db.closeSync();
  fs.rmSync(tmp, { recursive: true });
  const version = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version;
  if (failures) {
    console.log(`${failures} DuckDB check(s) failed`);
    process.exit(1);
  }
  console.log(`Node ${process.version}, @duckdb/node-api ${version}: all checks passed`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
