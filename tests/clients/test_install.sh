#!/bin/sh
# `meson install --destdir` into a temporary directory: the module, the
# static libraries, the headers and http_status.pc land where they should,
# pkg-config answers from there, a C program builds against the installed
# files alone, and the installed module loads in the sqlite3 shell.
# usage: test_install.sh BUILDDIR VERSION embed_example.c   (CC: the compiler)
set -u
builddir=$1 version=$2 example=$3
: "${CC:=cc}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

ok() { printf 'ok   %s\n' "$1"; }
fail() {
	printf 'FAIL %s\n' "$1"
	[ $# -gt 1 ] && printf '%s\n' "$2"
	failures=$((failures + 1))
}

out=$(meson install -C "$builddir" --destdir "$tmp/root" --no-rebuild 2>&1) ||
	{ printf 'FAIL meson install\n%s\n' "$out"; exit 1; }

# Where this build installs: prefix, libdir, includedir, the module's dir.
dirs=$(meson introspect "$builddir" --buildoptions | python3 -c '
import json, os, sys
o = {x["name"]: x["value"] for x in json.load(sys.stdin)}
def under(d): return os.path.join(o["prefix"], d)
ext = o["sqlite_extension_dir"] or os.path.join(o["libdir"], "sqlite3")
print(under(o["libdir"]), under(o["includedir"]), under(ext))') ||
	{ echo 'FAIL cannot read the build options'; exit 1; }
set -- $dirs
libdir=$tmp/root$1 includedir=$tmp/root$2 extdir=$tmp/root$3

for f in "$extdir/http_status.so" \
	"$libdir/libhttp_status_sqlite.a" "$libdir/libhttp_status_core.a" \
	"$includedir/http_status/sqlite3_http_status.h" \
	"$includedir/http_status/http_status.h" \
	"$libdir/pkgconfig/http_status.pc"; do
	if [ -f "$f" ]; then ok "installed ${f#"$tmp/root"}"; else fail "missing ${f#"$tmp/root"}"; fi
done

# The module exports its two entry points and nothing else of its own.
exports=$(nm -D --defined-only "$extdir/http_status.so" | awk '$2 == "T" { print $3 }' | sort | tr '\n' ' ')
if [ "$exports" = 'sqlite3_httpstatus_init sqlite3_httpstatus_nofile_init ' ]; then
	ok 'the module exports the two entry points only'
else
	fail 'the module exports other symbols' "$exports"
fi

# It does not link libsqlite3: it calls SQLite through the pointers the
# loading program hands it, so it works in a program with its own SQLite
# (Python's, better-sqlite3's) without bringing in a second one.
needed=$(readelf -d "$extdir/http_status.so" | awk '/NEEDED/ { print $NF }' | tr '\n' ' ')
case $needed in
*sqlite*) fail 'the module links libsqlite3' "$needed" ;;
*) ok "the module does not link libsqlite3 (needs: $needed)" ;;
esac

# pkg-config from the staged tree: PKG_CONFIG_SYSROOT_DIR puts $tmp/root in
# front of the -I and -L paths, as a packager's sysroot would.
export PKG_CONFIG_PATH="$libdir/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$tmp/root"
if [ "$(pkg-config --modversion http_status 2>&1)" = "$version" ]; then
	ok "pkg-config --modversion http_status is $version"
else
	fail 'pkg-config --modversion http_status' "$(pkg-config --modversion http_status 2>&1)"
fi
flags=$(pkg-config --cflags --libs http_status 2>&1) || { fail 'pkg-config --cflags --libs http_status' "$flags"; flags=; }
missing=
for want in "-I$includedir/http_status" "-L$libdir" -lhttp_status_sqlite -lhttp_status_core -lsqlite3; do
	case " $flags " in *" $want "*) ;; *) missing="$missing $want" ;; esac
done
if [ -n "$flags" ] && [ -z "$missing" ]; then
	ok "pkg-config --cflags --libs: $flags"
else
	fail "pkg-config --cflags --libs lacks$missing" "$flags"
fi

# A C program built with those flags and nothing from the build tree.
# shellcheck disable=SC2086
if out=$($CC -o "$tmp/embed_example" "$example" $flags 2>&1); then
	ok 'embed_example.c builds against the installed files'
	if out=$("$tmp/embed_example" 2>&1); then
		ok 'the installed embed_example runs'
	else
		fail 'the installed embed_example runs' "$out"
	fi
else
	fail 'embed_example.c builds against the installed files' "$out"
fi

got=$(sqlite3 -bail -batch :memory: ".load $extdir/http_status" 'SELECT http_reason(404);' 2>&1)
if [ "$got" = 'Not Found' ]; then
	ok 'the installed module loads in the sqlite3 shell'
else
	fail 'the installed module loads in the sqlite3 shell' "$got"
fi

if [ $failures -ne 0 ]; then
	echo "$failures install check(s) failed"
	exit 1
fi
echo 'install: all checks passed'
