-- Shadow mode: a candidate prompt version decides beside the active one in live runs, for a number of
-- trading days, without orders. `prompt_shadows` is one shadowing (at most one running); each shadowed
-- run stores the candidate's decision next to the active version's (`shadow_decisions`).
CREATE TABLE prompt_shadows (
  id BIGSERIAL PRIMARY KEY,
  version TEXT NOT NULL REFERENCES prompt_versions (version),
  started_at_ms BIGINT NOT NULL,
  -- the last KST trading date it runs on (inclusive)
  until_date TEXT NOT NULL,
  stopped_at_ms BIGINT,
  stop_reason TEXT
);
CREATE TABLE shadow_decisions (
  id BIGSERIAL PRIMARY KEY,
  shadow_id BIGINT NOT NULL REFERENCES prompt_shadows (id),
  run_id TEXT NOT NULL,
  version TEXT NOT NULL,
  active_version TEXT NOT NULL,
  decided_at_ms BIGINT NOT NULL,
  -- the candidate's decision (JSON) when it produced a valid one in bounds, else why not
  decision_json TEXT,
  error TEXT,
  -- the active version's decision in the same run (JSON), or why it had none
  active_decision_json TEXT,
  active_error TEXT,
  UNIQUE (shadow_id, run_id)
);
