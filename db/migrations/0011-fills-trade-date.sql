-- KIS numbers orders afresh every trade date, so an order number alone names two orders on two days:
-- fills are rebuilt with the KST trade date of their order and keyed by (trade_date, order_no, fill_key).
-- An existing fill takes its intent's trade date when one order of that number exists, else the KST
-- date it was filled on (a notice's own time; a poll row's time is when it was polled, on its day).
CREATE TABLE fills_0011 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  trade_date TEXT NOT NULL CHECK (length(trade_date) = 8),
  order_no TEXT NOT NULL,
  fill_key TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('notice', 'poll')),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  price_krw INTEGER NOT NULL CHECK (price_krw > 0),
  filled_at_ms INTEGER NOT NULL,
  recorded_at_ms INTEGER NOT NULL,
  UNIQUE (trade_date, order_no, fill_key)
);
INSERT INTO fills_0011 (id, trade_date, order_no, fill_key, source, quantity, price_krw, filled_at_ms, recorded_at_ms)
SELECT f.id,
  COALESCE(
    (SELECT MIN(i.trade_date) FROM order_intents i WHERE i.order_no = f.order_no
      HAVING COUNT(*) = 1),
    strftime('%Y%m%d', f.filled_at_ms / 1000, 'unixepoch', '+9 hours')),
  f.order_no, f.fill_key, f.source, f.quantity, f.price_krw, f.filled_at_ms, f.recorded_at_ms
FROM fills f;
DROP TABLE fills;
ALTER TABLE fills_0011 RENAME TO fills;
