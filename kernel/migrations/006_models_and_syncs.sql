-- Models (a query or a table on a source connection) and model syncs (reverse
-- ETL): their executions (the second job queue), the change ledger of each sync,
-- per-record logs, and the console log of every execution (model or bulk).

CREATE TABLE models (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id   uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    connection_id     uuid NOT NULL REFERENCES connections (id),
    configuration     jsonb NOT NULL,
    identifier        text,
    tracking_columns  jsonb NOT NULL DEFAULT '[]',
    labels            jsonb NOT NULL DEFAULT '[]',
    fields            jsonb NOT NULL DEFAULT '[]',
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX models_by_connection ON models (connection_id);

CREATE TABLE syncs (
    id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id       uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name                  text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    active                boolean NOT NULL DEFAULT true,
    mode                  text NOT NULL CHECK (mode IN ('create', 'update', 'updateOrCreate', 'replace', 'append', 'remove', 'snapshot')),
    model_id              uuid NOT NULL REFERENCES models (id),
    target_connection_id  uuid NOT NULL REFERENCES connections (id),
    definition            jsonb NOT NULL,
    schedule              jsonb NOT NULL DEFAULT '{"frequency": "manual"}',
    next_run_at           timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX syncs_due ON syncs (next_run_at) WHERE active AND next_run_at IS NOT NULL;
CREATE INDEX syncs_by_model ON syncs (model_id);

CREATE TABLE sync_executions (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    sync_id       uuid NOT NULL REFERENCES syncs (id) ON DELETE CASCADE,
    status        text NOT NULL CHECK (status IN ('created', 'scheduled', 'queued', 'running', 'processing', 'canceling',
                                                  'canceled', 'completed', 'failed', 'interrupted')),
    trigger       text NOT NULL DEFAULT 'manual',
    error         text,
    detail        jsonb NOT NULL DEFAULT '{}',   -- {"counts": {total, insert, ...}, "errors": [...], "peak_rss_bytes"}
    options       jsonb NOT NULL DEFAULT '{}',
    worker        text,
    lease_until   timestamptz,
    not_before    timestamptz,
    attempts      integer NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    completed_at  timestamptz
);
CREATE UNIQUE INDEX sync_executions_one_active ON sync_executions (sync_id)
    WHERE status IN ('created', 'queued', 'running', 'canceling');
CREATE INDEX sync_executions_queue ON sync_executions (created_at) WHERE status IN ('queued', 'running', 'canceling');
CREATE INDEX sync_executions_history ON sync_executions (sync_id, created_at DESC);

-- Bulk executions gain what model executions have: run options and a retry time.
ALTER TABLE bulk_sync_executions ADD COLUMN options jsonb NOT NULL DEFAULT '{}';
ALTER TABLE bulk_sync_executions ADD COLUMN not_before timestamptz;

-- Change detection: per sync, each identity the target accepted and the hash of
-- the values it was sent. Written only after the target accepted the record.
-- Identities compare byte-wise (COLLATE "C"): they are matched, never sorted for people.
CREATE TABLE sync_ledger (
    sync_id     uuid NOT NULL REFERENCES syncs (id) ON DELETE CASCADE,
    identity    text COLLATE "C" NOT NULL,
    hash        bigint NOT NULL,
    PRIMARY KEY (sync_id, identity)
);

-- Per-record logs, in chunks of up to one batch: [{"identity", "message"?}].
CREATE TABLE sync_record_logs (
    execution_id  uuid NOT NULL REFERENCES sync_executions (id) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('inserts', 'updates', 'deletes', 'errors', 'warnings')),
    seq           bigserial,
    entries       text NOT NULL,            -- a JSON array, kept as text: written far more than read
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (execution_id, kind, seq)
);
CREATE INDEX sync_record_logs_age ON sync_record_logs (created_at);
-- Stored as written: compressing megabytes of identities on every run costs more CPU than the disk it saves.
ALTER TABLE sync_record_logs ALTER COLUMN entries SET STORAGE EXTERNAL;

-- The console log of an execution (model or bulk) when no Redis is configured.
CREATE TABLE execution_logs (
    execution_id  uuid NOT NULL,
    seq           bigserial,
    at            timestamptz NOT NULL DEFAULT now(),
    level         text NOT NULL,
    message       text NOT NULL,
    PRIMARY KEY (execution_id, seq)
);
CREATE INDEX execution_logs_age ON execution_logs (at);

-- The objects each connection offers, as its connector last discovered them;
-- refreshed on request (asynchronously) and read through the cache.
CREATE TABLE connection_schemas (
    connection_id  uuid PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
    status         text NOT NULL CHECK (status IN ('refreshing', 'ready', 'failed')),
    catalog        jsonb,
    error          text,
    refreshed_at   timestamptz,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
