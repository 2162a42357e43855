-- The trading ledger: order intents (write-ahead), fills, trades (seed schema + run and prompt version),
-- positions, daily portfolio, signals, the run ledger, LLM calls, risk events and prompt versions.
-- Money is integer KRW, instants are epoch ms (`_ms`), dates are KST YYYYMMDD, JSON columns end in `_json`
-- except the seed's market_snapshot / portfolio_before, which keep their seed names.

CREATE TABLE graph_runs (
  run_id TEXT PRIMARY KEY,
  graph TEXT NOT NULL CHECK (graph IN ('trading', 'reflection')),
  trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'event', 'manual', 'replay')),
  status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
  prompt_version TEXT,
  llm_calls BIGINT NOT NULL DEFAULT 0 CHECK (llm_calls >= 0),
  input_tokens BIGINT NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
  output_tokens BIGINT NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
  -- LLM prices are in USD; micro-dollars keep the ledger in integers.
  cost_usd_micros BIGINT NOT NULL DEFAULT 0 CHECK (cost_usd_micros >= 0),
  orders BIGINT NOT NULL DEFAULT 0 CHECK (orders >= 0),
  summary TEXT NOT NULL DEFAULT '',
  error TEXT,
  started_at_ms BIGINT NOT NULL,
  ended_at_ms BIGINT
);
CREATE INDEX graph_runs_started ON graph_runs (started_at_ms);

CREATE TABLE order_intents (
  id BIGSERIAL PRIMARY KEY,
  -- hash(run id + symbol + side + quantity + price): the same approved order is never sent twice.
  intent_key TEXT NOT NULL UNIQUE,
  run_id TEXT NOT NULL,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
  quantity BIGINT NOT NULL CHECK (quantity > 0),
  order_type TEXT NOT NULL CHECK (order_type IN ('limit', 'market')),
  limit_price_krw BIGINT CHECK (limit_price_krw IS NULL OR limit_price_krw > 0),
  status TEXT NOT NULL CHECK (status IN ('NEW', 'SENT', 'ACKED', 'UNKNOWN', 'FILLED', 'PARTIAL', 'CANCELLED', 'REJECTED')),
  order_no TEXT UNIQUE,
  org_no TEXT,
  filled_quantity BIGINT NOT NULL DEFAULT 0 CHECK (filled_quantity >= 0 AND filled_quantity <= quantity),
  average_fill_price_krw BIGINT CHECK (average_fill_price_krw IS NULL OR average_fill_price_krw > 0),
  last_error TEXT,
  created_at_ms BIGINT NOT NULL,
  sent_at_ms BIGINT,
  acked_at_ms BIGINT,
  updated_at_ms BIGINT NOT NULL,
  CHECK ((order_type = 'limit') = (limit_price_krw IS NOT NULL))
);
CREATE INDEX order_intents_status ON order_intents (status);
CREATE INDEX order_intents_run ON order_intents (run_id);

-- A fill is recorded once: notices are keyed by time/quantity/price, and polling only ever adds one
-- 'poll' row per order holding the remainder KIS reports beyond the notices.
CREATE TABLE fills (
  id BIGSERIAL PRIMARY KEY,
  order_no TEXT NOT NULL,
  fill_key TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('notice', 'poll')),
  quantity BIGINT NOT NULL CHECK (quantity > 0),
  price_krw BIGINT NOT NULL CHECK (price_krw > 0),
  filled_at_ms BIGINT NOT NULL,
  recorded_at_ms BIGINT NOT NULL,
  UNIQUE (order_no, fill_key)
);

