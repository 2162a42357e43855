-- Trading state (ACTIVE / REDUCE_ONLY / HALTED) and alerts: persisted so that a restart never clears a halt.
CREATE TABLE trading_state (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  state TEXT NOT NULL CHECK (state IN ('ACTIVE', 'REDUCE_ONLY', 'HALTED')),
  reason TEXT NOT NULL DEFAULT '',
  updated_at_ms BIGINT NOT NULL
);
INSERT INTO trading_state (id, state, reason, updated_at_ms) VALUES (1, 'ACTIVE', '', 0);

CREATE TABLE alerts (
  id BIGSERIAL PRIMARY KEY,
  created_at_ms BIGINT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('info', 'warn', 'critical')),
  source TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  details_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX alerts_created ON alerts (created_at_ms);
