-- Bots against browsers: requests by the kind of client the User-Agent
-- names, with the clients behind them and their error rates.
--
-- Answers: how much of the traffic is people? The kind is the
-- user_agent_pattern row that ua_family() matched: browser, crawler,
-- library, tool, monitor or feed (all but browser are bots: ua_is_bot());
-- none for no User-Agent, other for one no pattern knows. The patterns and
-- their sources: SELECT * FROM user_agent_pattern;
--
-- Run it in the sqlite3 shell, with the log given as the parameter @log
-- (a file or a glob such as '/var/log/nginx/access.log*'; .gz is read too):
--
--   sqlite3 -column -header -cmd '.load build/ext/http_status' \
--     -cmd '.parameter set @log /var/log/nginx/access.log' \
--     < sql/examples/bots_vs_browsers.sql
--
-- or, inside the shell:  .parameter set @log /var/log/nginx/access.log
--                        .read sql/examples/bots_vs_browsers.sql
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
kinds AS (
  SELECT CASE WHEN user_agent IS NULL THEN 'none'
              ELSE ifnull((SELECT kind FROM user_agent_pattern
                            WHERE field = 'family' AND value = ua_family(user_agent)), 'other')
         END AS kind,
         remote_addr, status
  FROM log
)
SELECT kind,
       count(*) AS requests,
       printf('%5.1f%%', 100.0 * count(*) / sum(count(*)) OVER ()) AS share,
       count(DISTINCT remote_addr) AS clients,
       printf('%5.1f%%', 100.0 * sum(status BETWEEN 400 AND 499) / count(*)) AS "4xx rate",
       printf('%5.1f%%', 100.0 * sum(status BETWEEN 500 AND 599) / count(*)) AS "5xx rate"
FROM kinds
GROUP BY kind
ORDER BY requests DESC, kind;
