#!/usr/bin/env bash
# Bulk sync benchmark: figures, not pass/fail.
#   bash tests/bench/bulk-bench.sh [rows]          (default 1000000; run it after a build)
# Starts its own PostgreSQL and a polytomic server (web and worker), fills a
# source table of <rows> rows and 6 columns (bigint PK, text, text,
# numeric(12,2), timestamptz, jsonb), then in one run, side by side:
#   1. a bulk sync snapshot of it through the REST API (time from start to completed)
#   2. psql '\copy src to stdout' | psql '\copy dst from stdin' of the same table
# and prints both times, their ratio and the executor's peak RSS.
set -euo pipefail
rows=${1:-1000000}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${BUILD_DIR:-$root/build}
[ -x "$build/kernel/app/polytomic" ] && [ -f "$build/plugins/postgres.so" ] || { echo "build first: bash tests/run.sh (or cmake --build build)" >&2; exit 1; }
command -v jq >/dev/null || { echo "needs jq" >&2; exit 1; }

work=$(mktemp -d /tmp/polytomic-bench.XXXXXX)
source "$root/tests/services.sh"
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; stop_test_services "$work"; rm -rf "$work"; }
trap cleanup EXIT
start_test_services "$work"
export PGHOST=$POLYTOMIC_TEST_PG_HOST PGPORT=$POLYTOMIC_TEST_PG_PORT PGUSER=$POLYTOMIC_TEST_PG_USER
psql -qc "CREATE DATABASE app" -c "CREATE DATABASE src" -c "CREATE DATABASE dst" -c "CREATE DATABASE raw"
echo "filling $rows rows ..."
psql src -q <<SQL
CREATE TABLE items (id bigint PRIMARY KEY, name text, label text, amount numeric(12,2), updated_at timestamptz, doc jsonb);
INSERT INTO items SELECT i, 'name ' || i, 'label ' || (i % 977), (i % 100000) * 1.25,
    timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second', jsonb_build_object('i', i, 'tag', 'x' || (i % 13))
FROM generate_series(1, $rows) AS i;
SQL
psql raw -qc "CREATE TABLE items (id bigint PRIMARY KEY, name text, label text, amount numeric(12,2), updated_at timestamptz, doc jsonb)"

port=$(free_port)
key=$(openssl rand -hex 16)
EVALUATION=true ROOT_USER=bench@example.com PORT=$port DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/app" \
	PLUGIN_DIR="$build/plugins" DEPLOYMENT_API_KEY=$key ENCRYPTION_KEY=$(openssl rand -base64 32) LOG_LEVEL=warn \
	"$build/kernel/app/polytomic" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 200); do curl -sf "localhost:$port/status.txt" >/dev/null && break; sleep 0.1; done
auth="$(psql app -tAc 'SELECT id FROM organizations'):$key"
api() { curl -sf -u "$auth" -H 'Content-Type: application/json' "localhost:$port/api/$1" "${@:2}"; }
conn() { api connections -d "{\"name\": \"$1\", \"type\": \"postgresql\", \"configuration\": {\"host\": \"$PGHOST\", \"port\": $PGPORT, \"database\": \"$1\", \"username\": \"$PGUSER\", \"ssl_mode\": \"disable\"}}" | jq -r .data.id; }
src=$(conn src); dst=$(conn dst)
sync=$(api bulk/syncs -d "{\"name\": \"bench\", \"source_connection_id\": \"$src\", \"destination_connection_id\": \"$dst\", \"mode\": \"snapshot\", \"schemas\": [\"public.items\"]}" | jq -r .data.id)

start=$(date +%s.%N)
execution=$(api "bulk/syncs/$sync/executions" -X POST | jq -r .data.id)
while :; do
	result=$(api "bulk/syncs/$sync/executions/$execution")
	status=$(jq -r .data.status <<<"$result")
	case $status in completed|failed|canceled) break ;; esac
	sleep 0.05
done
end=$(date +%s.%N)
[ "$status" = completed ] || { echo "the bulk sync ended $status: $result" >&2; exit 1; }
ours=$(echo "$end - $start" | bc)
written=$(jq -r '.data.counts.records' <<<"$result")
rss=$(jq -r '.data.schemas[0].peak_rss_bytes' <<<"$result")

start=$(date +%s.%N)
psql src -qc '\copy items to stdout' | psql raw -qc '\copy items from stdin'
end=$(date +%s.%N)
baseline=$(echo "$end - $start" | bc)

printf 'rows: %s (written by the bulk sync: %s)\n' "$rows" "$written"
printf 'bulk sync snapshot (REST, worker, executor):   %8.2f s\n' "$ours"
printf 'psql \\copy | psql \\copy (baseline):            %8.2f s\n' "$baseline"
printf 'ratio bulk sync / baseline:                     %8.2f\n' "$(echo "$ours / $baseline" | bc -l)"
printf 'executor peak RSS:                              %8d MiB\n' "$((rss / 1048576))"
