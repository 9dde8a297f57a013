#!/usr/bin/env bash
# The container image, built from the checkout and run as an operator would on a Debian 12
# machine without a Docker engine (README.md, Deployment): a bookworm base made from the Debian
# archive with mmdebstrap, the image built with podman from docker/Dockerfile, the container
# run with runc against the test PostgreSQL (password auth) and checked from outside and inside.
#
#   docker/test-image.sh     with the test services started (tests/services.sh), as tests/run.sh does
#
# SKIP_IMAGE_TEST=1 skips it, saying so. IMAGE_CACHE_DIR (default ~/.cache/polytomic-image) keeps
# the base tarball between runs, made anew when older than IMAGE_BASE_MAX_AGE_DAYS (default 7) or
# when its mmdebstrap arguments change; nothing else is needed from an earlier run.
# IMAGE_TEST_KEEP=1 keeps the image, the container and the work folder for a look afterwards;
# IMAGE_TEST_USE=<image> checks that image instead of building one (when working on this script).
# IMAGE_BUILD_ONLY=<tag> only makes the base and builds the image into <tag> (no test service
# needed): tests/run.sh builds it so, at the lowest priority, while the suites run, then checks it
# with IMAGE_TEST_USE=<tag> IMAGE_BUILT="<the build's figures>".
# Prints one line per check, then the figures, and ends with "N passed, N failed".
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ -n "${SKIP_IMAGE_TEST:-}" ] && [ "${SKIP_IMAGE_TEST}" != 0 ]; then
	echo "image test: SKIPPED (SKIP_IMAGE_TEST=$SKIP_IMAGE_TEST): the container image was neither built nor run"
	exit 0
fi
build_only=${IMAGE_BUILD_ONLY:-}
if [ -z "$build_only" ] && [ -z "${POLYTOMIC_TEST_PG_PORT:-}" ]; then
	echo "image test: start the test services first (source tests/services.sh; start_test_services <dir>)" >&2
	exit 2
fi

work=$(mktemp -d /tmp/polytomic-image.XXXXXX)
chmod 755 "$work"
cache=${IMAGE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/polytomic-image}
tag=${IMAGE_TEST_USE:-${build_only:-localhost/polytomic-onprem:test-$$}}
container=polytomic-image-test-$$
role=polytomic_image_$$
databases=("${role}_app" "${role}_src" "${role}_dst")
port=$(source "$root/docker/postgres-helpers.sh"; free_port)
api_key=$(openssl rand -hex 24)
db_password=$(openssl rand -hex 16)
grace=30 # the Deployments' and Compose's grace period
passed=0
failed=0
started=$(date +%s)

# crun fails on these machines (cgroups v1, RLIMIT_NOFILE): runc, and no default ulimits.
export CONTAINERS_CONF=$work/containers.conf
printf '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n' >"$CONTAINERS_CONF"
podman=(nice podman --runtime runc)

since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
pass() { echo "ok   $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1${2:+: $2}"; failed=$((failed + 1)); }
check() { # check <name> <command...>: passes when the command succeeds
	local name=$1
	shift
	if "$@" >>"$work/checks.log" 2>&1; then pass "$name"; else fail "$name" "$(tail -n 2 "$work/checks.log" | tr '\n' ' ')"; fi
}
summary() {
	echo "image test: figures: $figures"
	echo "$passed passed, $failed failed"
}
pg() { psql -h "$POLYTOMIC_TEST_PG_HOST" -p "$POLYTOMIC_TEST_PG_PORT" -U "$POLYTOMIC_TEST_PG_USER" -v ON_ERROR_STOP=1 -qAtX "$@"; }
figures=""
hba=""

cleanup() {
	if [ -n "$build_only" ]; then
		rm -rf "$work"
		return
	fi
	if [ -z "${IMAGE_TEST_KEEP:-}" ]; then
		podman rm -f -t 0 "$container" >/dev/null 2>&1
		[ -n "${IMAGE_TEST_USE:-}" ] || podman rmi -f "$tag" >/dev/null 2>&1
		# The build stage's layers of this build (the toolchain layer is kept, tagged, for the next run).
		podman image prune -f --filter label=io.polytomic.stage=build >/dev/null 2>&1
	fi
	if [ -n "$hba" ]; then
		sed -i "/# polytomic image test $$\$/d" "$hba" && pg -c "SELECT pg_reload_conf()" >/dev/null 2>&1
	fi
	for db in "${databases[@]}"; do pg -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; done
	pg -c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1
	[ -n "${IMAGE_TEST_KEEP:-}" ] && echo "image test: kept $work, image $tag, container $container" || rm -rf "$work"
}
trap cleanup EXIT

