-- A trading run whose approval came too late (APPROVAL_TTL_SECONDS, or a later KRX session) ends as
-- 'expired' with no orders. SQLite cannot alter a CHECK, so graph_runs is rebuilt with its data and index.
CREATE TABLE graph_runs_next (
  run_id TEXT PRIMARY KEY,
  graph TEXT NOT NULL CHECK (graph IN ('trading', 'reflection')),
  trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'event', 'manual', 'replay')),
  status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted', 'expired')),
  prompt_version TEXT,
  llm_calls INTEGER NOT NULL DEFAULT 0 CHECK (llm_calls >= 0),
  input_tokens INTEGER NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
  output_tokens INTEGER NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
  -- LLM prices are in USD; micro-dollars keep the ledger in integers.
  cost_usd_micros INTEGER NOT NULL DEFAULT 0 CHECK (cost_usd_micros >= 0),
  orders INTEGER NOT NULL DEFAULT 0 CHECK (orders >= 0),
  summary TEXT NOT NULL DEFAULT '',
  error TEXT,
  started_at_ms INTEGER NOT NULL,
  ended_at_ms INTEGER
);
INSERT INTO graph_runs_next (run_id, graph, trigger, status, prompt_version, llm_calls, input_tokens, output_tokens, cost_usd_micros, orders, summary, error, started_at_ms, ended_at_ms)
  SELECT run_id, graph, trigger, status, prompt_version, llm_calls, input_tokens, output_tokens, cost_usd_micros, orders, summary, error, started_at_ms, ended_at_ms FROM graph_runs;
DROP TABLE graph_runs;
ALTER TABLE graph_runs_next RENAME TO graph_runs;
CREATE INDEX graph_runs_started ON graph_runs (started_at_ms);
