-- Background jobs of the API (an asynchronous model preview, sample, create or
-- update): kept in PostgreSQL so that any replica answers GET /api/jobs/{type}/{id},
-- whichever one runs the job. A job and its result go when it expires.

CREATE TABLE jobs (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    type             text NOT NULL,
    status           text NOT NULL CHECK (status IN ('created', 'running', 'done', 'failed')),
    result           text,            -- JSON, bounded by the server (JobRepository::MAX_RESULT_BYTES)
    error            text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL
);
CREATE INDEX jobs_expiry ON jobs (expires_at);

-- A model's policies (the SDK's policies[]): kept and given back.
ALTER TABLE models ADD COLUMN policies jsonb NOT NULL DEFAULT '[]';
