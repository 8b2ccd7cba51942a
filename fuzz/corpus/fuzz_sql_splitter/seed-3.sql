-- Correlate log lines with the request that produced them. The index is built
-- CONCURRENTLY so a large, live log table keeps taking writes while it builds;
-- that cannot run inside a transaction, hence transaction:false.

-- migrate:up transaction:false
ALTER TABLE log_entries ADD COLUMN IF NOT EXISTS request_id uuid;
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_log_entries_request_id
    ON log_entries (request_id) WHERE request_id IS NOT NULL;

-- migrate:down
DROP INDEX CONCURRENTLY IF EXISTS idx_log_entries_request_id;
ALTER TABLE log_entries DROP COLUMN IF EXISTS request_id;