CREATE TABLE trades (
  id BIGSERIAL PRIMARY KEY,
  run_id TEXT NOT NULL,
  prompt_version TEXT,
  -- Written in the same transaction as the intent, so a crash never loses the trade record.
  intent_key TEXT UNIQUE REFERENCES order_intents (intent_key),
  timestamp_ms BIGINT NOT NULL,
  ticker TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('buy', 'sell', 'hold')),
  quantity BIGINT NOT NULL CHECK (quantity >= 0),
  price_krw BIGINT NOT NULL CHECK (price_krw >= 0),
  justification_text TEXT NOT NULL,
  market_snapshot TEXT NOT NULL DEFAULT '{}',
  portfolio_before TEXT NOT NULL DEFAULT '{}',
  pnl_7_days_krw BIGINT,
  pnl_30_days_krw BIGINT,
  order_number TEXT,
  execution_status TEXT NOT NULL CHECK (execution_status IN (
    'NEW', 'SENT', 'ACKED', 'UNKNOWN', 'FILLED', 'PARTIAL', 'CANCELLED', 'REJECTED', 'DENIED', 'SKIPPED')),
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
CREATE INDEX trades_timestamp ON trades (timestamp_ms);
CREATE INDEX trades_run ON trades (run_id);

CREATE TABLE positions (
  symbol TEXT PRIMARY KEY,
  name TEXT NOT NULL DEFAULT '',
  quantity BIGINT NOT NULL CHECK (quantity >= 0),
  average_price_krw BIGINT NOT NULL CHECK (average_price_krw >= 0),
  realized_pnl_krw BIGINT NOT NULL DEFAULT 0,
  opened_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);

CREATE TABLE daily_portfolio (
  date TEXT PRIMARY KEY CHECK (length(date) = 8),
  cash_krw BIGINT NOT NULL,
  securities_value_krw BIGINT NOT NULL CHECK (securities_value_krw >= 0),
  total_value_krw BIGINT NOT NULL,
  realized_pnl_krw BIGINT NOT NULL DEFAULT 0,
  unrealized_pnl_krw BIGINT NOT NULL DEFAULT 0,
  fee_krw BIGINT NOT NULL DEFAULT 0 CHECK (fee_krw >= 0),
  tax_krw BIGINT NOT NULL DEFAULT 0 CHECK (tax_krw >= 0),
  holdings_json TEXT NOT NULL DEFAULT '[]',
  recorded_at_ms BIGINT NOT NULL
);

CREATE TABLE signals (
  id BIGSERIAL PRIMARY KEY,
  run_id TEXT,
  symbol TEXT NOT NULL,
  kind TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('up', 'down', 'neutral')),
  details_json TEXT NOT NULL DEFAULT '{}',
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX signals_created ON signals (created_at_ms);

CREATE TABLE llm_calls (
  id BIGSERIAL PRIMARY KEY,
  run_id TEXT,
  node TEXT NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  prompt_version TEXT,
  -- the whole prompt as sent and the answer as received, for the audit trail
  prompt_text TEXT NOT NULL DEFAULT '',
  response_text TEXT NOT NULL DEFAULT '',
  input_tokens BIGINT NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
  output_tokens BIGINT NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
  cost_usd_micros BIGINT NOT NULL DEFAULT 0 CHECK (cost_usd_micros >= 0),
  latency_ms BIGINT NOT NULL DEFAULT 0 CHECK (latency_ms >= 0),
  status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
  error TEXT,
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX llm_calls_run ON llm_calls (run_id);

CREATE TABLE risk_events (
  id BIGSERIAL PRIMARY KEY,
  run_id TEXT NOT NULL,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
  kind TEXT NOT NULL CHECK (kind IN ('denial', 'adjustment')),
  code TEXT NOT NULL,
  reason TEXT NOT NULL,
  original_order_json TEXT NOT NULL,
  adjusted_order_json TEXT,
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX risk_events_run ON risk_events (run_id);

CREATE TABLE prompt_versions (
  version TEXT PRIMARY KEY,
  parent_version TEXT REFERENCES prompt_versions (version),
  full_text TEXT NOT NULL,
  diff TEXT NOT NULL DEFAULT '',
  rules_added_json TEXT NOT NULL DEFAULT '[]',
  rules_retired_json TEXT NOT NULL DEFAULT '[]',
  reflection_run_id TEXT,
  author TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('proposed', 'active', 'rejected', 'rolled_back')),
  created_at_ms BIGINT NOT NULL
);
-- At most one active version.
CREATE UNIQUE INDEX prompt_versions_one_active ON prompt_versions (status) WHERE status = 'active';
