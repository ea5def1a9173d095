#!/usr/bin/env bash
# tests/hardening.sh: everything that tests the extension against faults
# rather than happy paths, as CI runs it. From the repository root or
# anywhere:
#
#   tests/hardening.sh            all parts, about 10 minutes on 2 cores
#   tests/hardening.sh asan fuzz  only those parts (any of: asan valgrind
#                                 tsan fuzz static)
#   FUZZ_SECONDS=600 tests/hardening.sh fuzz   fuzz longer
#
# Parts, each in its own build directory:
#   asan      the whole test suite built with -Db_sanitize=address,undefined
#             (build-asan); programs that load the module (sqlite3 shell,
#             Python, Node) run with the ASan runtime preloaded
#   valgrind  the C test programs under valgrind --leak-check=full (build-hard)
#   tsan      tests/test_threads.c under ThreadSanitizer (clang, build-tsan)
#   fuzz      each libFuzzer harness in tests/fuzz for FUZZ_SECONDS (build-fuzz)
#   static    cppcheck and clang-tidy over src/ and ext/
#
# Prints each command before it runs it; runs every part even after one
# fails, then exits non-zero if any did.
#
# Needs (Debian 12): meson ninja-build gcc clang libclang-rt-14-dev valgrind
# cppcheck clang-tidy libsqlite3-dev libcmocka-dev zlib1g-dev sqlite3.
set -uo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS=${FUZZ_SECONDS:-45}
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(asan valgrind tsan fuzz static)

failed=()
part_start=0

section() {
	echo
	echo "=== hardening: $*"
	part_start=$SECONDS
}

# Runs a command, echoing it first; records a failure under the part's name.
run() {
	echo "+ $*"
	"$@" || { echo "!!! failed ($?): $*"; failed+=("$current: $*"); return 1; }
}

took() {
	echo "--- $current took $((SECONDS - part_start)) s"
}

# meson setup, or reconfigure an existing directory with the same options.
setup() {
	local dir=$1
	shift
	if [ -f "$dir/build.ninja" ]; then
		run meson setup --reconfigure "$dir" "$@" >/dev/null
	else
		run meson setup "$dir" "$@" >/dev/null
	fi
}

# The names of the tests in a build directory, minus those given.
tests_except() {
	local dir=$1
	shift
	meson test -C "$dir" --list 2>/dev/null | sed -n 's/^[^ ]* \/ //p' |
		grep -vxF -f <(printf '%s\n' "$@")
}

part_asan() {
	current=asan
	section "the test suite under AddressSanitizer and UndefinedBehaviorSanitizer (build-asan)"
	setup build-asan -Db_sanitize=address,undefined -Db_lundef=false || return
	run meson compile -C build-asan || return
	export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
	# The C test programs are built with the sanitizers: every leak counts.
	ASAN_OPTIONS=detect_leaks=1 run meson test -C build-asan --no-rebuild \
		--suite unit --print-errorlogs
	# The rest load the module into programs built without them (sqlite3,
	# python3, node, the examples' shell scripts), so the runtime is
	# preloaded, and leaks are not checked: they would be those programs'.
	# Left out, each for its reason:
	#   access log from a real nginx, plain sql loads into postgresql:
	#     they start a server, which hangs with the ASan runtime preloaded;
	#     the module's part of the nginx test is the access_log tests' too
	#   install: it links the installed static libraries with plain cc, which
	#     has no sanitizer runtime to satisfy their instrumentation
	local rest
	mapfile -t rest < <(tests_except build-asan \
		'access log from a real nginx' 'plain sql loads into postgresql' 'install' |
		grep -vxF -f <(meson test -C build-asan --list --suite unit 2>/dev/null |
			sed -n 's/^[^ ]* \/ //p'))
	local preload
	preload="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
	LD_PRELOAD="$preload" ASAN_OPTIONS=detect_leaks=0 run meson test -C build-asan \
		--no-rebuild --print-errorlogs "${rest[@]}"
	unset UBSAN_OPTIONS
	took
}

part_valgrind() {
	current=valgrind
	section "the C test programs under valgrind (build-hard)"
	setup build-hard || return
	run meson compile -C build-hard || return
	# The unit suite holds every C test program; the other suites are shell
	# scripts around sqlite3 or another client, where valgrind would check
	# bash. The benchmarks are left out: valgrind on them is only slow.
	# test_oom runs its workload some 4000 times: hence the longer timeout.
	run meson test -C build-hard --no-rebuild --suite unit --print-errorlogs \
		--timeout-multiplier 10 \
		--wrap='valgrind --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,possible'
	took
}

