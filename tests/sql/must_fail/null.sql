-- NULL is not 1.
SELECT http_reason(299) = 'x';
