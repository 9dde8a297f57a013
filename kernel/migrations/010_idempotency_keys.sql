-- Idempotency-Key on POST: the first answer to each caller's key, replayed to a repeat
-- of the same request for 24 hours (then deleted). A row whose status is NULL is a
-- request still being answered: a concurrent duplicate gets 409. Shared by every web
-- process of the deployment, so a retry that reaches another replica replays too.

CREATE TABLE idempotency_keys (
    scope         text NOT NULL,          -- the caller: organization and credential
    key           text NOT NULL,
    fingerprint   text NOT NULL,          -- SHA-256 of method, path, query and body
    status        integer,                -- NULL while the first request is answered
    content_type  text,
    body          text,
    claimed_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);

CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);
