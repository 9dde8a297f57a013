#!/usr/bin/env bash
# The SDK as a third party gets it: install it from this build (--component sdk
# alone), build the installed template out of tree against the installed copy,
# check that it exports only its two entry points, and run the installed
# standalone harness on it (no server, database or licence).
#   template-test.sh <build dir>
set -euo pipefail
build=$1
work=$(mktemp -d /tmp/polytomic-sdk-template.XXXXXX)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --component sdk --prefix "$work/sdk" >/dev/null
harness=$work/sdk/bin/polytomic-connector-test
[ -x "$harness" ] || { echo "the SDK did not install bin/polytomic-connector-test" >&2; exit 1; }
[ -f "$work/sdk/share/polytomic-sdk/template/CMakeLists.txt" ] || { echo "the SDK did not install the template" >&2; exit 1; }
cp -r "$work/sdk/share/polytomic-sdk/template" "$work/connector"
cmake -S "$work/connector" -B "$work/connector/build" -DCMAKE_PREFIX_PATH="$work/sdk" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/connector/build" >/dev/null
plugin=$work/connector/build/example_connector.so

# Only the entry points: no weak libstdc++ symbols the host could bind to.
exported=$(nm -D --defined-only "$plugin" | awk '{print $NF}' | sort | tr '\n' ' ')
if [ "$exported" != "polytomic_connector_manifest polytomic_connector_open " ]; then
	echo "the template exports more than its two entry points: $exported" >&2
	exit 1
fi
# Native libraries of its own are looked for in example_jsonl/ beside it.
readelf -d "$plugin" | grep -q 'R.*PATH.*\$ORIGIN/example_jsonl' || { echo "the template has no \$ORIGIN/example_jsonl run path" >&2; exit 1; }

mkdir -p "$work/data"
for i in $(seq 1 40); do
	printf '{"id": %d, "name": "row %d", "score": %d.5, "active": %s, "tags": ["t%d"]}\n' "$i" "$i" "$i" \
		"$([ $((i % 2)) -eq 0 ] && echo true || echo false)" "$i"
done >"$work/data/people.jsonl"
printf '{"directory": "%s"}\n' "$work/data" >"$work/config.json"

# A clean environment: nothing of a server's configuration is needed.
env -i PATH="$PATH" HOME="$work" "$harness" "$plugin" --config "$work/config.json" --object people --strict

# The same template with a snapshot that keeps what it was not given (it loads the old
# records like an upsert) must fail: that once passed every check.
cp -r "$work/sdk/share/polytomic-sdk/template" "$work/keeping"
grep -q 'if (_mode == POLYTOMIC_MODE_SNAPSHOT) return;' "$work/keeping/src/JsonLinesConnector.cpp"
sed -i '/if (_mode == POLYTOMIC_MODE_SNAPSHOT) return;/d' "$work/keeping/src/JsonLinesConnector.cpp"
cmake -S "$work/keeping" -B "$work/keeping/build" -DCMAKE_PREFIX_PATH="$work/sdk" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/keeping/build" >/dev/null
if output=$("$harness" "$work/keeping/build/example_connector.so" --config "$work/config.json" --object people); then
	echo "a snapshot that never deletes passed the harness:" >&2
	echo "$output" >&2
	exit 1
fi
echo "$output" | grep -F 'FAIL  write snapshot removes the records it was not given: a snapshot of 10 records left 20 rows'
