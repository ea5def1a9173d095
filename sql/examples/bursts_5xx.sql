-- 5xx bursts: the minutes in which server errors (5xx) were at least a
-- threshold share of the responses.
--
-- Answers: when did the server (or what is behind it) fall over, and for
-- how long? Parameters beside @log:
--   @threshold     the share of 5xx that makes a burst, default 0.5
--   @min_requests  minutes with fewer responses are ignored, default 3, so
--                  a lone error in a quiet minute is not a burst
--
-- Run it in the sqlite3 shell, with the log given as the parameter @log
-- (a file or a glob such as '/var/log/nginx/access.log*'; .gz is read too):
--
--   sqlite3 -column -header -cmd '.load build/ext/http_status' \
--     -cmd '.parameter set @log /var/log/nginx/access.log' \
--     < sql/examples/bursts_5xx.sql
--
-- or, inside the shell:  .parameter set @log /var/log/nginx/access.log
--                        .read sql/examples/bursts_5xx.sql
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
minutes AS (
  SELECT substr(time, 1, 16) AS minute,
         count(*) AS requests,
         sum(status BETWEEN 500 AND 599) AS errors
  FROM log
  GROUP BY minute
)
SELECT replace(minute, 'T', ' ') AS minute, requests, errors AS "5xx",
       printf('%5.1f%%', 100.0 * errors / requests) AS "5xx share"
FROM minutes
WHERE requests >= ifnull(@min_requests, 3)
  AND errors >= ifnull(@threshold, 0.5) * requests
ORDER BY minute;
