-- When each scheduled bulk sync runs next; the scheduler advances it in the
-- same transaction that queues the run, so a restart neither skips nor doubles one.
ALTER TABLE bulk_syncs ADD COLUMN next_run_at timestamptz;
CREATE INDEX bulk_syncs_due ON bulk_syncs (next_run_at) WHERE active AND next_run_at IS NOT NULL;
