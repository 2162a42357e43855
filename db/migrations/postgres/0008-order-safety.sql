-- Twin of db/migrations/0008-order-safety.sql: order_intents gets the KST trade date and a unique
-- (trade_date, order_no) instead of a unique order_no; halts and resumes are kept; one lease per account.
ALTER TABLE order_intents ADD COLUMN trade_date TEXT;
UPDATE order_intents SET trade_date = to_char(to_timestamp(created_at_ms / 1000.0) AT TIME ZONE 'Asia/Seoul', 'YYYYMMDD');
ALTER TABLE order_intents ALTER COLUMN trade_date SET NOT NULL;
ALTER TABLE order_intents ADD CONSTRAINT order_intents_trade_date_check CHECK (length(trade_date) = 8);
ALTER TABLE order_intents DROP CONSTRAINT order_intents_order_no_key;
ALTER TABLE order_intents ADD CONSTRAINT order_intents_trade_date_order_no_key UNIQUE (trade_date, order_no);

CREATE TABLE trading_state_changes (
  id BIGSERIAL PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('ACTIVE', 'REDUCE_ONLY', 'HALTED')),
  reason TEXT NOT NULL,
  -- who: "cli:<os user>", "health", "reconcile", …
  actor TEXT NOT NULL,
  changed_at_ms BIGINT NOT NULL
);
CREATE INDEX trading_state_changes_at ON trading_state_changes (changed_at_ms);

-- One row per account, never deleted: `token` only grows, so a holder whose lease lapsed and was
-- taken over holds a token that is no longer current (fencing).
CREATE TABLE account_leases (
  account TEXT PRIMARY KEY,
  holder TEXT,
  token BIGINT NOT NULL DEFAULT 0,
  expires_at_ms BIGINT NOT NULL DEFAULT 0,
  acquired_at_ms BIGINT
);
