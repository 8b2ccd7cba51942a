-- Track how many model tokens each research run used and how long it took,
-- so cost and latency can be reported per query. Additive: nullable columns
-- and a default that PostgreSQL stores without rewriting the table.

-- migrate:up
ALTER TABLE research_results
    ADD COLUMN prompt_tokens integer CHECK (prompt_tokens >= 0),
    ADD COLUMN completion_tokens integer CHECK (completion_tokens >= 0),
    ADD COLUMN duration_ms integer NOT NULL DEFAULT 0;

COMMENT ON COLUMN research_results.duration_ms IS 'Wall-clock time of the research run in milliseconds';

-- migrate:down
ALTER TABLE research_results
    DROP COLUMN duration_ms,
    DROP COLUMN completion_tokens,
    DROP COLUMN prompt_tokens;
