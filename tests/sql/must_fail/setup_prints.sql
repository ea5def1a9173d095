-- A set-up statement that prints must not hide a missing check.
CREATE TABLE t(x);
INSERT INTO t VALUES (1) RETURNING x;
