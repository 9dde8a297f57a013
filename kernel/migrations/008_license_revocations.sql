-- Deployment keys the licence service reported revoked, kept so that a restart
-- (or a licence service out of reach) does not forget a revocation. Keyed by the
-- key's own id (its jti): a new key is not affected.

CREATE TABLE license_revocations (
    license_id   text PRIMARY KEY,
    revoked_at   timestamptz NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);
