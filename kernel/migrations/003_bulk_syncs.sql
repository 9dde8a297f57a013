-- Bulk syncs (ETL): objects of a source copied into tables of a destination,
-- their executions (which are also the job queue the workers claim), and the
-- per-object state of incremental (replicate) syncs.

CREATE TABLE bulk_syncs (
    id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id             uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name                        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    source_connection_id        uuid NOT NULL REFERENCES connections (id),
    destination_connection_id   uuid NOT NULL REFERENCES connections (id),
    destination_configuration   jsonb NOT NULL DEFAULT '{}',
    mode                        text NOT NULL CHECK (mode IN ('snapshot', 'replicate')),
    schedule                    jsonb NOT NULL DEFAULT '{"frequency": "manual"}',
    schemas                     jsonb NOT NULL DEFAULT '[]',
    active                      boolean NOT NULL DEFAULT true,
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE bulk_sync_executions (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    bulk_sync_id     uuid NOT NULL REFERENCES bulk_syncs (id) ON DELETE CASCADE,
    status           text NOT NULL CHECK (status IN ('created', 'scheduled', 'queued', 'running', 'processing', 'canceling',
                                                     'canceled', 'completed', 'failed', 'interrupted')),
    trigger          text NOT NULL DEFAULT 'manual',
    error            text,
    schemas          jsonb NOT NULL DEFAULT '[]',
    worker           text,
    lease_until      timestamptz,
    attempts         integer NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    completed_at     timestamptz
);

-- At most one execution of a bulk sync waits or runs at a time.
CREATE UNIQUE INDEX bulk_sync_executions_one_active ON bulk_sync_executions (bulk_sync_id)
    WHERE status IN ('created', 'queued', 'running', 'canceling');
CREATE INDEX bulk_sync_executions_queue ON bulk_sync_executions (created_at) WHERE status IN ('queued', 'running');
CREATE INDEX bulk_sync_executions_history ON bulk_sync_executions (bulk_sync_id, created_at DESC);

CREATE TABLE bulk_sync_states (
    bulk_sync_id  uuid NOT NULL REFERENCES bulk_syncs (id) ON DELETE CASCADE,
    schema_id     text NOT NULL,
    state         jsonb NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (bulk_sync_id, schema_id)
);
