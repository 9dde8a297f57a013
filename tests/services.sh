#!/usr/bin/env bash
# Starts a throw-away PostgreSQL and Redis (plain and TLS) on free loopback ports
# in a given folder, and exports the POLYTOMIC_TEST_* variables the suites read.
# Source it, then call: start_test_services <dir>; stop_test_services <dir>.

# shellcheck source=docker/postgres-helpers.sh
source "$(dirname "${BASH_SOURCE[0]}")/../docker/postgres-helpers.sh"

start_test_services() {
	local dir=$1 bin pgport redisport tlsport
	bin=$(pg_bin) || return 1
	mkdir -p "$dir/pg" "$dir/redis" "$dir/tls"
	[ "$(id -u)" -eq 0 ] && chown -R postgres "$dir/pg" && chmod 755 "$dir"

	pgport=$(free_port)
	as_pg_owner "$bin/initdb" -D "$dir/pg/data" -U postgres --auth=trust -E UTF8 >"$dir/pg/initdb.log" 2>&1 \
		|| { cat "$dir/pg/initdb.log" >&2; return 1; }
	# Settings in the data folder, so that a test's plain "pg_ctl start" after a stop brings back the same server.
	cat >>"$dir/pg/data/postgresql.conf" <<CONF
port = $pgport
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/pg'
fsync = off
max_connections = 300
CONF
	as_pg_owner "$bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w start >/dev/null \
		|| { cat "$dir/pg/server.log" >&2; return 1; }

	redisport=$(free_port)
	redis-server --port "$redisport" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
		--pidfile "$dir/redis/plain.pid" --logfile "$dir/redis/plain.log" || return 1

	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Polytomic test CA" \
		-keyout "$dir/tls/ca.key" -out "$dir/tls/ca.crt" >/dev/null 2>&1 || return 1
	openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$dir/tls/redis.key" -out "$dir/tls/redis.csr" >/dev/null 2>&1
	printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$dir/tls/san.ext"
	openssl x509 -req -in "$dir/tls/redis.csr" -CA "$dir/tls/ca.crt" -CAkey "$dir/tls/ca.key" -CAcreateserial \
		-days 2 -extfile "$dir/tls/san.ext" -out "$dir/tls/redis.crt" >/dev/null 2>&1 || return 1
	tlsport=$(free_port)
	redis-server --port 0 --tls-port "$tlsport" --bind 127.0.0.1 --tls-cert-file "$dir/tls/redis.crt" \
		--tls-key-file "$dir/tls/redis.key" --tls-ca-cert-file "$dir/tls/ca.crt" --tls-auth-clients no \
		--requirepass 'tls s3cret' --save '' --appendonly no --daemonize yes \
		--pidfile "$dir/redis/tls.pid" --logfile "$dir/redis/tls.log" || return 1

	export POLYTOMIC_TEST_PG_HOST=127.0.0.1
	export POLYTOMIC_TEST_PG_PORT=$pgport
	export POLYTOMIC_TEST_PG_USER=postgres
	export POLYTOMIC_TEST_PG_CTL="$bin/pg_ctl -D $dir/pg/data -l $dir/pg/server.log"
	export POLYTOMIC_TEST_PG_AS_OWNER=$([ "$(id -u)" -eq 0 ] && echo "runuser -u postgres --" || echo "")
	export POLYTOMIC_TEST_REDIS_URL="redis://127.0.0.1:$redisport/0"
	export POLYTOMIC_TEST_REDISS_URL="rediss://:tls%20s3cret@localhost:$tlsport/0?ca_cert=$dir/tls/ca.crt"
	export POLYTOMIC_TEST_TLS_CA="$dir/tls/ca.crt"
	export POLYTOMIC_TEST_REDIS_SERVER
	POLYTOMIC_TEST_REDIS_SERVER=$(command -v redis-server)

	local i
	for i in $(seq 1 50); do
		redis-cli -p "$redisport" ping >/dev/null 2>&1 && break
		sleep 0.1
	done
}

stop_test_services() {
	local dir=$1 bin f
	bin=$(pg_bin) || true
	[ -d "$dir/pg/data" ] && as_pg_owner "$bin/pg_ctl" -D "$dir/pg/data" -m immediate stop >/dev/null 2>&1
	local pids=() pid i
	for f in "$dir"/redis/*.pid; do
		[ -f "$f" ] && pid=$(cat "$f") && kill "$pid" 2>/dev/null && pids+=("$pid")
	done
	# Redis opens its log file for every line it writes: until it has exited, it may write one
	# into the folder again (and a caller's rm -rf of the folder would then fail).
	for pid in "${pids[@]}"; do
		for i in $(seq 1 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
	done
	return 0
}
