-- What diagnose last agreed with the broker: holdings per symbol and, at that moment, the net
-- quantity our own intents had filled. expected = quantity + (net filled now - net_filled).
CREATE TABLE position_baseline (
  symbol TEXT PRIMARY KEY,
  quantity BIGINT NOT NULL CHECK (quantity >= 0),
  net_filled BIGINT NOT NULL,
  recorded_at_ms BIGINT NOT NULL
);
-- One row: whether any baseline was ever taken (an empty account has no symbol rows).
CREATE TABLE position_baseline_meta (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  taken_at_ms BIGINT NOT NULL
);
