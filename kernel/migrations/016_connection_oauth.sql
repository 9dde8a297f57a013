-- Connections that sign in with OAuth (issue 14).
--
-- connection_tokens: the tokens of a connection, encrypted like its secrets
-- (SecretBox: "v1:<key id>:<base64 iv|ciphertext|tag>" of {"access_token",
-- "refresh_token", "token_type", "scope"}); only the expiry is in the clear,
-- so that the worker knows when to refresh without decrypting.
--
-- oauth_states: a sign-in in progress. The state sent to the provider is a
-- random token; only its SHA-256 is stored, so the table cannot be used to
-- finish someone's sign-in. A state is bound to who started it, used once
-- (used_at) and expires; the PKCE code verifier is encrypted.

ALTER TABLE connections DROP CONSTRAINT connections_status_check;
ALTER TABLE connections ADD CONSTRAINT connections_status_check
    CHECK (status IN ('unknown', 'healthy', 'error', 'awaiting_authorization', 'reconnect'));

CREATE TABLE connection_tokens (
    connection_id  uuid PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
    tokens         text NOT NULL,
    expires_at     timestamptz,
    refreshed_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE oauth_states (
    state_hash       text PRIMARY KEY,
    organization_id  uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    started_by       text NOT NULL,
    connection_type  text NOT NULL,
    connection_id    uuid REFERENCES connections (id) ON DELETE CASCADE,
    name             text NOT NULL,
    configuration    jsonb NOT NULL DEFAULT '{}',
    return_url       text NOT NULL,
    code_verifier    text,
    expires_at       timestamptz NOT NULL,
    used_at          timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX oauth_states_expiry ON oauth_states (expires_at);
