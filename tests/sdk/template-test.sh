#!/usr/bin/env bash
# The SDK as a third party gets it: install it from this build, build
# sdk/template out of tree against the installed copy, and run the
# conformance harness on the result.
#   template-test.sh <build dir> <polytomic binary> <source dir>
set -euo pipefail
build=$1 polytomic=$2 source=$3
work=$(mktemp -d /tmp/polytomic-sdk-template.XXXXXX)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --component sdk --prefix "$work/sdk" >/dev/null
cp -r "$source/sdk/template" "$work/connector"
cmake -S "$work/connector" -B "$work/connector/build" -DCMAKE_PREFIX_PATH="$work/sdk" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/connector/build" >/dev/null

mkdir -p "$work/data"
for i in $(seq 1 40); do
	printf '{"id": %d, "name": "row %d", "score": %d.5, "active": %s, "tags": ["t%d"]}\n' "$i" "$i" "$i" \
		"$([ $((i % 2)) -eq 0 ] && echo true || echo false)" "$i"
done >"$work/data/people.jsonl"
printf '{"directory": "%s"}\n' "$work/data" >"$work/config.json"

"$polytomic" connector test "$work/connector/build/example_connector.so" --config "$work/config.json" --object people
