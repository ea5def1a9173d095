-- Slowest endpoints by request_time: per method and endpoint (the path
-- without its query, numbers, UUIDs and hex ids as {id}, {uuid}, {hex}, so
-- /products/42 and /products/43 are one endpoint), the number of requests,
-- mean, 95th percentile (SQLite's percentile(), interpolated) and slowest
-- time in seconds; the ten with the highest 95th percentile, which a few
-- stuck requests do not move as they move the mean.
--
-- Answers: where do users wait? The log must carry the time taken: nginx
-- $request_time, Apache %D or %T, IIS time-taken; without it this report
-- is empty. Endpoints with fewer than @min_requests requests (default 3)
-- are left out, so one slow outlier does not make the list.
--
-- Run it in the sqlite3 shell, with the log given as the parameter @log
-- (a file or a glob such as '/var/log/nginx/access.log*'; .gz is read too):
--
--   sqlite3 -column -header -cmd '.load build/ext/http_status' \
--     -cmd '.parameter set @log /var/log/nginx/access.log' \
--     < sql/examples/slowest_endpoints.sql
--
-- or, inside the shell:  .parameter set @log /var/log/nginx/access.log
--                        .read sql/examples/slowest_endpoints.sql
--
-- @format is optional: leave it unset for combined, common and W3C (IIS)
-- logs; set it to the nginx log_format or Apache LogFormat string otherwise.
-- From Python or Node, bind @log and @format as named parameters. Lines that
-- do not parse are left out: list them with
--   SELECT rowid, error, line FROM access_log(@log, @format) WHERE error IS NOT NULL;
WITH log AS (
  SELECT * FROM access_log(ifnull(@log, 'no log given: .parameter set @log /path/to/access.log'), @format)
  WHERE status IS NOT NULL AND request_time IS NOT NULL
)
SELECT method, path_template(path) AS endpoint, count(*) AS requests,
       printf('%.3f', avg(request_time)) AS mean_s,
       printf('%.3f', percentile(request_time, 95)) AS p95_s,
       printf('%.3f', max(request_time)) AS max_s
FROM log
GROUP BY method, endpoint
HAVING count(*) >= ifnull(@min_requests, 3)
ORDER BY percentile(request_time, 95) DESC, method, endpoint
LIMIT 10;
