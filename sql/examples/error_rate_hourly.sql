-- Error rate per hour: requests in each hour of the log and the share that
-- were client errors (4xx) and server errors (5xx), kept apart.
--
-- Answers: when did errors rise, and whose side were they on? Hours are the
-- log's own local time (the offset it was written with): time_bucket() cuts
-- on the time's own clock. Change '1 hour' to '5 minutes' or '1 day'.
--
-- Run it in the sqlite3 shell, with the log given as the parameter @log
-- (a file or a glob such as '/var/log/nginx/access.log*'; .gz is read too):
--
--   sqlite3 -column -header -cmd '.load build/ext/http_status' \
--     -cmd '.parameter set @log /var/log/nginx/access.log' \
--     < sql/examples/error_rate_hourly.sql
--
-- or, inside the shell:  .parameter set @log /var/log/nginx/access.log
--                        .read sql/examples/error_rate_hourly.sql
--
-- @format is optional: leave it unset for combined, common and W3C (IIS)
-- logs; set it to the nginx log_format or Apache LogFormat string otherwise.
-- From Python or Node, bind @log and @format as named parameters. Lines that
-- do not parse are left out: list them with
--   SELECT rowid, error, line FROM access_log(@log, @format) WHERE error IS NOT NULL;
WITH log AS (
  SELECT * FROM access_log(ifnull(@log, 'no log given: .parameter set @log /path/to/access.log'), @format)
  WHERE status IS NOT NULL
)
SELECT time_bucket(time, '1 hour') AS hour,
       count(*) AS requests,
       sum(status BETWEEN 400 AND 499) AS "4xx",
       printf('%5.1f%%', 100.0 * sum(status BETWEEN 400 AND 499) / count(*)) AS "4xx rate",
       sum(status BETWEEN 500 AND 599) AS "5xx",
       printf('%5.1f%%', 100.0 * sum(status BETWEEN 500 AND 599) / count(*)) AS "5xx rate"
FROM log
GROUP BY hour
ORDER BY hour;
