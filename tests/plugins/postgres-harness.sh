#!/usr/bin/env bash
# The PostgreSQL connector through the conformance harness, against the test
# PostgreSQL that tests/run.sh started (POLYTOMIC_TEST_PG_*).
#   postgres-harness.sh <polytomic binary> <postgres.so>
set -euo pipefail
polytomic=$1 plugin=$2
: "${POLYTOMIC_TEST_PG_HOST:?run the suites through tests/run.sh, which starts PostgreSQL}"
database=t_harness_$$_$RANDOM
psql_test() { psql -h "$POLYTOMIC_TEST_PG_HOST" -p "$POLYTOMIC_TEST_PG_PORT" -U "$POLYTOMIC_TEST_PG_USER" -v ON_ERROR_STOP=1 -q "$@"; }
work=$(mktemp -d /tmp/polytomic-pg-harness.XXXXXX)
cleanup() {
	psql_test -d postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

psql_test -d postgres -c "CREATE DATABASE $database"
psql_test -d "$database" <<'SQL'
CREATE TABLE public.people (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    amount numeric(12, 2),
    updated_at timestamptz NOT NULL,
    born date,
    active boolean,
    doc jsonb
);
INSERT INTO public.people
SELECT i, 'person ' || i, i * 1.25, timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second',
       date '1960-01-01' + i, i % 2 = 0, jsonb_build_object('n', i)
FROM generate_series(1, 500) AS i;
SQL
printf '{"host": "%s", "port": %s, "database": "%s", "username": "%s", "ssl_mode": "disable"}\n' \
	"$POLYTOMIC_TEST_PG_HOST" "$POLYTOMIC_TEST_PG_PORT" "$database" "$POLYTOMIC_TEST_PG_USER" >"$work/config.json"

"$polytomic" connector test "$plugin" --config "$work/config.json" --object public.people --write-object public.harness --strict
