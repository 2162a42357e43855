/**
 * The 16:00 job: back-fills pnl_7_days / pnl_30_days of trades whose horizon has come
 * (ledger/trade-pnl.ts holds the one definition, shared with the reflection).
 */
import type { MarketData } from "../broker/ports.js";
import type { Clock } from "../core/clock.js";
import type { TradesRepo } from "../db/trades-repo.js";
import { backfillTradePnl } from "../ledger/trade-pnl.js";

export interface PnlBackfillDeps {
  trades: Pick<TradesRepo, "listBetween" | "setPnl">;
  market: Pick<MarketData, "getDailyBars">;
  clock: Clock;
}

/** Trades older than the horizon by at most this much are still picked up (a week of downtime). */
const CATCH_UP_DAYS = 7;
const DAY_MS = 86_400_000;

/** Returns how many trades got a value. */
export async function backfillPnl(deps: PnlBackfillDeps): Promise<{ updated: number }> {
  const nowMs = deps.clock.now();
  const due = deps.trades.listBetween(nowMs - (30 + CATCH_UP_DAYS) * DAY_MS, nowMs - 7 * DAY_MS + 1);
  return { updated: await backfillTradePnl(deps, due) };
}
