-- Hourly error rate as a bar chart, for the terminal: one line per hour,
-- the share of 4xx and 5xx responses drawn side by side, one character per
-- half percent of the hour's responses (█ 5xx, ░ 4xx; a bar past 30%, 60
-- characters, is cut and ends in ›).
--
-- Answers at a glance: in which hours did errors rise, and whose were
-- they? Best read with -column (or .mode column); in list mode the bars
-- still line up, as they are the last column.
--
-- Run it in the sqlite3 shell, with the log given as the parameter @log
-- (a file or a glob such as '/var/log/nginx/access.log*'; .gz is read too):
--
--   sqlite3 -column -header -cmd '.load build/ext/http_status' \
--     -cmd '.parameter set @log /var/log/nginx/access.log' \
--     < sql/examples/error_rate_chart.sql
--
-- or, inside the shell:  .parameter set @log /var/log/nginx/access.log
--                        .read sql/examples/error_rate_chart.sql
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
hours AS (
  SELECT substr(time, 1, 10) || ' ' || substr(time, 12, 2) || ':00' AS hour,
         count(*) AS requests,
         100.0 * sum(status BETWEEN 400 AND 499) / count(*) AS pct4,
         100.0 * sum(status BETWEEN 500 AND 599) / count(*) AS pct5
  FROM log
  GROUP BY hour
),
bars AS (
  SELECT hour, requests, pct4, pct5,
         CAST(round(2 * pct5) AS INTEGER) AS n5,
         CAST(round(2 * (pct4 + pct5)) AS INTEGER) - CAST(round(2 * pct5) AS INTEGER) AS n4
  FROM hours
)
SELECT hour, requests,
       printf('%5.1f%%', pct4 + pct5) AS errors,
       substr(substr('████████████████████████████████████████████████████████████', 1, n5)
              || substr('░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░', 1, n4),
              1, 60)
       || CASE WHEN n5 + n4 > 60 THEN '›' ELSE '' END AS "chart (█ 5xx ░ 4xx, 1 char = 0.5%)"
FROM bars
ORDER BY hour;
