-- migrate: foreign-keys-off
-- Order safety (issue #10): KIS order numbers restart every trade date, so order_intents is rebuilt
-- with the KST trade date and a unique (trade_date, order_no) instead of a unique order_no; every
-- halt and resume is kept with who, when and why; one lease per account fences concurrent runs.

CREATE TABLE order_intents_0008 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  -- hash(run id + symbol + side + quantity + price): the same approved order is never sent twice.
  intent_key TEXT NOT NULL UNIQUE,
  run_id TEXT NOT NULL,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  order_type TEXT NOT NULL CHECK (order_type IN ('limit', 'market')),
  limit_price_krw INTEGER CHECK (limit_price_krw IS NULL OR limit_price_krw > 0),
  status TEXT NOT NULL CHECK (status IN ('NEW', 'SENT', 'ACKED', 'UNKNOWN', 'FILLED', 'PARTIAL', 'CANCELLED', 'REJECTED')),
  -- KST YYYYMMDD the intent was written on: the day KIS numbered the order in.
  trade_date TEXT NOT NULL CHECK (length(trade_date) = 8),
  order_no TEXT,
  org_no TEXT,
  filled_quantity INTEGER NOT NULL DEFAULT 0 CHECK (filled_quantity >= 0 AND filled_quantity <= quantity),
  average_fill_price_krw INTEGER CHECK (average_fill_price_krw IS NULL OR average_fill_price_krw > 0),
  last_error TEXT,
  created_at_ms INTEGER NOT NULL,
  sent_at_ms INTEGER,
  acked_at_ms INTEGER,
  updated_at_ms INTEGER NOT NULL,
  CHECK ((order_type = 'limit') = (limit_price_krw IS NOT NULL)),
  UNIQUE (trade_date, order_no)
);
INSERT INTO order_intents_0008 (id, intent_key, run_id, symbol, side, quantity, order_type, limit_price_krw, status, trade_date,
  order_no, org_no, filled_quantity, average_fill_price_krw, last_error, created_at_ms, sent_at_ms, acked_at_ms, updated_at_ms)
SELECT id, intent_key, run_id, symbol, side, quantity, order_type, limit_price_krw, status,
  strftime('%Y%m%d', created_at_ms / 1000, 'unixepoch', '+9 hours'),
  order_no, org_no, filled_quantity, average_fill_price_krw, last_error, created_at_ms, sent_at_ms, acked_at_ms, updated_at_ms
FROM order_intents;
DROP TABLE order_intents;
ALTER TABLE order_intents_0008 RENAME TO order_intents;
CREATE INDEX order_intents_status ON order_intents (status);
CREATE INDEX order_intents_run ON order_intents (run_id);

CREATE TABLE trading_state_changes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  state TEXT NOT NULL CHECK (state IN ('ACTIVE', 'REDUCE_ONLY', 'HALTED')),
  reason TEXT NOT NULL,
  -- who: "cli:<os user>", "health", "reconcile", …
  actor TEXT NOT NULL,
  changed_at_ms INTEGER NOT NULL
);
CREATE INDEX trading_state_changes_at ON trading_state_changes (changed_at_ms);

-- One row per account, never deleted: `token` only grows, so a holder whose lease lapsed and was
-- taken over holds a token that is no longer current (fencing).
CREATE TABLE account_leases (
  account TEXT PRIMARY KEY,
  holder TEXT,
  token INTEGER NOT NULL DEFAULT 0,
  expires_at_ms INTEGER NOT NULL DEFAULT 0,
  acquired_at_ms INTEGER
);
