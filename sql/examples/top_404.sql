-- Top 404 paths: the paths most often answered 404 Not Found, with how
-- many clients asked for each and when it was last asked.
--
-- Answers: which broken links, missing assets or scanners' probes
-- (/wp-login.php, /.env) make the 404s? Paths keep their query string.
--
-- Run it in the sqlite3 shell, with the log given as the parameter @log
-- (a file or a glob such as '/var/log/nginx/access.log*'; .gz is read too):
--
--   sqlite3 -column -header -cmd '.load build/ext/http_status' \
--     -cmd '.parameter set @log /var/log/nginx/access.log' \
--     < sql/examples/top_404.sql
--
-- or, inside the shell:  .parameter set @log /var/log/nginx/access.log
--                        .read sql/examples/top_404.sql
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
SELECT path,
       count(*) AS hits,
       count(DISTINCT remote_addr) AS clients,
       max(time) AS last_seen
FROM log
WHERE status = 404
GROUP BY path
ORDER BY hits DESC, path
LIMIT 10;