# --- The base: debian:bookworm-slim (and :bookworm) from the Debian archive, then the build --------
build_image() {
	mmdebstrap_args=(--variant=minbase --include=ca-certificates bookworm)
	key=$(printf '%s\n' "${mmdebstrap_args[@]}" | sha256sum | cut -c1-16)
	base=$cache/bookworm-$key.tar
	mkdir -p "$cache"
	t=$(date +%s)
	if [ -f "$base" ] && [ -n "$(find "$base" -mtime -"${IMAGE_BASE_MAX_AGE_DAYS:-7}")" ]; then
		base_note="cached"
	else
		rm -rf "$cache"/bookworm-*.tar
		# (mmdebstrap picks its output format from the name: the partial file ends in .tar too)
		if ! nice mmdebstrap --quiet --format=tar "${mmdebstrap_args[@]}" "$base.part.tar" >"$work/mmdebstrap.log" 2>&1; then
			fail "the base image (mmdebstrap ${mmdebstrap_args[*]})" "$(tail -n 3 "$work/mmdebstrap.log" | tr '\n' ' ')"
			summary
			exit 1
		fi
		mv "$base.part.tar" "$base"
		base_note="made"
	fi
	# Imported again only when the tarball changed, so that podman's layer cache holds across runs.
	base_id="$key-$(stat -c %Y "$base")"
	if [ "$(podman image inspect --format '{{index .Labels "io.polytomic.base"}}' docker.io/library/debian:bookworm-slim 2>/dev/null)" != "$base_id" ]; then
		podman import --quiet --change "LABEL io.polytomic.base=$base_id" "$base" docker.io/library/debian:bookworm-slim >/dev/null \
			&& podman tag docker.io/library/debian:bookworm-slim docker.io/library/debian:bookworm \
			|| { fail "podman import of the base"; summary; exit 1; }
	fi
	base_seconds=$(($(date +%s) - t))

	# The build.
	build=(build --isolation=chroot --network=host --pull=never --format docker -f docker/Dockerfile)
	# This machine's trust store, for npm in the build stage behind a TLS-inspecting proxy.
	ca=/etc/ssl/certs/ca-certificates.crt
	[ -s "$ca" ] && build+=(--secret "id=ca-certificates,src=$ca")
	t=$(date +%s)
	if (cd "$root" && "${podman[@]}" "${build[@]}" --target toolchain -t localhost/polytomic-onprem:toolchain . \
		&& "${podman[@]}" "${build[@]}" -t "$tag" .) >"$work/build.log" 2>&1; then
		pass "the image builds (podman build ${build[*]:1:5})"
	else
		fail "the image builds" "see the end of the build log:"
		tail -n 15 "$work/build.log"
		summary
		exit 1
	fi
	build_seconds=$(($(date +%s) - t))
}
if [ -n "${IMAGE_TEST_USE:-}" ]; then
	figures=${IMAGE_BUILT:-"image $tag (not built)"}
else
	build_image || exit 1
	figures="base ${base_seconds} s ($base_note), build ${build_seconds} s"
	if [ -n "$build_only" ]; then
		echo "image test: built $tag: $figures"
		exit 0
	fi
fi
size_mib=$(($(podman image inspect --format '{{.Size}}' "$tag") / 1048576))
figures="$figures, image ${size_mib} MiB"

# --- Its runtime image holds no build tool and no source ------------------------------------------
leftovers() {
	"${podman[@]}" run --rm --read-only --network=none --no-healthcheck --entrypoint /bin/sh "$tag" -c '
		for t in cmake make gcc g++ cc c++ ld as cpp ccache pkg-config node nodejs npm; do
			command -v "$t" >/dev/null && echo "tool: $t"
		done
		dpkg-query -W -f "\${Package}\n" | grep -E -- "-dev$|^(g\+\+|gcc|cpp|cmake|make|nodejs|npm|perl)(-[0-9.]+)?$" | sed "s/^/package: /"
		for d in /src /build /opt/polytomic; do [ -e "$d" ] && echo "folder: $d"; done
		find / -xdev \( -name "*.cpp" -o -name "*.cc" -o -name "*.h" -o -name "*.hpp" -o -name CMakeLists.txt \
			-o -name "*.o" -o -name "*.a" -o -name node_modules -o -name package.json \) -print 2>/dev/null | head -n 5
		true' 2>&1
}
found=$(leftovers 2>&1)
[ -z "$found" ] && pass "no build tool, header or source file in the runtime image" \
	|| fail "no build tool, header or source file in the runtime image" "$(echo "$found" | tr '\n' ' ')"
[ "$size_mib" -lt 400 ] && pass "the image is under 400 MiB (${size_mib} MiB)" || fail "the image is under 400 MiB" "${size_mib} MiB"
check "the image runs as uid 10001 (USER)" test "$(podman image inspect --format '{{.Config.User}}' "$tag")" = "10001:10001"

