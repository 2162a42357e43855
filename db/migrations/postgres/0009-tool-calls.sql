-- Every tool call of an investigation loop, with its run: the tool, its arguments as the model sent
-- them, how long it took, how large its answer was, and the reason when it failed. A cached answer
-- is recorded too (cached = 1, no KIS request behind it).
CREATE TABLE tool_calls (
  id BIGSERIAL PRIMARY KEY,
  run_id TEXT NOT NULL,
  tool TEXT NOT NULL,
  args_json TEXT NOT NULL,
  latency_ms BIGINT NOT NULL,
  result_chars BIGINT NOT NULL,
  cached BIGINT NOT NULL DEFAULT 0 CHECK (cached IN (0, 1)),
  error TEXT,
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX tool_calls_run ON tool_calls (run_id, id);
