-- A false check.
SELECT http_reason(404) = 'Found';
