#!/usr/bin/env bash
# Builds the server, its plugins and the test suites with sanitizers into a build
# folder of their own, runs the suites against their own PostgreSQL and Redis
# (tests/services.sh), and fails on any failing test or any sanitizer report.
#
#   tests/sanitize.sh asan [ctest -R regex]   AddressSanitizer + UndefinedBehaviorSanitizer, every suite
#   tests/sanitize.sh tsan [ctest -R regex]   ThreadSanitizer, the concurrent suites (HTTP server,
#                                             execution queue, secret box, cache, abuse)
#
# Every process of the run (test runners, servers, executors, plugins loaded in
# them) writes its reports to <build>/sanitizer-reports/report.<pid>; the
# options are compiled in (tests/sanitize/SanitizerOptions.cpp), because the
# tests start servers with an environment of their own. LEAKS=1 turns
# LeakSanitizer on for the test runners. BUILD_DIR overrides the build folder
# (default build-asan or build-tsan).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kind=${1:-}
regex=${2:-}
targets=()
case "$kind" in
	asan) sanitize=address,undefined ;;
	# The suites whose code runs on several threads at once; only what they need is built
	# (a regex picks among them).
	tsan)
		sanitize=thread
		regex=${regex:-'^(Http|Store|Cache|Abuse)$'}
		targets=(--target Http-testrunner Store-testrunner Cache-testrunner Abuse-testrunner) ;;
	*) echo "usage: tests/sanitize.sh asan|tsan [ctest -R regex]" >&2; exit 2 ;;
esac
build=${BUILD_DIR:-$root/build-$kind}

# The Compat suite drives the (sanitized) server through the official SDK, as tests/run.sh does.
[ "$kind" = asan ] && npm ci --prefix "$root/tests/compat" --no-audit --no-fund --loglevel=error

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPOLYTOMIC_BUILD_TESTS=ON \
	-DPOLYTOMIC_SANITIZE="$sanitize" "${launcher[@]}" >/dev/null
cmake --build "$build" "${targets[@]}" -j "${SANITIZE_JOBS:-$(nproc)}"

reports=$build/sanitizer-reports
rm -f "$reports"/report.*
# The slow unwinder for leaks: the fast one stops at the first frame of an uninstrumented
# library (libpq, POCO, built without frame pointers), which hid whose allocation leaked.
[ "${LEAKS:-0}" = 1 ] && export ASAN_OPTIONS="log_path=$reports/report:detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0:malloc_context_size=40"

work=$(mktemp -d /tmp/polytomic-sanitize.XXXXXX)
# shellcheck source=tests/services.sh
source "$root/tests/services.sh"
cleanup() {
	stop_test_services "$work"
	rm -rf "$work"
}
trap cleanup EXIT
start_test_services "$work"

status=0
start=$(date +%s)
ctest --test-dir "$build" --output-on-failure ${regex:+-R "$regex"} || status=$?
echo "sanitize: $kind: ctest took $(( $(date +%s) - start )) s"

shopt -s nullglob
found=("$reports"/report.*)
if [ ${#found[@]} -gt 0 ]; then
	status=1
	echo "sanitize: $kind: ${#found[@]} report(s) in $reports:" >&2
	for report in "${found[@]}"; do
		echo "--- $report" >&2
		grep -m 3 -E 'ERROR: |WARNING: ThreadSanitizer|runtime error|SUMMARY' "$report" >&2 || head -n 5 "$report" >&2
	done
fi
exit "$status"
