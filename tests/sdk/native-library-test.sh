#!/usr/bin/env bash
# A plugin brings its own native library in <id>/ beside it, found through
# $ORIGIN: built against the installed SDK, moved into a plugin folder of its
# own, loaded by the installed harness's probe; without the folder it is
# refused with a message that says where the library belongs.
#   native-library-test.sh <build dir> <source dir>
set -euo pipefail
build=$1 source=$2
work=$(mktemp -d /tmp/polytomic-sdk-native.XXXXXX)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --component sdk --prefix "$work/sdk" >/dev/null
cp -r "$source/tests/sdk/native" "$work/project"
cmake -S "$work/project" -B "$work/project/build" -DCMAKE_PREFIX_PATH="$work/sdk" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/project/build" >/dev/null
mkdir -p "$work/plugins/greeting_test"
cp "$work/project/build/native_connector.so" "$work/plugins/"
cp "$work/project/build/libgreeting.so" "$work/plugins/greeting_test/"
rm -rf "$work/project/build"
harness=$work/sdk/bin/polytomic-connector-test

loaded=$("$harness" plugins probe "$work/plugins/native_connector.so")
case $loaded in
	*'"id":"greeting_test"'*) ;;
	*) echo "the plugin with its library in greeting_test/ did not load: $loaded" >&2; exit 1 ;;
esac

rm -rf "$work/plugins/greeting_test"
refused=$("$harness" plugins probe "$work/plugins/native_connector.so" || true)
case $refused in
	*'libgreeting.so: cannot open shared object file'*'beside the plugin'*) ;;
	*) echo "without greeting_test/ the refusal does not say where the library belongs: $refused" >&2; exit 1 ;;
esac
echo "loaded with greeting_test/libgreeting.so; without it: $refused"
