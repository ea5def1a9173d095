-- IIS sub-status breakdown: each status.substatus an IIS (W3C) log shows,
-- what it means, how often, and the Windows error (sc-win32-status) seen
-- most with it, with Windows' own message for it (win32_reason()).
--
-- Answers: why exactly were requests refused or failed? 401.2 is the
-- ordinary first step of Windows authentication; 401.1 is a failed logon,
-- 403.14 a directory without a default document, 500.19 a broken
-- web.config, 502.3 a backend ARR could not reach. A sub-status of 0, and
-- a log without sc-substatus, show the plain code.
--
-- Run it in the sqlite3 shell, with the log given as the parameter @log
-- (a file or a glob such as '/var/log/nginx/access.log*'; .gz is read too):
--
--   sqlite3 -column -header -cmd '.load build/ext/http_status' \
--     -cmd '.parameter set @log /var/log/nginx/access.log' \
--     < sql/examples/iis_substatus.sql
--
-- or, inside the shell:  .parameter set @log /var/log/nginx/access.log
--                        .read sql/examples/iis_substatus.sql
--
-- @format is optional: leave it unset for combined, common and W3C (IIS)
-- logs; set it to the nginx log_format or Apache LogFormat string otherwise.
-- From Python or Node, bind @log and @format as named parameters. Lines that
-- do not parse are left out: list them with
--   SELECT rowid, error, line FROM access_log(@log, @format) WHERE error IS NOT NULL;
WITH log AS (
  SELECT * FROM access_log(ifnull(@log, 'no log given: .parameter set @log /path/to/access.log'), @format)
  WHERE status IS NOT NULL
),
codes AS (
  SELECT status, substatus, count(*) AS requests,
         extra ->> 'sc-win32-status' AS win32
  FROM log
  GROUP BY status, substatus, win32
),
breakdown AS (
  SELECT status, substatus, sum(requests) AS requests,
         (SELECT c2.win32 FROM codes AS c2
           WHERE c2.status = c.status AND c2.substatus IS c.substatus
           ORDER BY c2.requests DESC, c2.win32 LIMIT 1) AS win32_status
  FROM codes AS c
  GROUP BY status, substatus
)
SELECT CASE WHEN substatus > 0 THEN status || '.' || substatus
            ELSE CAST(status AS TEXT) END AS code,
       http_reason(status, substatus) AS reason,
       requests,
       win32_status,
       win32_reason(win32_status) AS win32_meaning
FROM breakdown
ORDER BY status, substatus;
