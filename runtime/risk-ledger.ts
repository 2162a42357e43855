/**
 * The database's side of the risk context: orders sent today, the orders that may still be live at
 * KIS or are on their way, and — from the one P&L in ledger/ — today's realised P&L, unrealised P&L
 * against cost basis, the losing streak, and the day's opening equity (yesterday's snapshot).
 */
import { fromKst, kstParts } from "../core/clock.js";
import type { DailyPortfolioWriter } from "../db/daily-portfolio-repo.js";
import { UNSETTLED_INTENT_STATUSES, type IntentStatus, type IntentsRepo } from "../db/intents-repo.js";
import type { TradesRepo } from "../db/trades-repo.js";
import { buildLedger, consecutiveLosses, intentFills, realizedPnlKrw, unrealizedPnlKrw, type Ledger } from "../ledger/round-trips.js";
import type { RiskLedger } from "../nodes/risk-inputs.js";
import type { PendingOrder } from "../risk/risk-context.js";

/** Local intents not yet (known to be) at KIS hold exposure KIS has reserved no cash for. */
const CASH_NOT_RESERVED: readonly IntentStatus[] = ["NEW", "SENT", "UNKNOWN"];

/**
 * Intents that may be live at KIS, and those written today but not yet sent (another run's approved
 * orders on their way); a buy carries its unfilled value. A NEW intent from an earlier day is a
 * crashed run's leftover that the reconciler does not send, so it is not counted.
 */
function pendingIntents(intents: IntentsRepo, dayStartMs: number, exceptRunId: string | undefined): PendingOrder[] {
  return intents
    .listByStatus([...UNSETTLED_INTENT_STATUSES, "NEW"])
    .filter((i) => i.runId !== exceptRunId && (i.status !== "NEW" || i.createdAtMs >= dayStartMs))
    .map((i) => {
      const priceKrw = i.limitPriceKrw ?? i.averageFillPriceKrw ?? 0;
      const open =
        i.side === "buy"
          ? { openBuyKrw: (i.quantity - i.filledQuantity) * priceKrw, cashNotReserved: CASH_NOT_RESERVED.includes(i.status) }
          : {};
      return { symbol: i.symbol, side: i.side, ...open };
    });
}

export interface RiskLedgerRepos {
  intents: IntentsRepo;
  trades: TradesRepo;
  /** daily snapshots: the last one before today is today's opening equity */
  portfolio?: Pick<DailyPortfolioWriter, "latestBefore">;
}

export function createRiskLedger(repos: RiskLedgerRepos): RiskLedger & { ledger(): Ledger } {
  const { intents, trades } = repos;
  const startOfDay = (nowMs: number) => fromKst(kstParts(nowMs).date);
  /** Every trade matched afresh: the ledger is small, and reading it whole keeps one definition. */
  const ledger = () => buildLedger(trades.listBetween(0, Number.MAX_SAFE_INTEGER), { byIntentKey: intentFills(intents) });

  return {
    ledger,
    ordersPlacedToday: (nowMs) => intents.countSentSince(startOfDay(nowMs)),
    realizedPnlTodayKrw: (nowMs) => realizedPnlKrw(ledger().trips, startOfDay(nowMs)),
    unrealizedPnlKrw: (holdings, quotes) =>
      unrealizedPnlKrw(
        ledger().open,
        holdings,
        Object.fromEntries(holdings.map((h) => [h.symbol, quotes[h.symbol]?.priceKrw ?? h.currentPriceKrw])),
      ),
    openingEquityKrw: (nowMs) => repos.portfolio?.latestBefore(kstParts(nowMs).date)?.totalValueKrw,
    consecutiveLosses: () => consecutiveLosses(ledger().trips),
    unsettledOrders: (nowMs = Number.MAX_SAFE_INTEGER, exceptRunId) => pendingIntents(intents, startOfDay(nowMs), exceptRunId),
  };
}
