/**
 * Back-fills the seed schema's pnl_7_days / pnl_30_days of executed trades once 7 and 30 calendar
 * days have passed, with the reflection's definition (nodes/reflection/aggregate.ts), so whichever
 * runs first writes the same number: (close of the first trading day on or after trade date + N −
 * execution price) × quantity, negated for sells.
 */
import type { MarketData } from "../broker/ports.js";
import { addDays, kstParts, type Clock } from "../core/clock.js";
import type { TradesRepo } from "../db/trades-repo.js";
import { SESSION_TIMES } from "../market/krx.js";
import { execution } from "../nodes/reflection/round-trips.js";

export interface PnlBackfillDeps {
  trades: Pick<TradesRepo, "listBetween" | "setPnl">;
  market: Pick<MarketData, "getDailyBars">;
  clock: Clock;
}

const HORIZONS = [
  { days: 7, field: "pnl7DaysKrw" },
  { days: 30, field: "pnl30DaysKrw" },
] as const;

/** Trades older than the horizon by at most this much are still picked up (a week of downtime). */
const CATCH_UP_DAYS = 7;
const DAY_MS = 86_400_000;

/** Returns how many trades got a value. */
export async function backfillPnl(deps: PnlBackfillDeps): Promise<{ updated: number }> {
  const nowMs = deps.clock.now();
  const { date: today, secondOfDay } = kstParts(nowMs);
  // Today's close is final only after the closing auction.
  const lastFinalDate = secondOfDay >= SESSION_TIMES.close ? today : addDays(today, -1);
  let updated = 0;
  for (const { days, field } of HORIZONS) {
    const due = deps.trades.listBetween(nowMs - (days + CATCH_UP_DAYS) * DAY_MS, nowMs - days * DAY_MS).filter((t) => t[field] === undefined);
    for (const trade of due) {
      const done = execution(trade);
      const tradeDate = kstParts(trade.timestampMs).date;
      const target = addDays(tradeDate, days);
      if (!done || target > lastFinalDate) continue;
      const bars = await deps.market.getDailyBars(trade.ticker, { from: tradeDate, to: lastFinalDate });
      const close = bars.find((b) => b.date >= target)?.closeKrw;
      if (close === undefined) continue; // the target day's close is not final yet (a weekend or holiday before it)
      const sign = trade.action === "buy" ? 1 : -1;
      deps.trades.setPnl(trade.id, { [field]: sign * (close - done.priceKrw) * done.quantity }, nowMs);
      updated++;
    }
  }
  return { updated };
}
