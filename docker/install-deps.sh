#!/usr/bin/env bash
# Installs the Debian 12 packages Polytomic needs, skipping what is already there.
#   docker/install-deps.sh build     compilers and -dev libraries (the image's build stage)
#   docker/install-deps.sh runtime   shared libraries only (the image's run stage)
#   docker/install-deps.sh local     build + a PostgreSQL and Redis server to run it on this machine
#   docker/install-deps.sh test      build + the servers and tools the test suites start
set -euo pipefail

build=(g++ make cmake pkg-config ccache libpoco-dev libcppunit-dev libpq-dev libssl-dev)
# usr-is-merged: a base without it (mmdebstrap's minbase) would otherwise get usrmerge, and Perl with it.
runtime=(usr-is-merged ca-certificates curl libpq5 libssl3 libpocofoundation80 libpoconet80 libpoconetssl80 libpocoutil80
	libpocojson80 libpococrypto80 libpocojwt80 libpocoredis80 libpocoxml80)
servers=(postgresql redis-server openssl)
tools=(curl jq procps iproute2 ca-certificates)
# promtool, which checks the /metrics exposition in the tests; clang and libFuzzer for tests/fuzz;
# what docker/test-image.sh builds and runs the image with (no Docker engine), and reads the
# Compose file with (tests/image); the headless browser (and a font) that tests/ui drives
test_tools=(prometheus clang-14 libclang-rt-14-dev podman runc mmdebstrap podman-compose chromium fonts-liberation)

case "${1:-}" in
	build) wanted=("${build[@]}") ;;
	runtime) wanted=("${runtime[@]}") ;;
	local) wanted=("${build[@]}" "${servers[@]}" "${tools[@]}") ;;
	test) wanted=("${build[@]}" "${servers[@]}" "${tools[@]}" "${test_tools[@]}") ;;
	*) echo "usage: $0 build|runtime|local|test" >&2; exit 64 ;;
esac

missing=()
for p in "${wanted[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Node.js and npm build the web UI and the API reference page (kernel/web, npm ci) and run the SDK
# compatibility suite (tests/compat) and the browser tests (tests/ui); any Node 18+ on the PATH will do.
if [ "${1:-}" != runtime ] && ! { command -v node && command -v npm; } >/dev/null; then
	missing+=(nodejs npm)
fi
# kubectl renders docker/kubernetes (kubectl kustomize): Debian's kubernetes-client, unless a
# kubectl is already installed (another vendor's package of it conflicts with Debian's).
if [ "${1:-}" = test ] && ! command -v kubectl >/dev/null; then
	missing+=(kubernetes-client)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "missing Debian packages: ${missing[*]}; run this as root (or install them with apt-get)" >&2
	exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
