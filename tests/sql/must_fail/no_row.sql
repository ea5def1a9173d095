-- A check over an empty table returns no row: it must not pass, even
-- beside a check that does.
SELECT 1;
CREATE TABLE empty(x);
SELECT 1 FROM empty;
