-- The baseline schema of the research agent (the seed's Phase 2): the uuid
-- extension and its three tables, created by migrations instead of
-- `synchronize: true`.

-- migrate:up
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";

CREATE TABLE log_entries (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    level varchar(10) NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
    message text NOT NULL,
    context varchar(100),
    metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_log_entries_created_at ON log_entries (created_at DESC);
CREATE INDEX idx_log_entries_level_created_at ON log_entries (level, created_at DESC);

CREATE TABLE research_results (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    query text NOT NULL,
    summary text,
    sources jsonb NOT NULL DEFAULT '[]'::jsonb,
    status varchar(20) NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    error_message text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_research_results_status ON research_results (status);
CREATE INDEX idx_research_results_created_at ON research_results (created_at DESC);

CREATE TABLE evaluation_records (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    research_result_id uuid NOT NULL REFERENCES research_results (id) ON DELETE CASCADE,
    evaluator varchar(100) NOT NULL,
    score numeric(5, 2) NOT NULL CHECK (score >= 0 AND score <= 100),
    passed boolean NOT NULL,
    details jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT uq_evaluation_records_result_evaluator UNIQUE (research_result_id, evaluator)
);
CREATE INDEX idx_evaluation_records_research_result_id ON evaluation_records (research_result_id);

-- migrate:down
DROP TABLE evaluation_records;
DROP TABLE research_results;
DROP TABLE log_entries;
DROP EXTENSION IF EXISTS "uuid-ossp";
