#!/usr/bin/env bash
# Sync benchmark: figures, not pass/fail.
#   bash tests/bench/sync-bench.sh [rows]          (default 1000000; run it after a build)
# Starts its own PostgreSQL and a polytomic server (web and worker), fills a
# source table of <rows> rows and 6 columns (bigint PK, text, text,
# numeric(12,2), timestamptz, jsonb), then in one run, side by side:
#   1. a bulk sync snapshot of it through the REST API (time from start to completed)
#      against psql '\copy src to stdout' | psql '\copy dst from stdin' of the same table;
#   2. a model sync in updateOrCreate mode of every row into a target that already
#      holds them (the table the bulk sync wrote) against the raw SQL way: COPY into
#      a staging table, then INSERT ... ON CONFLICT DO UPDATE;
#   3. the same model sync again, nothing changed: records written and time;
# and prints the times, their ratios and the executors' peak RSS.
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

# run <executions path>: starts an execution, waits for its end; sets $execution, $result and $seconds.
run() {
	local start end status
	start=$(date +%s.%N)
	execution=$(api "$1" -X POST | jq -r .data.id)
	while :; do
		result=$(api "$1/$execution")
		status=$(jq -r .data.status <<<"$result")
		case $status in completed|failed|canceled) break ;; esac
		sleep 0.05
	done
	end=$(date +%s.%N)
	[ "$status" = completed ] || { echo "$1 ended $status: $result" >&2; exit 1; }
	seconds=$(echo "$end - $start" | bc)
}

run "bulk/syncs/$sync/executions"
ours=$seconds
written=$(jq -r '.data.counts.records' <<<"$result")
rss=$(jq -r '.data.schemas[0].peak_rss_bytes' <<<"$result")

start=$(date +%s.%N)
psql src -qc '\copy items to stdout' | psql raw -qc '\copy items from stdin'
end=$(date +%s.%N)
baseline=$(echo "$end - $start" | bc)

# 2. A model sync of every row into the table the bulk sync filled, against COPY + INSERT ... ON CONFLICT.
model=$(api models -d "{\"name\": \"items\", \"connection_id\": \"$src\", \"configuration\": {\"table\": \"public.items\"}, \"identifier\": \"id\"}" | jq -r .data.id)
field() { printf '{"source": {"model_id": "%s", "field": "%s"}, "target": "%s"}' "$model" "$1" "$1"; }
model_sync=$(api syncs -d "{\"name\": \"bench\", \"mode\": \"updateOrCreate\", \"target\": {\"connection_id\": \"$dst\", \"object\": \"public.items\"},
	\"identity\": {\"source\": {\"model_id\": \"$model\", \"field\": \"id\"}, \"target\": \"id\", \"function\": \"Equality\"},
	\"fields\": [$(field name), $(field label), $(field amount), $(field updated_at), $(field doc)]}" | jq -r .data.id)
run "syncs/$model_sync/executions"
upsert=$seconds
upserted=$(jq -r '.data.counts.upserts' <<<"$result")
phases=$(api "syncs/$model_sync/executions/$execution/console" | jq -r '.data.entries[].message | select(startswith("time spent"))')
model_rss=$(psql app -tAc "SELECT detail->>'peak_rss_bytes' FROM sync_executions WHERE id = '$execution'")
run "syncs/$model_sync/executions"
rerun=$seconds
rewritten=$(jq -r '.data.counts.upserts' <<<"$result")
rerun_rss=$(psql app -tAc "SELECT detail->>'peak_rss_bytes' FROM sync_executions WHERE id = '$execution'")
unchanged=$(jq -r '.data.counts.unchanged' <<<"$result")

start=$(date +%s.%N)
psql raw -q <<'SQL'
CREATE TEMP TABLE stage (LIKE items);
\copy stage from program 'psql -d src -qc "\\copy items to stdout"'
INSERT INTO items SELECT * FROM stage ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, label = EXCLUDED.label,
    amount = EXCLUDED.amount, updated_at = EXCLUDED.updated_at, doc = EXCLUDED.doc;
SQL
end=$(date +%s.%N)
raw_upsert=$(echo "$end - $start" | bc)

printf 'rows: %s (written by the bulk sync: %s)\n' "$rows" "$written"
printf 'bulk sync snapshot (REST, worker, executor):   %8.2f s\n' "$ours"
printf 'psql \\copy | psql \\copy (baseline):            %8.2f s\n' "$baseline"
printf 'ratio bulk sync / baseline:                     %8.2f\n' "$(echo "$ours / $baseline" | bc -l)"
printf 'executor peak RSS (bulk sync):                  %8d MiB\n' "$((rss / 1048576))"
printf 'model sync updateOrCreate of every row:         %8.2f s (records upserted: %s)\n' "$upsert" "$upserted"
printf '  (%s)\n' "$phases"
printf '  executor peak RSS (model sync):               %8d MiB\n' "$((model_rss / 1048576))"
printf 'COPY to staging + INSERT ON CONFLICT (baseline): %7.2f s\n' "$raw_upsert"
printf 'ratio model sync / baseline:                    %8.2f\n' "$(echo "$upsert / $raw_upsert" | bc -l)"
printf 'model sync again, nothing changed:              %8.2f s (records written: %s, unchanged: %s)\n' "$rerun" "$rewritten" "$unchanged"
printf '  executor peak RSS (re-run, ledger in memory):  %8d MiB\n' "$((rerun_rss / 1048576))"
printf 'unchanged re-run / first run:                   %8.2f\n' "$(echo "$rerun / $upsert" | bc -l)"
