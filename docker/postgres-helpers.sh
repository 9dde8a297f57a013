#!/usr/bin/env bash
# Shell helpers shared by docker/run-local.sh and tests/services.sh (sourced, not run).

# A loopback TCP port nobody listens on right now.
free_port() {
	python3 - <<'PY' 2>/dev/null || shuf -i 20000-60000 -n 1
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# The folder of the newest installed PostgreSQL server binaries.
pg_bin() {
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	[ -n "$d" ] || { echo "PostgreSQL server binaries not found (Debian package postgresql)" >&2; return 1; }
	echo "$d"
}

# Runs a command as the postgres system user when we are root (initdb refuses root).
as_pg_owner() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
