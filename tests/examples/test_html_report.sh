#!/bin/bash
# sql/examples/html_report.sql as a user runs it, then the page in Debian's
# headless Chromium: the page must be self-contained (no script, nothing
# fetched), log no console message, show its parts, and its screenshot must
# not be blank. Without chromium the test is skipped (exit 77), except under
# CI=true, where it fails.
# usage: test_html_report.sh MODULE REPORT.sql LOG FORMAT OUT_DIR
#   OUT_DIR gets report.html and report.png (the README's screenshot is a
#   copy of report.png: cp OUT_DIR/report.png sql/examples/html_report.png)
set -u
module=$1 report=$2 log=$3 format=$4 out=$5
fail() { echo "FAIL html_report: $*"; exit 1; }

mkdir -p "$out" || exit 1
html=$out/report.html png=$out/report.png
set -- -cmd ".load $module" -cmd ".parameter set @log '$log'"
[ -n "$format" ] && set -- "$@" -cmd ".parameter set @format '$format'"
sqlite3 "$@" :memory: < "$report" > "$html" || fail "sqlite3 exited with $?"
head -c 15 "$html" | grep -qx '<!DOCTYPE html>' || fail "the output does not start with <!DOCTYPE html>"
tail -n 1 "$html" | grep -qx '</html>' || fail "the output does not end with </html>"
if grep -Eio '<script|(src|href)=|@import|url\(' "$html"; then
	fail "the page refers to something outside itself (above)"
fi
echo "ok   html_report.sql wrote a self-contained page ($(wc -c < "$html") bytes)"

chromium=$(command -v chromium || command -v chromium-browser)
if [ -z "$chromium" ]; then
	[ -n "${CI:-}" ] && fail "chromium is not installed (apt-get install chromium)"
	echo "SKIP chromium is not installed (apt-get install chromium)"
	exit 77
fi
profile=$(mktemp -d) || exit 1
trap 'rm -rf "$profile"' EXIT
# Chromium does not load the module: the sanitizer runtime that
# tests/hardening.sh preloads for the sqlite3 shell is kept away from it.
browse() {
	env -u LD_PRELOAD timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update --disable-sync \
		--no-first-run --user-data-dir="$profile" --enable-logging=stderr --v=0 \
		--hide-scrollbars --window-size=1100,2200 "$@" "file://$(realpath "$html")"
}
browse --dump-dom > "$out/dom.html" 2> "$out/chromium.log" || fail "chromium --dump-dom failed: $(tail -n 5 "$out/chromium.log")"
if grep 'CONSOLE' "$out/chromium.log"; then
	fail "the page logged to the console (above)"
fi
for part in '<svg' 'Status mix' 'Not Found' 'Top 404 paths' 'Top 5xx paths' 'Slowest endpoints' 'Bots and people' 'Googlebot'; do
	grep -q "$part" "$out/dom.html" || fail "the rendered page has no '$part'"
done
rm -f "$png"
browse --screenshot="$png" >> "$out/chromium.log" 2>&1 || fail "chromium --screenshot failed"
[ -s "$png" ] || fail "no screenshot"
/usr/bin/python3 - "$png" <<'PY' || fail "the screenshot looks blank"
# Decodes the PNG (8-bit RGB or RGBA, as Chromium writes it) and counts the
# pixels that are not the background and the colours used.
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n'
pos, idat = 8, b''
while pos < len(data):
    length, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b'IHDR':
        width, height, depth, colour = struct.unpack('>IIBB', body[:10])
    elif kind == b'IDAT':
        idat += body
    pos += 12 + length
assert depth == 8 and colour in (2, 6), (depth, colour)
bpp = 4 if colour == 6 else 3
raw, stride = zlib.decompress(idat), width * bpp
rows, prev, i = [], bytearray(stride), 0
for _ in range(height):
    f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b, c = prev[x], prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(bytes(line)); prev = line
pixels = [r[x:x + 3] for r in rows[::4] for x in range(0, stride, bpp * 4)]
background = max(set(pixels), key=pixels.count)
ink = sum(p != background for p in pixels) / len(pixels)
colours = len(set(pixels))
print(f'ok   screenshot {width}x{height}: {ink:.1%} of the page is not background, {colours} colours')
sys.exit(0 if ink > 0.03 and colours > 8 else 1)
PY
