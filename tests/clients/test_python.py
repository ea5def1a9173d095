"""Debian's Python sqlite3 module loads the extension and answers.

usage: /usr/bin/python3 test_python.py MODULE VERSION LOG
(LOG: tests/logs/sample_reports_iis.log)

Run it with /usr/bin/python3: a Python built without
--enable-loadable-sqlite-extensions (the pyenv one on the developers'
machines) has no Connection.enable_load_extension, and the test says so
instead of passing.
"""
import sqlite3
import sys

module, version, log = sys.argv[1:4]
failures = 0


def expect(name, got, expected):
    global failures
    if got == expected:
        print(f"ok   {name}")
    else:
        failures += 1
        print(f"FAIL {name}\n  expected: {expected!r}\n  got:      {got!r}")


def error_of(db, sql, params=()):
    """The message of the error a statement raises, or None."""
    try:
        db.execute(sql, params).fetchall()
    except sqlite3.Error as e:
        return str(e)
    return None


def connect(entry_point=None):
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    if entry_point is None:
        db.load_extension(module)
    else:
        # Connection.load_extension takes an entry point from Python 3.12 on;
        # the SQL function load_extension() takes one everywhere.
        db.execute("SELECT load_extension(?, ?)", (module, entry_point))
    db.enable_load_extension(False)
    return db


if not hasattr(sqlite3.Connection, "enable_load_extension"):
    sys.exit(f"{sys.executable}: this Python's sqlite3 module cannot load "
             "extensions (built without --enable-loadable-sqlite-extensions); "
             "run the test with /usr/bin/python3")

db = connect()
expect("functions",
       db.execute("SELECT http_reason(404), http_class('404'), http_reason(403, 14),"
                  " http_code('not found'), http_status_version()").fetchone(),
       ("Not Found", "Client Error", "Forbidden: Directory listing denied", 404, version))

expect("join against http_status",
       db.execute("SELECT s.status, h.reason, h.class"
                  "  FROM (SELECT ? AS status UNION ALL SELECT ? UNION ALL SELECT ?) AS s"
                  "  JOIN http_status AS h ON h.code = s.status"
                  " ORDER BY s.status", (502, 200, 301)).fetchall(),
       [(200, "OK", "Successful"),
        (301, "Moved Permanently", "Redirection"),
        (502, "Bad Gateway", "Server Error")])

expect("access_log on a sample log",
       db.execute("SELECT count(status), sum(status BETWEEN 400 AND 499), sum(status >= 500)"
                  "  FROM access_log(?)", (log,)).fetchone(),
       (240, 66, 20))  # tests/logs/sample_reports_iis.log: requests, 4xx, 5xx

expect("load_extension is off again after loading",
       error_of(db, "SELECT load_extension(?)", (module,)),
       "not authorized")
db.close()

nofile = connect("sqlite3_httpstatus_nofile_init")
expect("nofile entry point",
       nofile.execute("SELECT http_reason(404),"
                      " (SELECT count(*) FROM pragma_module_list WHERE name = 'http_status'),"
                      " (SELECT count(*) FROM pragma_module_list WHERE name = 'access_log')").fetchone(),
       ("Not Found", 1, 0))
nofile.close()

if failures:
    sys.exit(f"{failures} Python check(s) failed")
print(f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}: all checks passed")
