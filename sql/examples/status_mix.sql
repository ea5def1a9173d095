-- Status mix: how many responses of each status, with its reason, class
-- and share of all responses, and a bar for that share.
--
-- Answers: what part of the traffic succeeds, redirects, or fails on the
-- client's side (4xx) or the server's (5xx)?
--
-- Run it in the sqlite3 shell, with the log given as the parameter @log
-- (a file or a glob such as '/var/log/nginx/access.log*'; .gz is read too):
--
--   sqlite3 -column -header -cmd '.load build/ext/http_status' \
--     -cmd '.parameter set @log /var/log/nginx/access.log' \
--     < sql/examples/status_mix.sql
--
-- or, inside the shell:  .parameter set @log /var/log/nginx/access.log
--                        .read sql/examples/status_mix.sql
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
mix AS (
  SELECT status, count(*) AS requests,
         count(*) * 1.0 / sum(count(*)) OVER () AS share
  FROM log GROUP BY status
)
SELECT mix.status, h.reason, h.class, mix.requests,
       printf('%5.1f%%', 100 * mix.share) AS share,
       substr('██████████████████████████████████████████████████', 1,
              CAST(round(50 * mix.share) AS INTEGER)) AS bar
FROM mix LEFT JOIN http_status AS h ON h.code = mix.status
ORDER BY mix.status;
