-- What a user says about a discovered schema (the SDK's schemas.upsertField,
-- setPrimaryKeys): kept apart from the discovered catalog, which a refresh
-- replaces, and applied wherever the catalog is served.
CREATE TABLE schema_overrides (
    connection_id  uuid NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    schema_id      text NOT NULL,
    primary_key    jsonb,                         -- field names in key order; NULL: the discovered key
    user_fields    jsonb NOT NULL DEFAULT '[]',   -- [{"field_id", "label", "type", "path", "example"}]
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (connection_id, schema_id)
);

-- When the refresh under way (or the last one) started, for schemas.getStatus.
ALTER TABLE connection_schemas ADD COLUMN refresh_started_at timestamptz;

-- Query runner results: bounded in rows and size by the server, and deleted
-- once expired (the SDK's "expires").
CREATE TABLE query_results (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    connection_id    uuid NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    created_by       text NOT NULL,
    status           text NOT NULL CHECK (status IN ('created', 'running', 'done', 'failed')),
    fields           jsonb,
    results          jsonb,
    row_count        integer,
    error            text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL
);

CREATE INDEX query_results_expiry ON query_results (expires_at);
