/**
 * The seed schema's pnl_7_days / pnl_30_days, one definition for everyone (the 16:00 back-fill job
 * and the reflection): (close of the first trading day on or after trade date + N − execution
 * price) × executed quantity, negated for sells. Today's close counts only after the closing auction.
 */
import type { MarketData } from "../broker/ports.js";
import { addDays, kstParts, type Clock } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { Bar } from "../core/types.js";
import type { Trade, TradesRepo } from "../db/trades-repo.js";
import { SESSION_TIMES } from "../venue/krx.js";
import { execution, type BrokerFill } from "./round-trips.js";

export interface TradePnlDeps {
  trades: Pick<TradesRepo, "setPnl">;
  market: Pick<MarketData, "getDailyBars">;
  clock: Clock;
}

const HORIZONS = [
  { days: 7, field: "pnl7DaysKrw" },
  { days: 30, field: "pnl30DaysKrw" },
] as const;

/**
 * Fills in the horizons that are due and still empty; updates the given trade objects too, so a
 * caller can use the values at once. Fetch failures become `gaps` lines. Returns trades updated.
 */
export async function backfillTradePnl(
  deps: TradePnlDeps,
  trades: Trade[],
  options: { fills?: ReadonlyMap<string, BrokerFill>; gaps?: string[] } = {},
): Promise<number> {
  const nowMs = deps.clock.now();
  const { date: today, secondOfDay } = kstParts(nowMs);
  const lastFinalDate = secondOfDay >= SESSION_TIMES.close ? today : addDays(today, -1);
  const earliest = kstParts(Math.min(...trades.map((t) => t.timestampMs), nowMs)).date;
  const bars = new Map<string, Promise<Bar[]>>();
  const barsOf = (symbol: string) => {
    if (!bars.has(symbol)) bars.set(symbol, deps.market.getDailyBars(symbol, { from: earliest, to: lastFinalDate }));
    return bars.get(symbol) as Promise<Bar[]>;
  };
  let updated = 0;
  for (const trade of trades) {
    const done = execution(trade, options.fills ? { byOrderNo: options.fills } : {});
    const due = HORIZONS.filter((h) => trade[h.field] === undefined && addDays(kstParts(trade.timestampMs).date, h.days) <= lastFinalDate);
    if (!done || due.length === 0) continue;
    let series: Bar[];
    try {
      series = await barsOf(trade.ticker);
    } catch (err) {
      options.gaps?.push(`daily bars of ${trade.ticker}: ${errorMessage(err)}`);
      continue;
    }
    const sign = trade.action === "buy" ? 1 : -1;
    const values: Partial<Record<(typeof HORIZONS)[number]["field"], number>> = {};
    for (const { days, field } of due) {
      const target = addDays(kstParts(trade.timestampMs).date, days);
      // Without the target day's close (a holiday run), wait for the next back-fill.
      const close = series.find((b) => b.date >= target)?.closeKrw;
      if (close !== undefined) values[field] = sign * (close - done.priceKrw) * done.quantity;
    }
    if (values.pnl7DaysKrw === undefined && values.pnl30DaysKrw === undefined) continue;
    deps.trades.setPnl(trade.id, values, nowMs);
    Object.assign(trade, values);
    updated++;
  }
  return updated;
}