# --- Databases on the test PostgreSQL, reached with a password -------------------------------------
setup_databases() {
	pg -c "CREATE ROLE $role LOGIN PASSWORD '$db_password'" || return 1
	for db in "${databases[@]}"; do pg -c "CREATE DATABASE $db OWNER $role" || return 1; done
	PGPASSWORD=$db_password psql -h "$POLYTOMIC_TEST_PG_HOST" -p "$POLYTOMIC_TEST_PG_PORT" -U "$role" -d "${role}_src" \
		-v ON_ERROR_STOP=1 -qAtX -c "CREATE TABLE users (id bigint PRIMARY KEY, name text, updated_at timestamptz DEFAULT now())" \
		-c "INSERT INTO users (id, name) SELECT i, 'user ' || i FROM generate_series(1, 1000) i" || return 1
	# The test server trusts its clients; this role (only) must give its password.
	hba=$(pg -c "SHOW hba_file") || return 1
	sed -i "1i host all $role 127.0.0.1/32 scram-sha-256 # polytomic image test $$" "$hba" || return 1
	pg -c "SELECT pg_reload_conf()" >/dev/null || return 1
	! PGPASSWORD=wrong psql -h 127.0.0.1 -p "$POLYTOMIC_TEST_PG_PORT" -U "$role" -d "${role}_app" -c "SELECT 1" 2>/dev/null
}
check "PostgreSQL databases for the container, reached only with the password" setup_databases

# --- The container --------------------------------------------------------------------------------
mkdir -m 755 "$work/secrets"
printf '%s' "$db_password" >"$work/secrets/database-password"
chmod 644 "$work/secrets/database-password"
printf '%s' "hubspot-app-secret-$$" >"$work/secrets/hubspot-client-secret"
chmod 644 "$work/secrets/hubspot-client-secret"
t=$(date +%s.%N)
"${podman[@]}" run -d --name "$container" --network=host \
	--read-only --read-only-tmpfs=false --tmpfs /tmp:rw,size=64m,mode=1777 \
	-v "$work/secrets:/run/secrets:ro" \
	-e PORT="$port" -e BIND_ADDRESS=127.0.0.1 -e EVALUATION=true -e ROOT_USER=admin@example.com \
	-e "DATABASE_URL=postgres://$role:\${DATABASE_PASSWORD}@127.0.0.1:$POLYTOMIC_TEST_PG_PORT/${role}_app?sslmode=disable" \
	-e DATABASE_PASSWORD_FILE=/run/secrets/database-password -e DEPLOYMENT_API_KEY="$api_key" \
	-e SHUTDOWN_TIMEOUT=20 -e SYNC_CONCURRENCY=2 "$tag" >"$work/run.log" 2>&1 \
	|| { fail "the container starts" "$(tail -n 3 "$work/run.log" | tr '\n' ' ')"; summary; exit 1; }
url=http://127.0.0.1:$port
for _ in $(seq 1 300); do
	[ "$(curl -fsS -m 2 "$url/status.txt" 2>/dev/null)" = OK ] && break
	[ "$(podman inspect --format '{{.State.Running}}' "$container")" = true ] || break
	sleep 0.2
done
start_seconds=$(since "$t")
figures="$figures, start $start_seconds s"
check "GET /status.txt answers OK (--network=host, runc)" test "$(curl -fsS -m 5 "$url/status.txt")" = OK
podman logs "$container" >"$work/server.log" 2>&1

healthcheck() { # the image's own HEALTHCHECK command, run in the container as Docker would
	local test
	test=$(podman image inspect "$tag" | jq -c '.[0].Healthcheck.Test')
	[ "$(jq -r '.[0]' <<<"$test")" = CMD-SHELL ] || { echo "HEALTHCHECK is not CMD-SHELL: $test"; return 1; }
	podman exec "$container" /bin/sh -c "$(jq -r '.[1]' <<<"$test")" || return 1
	# and it fails when nothing answers
	! podman exec -e PORT=1 "$container" /bin/sh -c "$(jq -r '.[1]' <<<"$test")"
}
check "the HEALTHCHECK command passes inside the container (and fails with nothing on PORT)" healthcheck
check "first-run log: the root user's organization created" grep -q 'first run: created the organization "Polytomic" with admin@example.com' "$work/server.log"
check "first-run log: the PostgreSQL plugin loaded" grep -q 'connector postgresql: PostgreSQL' "$work/server.log"
check "polytomic plugins lists the PostgreSQL connector" sh -c "podman exec '$container' polytomic plugins | grep -q '^  postgresql '"
client_secret_file() { # every <TYPE>_CLIENT_SECRET may come from a file, as the entrypoint reads it in the image
	test "$("${podman[@]}" run --rm --network=none --no-healthcheck -v "$work/secrets:/run/secrets:ro" \
		-e HUBSPOT_CLIENT_SECRET_FILE=/run/secrets/hubspot-client-secret -e POLYTOMIC_BIN=/usr/bin/printenv \
		"$tag" HUBSPOT_CLIENT_SECRET)" = "hubspot-app-secret-$$"
}
check "HUBSPOT_CLIENT_SECRET_FILE: the entrypoint reads the OAuth app's secret from the file" client_secret_file
check "the server runs as uid 10001 (not root)" test "$(podman exec "$container" awk '/^Uid:/ {print $2}' /proc/1/status)" = 10001
read_only() {
	[ "$(podman inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$container")" = true ] || return 1
	! podman exec "$container" /bin/sh -c 'echo x >/var/lib/polytomic/probe' 2>/dev/null || return 1
	podman exec "$container" /bin/sh -c 'echo x >/tmp/probe && rm /tmp/probe'
}
check "read-only root filesystem, /tmp its only writable volume" read_only

