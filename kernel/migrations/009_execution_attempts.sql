-- Each console-log line says which attempt of its execution wrote it, so that
-- the log of a retried run keeps every attempt, in order, each one named.
ALTER TABLE execution_logs ADD COLUMN attempt integer;
