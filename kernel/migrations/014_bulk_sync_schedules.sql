-- A bulk sync may run on several schedules: its own (bulk_syncs.schedule, with
-- next_run_at from 005) and any number more, each with its own next run, which
-- the scheduler advances in the transaction that queues the run (as in 005).
CREATE TABLE bulk_sync_schedules (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    bulk_sync_id  uuid NOT NULL REFERENCES bulk_syncs (id) ON DELETE CASCADE,
    schedule      jsonb NOT NULL,
    next_run_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bulk_sync_schedules_of ON bulk_sync_schedules (bulk_sync_id, created_at);
CREATE INDEX bulk_sync_schedules_due ON bulk_sync_schedules (next_run_at) WHERE next_run_at IS NOT NULL;
