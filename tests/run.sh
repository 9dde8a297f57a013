#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, starts its own
# PostgreSQL and Redis (plain and TLS) on free ports in a temporary folder, runs
# every test suite through ctest, stops what it started, then runs each fuzz
# target of tests/fuzz for FUZZ_SECONDS (default 20; 0 skips them) on its
# corpus, and exits non-zero on any failure. .ci/run calls exactly this.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}

"$root/docker/install-deps.sh" test
# The official Polytomic SDK and what checks its types, at the versions of the committed lock file.
npm ci --prefix "$root/tests/compat" --no-audit --no-fund --loglevel=error
# playwright-core (driving Debian's chromium; no browser download) and axe-core for the browser tests.
npm ci --prefix "$root/tests/ui" --ignore-scripts --no-audit --no-fund --loglevel=error
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPOLYTOMIC_BUILD_TESTS=ON
cmake --build "$build" -j "$(nproc)"

work=$(mktemp -d /tmp/polytomic-tests.XXXXXX)
# shellcheck source=tests/services.sh
source "$root/tests/services.sh"
cleanup() {
	stop_test_services "$work"
	rm -rf "$work"
}
trap cleanup EXIT
start_test_services "$work"

# Serial on purpose: the recovery tests stop and start the shared PostgreSQL.
status=0
ctest --test-dir "$build" --output-on-failure || status=$?

# The fuzzers build separately with clang (build-fuzz); a crash fails the run like a test.
if [ "${FUZZ_SECONDS:-20}" -gt 0 ]; then
	BUILD_DIR=${FUZZ_BUILD_DIR:-$root/build-fuzz} "$root/tests/fuzz/run.sh" "${FUZZ_SECONDS:-20}" || status=1
fi
exit "$status"
