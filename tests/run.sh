#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, starts its own
# PostgreSQL and Redis (plain and TLS) on free ports in a temporary folder, runs
# every test suite through ctest, then runs each fuzz target of tests/fuzz for
# FUZZ_SECONDS (default 20; 0 skips them) on its corpus, then builds and runs the
# container image (docker/test-image.sh; SKIP_IMAGE_TEST=1 skips it), stops what it
# started, and exits non-zero on any failure. .ci/run calls exactly this.
# SANITIZE=asan or tsan (opt-in; too long for CI's 90 minutes beside the rest) also
# runs tests/sanitize.sh after the suites.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}

"$root/docker/install-deps.sh" test
# The official Polytomic SDK and what checks its types, at the versions of the committed lock file.
npm ci --prefix "$root/tests/compat" --no-audit --no-fund --loglevel=error
# The Kubernetes and Compose schemas the Manifests suite checks docker/ against.
npm ci --prefix "$root/tests/image" --no-audit --no-fund --loglevel=error
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

# Opt-in: SANITIZE=asan or tsan runs the suites again under that sanitizer, in a build folder
# of its own with its own PostgreSQL and Redis (tests/sanitize.sh); a report fails the run.
case "${SANITIZE:-}" in
	'') ;;
	asan | tsan) "$root/tests/sanitize.sh" "$SANITIZE" || status=1 ;;
	*) echo "SANITIZE=$SANITIZE: use asan or tsan" >&2; status=1 ;;
esac

# The container image builds meanwhile, beside the fuzzers (which run for
# a fixed time whatever the load; the suites' timing is left alone), and is checked last.
image=localhost/polytomic-onprem:ci-$$
if [ -z "${SKIP_IMAGE_TEST:-}" ] || [ "${SKIP_IMAGE_TEST}" = 0 ]; then
	IMAGE_BUILD_ONLY=$image "$root/docker/test-image.sh" >"$work/image-build.log" 2>&1 &
	image_build=$!
fi

# The fuzzers build separately with clang (build-fuzz); a crash fails the run like a test.
if [ "${FUZZ_SECONDS:-20}" -gt 0 ]; then
	BUILD_DIR=${FUZZ_BUILD_DIR:-$root/build-fuzz} "$root/tests/fuzz/run.sh" "${FUZZ_SECONDS:-20}" || status=1
fi

# The container image, built from this checkout and run against the test PostgreSQL; last, so
# that its summary (or that it was skipped) ends the run's output.
if [ -n "${image_build:-}" ]; then
	image_status=0
	wait "$image_build" || image_status=$?
	cat "$work/image-build.log"
	if [ "$image_status" -eq 0 ]; then
		IMAGE_TEST_USE=$image IMAGE_BUILT=$(sed -n "s/^image test: built [^ ]*: //p" "$work/image-build.log") \
			"$root/docker/test-image.sh" || status=1
		podman rmi -f "$image" >/dev/null 2>&1 || true
	else
		echo "0 passed, 1 failed"
		status=1
	fi
else
	"$root/docker/test-image.sh" || status=1
fi
exit "$status"
