-- An HTML report of an access log: one self-contained page (inline CSS and
-- SVG, no script, nothing fetched from the network) with requests and error
-- rate over time, the status mix with reason phrases, the top 404 and 5xx
-- paths, the slowest endpoints and bots against people.
--
-- One command writes it:
--
--   sqlite3 -cmd '.load build/ext/http_status' \
--     -cmd '.parameter set @log /var/log/nginx/access.log' \
--     :memory: < sql/examples/html_report.sql > report.html
--
-- @format is optional, as for the other reports (leave it unset for
-- combined, common and W3C logs). @bucket sets the chart's bar width, a
-- time_bucket() width such as '5 minutes' (default '1 hour'). Lines that do
-- not parse are left out and counted in the header, which names the log by
-- its file name (the directory left out).
.mode list
.headers off
WITH raw AS (
  SELECT *, error FROM access_log(ifnull(@log, 'no log given: .parameter set @log /path/to/access.log'), @format)
),
log AS (
  SELECT * FROM raw WHERE status IS NOT NULL
),
summary AS (
  SELECT count(*) AS requests,
         (SELECT count(*) FROM raw WHERE error IS NOT NULL) AS unparsed,
         count(DISTINCT remote_addr) AS clients,
         min(time) AS first_time, max(time) AS last_time,
         sum(status BETWEEN 400 AND 499) AS c4xx,
         sum(status BETWEEN 500 AND 599) AS c5xx
  FROM log
),
buckets AS (
  SELECT time_bucket(time, ifnull(@bucket, '1 hour')) AS bucket,
         count(*) AS n,
         sum(status BETWEEN 400 AND 499) AS c4xx,
         sum(status BETWEEN 500 AND 599) AS c5xx
  FROM log
  GROUP BY bucket
),
bars AS (
  SELECT bucket, n, c4xx, c5xx,
         row_number() OVER (ORDER BY bucket) - 1 AS i,
         count(*) OVER () AS count_of_bars,
         max(n) OVER () AS most
  FROM buckets
),
-- The chart: 730 x 240, plot area x 50..690, y 20..200; bars stacked from
-- the axis (5xx, then 4xx, then the rest), the error rate as a line on the
-- right-hand 0-100% scale.
geometry AS (
  SELECT *, 640.0 / count_of_bars AS w, 180.0 / most AS scale FROM bars
),
chart AS (
  SELECT '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 730 240" role="img" aria-label="requests and error rate over time">'
      || '<line x1="50" y1="200" x2="690" y2="200" class="axis"/>'
      || '<line x1="50" y1="20" x2="50" y2="200" class="axis"/>'
      || '<line x1="690" y1="20" x2="690" y2="200" class="axis"/>'
      || printf('<text x="44" y="24" text-anchor="end">%d</text>', max(most))
      || '<text x="44" y="204" text-anchor="end">0</text>'
      || '<text x="694" y="24">100%</text><text x="694" y="204">0%</text>'
      || group_concat(
           printf('<rect class="ok" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %d requests</title></rect>',
                  50 + i * w + 1, 200 - n * scale, max(w - 2, 1), (n - c4xx - c5xx) * scale, bucket, n)
        || printf('<rect class="e4" x="%.1f" y="%.1f" width="%.1f" height="%.1f"/>',
                  50 + i * w + 1, 200 - (c4xx + c5xx) * scale, max(w - 2, 1), c4xx * scale)
        || printf('<rect class="e5" x="%.1f" y="%.1f" width="%.1f" height="%.1f"/>',
                  50 + i * w + 1, 200 - c5xx * scale, max(w - 2, 1), c5xx * scale), '')
      || '<polyline class="rate" points="'
      || group_concat(printf('%.1f,%.1f', 50 + (i + 0.5) * w, 200 - 180.0 * (c4xx + c5xx) / n), ' ')
      || '"/>'
      || printf('<text x="50" y="218">%s</text>', min(bucket))
      || printf('<text x="690" y="218" text-anchor="end">%s</text>', max(bucket))
      || '</svg>' AS svg
  FROM (SELECT * FROM geometry ORDER BY i)
),
status_rows AS (
  SELECT group_concat(printf('<tr class="c%d"><td>%d</td><td>%s</td><td>%s</td><td class="n">%d</td><td class="n">%.1f%%</td></tr>',
                             status / 100, status,
                             replace(replace(replace(ifnull(http_reason(status), ''), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
                             ifnull(http_class(status), ''), n, 100.0 * n / total), '') AS html
  FROM (SELECT status, count(*) AS n, (SELECT requests FROM summary) AS total
        FROM log GROUP BY status ORDER BY n DESC, status)
),
-- Text from the log goes into the page with & < > " escaped.
top_404 AS (
  SELECT group_concat(printf('<tr><td class="path">%s</td><td class="n">%d</td></tr>',
                             replace(replace(replace(replace(path, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), n), '') AS html
  FROM (SELECT url_path(path) AS path, count(*) AS n FROM log WHERE status = 404
        GROUP BY 1 ORDER BY n DESC, path LIMIT 10)
),
top_5xx AS (
  SELECT group_concat(printf('<tr><td class="path">%s</td><td>%s</td><td class="n">%d</td></tr>',
                             replace(replace(replace(replace(path, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'),
                             codes, n), '') AS html
  FROM (SELECT url_path(path) AS path, group_concat(DISTINCT status) AS codes, count(*) AS n
        FROM log WHERE status BETWEEN 500 AND 599
        GROUP BY 1 ORDER BY n DESC, path LIMIT 10)
),
slowest AS (
  SELECT group_concat(printf('<tr><td>%s</td><td class="path">%s</td><td class="n">%d</td><td class="n">%.3f</td><td class="n">%.3f</td><td class="n">%.3f</td></tr>',
                             method,
                             replace(replace(replace(replace(endpoint, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'),
                             n, p50, p95, slowest), '') AS html
  FROM (SELECT method, path_template(path) AS endpoint, count(*) AS n,
               median(request_time) AS p50, percentile(request_time, 95) AS p95,
               max(request_time) AS slowest
        FROM log WHERE request_time IS NOT NULL AND method IS NOT NULL
        GROUP BY 1, 2 HAVING count(*) >= 3 ORDER BY p95 DESC, 1, 2 LIMIT 10)
),
clients AS (
  SELECT group_concat(printf('<tr><td>%s</td><td>%s</td><td class="n">%d</td><td class="n">%.1f%%</td><td class="n">%.1f%%</td></tr>',
                             CASE WHEN bot IS NULL THEN 'no User-Agent' WHEN bot THEN 'bot' ELSE 'person' END,
                             replace(replace(replace(family, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
                             n, 100.0 * n / total, 100.0 * errors / n), '') AS html
  FROM (SELECT ua_is_bot(user_agent) AS bot, ifnull(ua_family(user_agent), 'other') AS family,
               count(*) AS n, sum(status >= 400) AS errors, (SELECT requests FROM summary) AS total
        FROM log GROUP BY 1, 2 ORDER BY 1 DESC, n DESC, 2 LIMIT 20)
)
SELECT '<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Access log report</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #1d2430; background: #fff; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #d5dae1; }
.meta { color: #566070; }
.cards { display: flex; gap: 1em; flex-wrap: wrap; margin: 1em 0; }
.card { border: 1px solid #d5dae1; border-radius: 6px; padding: 0.6em 1em; min-width: 8em; }
.card b { display: block; font-size: 1.5em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.25em 0.6em; border-bottom: 1px solid #eef0f3; }
th { background: #f5f6f8; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.path { font-family: ui-monospace, monospace; word-break: break-all; }
tr.c4 td:first-child { color: #b35c00; } tr.c5 td:first-child { color: #c0182b; }
svg { width: 100%; height: auto; font-size: 11px; fill: #566070; }
.axis { stroke: #8a93a0; }
rect.ok { fill: #7aa6d8; } rect.e4 { fill: #f0a040; } rect.e5 { fill: #d33a4a; }
.rate { fill: none; stroke: #1d2430; stroke-width: 1.5; }
.legend span { display: inline-block; width: 0.8em; height: 0.8em; margin: 0 0.3em 0 1em; vertical-align: -0.05em; }
</style>
</head>
<body>
<h1>Access log report</h1>
<p class="meta">' || replace(replace(replace(replace(ifnull(@log, ''), rtrim(ifnull(@log, ''), replace(ifnull(@log, ''), '/', '')), ''),
                                     '&', '&amp;'), '<', '&lt;'), '>', '&gt;')
  || ' &middot; ' || ifnull(first_time, '') || ' to ' || ifnull(last_time, '')
  || CASE WHEN unparsed > 0 THEN printf(' &middot; %d lines did not parse', unparsed) ELSE '' END || '</p>
<div class="cards">'
  || printf('<div class="card">requests<b>%d</b></div>', requests)
  || printf('<div class="card">clients<b>%d</b></div>', clients)
  || printf('<div class="card">4xx<b>%.1f%%</b></div>', 100.0 * ifnull(c4xx, 0) / max(requests, 1))
  || printf('<div class="card">5xx<b>%.1f%%</b></div>', 100.0 * ifnull(c5xx, 0) / max(requests, 1))
  || '</div>
<h2>Requests and error rate per ' || replace(ifnull(@bucket, '1 hour'), '<', '&lt;') || '</h2>
<p class="legend"><span style="background:#7aa6d8"></span>other<span style="background:#f0a040"></span>4xx<span style="background:#d33a4a"></span>5xx<span style="background:#1d2430;height:2px"></span>error rate (right scale)</p>
' || ifnull((SELECT svg FROM chart), '<p>No requests.</p>') || '
<h2>Status mix</h2>
<table><tr><th>Status</th><th>Reason</th><th>Class</th><th class="n">Requests</th><th class="n">Share</th></tr>'
  || ifnull((SELECT html FROM status_rows), '') || '</table>
<h2>Top 404 paths</h2>
<table><tr><th>Path</th><th class="n">Requests</th></tr>' || ifnull((SELECT html FROM top_404), '') || '</table>
<h2>Top 5xx paths</h2>
<table><tr><th>Path</th><th>Statuses</th><th class="n">Requests</th></tr>' || ifnull((SELECT html FROM top_5xx), '') || '</table>
<h2>Slowest endpoints (seconds)</h2>
<table><tr><th>Method</th><th>Endpoint</th><th class="n">Requests</th><th class="n">Median</th><th class="n">p95</th><th class="n">Slowest</th></tr>'
  || ifnull((SELECT html FROM slowest), '') || '</table>
<h2>Bots and people</h2>
<table><tr><th>Kind</th><th>Family</th><th class="n">Requests</th><th class="n">Share</th><th class="n">Errors</th></tr>'
  || ifnull((SELECT html FROM clients), '') || '</table>
<p class="meta">Made by sql/examples/html_report.sql with the http_status SQLite extension.</p>
</body>
</html>'
FROM summary;
