-- Side-by-side evaluations of two prompt versions over the same simulated market (the same seeds and
-- days): `kis-agent prompts eval a b`, and the activation gate that evaluates a reflection's new
-- version (b) against the active one (a) before it can trade. The headline figures are columns; the
-- whole evaluation (per seed, per day) is the JSON document.
CREATE TABLE prompt_evals (
  id BIGSERIAL PRIMARY KEY,
  version_a TEXT NOT NULL,
  version_b TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('manual', 'gate')),
  reflection_run_id TEXT,
  from_date TEXT NOT NULL,
  to_date TEXT NOT NULL,
  seeds_json TEXT NOT NULL,
  -- mean of (b − a) daily returns in percentage points, with its bootstrap interval
  mean_diff_pct DOUBLE PRECISION NOT NULL,
  low_pct DOUBLE PRECISION NOT NULL,
  high_pct DOUBLE PRECISION NOT NULL,
  -- mean over the seeds of b's total return less a's, percentage points
  total_diff_pct DOUBLE PRECISION NOT NULL,
  -- the gate's decision: 'pass' or 'fail'; null for a manual evaluation
  verdict TEXT CHECK (verdict IS NULL OR verdict IN ('pass', 'fail')),
  result_json TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX prompt_evals_b ON prompt_evals (version_b, id);
CREATE INDEX prompt_evals_run ON prompt_evals (reflection_run_id);
