-- The 07:20 pre-market analysis: the day's scored picks, subscribed to the live feed at priority 2.
CREATE TABLE daily_picks (
  date TEXT NOT NULL CHECK (length(date) = 8),
  symbol TEXT NOT NULL,
  rank BIGINT NOT NULL CHECK (rank >= 1),
  score DOUBLE PRECISION NOT NULL,
  reason TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('offline', 'model')),
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (date, symbol)
);
