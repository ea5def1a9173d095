"""Writes the sample logs the reports in sql/examples/ are tested against.

    python3 tests/examples/make_sample_logs.py tests/logs

tests/logs/sample_reports.log       nginx, six hours of a small site, in the
                                    format sql/examples/README names "main
                                    with request_time":
  log_format main '$remote_addr - $remote_user [$time_local] "$request" '
                  '$status $body_bytes_sent "$http_referer" '
                  '"$http_user_agent" $request_time';
tests/logs/sample_combined.log      the same requests in nginx's default
                                    combined format, for the README's demo
                                    (a format access_log() detects alone)
tests/logs/sample_reports_iis.log   IIS W3C, the same morning on Windows,
                                    with sub-statuses and time-taken

The output is a fixed function of the seed: the files are committed, and
the expected outputs in tests/examples/expected/ were made from them. Run
this again only to change the samples, then regenerate the expectations
(tests/examples/run_report.sh --update).
"""
import random
import sys
from datetime import datetime, timedelta, timezone

rng = random.Random(20261125)
START = datetime(2026, 11, 25, 8, 0, 0, tzinfo=timezone.utc)

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
]
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
]
SCRIPTS = ["curl/8.5.0", "python-requests/2.32.3", "Go-http-client/1.1", "Wget/1.21.4"]

# (path, method, weight, typical seconds)
PAGES = [
    ("/", "GET", 20, 0.02), ("/products", "GET", 10, 0.05),
    ("/products/42", "GET", 8, 0.04), ("/static/app.js", "GET", 15, 0.003),
    ("/static/style.css", "GET", 12, 0.002), ("/api/items", "GET", 10, 0.08),
    ("/api/items", "POST", 4, 0.15), ("/api/search?q=shoes", "GET", 6, 0.35),
    ("/api/search?q=red+hat", "GET", 3, 0.40), ("/api/report/monthly", "GET", 2, 1.8),
    ("/login", "POST", 4, 0.12), ("/checkout", "POST", 3, 0.6),
]
MISSING = ["/wp-login.php", "/favicon.ico", "/.env", "/old-catalog.html",
           "/products/9999", "/wp-login.php", "/favicon.ico", "/.env", "/wp-login.php"]


def pick_weighted(items):
    return rng.choices(items, weights=[i[2] for i in items])[0]


def nginx_lines():
    lines = []
    for minute in range(6 * 60):
        t0 = START + timedelta(minutes=minute)
        hour = 8 + minute // 60
        # 11:20-11:26: the backend falls over; a burst of 502/503/504.
        outage = hour == 11 and 20 <= minute % 60 < 27
        busy = 3 if hour in (9, 10, 11) else 2
        if outage:
            busy = 6  # clients retry
        for _ in range(rng.randint(busy - 1, busy + 1)):
            t = t0 + timedelta(seconds=rng.randrange(60))
            kind = rng.random()
            if kind < 0.70:
                ua = rng.choice(BROWSERS)
            elif kind < 0.88:
                ua = rng.choice(BOTS)
            elif kind < 0.97:
                ua = rng.choice(SCRIPTS)
            else:
                ua = None
            path, method, _, typical = pick_weighted(PAGES)
            seconds = round(typical * rng.uniform(0.5, 2.0), 3)
            status, size = 200, rng.randint(200, 40000)
            r = rng.random()
            if outage and not path.startswith("/static") and r < 0.85:
                status, size, seconds = rng.choice([502, 502, 503, 504]), 166, round(rng.uniform(0.5, 30.0), 3)
            elif r < 0.06:
                path, method, status, size = rng.choice(MISSING), "GET", 404, 153
                seconds = round(rng.uniform(0.001, 0.01), 3)
            elif r < 0.08 and method == "POST":
                status, size = rng.choice([400, 401, 403, 422]), 96
            elif 0.08 <= r < 0.085:
                status, size = 500, 180
            elif r < 0.11 and method == "GET":
                status, size = 304, 0
            elif method == "POST" and path == "/api/items":
                status = 201
            elif path == "/login":
                status, size = 302, 0
            user = "alice" if path in ("/checkout",) and status < 400 else "-"
            referer = "https://shop.example.com/" if ua in BROWSERS and rng.random() < 0.5 else "-"
            lines.append((t, '%s - %s [%s] "%s %s HTTP/1.1" %d %d "%s" "%s" %.3f' % (
                "198.51.100.%d" % rng.randint(1, 60) if ua in BROWSERS else "203.0.113.%d" % rng.randint(1, 20),
                user, t.strftime("%d/%b/%Y:%H:%M:%S +0000"), method, path, status, size,
                referer, ua if ua is not None else "-", seconds)))
    lines.sort(key=lambda x: x[0])
    return [l for _, l in lines]


# (stem, query, status, substatus, win32, weight)
IIS = [
    ("/default.aspx", "-", 200, 0, 0, 40), ("/orders/list.aspx", "page=2", 200, 0, 0, 15),
    ("/orders/list.aspx", "-", 401, 2, 5, 12), ("/orders/list.aspx", "-", 401, 1, 1326, 3),
    ("/images/", "-", 403, 14, 0, 4), ("/admin/", "-", 403, 4, 5, 2),
    ("/missing.aspx", "-", 404, 0, 2, 8), ("/web.config", "-", 404, 7, 0, 2),
    ("/app/setup.exe", "-", 404, 3, 50, 1), ("/reports/run.aspx", "year=2026", 500, 19, 13, 3),
    ("/api/quote", "-", 502, 3, 12002, 4), ("/api/quote", "-", 503, 0, 0, 2),
    ("/api/quote", "-", 200, 0, 0, 10),
]


def iis_lines():
    out = ["#Software: Microsoft Internet Information Services 10.0",
           "#Version: 1.0",
           "#Date: 2026-11-25 08:00:00",
           "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username "
           "c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken"]
    t = START
    for _ in range(240):
        t += timedelta(seconds=rng.randint(5, 120))
        stem, query, status, sub, win32, _w = rng.choices(IIS, weights=[i[5] for i in IIS])[0]
        ua = rng.choice(BROWSERS[:2] + BOTS[:1]).replace(" ", "+")
        user = "CONTOSO\\alice" if status == 200 and stem.startswith("/orders") else "-"
        taken = rng.randint(1, 40) if status != 502 else rng.randint(20000, 30000)
        out.append("%s %s 10.0.0.5 GET %s %s 443 %s 192.0.2.%d %s %d %d %d %d" % (
            t.strftime("%Y-%m-%d"), t.strftime("%H:%M:%S"), stem, query, user,
            rng.randint(1, 30), ua, status, sub, win32, taken))
    return out


def main():
    folder = sys.argv[1]
    lines = nginx_lines()
    with open(folder + "/sample_reports.log", "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    # combined is main without its last field, $request_time
    with open(folder + "/sample_combined.log", "w", newline="\n") as f:
        f.write("\n".join(line.rsplit(" ", 1)[0] for line in lines) + "\n")
    with open(folder + "/sample_reports_iis.log", "w", newline="\r\n") as f:
        f.write("\n".join(iis_lines()) + "\n")


main()
