-- Global error subscribers: the addresses emailed when a model-sync or bulk-sync
-- run of the organization fails (PUT /api/notifications/global-error-subscribers
-- replaces them all).
CREATE TABLE global_error_subscribers (
    organization_id  uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email            text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, email)
);
