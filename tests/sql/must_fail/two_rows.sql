-- Two rows that are both 1 are not one answer.
SELECT 1 UNION ALL SELECT 1;
