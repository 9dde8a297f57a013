-- A job's result belongs to who started it (a user, or the organization's or
-- the deployment's key): others are told it does not exist. The query runner's
-- queries become jobs of type 'query' in the same table (one expiring result
-- store), their fields, rows and count kept as the job's result.

-- NULL: a job submitted before jobs had owners. It stays readable as before
-- by its organization until it expires (an hour at most after this upgrade).
ALTER TABLE jobs ADD COLUMN owner text;

-- Queries still to be read move over with their owner. One left running reads
-- as failed once stale (JobRepository::STALE_SECONDS): the server that ran it
-- is being upgraded.
INSERT INTO jobs (id, organization_id, type, owner, status, result, error, created_at, updated_at, expires_at)
SELECT id, organization_id, 'query', created_by, status,
       CASE WHEN status = 'done' THEN jsonb_build_object('fields', coalesce(fields, '[]'), 'results', coalesce(results, '[]'),
           'count', coalesce(row_count, 0))::text END,
       error, created_at, created_at, expires_at
FROM query_results WHERE expires_at > now();

DROP TABLE query_results;
