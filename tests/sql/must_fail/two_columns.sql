-- Two columns in one row.
SELECT 1, 1;
