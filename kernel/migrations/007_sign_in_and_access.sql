-- Sign-in and access: API keys, sessions, one-time sign-in links, pending sign-ins, the audit log.
-- Every token is stored as the hex SHA-256 of its value, never the value itself.

CREATE TABLE api_keys (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id          uuid REFERENCES users (id) ON DELETE CASCADE,   -- NULL: the organization's own key
    key_hash         text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_used_at     timestamptz
);

CREATE UNIQUE INDEX api_keys_one_per_user ON api_keys (user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX api_keys_one_per_organization ON api_keys (organization_id) WHERE user_id IS NULL;

CREATE TABLE sessions (
    id_hash       text PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token    text NOT NULL,
    method        text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE sign_in_links (
    token_hash  text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);

-- An OpenID Connect sign-in between the redirect to the provider and its answer.
CREATE TABLE pending_sign_ins (
    state_hash     text PRIMARY KEY CHECK (state_hash ~ '^[0-9a-f]{64}$'),
    provider       text NOT NULL,
    nonce          text NOT NULL,
    code_verifier  text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL
);

CREATE TABLE audit_log (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid REFERENCES organizations (id) ON DELETE CASCADE,   -- NULL: a refused sign-in of nobody we know
    actor_type       text NOT NULL CHECK (actor_type IN ('user', 'organization', 'system', 'anonymous')),
    actor_id         text,
    actor_email      text,
    action           text NOT NULL,
    method           text,
    route            text,
    resource_id      text,
    status           integer,
    detail           text,
    client_address   text,
    request_id       text,
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX audit_log_organization_time ON audit_log (organization_id, created_at DESC, id DESC);
