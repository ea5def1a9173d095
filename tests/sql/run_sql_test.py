#!/usr/bin/env python3
"""Runs a SQL test file through the real sqlite3 shell with the module loaded.

A check is a statement that starts with SELECT, WITH or VALUES: it must
return exactly one row of one column, 1. Anything else (CREATE, INSERT, ...)
sets the stage and must print nothing. A check that returns no row, two
rows, 0, NULL or two columns fails, and so does any error.

usage: run_sql_test.py MODULE FILE.sql
"""
import re
import sqlite3  # only to split statements as the shell does: nothing is loaded
import subprocess
import sys

MARK = "@@statement "
QUERY = re.compile(r"\s*(SELECT|WITH|VALUES)\b", re.IGNORECASE)


def statements(text):
    """(first line number, text) of each statement, split as the shell splits."""
    found, pending, first = [], "", None
    for number, line in enumerate(text.splitlines(), 1):
        if first is None and line.strip() and not line.lstrip().startswith("--"):
            first = number
        pending += line + "\n"
        if first is not None and sqlite3.complete_statement(pending):
            found.append((first, pending.strip()))
            pending, first = "", None
    if first is not None:
        found.append((first, pending.strip()))
    return found


def without_comments(sql):
    return "\n".join(l for l in sql.splitlines() if not l.lstrip().startswith("--"))


def main(module, path):
    with open(path, encoding="utf-8") as f:
        found = statements(f.read())
    script = [f".load {module}"]
    for i, (_, sql) in enumerate(found):
        script += [f".print {MARK}{i}", sql]
    run = subprocess.run(["sqlite3", "-bail", "-batch", "-nullvalue", "NULL", ":memory:"],
                         input="\n".join(script) + "\n", capture_output=True, text=True)

    printed = {}
    current = None
    for line in run.stdout.splitlines():
        if line.startswith(MARK):
            current = int(line[len(MARK):])
            printed[current] = []
        elif current is not None:
            printed[current].append(line)

    failures = []
    checks = 0
    for i, (number, sql) in enumerate(found):
        is_check = QUERY.match(without_comments(sql)) is not None
        checks += is_check
        want = ["1"] if is_check else []
        got = printed.get(i)
        if got is None:
            failures.append(f"{path}:{number}: not run (an earlier statement failed)\n  {sql}")
        elif got != want:
            what = "must print exactly one row, 1" if is_check else "must print nothing"
            shown = "\n    ".join(got) if got else "(no row)"
            failures.append(f"{path}:{number}: {what}; printed:\n    {shown}\n  {sql}")
    if run.returncode != 0 or run.stderr:
        failures.append(f"{path}: sqlite3 exited with {run.returncode}: {run.stderr.strip()}")
    if not found:
        failures.append(f"{path}: no statement")
    if failures:
        print("\n".join(failures))
        return 1
    print(f"{path}: {checks} checks passed")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
