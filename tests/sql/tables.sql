-- The reference tables, as a user queries them. Every statement prints 1.

SELECT count(*) > 200 FROM http_status;
SELECT count(*) = count(DISTINCT code) FROM http_status;
SELECT (SELECT reason FROM http_status WHERE code = 404) = 'Not Found';
SELECT (SELECT reason FROM http_status WHERE code = '403.14') = 'Forbidden: Directory listing denied';
SELECT (SELECT count(*) FROM http_status WHERE class = 'Server Error') =
       (SELECT count(*) FROM http_status WHERE status BETWEEN 500 AND 599);
SELECT (SELECT group_concat(code) FROM (SELECT code FROM http_status WHERE status = 401 ORDER BY status, substatus))
       = '401,401.1,401.2,401.3,401.4,401.5,401.501,401.502,401.503,401.504';

-- joining a log: INTEGER and TEXT statuses both find their row
CREATE TABLE logs(status);
INSERT INTO logs VALUES (200), (200), ('404'), (404), (500), (299);
SELECT (SELECT group_concat(class || ':' || n) FROM
         (SELECT h.class, count(*) AS n FROM logs JOIN http_status h ON h.code = logs.status GROUP BY 1))
       = 'Client Error:2,Server Error:1,Successful:2';

-- the properties
SELECT (SELECT group_concat(code) FROM http_status WHERE cacheable AND substatus IS NULL)
       = '200,203,204,206,300,301,308,404,405,410,414,451,501';
SELECT (SELECT required_header FROM http_status WHERE code = 401) = 'WWW-Authenticate';
SELECT (SELECT retryable FROM http_status WHERE code = 503) = 1;
SELECT (SELECT content_allowed FROM http_status WHERE code = 204) = 0;
SELECT (SELECT interim FROM http_status WHERE code = 103) = 1;
SELECT (SELECT lifecycle FROM http_status WHERE code = 305) = 'deprecated';
SELECT (SELECT lifecycle FROM http_status WHERE code = 444) = 'unofficial';

-- the classes and the phrases
SELECT count(*) = 5 FROM http_status_class;
SELECT (SELECT count(*) FROM http_status_phrase WHERE status = 499 AND kind = 'alternative' AND source = 'Esri') = 1;
