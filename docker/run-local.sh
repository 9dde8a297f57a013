#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, starts a PostgreSQL
# in .local/ of this checkout (and Redis when redis-server is installed), and runs
# the server on http://localhost:5100 in evaluation mode. Run it again and it
# reuses the build, the database and its data.
#
# Overrides: PORT (5100), ROOT_USER (admin@example.com), LOCAL_PG_PORT (55432),
# LOCAL_REDIS_PORT (56379); any other variable of the README is passed through.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}
state=$root/.local
pg_port=${LOCAL_PG_PORT:-55432}
redis_port=${LOCAL_REDIS_PORT:-56379}

"$root/docker/install-deps.sh" local
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# What the server needs: the binary, the shipped connectors (PLUGIN_DIR: a target per folder
# of plugins/) and the web UI (WEB_DIR); the test suites only when asked (tests/run.sh).
connectors=$(find "$root/plugins" -mindepth 1 -maxdepth 1 -type d -printf '%f ')
# shellcheck disable=SC2086
cmake --build "$build" -j "$(nproc)" --target polytomic web_page $connectors

# shellcheck source=docker/postgres-helpers.sh
source "$root/docker/postgres-helpers.sh"
bin=$(pg_bin)
mkdir -p "$state"

# PostgreSQL refuses to run as root; as root it runs as the postgres user, which
# must be able to reach the data folder. When the checkout is private (e.g. under
# /root), the data lives in /var/lib/polytomic-local and .local/pg points there.
if [ ! -e "$state/pg" ]; then
	if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$state"; then
		mkdir -p /var/lib/polytomic-local/pg
		ln -s /var/lib/polytomic-local/pg "$state/pg"
	else
		mkdir -p "$state/pg"
	fi
fi
pgdir=$(readlink -f "$state/pg")
[ "$(id -u)" -eq 0 ] && chown postgres "$pgdir"

# The database holds the users and every connection's secrets: it asks for a
# password (SCRAM) on TCP and on its socket alike, never trusts a local client.
# The password is generated once and kept in .local/postgres-password (mode 600).
[ -s "$state/postgres-password" ] || (umask 077 && openssl rand -hex 24 >"$state/postgres-password")
chmod 600 "$state/postgres-password"
pg_password=$(cat "$state/postgres-password")
local_psql() { PGPASSWORD=$pg_password psql -h 127.0.0.1 -p "$pg_port" -U postgres "$@"; }

if [ ! -f "$pgdir/data/PG_VERSION" ]; then
	echo "creating a local PostgreSQL in $pgdir/data"
	# initdb reads the password from a file its owner can read, removed right after.
	(umask 077 && printf '%s\n' "$pg_password" >"$pgdir/initdb-password")
	[ "$(id -u)" -eq 0 ] && chown postgres "$pgdir/initdb-password"
	as_pg_owner "$bin/initdb" -D "$pgdir/data" -U postgres --auth=scram-sha-256 --pwfile="$pgdir/initdb-password" -E UTF8 \
		>"$pgdir/initdb.log"
	rm -f "$pgdir/initdb-password"
	cat >>"$pgdir/data/postgresql.conf" <<CONF
port = $pg_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$pgdir'
password_encryption = scram-sha-256
CONF
fi
if ! as_pg_owner "$bin/pg_ctl" -D "$pgdir/data" status >/dev/null 2>&1; then
	as_pg_owner "$bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w start >/dev/null
fi

# A database of an older run trusts local clients: give postgres the password
# (while trust still lets us in), then ask for it everywhere. The data stays.
if grep -Eq '^[[:space:]]*(local|host)[^#]*[[:space:]]trust([[:space:]]|$)' "$pgdir/data/pg_hba.conf"; then
	echo "the local PostgreSQL trusted local connections: setting a password (.local/postgres-password) and requiring it"
	# On stdin, not on the command line (ps would show it); hex needs no quoting.
	psql -h 127.0.0.1 -p "$pg_port" -U postgres -qX -v ON_ERROR_STOP=1 >/dev/null <<SQL
SET password_encryption = 'scram-sha-256';
ALTER ROLE postgres PASSWORD '$pg_password';
SQL
	cp "$pgdir/data/pg_hba.conf" "$pgdir/data/pg_hba.conf.trust"
	cat >"$pgdir/data/pg_hba.conf" <<'HBA'
# Written by docker/run-local.sh: every client gives the password (SCRAM).
local   all   all                  scram-sha-256
host    all   all   127.0.0.1/32   scram-sha-256
host    all   all   ::1/128        scram-sha-256
HBA
	[ "$(id -u)" -eq 0 ] && chown postgres "$pgdir/data/pg_hba.conf"
	as_pg_owner "$bin/pg_ctl" -D "$pgdir/data" reload >/dev/null
	sleep 1
fi
if ! local_psql -tAc "SELECT 1" >/dev/null 2>&1; then
	echo "the local PostgreSQL refuses the password of .local/postgres-password; set it with ALTER ROLE postgres PASSWORD" >&2
	exit 1
fi
local_psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'polytomic'" | grep -q 1 || local_psql -qc "CREATE DATABASE polytomic"

if command -v redis-server >/dev/null; then
	mkdir -p "$state/redis"
	if ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
		redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$state/redis" --daemonize yes \
			--pidfile "$state/redis/redis.pid" --logfile "$state/redis/redis.log"
	fi
	export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:$redis_port/0}
fi

# A deployment API key kept between runs, so the API can be tried at once.
if [ -z "${DEPLOYMENT_API_KEY:-}" ]; then
	[ -s "$state/deployment-api-key" ] || openssl rand -hex 24 >"$state/deployment-api-key"
	DEPLOYMENT_API_KEY=$(cat "$state/deployment-api-key")
fi
export DEPLOYMENT_API_KEY
# The key that encrypts connection secrets, kept between runs: without it they could not be read again.
if [ -z "${ENCRYPTION_KEY:-}" ]; then
	[ -s "$state/encryption-key" ] || (umask 077 && openssl rand -base64 32 >"$state/encryption-key")
	ENCRYPTION_KEY=$(cat "$state/encryption-key")
fi
export ENCRYPTION_KEY

export EVALUATION=${EVALUATION:-true}
export ROOT_USER=${ROOT_USER:-admin@example.com}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres:$pg_password@127.0.0.1:$pg_port/polytomic}
export PORT=${PORT:-5100}
export POLYTOMIC_URL=${POLYTOMIC_URL:-http://localhost:$PORT}
export PLUGIN_DIR=${PLUGIN_DIR:-$build/plugins}
export WEB_DIR=${WEB_DIR:-$build/web}
export POLYTOMIC_BIN=$build/kernel/app/polytomic

echo "Polytomic on $POLYTOMIC_URL (PostgreSQL on port $pg_port${REDIS_URL:+, Redis on port $redis_port}); Ctrl-C stops it"
echo "API key (DEPLOYMENT_API_KEY): $DEPLOYMENT_API_KEY, kept in .local/deployment-api-key"
echo "PostgreSQL user postgres, its password in .local/postgres-password"
exec "$root/docker/entrypoint.sh" serve
