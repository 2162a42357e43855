/**
 * Back-fills the seed schema's pnl_7_days / pnl_30_days of filled trades once 7 and 30 calendar
 * days have passed: the move from the trade price to the close of the last trading day on or
 * before the horizon, times the quantity, signed by side (a sell gains when the price falls after).
 */
import type { MarketData } from "../broker/ports.js";
import { addDays, kstParts, type Clock } from "../core/clock.js";
import type { Trade, TradesRepo } from "../db/trades-repo.js";
import { SESSION_TIMES } from "../market/krx.js";

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

const FILLED = new Set(["FILLED", "PARTIAL"]);

export function pnlAfter(trade: Pick<Trade, "action" | "quantity" | "priceKrw">, closeKrw: number): number {
  const sign = trade.action === "sell" ? -1 : 1;
  return sign * (closeKrw - trade.priceKrw) * trade.quantity;
}

/** Returns how many trades got a value. */
export async function backfillPnl(deps: PnlBackfillDeps): Promise<{ updated: number }> {
  const nowMs = deps.clock.now();
  const { date: today, secondOfDay } = kstParts(nowMs);
  // Today's close is final only after the closing auction.
  const lastFinalDate = secondOfDay >= SESSION_TIMES.close ? today : addDays(today, -1);
  let updated = 0;
  for (const { days, field } of HORIZONS) {
    const due = deps.trades
      .listBetween(nowMs - (days + CATCH_UP_DAYS) * DAY_MS, nowMs - days * DAY_MS)
      .filter((t) => t.action !== "hold" && FILLED.has(t.executionStatus) && t[field] === undefined);
    for (const trade of due) {
      const tradeDate = kstParts(trade.timestampMs).date;
      const horizonDate = addDays(tradeDate, days);
      if (horizonDate > lastFinalDate) continue;
      const bars = await deps.market.getDailyBars(trade.ticker, { from: tradeDate, to: horizonDate });
      const close = bars.at(-1)?.closeKrw;
      if (close === undefined) continue;
      deps.trades.setPnl(trade.id, { [field]: pnlAfter(trade, close) }, nowMs);
      updated++;
    }
  }
  return { updated };
}
