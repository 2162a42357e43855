/**
 * The end-of-day portfolio row (daily_portfolio, migration 0003): one per KST date, rewritten when
 * finalize runs again for the same day. Only finalize writes it; ledger/daily-portfolio.ts builds it.
 */
import type { Db } from "./database.js";

export interface DailyPortfolio {
  /** YYYYMMDD */
  date: string;
  cashKrw: number;
  securitiesValueKrw: number;
  totalValueKrw: number;
  realizedPnlKrw: number;
  unrealizedPnlKrw: number;
  feeKrw: number;
  taxKrw: number;
  holdings: Array<{ symbol: string; quantity: number; averagePriceKrw: number; currentPriceKrw: number; unrealizedPnlKrw: number }>;
}

export type DailyPortfolioWriter = ReturnType<typeof createDailyPortfolioWriter>;

export function createDailyPortfolioWriter(db: Db) {
  const upsert = db.prepare(
    `INSERT INTO daily_portfolio (date, cash_krw, securities_value_krw, total_value_krw, realized_pnl_krw, unrealized_pnl_krw,
       fee_krw, tax_krw, holdings_json, recorded_at_ms)
     VALUES (@date, @cash, @securities, @total, @realized, @unrealized, @fee, @tax, @holdings, @now)
     ON CONFLICT (date) DO UPDATE SET cash_krw = excluded.cash_krw, securities_value_krw = excluded.securities_value_krw,
       total_value_krw = excluded.total_value_krw, realized_pnl_krw = excluded.realized_pnl_krw,
       unrealized_pnl_krw = excluded.unrealized_pnl_krw, fee_krw = excluded.fee_krw, tax_krw = excluded.tax_krw,
       holdings_json = excluded.holdings_json, recorded_at_ms = excluded.recorded_at_ms`,
  );
  const before = db.prepare<[string], { date: string; total_value_krw: number }>(
    "SELECT date, total_value_krw FROM daily_portfolio WHERE date < ? ORDER BY date DESC LIMIT 1",
  );
  return {
    write(p: DailyPortfolio, nowMs: number): void {
      upsert.run({
        date: p.date,
        cash: p.cashKrw,
        securities: p.securitiesValueKrw,
        total: p.totalValueKrw,
        realized: p.realizedPnlKrw,
        unrealized: p.unrealizedPnlKrw,
        fee: p.feeKrw,
        tax: p.taxKrw,
        holdings: JSON.stringify(p.holdings),
        now: nowMs,
      });
    },
    /** The last snapshot before `date`, for the day-over-day change. */
    latestBefore(date: string): { date: string; totalValueKrw: number } | undefined {
      const row = before.get(date);
      return row && { date: row.date, totalValueKrw: row.total_value_krw };
    },
  };
}

/** The account's value at each close between two dates (YYYYMMDD, inclusive), oldest first. */
export function dailyTotalsBetween(db: Db, from: string, to: string): Array<{ date: string; totalValueKrw: number }> {
  return db
    .prepare<[string, string], { date: string; total_value_krw: number }>(
      "SELECT date, total_value_krw FROM daily_portfolio WHERE date BETWEEN ? AND ? ORDER BY date",
    )
    .all(from, to)
    .map((r) => ({ date: r.date, totalValueKrw: r.total_value_krw }));
}
