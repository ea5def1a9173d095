-- The rules the reference's rows follow, one block per rule, as README
-- "Properties and sources" states them. Every statement prints 1.

-- 1. A description agrees with the document it cites: no row that cites
-- RFC 9110 still speaks RFC 2616 (entities, Request-URI, its section numbers),
-- or says what RFC 9110 reversed.
SELECT count(*) = 0 FROM http_status
 WHERE reference LIKE 'RFC 9110%'
   AND (description LIKE '%entity%' OR description LIKE '%Request-URI%'
        OR description LIKE '%Request-Line%' OR description LIKE '%meta information%'
        OR description LIKE '%message-body%' OR description LIKE '%section 1%'
        OR description LIKE '%section 3%' OR description GLOB '*MUST*'
        OR description GLOB '*SHOULD*');
SELECT description NOT LIKE '%not be cached%' FROM http_status WHERE code = '303';
SELECT description LIKE '%new or different credentials%' FROM http_status WHERE code = '403';
-- RFC 2616's explanations stay queryable beside the current ones.
SELECT former_description LIKE 'The server understood the request, but is refusing to fulfill it.%'
  FROM http_status WHERE code = '403';

-- 2. A sub-status is its status on the wire: the same interim, content,
-- cacheable and required header; retryable too, unless the sub-status says
-- why not (in retry_basis).
SELECT count(*) = 0 FROM http_status s JOIN http_status p ON p.code = s.status
 WHERE s.substatus IS NOT NULL
   AND (s.interim IS NOT p.interim OR s.content_allowed IS NOT p.content_allowed
        OR s.cacheable IS NOT p.cacheable OR s.required_header IS NOT p.required_header);
SELECT count(*) = 0 FROM http_status s JOIN http_status p ON p.code = s.status
 WHERE s.substatus IS NOT NULL AND s.retryable < p.retryable AND s.retry_basis IS NULL;
SELECT (SELECT cacheable FROM http_status WHERE code = '404.2') = 1;
SELECT (SELECT required_header FROM http_status WHERE code = '401.1') = 'WWW-Authenticate';
SELECT (SELECT retryable FROM http_status WHERE code = '502.3') = 1;

-- 3. One rule per property, applied to every row.
-- retryable: the code's own document says a later or repeated request may
-- succeed, or curl's --retry set (408, 429, 500, 502, 503, 504) has it, or
-- the sender's documentation tells clients to try again.
SELECT (SELECT group_concat(code) FROM http_status
         WHERE substatus IS NULL AND retry_basis LIKE '%curl --retry%')
       = '408,429,500,502,503,504';
SELECT count(*) = 0 FROM http_status WHERE status IN (408, 429, 500, 502, 503, 504)
   AND substatus IS NULL AND retryable = 0;
SELECT count(*) = 0 FROM http_status
 WHERE source = 'Cloudflare' AND status BETWEEN 520 AND 526 AND retryable = 0;
SELECT count(*) = 0 FROM http_status
 WHERE retryable = 1 AND retry_basis NOT LIKE 'RFC %' AND retry_basis NOT LIKE 'curl --retry%'
   AND retry_basis NOT LIKE 'KB 943891%' AND retry_basis NOT LIKE '[MS-%'
   AND retry_basis NOT LIKE '% docs%' AND retry_basis NOT LIKE '%error page%';
-- required_header: the defining document says the response MUST carry it.
SELECT (SELECT group_concat(code || ' ' || required_header, ', ') FROM http_status
         WHERE substatus IS NULL AND required_header IS NOT NULL)
       = '101 Upgrade, 206 Content-Range, 226 ETag, 401 WWW-Authenticate, 405 Allow, ' ||
         '407 Proxy-Authenticate, 426 Upgrade';
-- cacheable: RFC 9110, Section 15.1's list, and 451 (RFC 7725).
SELECT (SELECT group_concat(code) FROM http_status WHERE cacheable AND substatus IS NULL)
       = '200,203,204,206,300,301,308,404,405,410,414,451,501';

