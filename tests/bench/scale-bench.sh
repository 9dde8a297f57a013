#!/usr/bin/env bash
# Scale-out benchmark: figures, not pass/fail (see scale-bench.mjs for what it measures).
#   bash tests/bench/scale-bench.sh [syncs] [bulk rows] [model rows]     (run it after a build; BUILD_DIR=... for another)
# Starts its own PostgreSQL (tests/services.sh), then runs scale-bench.mjs with the test
# build's server (polytomic-test-license, which accepts a deployment key for more than the
# 5 active syncs of evaluation mode). SYNC_CONCURRENCY and SYNC_LEASE_SECONDS pass through.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${BUILD_DIR:-$root/build}
server=$build/tests/kernel/license/polytomic-test-license
[ -x "$server" ] && [ -f "$build/plugins/postgres.so" ] || { echo "build first (with -DPOLYTOMIC_BUILD_TESTS=ON): bash tests/run.sh" >&2; exit 1; }
work=$(mktemp -d /tmp/polytomic-scale-bench.XXXXXX)
source "$root/tests/services.sh"
cleanup() { stop_test_services "$work"; rm -rf "$work"; }
trap cleanup EXIT
start_test_services "$work"
POLYTOMIC_BIN=$server POLYTOMIC_LICENSE_TOOL=$build/kernel/license/polytomic-license POLYTOMIC_SOURCE_DIR=$root \
	POLYTOMIC_PLUGIN_DIR=$build/plugins POLYTOMIC_WEB_DIR=$build/web node "$root/tests/bench/scale-bench.mjs" "$@"
