-- The scalar functions, as a user types them in the sqlite3 shell.
-- Every statement prints 1.

-- http_reason: the reason phrase, from an INTEGER, a TEXT or an IIS major.minor
SELECT http_reason(404) = 'Not Found';
SELECT http_reason('404') = 'Not Found';
SELECT http_reason(' 404 ') = 'Not Found';
SELECT http_reason('403.14') = 'Forbidden: Directory listing denied';
SELECT http_reason(403, 14) = 'Forbidden: Directory listing denied';
SELECT http_reason(404, 0) = 'Not Found';
SELECT http_reason(404, NULL) = 'Not Found';
SELECT http_reason(413) = 'Content Too Large';
SELECT http_reason(422) = 'Unprocessable Content';
SELECT http_reason(499) = 'Client Closed Request';
-- an unknown minor falls back to its major; an unassigned major is NULL
SELECT http_reason('404.999') = 'Not Found';
SELECT http_reason('401.6') = 'Unauthorized';  -- between 401.5 and 401.501
SELECT http_reason(299) IS NULL;

-- http_class: the first digit decides, registered or not
SELECT http_class(404) = 'Client Error';
SELECT http_class(299) = 'Successful';
SELECT http_class('503.2') = 'Server Error';
SELECT http_class(0) IS NULL;

-- http_description: the explanation
SELECT http_description(404) LIKE 'The origin server did not find a current representation of the target resource%';

-- no response: 0, 000 and - are one code
SELECT http_reason(0) = 'No Response' AND http_reason('000') = 'No Response' AND http_reason('-') = 'No Response';

-- http_code: back from a phrase, current or former, any case
SELECT http_code('payload too large') = 413;
SELECT http_code('Request-URI Too Long') = 414;
SELECT http_code('I''m a teapot') = 418;
SELECT http_code('Forbidden: Directory listing denied') = '403.14';
SELECT http_code('no such phrase') IS NULL;

-- bad input is NULL, never an error
SELECT http_reason('abc') IS NULL AND http_reason('4O4') IS NULL AND http_reason('') IS NULL;
SELECT http_reason(x'343034') IS NULL AND http_reason(-1) IS NULL AND http_reason(99) IS NULL;
SELECT http_reason(600) IS NULL AND http_reason(1e300) IS NULL AND http_reason(9223372036854775807) IS NULL;
SELECT http_reason(403.14) IS NULL;  -- a REAL with a fraction is ambiguous: write '403.14'
SELECT http_class(NULL) IS NULL AND http_description(NULL) IS NULL;

SELECT http_status_version() GLOB '[0-9]*.[0-9]*.[0-9]*';
