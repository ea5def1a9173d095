-- Bots against browsers: requests by the kind of client the User-Agent
-- names, with the clients behind them and their error rates.
--
-- Answers: how much of the traffic is people? Kinds, decided in this
-- order: bot (crawlers: bot, crawl, spider, slurp, facebookexternalhit),
-- script (curl, Wget, python-requests, Go-http-client, Java, okhttp,
-- libwww), browser (Mozilla/... or Opera/...), none (no User-Agent), other.
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
  SELECT CASE
           WHEN user_agent IS NULL THEN 'none'
           WHEN lower(user_agent) GLOB '*bot*' OR lower(user_agent) GLOB '*crawl*'
             OR lower(user_agent) GLOB '*spider*' OR lower(user_agent) GLOB '*slurp*'
             OR lower(user_agent) GLOB '*facebookexternalhit*' THEN 'bot'
           WHEN lower(user_agent) GLOB 'curl/*' OR lower(user_agent) GLOB 'wget/*'
             OR lower(user_agent) GLOB 'python-*' OR lower(user_agent) GLOB 'go-http-client/*'
             OR lower(user_agent) GLOB 'java/*' OR lower(user_agent) GLOB 'okhttp/*'
             OR lower(user_agent) GLOB 'libwww-perl/*' THEN 'script'
           WHEN user_agent GLOB 'Mozilla/*' OR user_agent GLOB 'Opera/*' THEN 'browser'
           ELSE 'other'
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