web_assets() {
	if podman exec "$container" test -f /usr/share/polytomic/web/index.html; then
		curl -fsS -m 5 -D "$work/web.head" "$url/" -o "$work/web.body" || return 1
	else
		curl -fsS -m 5 -D "$work/web.head" "$url/api/docs" -o "$work/web.body" || return 1
		curl -fsS -m 5 "$url/api/docs/swagger-ui-bundle.js" -o /dev/null || return 1
	fi
	grep -qi '^content-type: text/html' "$work/web.head" && grep -qi '<html' "$work/web.body"
}
check "web assets served from WEB_DIR (the UI at /, else the API reference at /api/docs)" web_assets

# --- A bulk sync through the API, from inside the container ----------------------------------------
api() { podman exec "$container" curl -sS -m 30 -u "$org:$api_key" -H 'Content-Type: application/json' "$url/api/$1" "${@:2}"; }
connection() {
	printf '{"name": "%s", "type": "postgresql", "configuration": {"host": "127.0.0.1", "port": %s, "database": "%s", "username": "%s", "password": "%s", "ssl_mode": "disable"}}' \
		"$1" "$POLYTOMIC_TEST_PG_PORT" "$2" "$role" "$db_password"
}
bulk_sync() {
	org=$(pg -d "${role}_app" -c "SELECT id FROM organizations") || return 1
	local src dst sync status=""
	src=$(api connections -d "$(connection Shop "${role}_src")" | jq -r .data.id) && [ "$src" != null ] || return 1
	dst=$(api connections -d "$(connection Warehouse "${role}_dst")" | jq -r .data.id) && [ "$dst" != null ] || return 1
	sync=$(api bulk/syncs -d "{\"name\": \"Shop to warehouse\", \"source_connection_id\": \"$src\", \"destination_connection_id\": \"$dst\", \"mode\": \"snapshot\", \"schemas\": [\"public.users\"]}" | jq -r .data.id)
	[ "$sync" != null ] || return 1
	api "bulk/syncs/$sync/executions" -X POST >/dev/null || return 1
	for _ in $(seq 1 120); do
		status=$(api "bulk/syncs/$sync/status" | jq -r '.data.last_execution.status // empty')
		case "$status" in completed | failed | canceled) break ;; esac
		sleep 1
	done
	echo "bulk sync status: $status"
	[ "$status" = completed ] || return 1
	[ "$(pg -d "${role}_dst" -c "SELECT count(*), sum(id), count(DISTINCT name) FROM users")" = "1000|500500|1000" ]
}
check "a bulk sync through the API from inside the container copies the 1000 rows" bulk_sync

# --- SIGTERM, within the grace period --------------------------------------------------------------
t=$(date +%s.%N)
podman kill --signal TERM "$container" >/dev/null
code=$(timeout $((grace + 10)) podman wait "$container")
stop_seconds=$(since "$t")
figures="$figures, stop $stop_seconds s"
podman logs "$container" >"$work/server.log" 2>&1
check "SIGTERM: exit status 0 within the ${grace} s grace period (${stop_seconds} s)" \
	awk -v code="$code" -v s="$stop_seconds" -v g="$grace" 'BEGIN { exit !(code == "0" && s < g) }'
check "SIGTERM: the log says it stopped" grep -q 'stopped' "$work/server.log"
# (text log lines: time, level, logger, message)
check "no error in the server's log" awk '$2 ~ /^(error|fatal|critical)$/ { print; bad = 1 } END { exit bad }' "$work/server.log"

figures="$figures, whole test $(($(date +%s) - started)) s"
summary
[ "$failed" -eq 0 ]