part_tsan() {
	current=tsan
	section "the threads test under ThreadSanitizer (clang, build-tsan)"
	CC=clang setup build-tsan -Db_sanitize=thread -Db_lundef=false || return
	run meson compile -C build-tsan tests/test_threads || return
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
		run meson test -C build-tsan --no-rebuild --print-errorlogs threads
	took
}

part_fuzz() {
	current=fuzz
	section "each fuzzer for ${FUZZ_SECONDS} s (clang, libFuzzer, build-fuzz)"
	CC=clang setup build-fuzz -Dfuzzing=true || return
	run meson compile -C build-fuzz || return
	mkdir -p build-fuzz/artifacts build-fuzz/corpus
	local fuzzer name stats=build-fuzz/fuzz-stats.txt
	for fuzzer in build-fuzz/tests/fuzz/fuzz_*; do
		[ -x "$fuzzer" ] && [ -f "$fuzzer" ] || continue
		name=${fuzzer##*/fuzz_}
		mkdir -p "build-fuzz/corpus/$name"
		# New inputs go to build-fuzz/corpus/<name>; the committed seeds
		# are read only. A crash leaves its input in build-fuzz/artifacts.
		run "$fuzzer" -max_total_time="$FUZZ_SECONDS" -timeout=10 \
			-rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix="build-fuzz/artifacts/$name-" \
			"build-fuzz/corpus/$name" "tests/fuzz/corpus/$name" \
			2>"build-fuzz/fuzz_$name.log"
		local rc=$?
		grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' \
			"build-fuzz/fuzz_$name.log"
		local runs
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "build-fuzz/fuzz_$name.log")
		echo "$(date -u +%FT%TZ) fuzz_$name ${FUZZ_SECONDS}s ${runs:-?} runs rc=$rc" >>"$stats"
		if [ $rc -ne 0 ]; then
			tail -n 60 "build-fuzz/fuzz_$name.log"
		fi
	done
	took
}

part_static() {
	current=static
	section "cppcheck and clang-tidy over src/ and ext/"
	# unusedFunction is left out: a library's API is used by its callers.
	run cppcheck --std=c11 --enable=warning,style,performance,portability \
		--inline-suppr --error-exitcode=1 --suppress=missingIncludeSystem \
		--quiet -I src -I ext src ext
	# clang-tidy reads the compile commands of build-hard. Checks left out,
	# each for its reason:
	#   insecureAPI.DeprecatedOrUnsafeBufferHandling: asks for C11 Annex K
	#     (memcpy_s, snprintf_s), which glibc does not have
	#   easily-swappable-parameters: an API style opinion, not a bug
	#   implicit-widening-of-multiplication-result: flags products of small
	#     int constants such as AL_LINE_MAX (1024 * 1024)
	#   narrowing-conversions: flags ASCII arithmetic on char whose results
	#     always fit
	#   branch-clone: style
	#   not-null-terminated-result: flags memcpy into length-counted buffers
	#     that are never C strings (the JSON and decode scratch buffers)
	# A suppression for one line stands on that line, with its reason.
	setup build-hard || return
	local checks='-*,clang-analyzer-*,-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling'
	checks+=',bugprone-*,-bugprone-easily-swappable-parameters'
	checks+=',-bugprone-implicit-widening-of-multiplication-result'
	checks+=',-bugprone-narrowing-conversions,-bugprone-branch-clone'
	checks+=',-bugprone-not-null-terminated-result,performance-*,portability-*'
	run clang-tidy -p build-hard --quiet --checks="$checks" --warnings-as-errors='*' \
		src/*.c src/analysis/*.c ext/*.c
	took
}

for part in "${parts[@]}"; do
	case $part in
	asan | valgrind | tsan | fuzz | static) "part_$part" ;;
	*) echo "tests/hardening.sh: unknown part '$part'" >&2; exit 2 ;;
	esac
done

# Each part that recorded a failure counts once.
failed_parts=0
for part in "${parts[@]}"; do
	printf '%s\n' "${failed[@]}" | grep -q "^$part: " && failed_parts=$((failed_parts + 1))
done
echo
if [ ${#failed[@]} -gt 0 ]; then
	echo "=== hardening: what failed"
	printf '  %s\n' "${failed[@]}"
fi
echo "hardening: $((${#parts[@]} - failed_parts)) passed, $failed_parts failed (in $SECONDS s)"
[ ${#failed[@]} -eq 0 ]
