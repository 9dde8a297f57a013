#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang-14 into their own build
# folder and runs each for a bounded time on its committed corpus.
#
#   tests/fuzz/run.sh [seconds-per-target] [Name...]     (default 60 s, every target)
#
# New interesting inputs go to a temporary folder, never into the repository
# (FUZZ_KEEP=<dir> keeps them there, to minimise and commit by hand). Exits
# non-zero when any target crashes, leaks, times out or runs out of memory, and
# prints the path of the input that did it; run the target on that file to
# reproduce. BUILD_DIR overrides the build folder (default build-fuzz).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${1:-60}
shift || true
build=${BUILD_DIR:-$root/build-fuzz}
corpus=$root/tests/fuzz/corpus

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
	-DPOLYTOMIC_FUZZ=ON -DPOLYTOMIC_BUILD_TESTS=OFF -DPOLYTOMIC_BUILD_PLUGINS=OFF "${launcher[@]}" >/dev/null
cmake --build "$build" --target fuzzers -j "${FUZZ_JOBS:-$(nproc)}"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for dir in "$corpus"/*/; do targets+=("$(basename "$dir")"); done
fi

work=${FUZZ_KEEP:-$(mktemp -d /tmp/polytomic-fuzz.XXXXXX)}
mkdir -p "$work/crashes"
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
failed=0
for name in "${targets[@]}"; do
	fuzzer=$(find "$build" -name "${name}Fuzzer" -type f -perm -u+x | head -n 1)
	[ -n "$fuzzer" ] || { echo "fuzz: no target ${name}Fuzzer in $build" >&2; failed=1; continue; }
	mkdir -p "$work/$name"
	log=$work/$name.log
	# -timeout: one input taking 10 s is a hang; -rss_limit_mb: one taking 2 GB is a memory defect.
	if "$fuzzer" "$work/$name" "$corpus/$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix="$work/crashes/$name-" >"$log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
		echo "fuzz: $name ok: ${runs:-?} inputs in ${seconds} s (${rate:-?}/s)"
	else
		failed=1
		echo "fuzz: $name FAILED; log $log" >&2
		grep -E '^==[0-9]+==ERROR|^SUMMARY|runtime error|what\(\)|escaped|answered|round trip|accepted|refuses' "$log" | head -n 5 >&2 || true
		sed -n 's/.*Test unit written to /fuzz:   crash input: /p' "$log" >&2
	fi
done
[ -n "${FUZZ_KEEP:-}" ] || [ "$failed" -ne 0 ] || rm -rf "$work"
exit "$failed"
