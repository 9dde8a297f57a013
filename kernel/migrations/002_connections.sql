-- Connections: a configured connector. Non-secret configuration in the clear,
-- secret fields (those the connector's spec marks "secret") encrypted
-- (AES-256-GCM, "v1:<key id>:<base64 iv|ciphertext|tag>").

CREATE TABLE connections (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    type             text NOT NULL,
    configuration    jsonb NOT NULL DEFAULT '{}',
    secrets          text,
    status           text NOT NULL DEFAULT 'unknown' CHECK (status IN ('unknown', 'healthy', 'error')),
    status_error     text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX connections_organization ON connections (organization_id, created_at);

-- Evaluation installs without ENCRYPTION_KEY keep a generated key here (see README).
CREATE TABLE evaluation_encryption_key (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    key        text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
