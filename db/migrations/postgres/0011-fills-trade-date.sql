-- Twin of db/migrations/0011-fills-trade-date.sql: a fill is keyed by its order's KST trade date too,
-- since KIS order numbers restart every day. Existing rows take their intent's date when the number
-- names one intent, else the fill's own KST date.
ALTER TABLE fills ADD COLUMN trade_date TEXT;
UPDATE fills SET trade_date = COALESCE(
  (SELECT MIN(i.trade_date) FROM order_intents i WHERE i.order_no = fills.order_no HAVING COUNT(*) = 1),
  to_char(to_timestamp(filled_at_ms / 1000.0) AT TIME ZONE 'Asia/Seoul', 'YYYYMMDD'));
ALTER TABLE fills ALTER COLUMN trade_date SET NOT NULL;
ALTER TABLE fills ADD CONSTRAINT fills_trade_date_check CHECK (length(trade_date) = 8);
ALTER TABLE fills DROP CONSTRAINT fills_order_no_fill_key_key;
ALTER TABLE fills ADD CONSTRAINT fills_trade_date_order_no_fill_key_key UNIQUE (trade_date, order_no, fill_key);