-- 4. Codes and meanings real traffic has, each with its source and how sure
-- the reference is; a row no primary source confirms says so.
SELECT (SELECT count(*) FROM http_status WHERE code IN ('430', '527', '529', '540', '598')) = 5;
SELECT (SELECT count(*) FROM http_status_phrase WHERE kind = 'alternative'
         AND ((code = '508' AND source = 'CloudLinux') OR (code = '507' AND source = 'AWS ELB')
              OR (code = '451' AND source = 'Exchange ActiveSync'))) = 3;
SELECT count(*) = 0 FROM http_status WHERE confidence NOT IN ('primary', 'secondary');
SELECT count(*) = 0 FROM http_status_phrase WHERE confidence NOT IN ('primary', 'secondary');
SELECT count(*) = 0 FROM (SELECT reference FROM http_status WHERE confidence = 'secondary'
                          UNION ALL
                          SELECT reference FROM http_status_phrase WHERE confidence = 'secondary')
 WHERE reference NOT LIKE '%no primary source%';

-- 5. What libraries put on the status line finds its code, with the library
-- as the source.
SELECT http_code('Request URI Too Long') = 414;
SELECT http_code('Non Authoritative Information') = 203;
SELECT http_code('Non-Authoritative Info') = 203;
SELECT http_code('Unordered Collection') = 425;
SELECT http_code('Checkpoint') = 103;
-- and what servers write: nginx's older phrases
SELECT http_code('Moved Temporarily') = 302 AND http_code('Not Allowed') = 405
       AND http_code('Service Temporarily Unavailable') = 503 AND http_code('Gateway Time-out') = 504;
SELECT (SELECT source FROM http_status_phrase WHERE reason = 'Request URI Too Long') = 'Go net/http';
SELECT (SELECT source FROM http_status_phrase WHERE reason = 'Non Authoritative Information') = 'Rust http';
SELECT (SELECT source FROM http_status_phrase WHERE reason = 'Checkpoint') = 'Spring Framework';

-- 6. A sub-status of 0 names the plain code, in the table as in the functions.
SELECT (SELECT reason FROM http_status WHERE code = '200.0') = 'OK';
SELECT (SELECT code FROM http_status WHERE code = '404.0') = '404';
SELECT (SELECT count(*) FROM http_status WHERE substatus = 0) = 0;
SELECT (SELECT group_concat(code) FROM http_status WHERE status = '494.0') = '494';
SELECT http_code('Service Unavailable: Application pool unavailable') = 503;

-- 7. Consistency: one spelling per vendor; a phrase software still sends is a
-- variant, not former; former phrases come from superseded documents.
SELECT count(*) = 0 FROM (SELECT source FROM http_status UNION SELECT source FROM http_status_phrase)
 WHERE source LIKE 'Microsoft%';
SELECT (SELECT kind FROM http_status_phrase WHERE code = '405' AND reason = 'Not Allowed') = 'variant';
SELECT (SELECT kind FROM http_status_phrase WHERE code = '503' AND reason = 'Service Temporarily Unavailable') = 'variant';
SELECT count(*) = 0 FROM http_status_phrase
 WHERE kind = 'former' AND source NOT LIKE 'RFC %' AND source NOT LIKE 'IIS 5%';
SELECT count(*) = 4 FROM http_status
 WHERE code IN ('494', '495', '496', '497') AND description LIKE '%access log records 400%';
SELECT count(*) = 0 FROM http_status WHERE reference LIKE '%Troubleshooting Cloudflare 5XX errors%';

-- 8. Dates: the registry date the data reflects, and a temporary code whose
-- registration has expired is found by its date.
SELECT http_status_registry_date() = '2025-09-15';
SELECT (SELECT group_concat(code) FROM http_status
         WHERE lifecycle = 'temporary' AND expires < '2026-11-26') = '104';
SELECT (SELECT expires FROM http_status WHERE code = '104') = '2026-11-13';
