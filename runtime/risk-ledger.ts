/**
 * The database's side of the risk context: orders sent today, today's realised P&L, the losing
 * streak and the orders that may still be live at KIS. Realised P&L of a sell is its average fill
 * price against the average cost the account showed when the order was planned.
 */
import { fromKst, kstParts } from "../core/clock.js";
import { UNSETTLED_INTENT_STATUSES, type IntentStatus, type IntentsRepo } from "../db/intents-repo.js";
import type { Trade, TradesRepo } from "../db/trades-repo.js";
import type { RiskLedger } from "../nodes/risk-inputs.js";
import type { PendingOrder } from "../risk/risk-context.js";

interface PortfolioBefore {
  holdings?: Array<{ symbol: string; averagePriceKrw: number }>;
}

/** Local intents not yet (known to be) at KIS hold exposure KIS has reserved no cash for. */
const CASH_NOT_RESERVED: readonly IntentStatus[] = ["NEW", "SENT", "UNKNOWN"];

/**
 * Intents that may be live at KIS, and those written today but not yet sent (another run's approved
 * orders on their way); a buy carries its unfilled value. A NEW intent from an earlier day is a
 * crashed run's leftover that the reconciler does not send, so it is not counted.
 */
function pendingIntents(intents: IntentsRepo, dayStartMs: number, exceptRunId: string | undefined): PendingOrder[] {
  return intents.listByStatus([...UNSETTLED_INTENT_STATUSES, "NEW"])
    .filter((i) => i.runId !== exceptRunId && (i.status !== "NEW" || i.createdAtMs >= dayStartMs))
    .map((i) => {
      const priceKrw = i.limitPriceKrw ?? i.averageFillPriceKrw ?? 0;
      const open = i.side === "buy" ? { openBuyKrw: (i.quantity - i.filledQuantity) * priceKrw, cashNotReserved: CASH_NOT_RESERVED.includes(i.status) } : {};
      return { symbol: i.symbol, side: i.side, ...open };
    });
}

export function createRiskLedger(repos: { intents: IntentsRepo; trades: TradesRepo }): RiskLedger & { realizedPnl(trade: Trade): number | undefined } {
  const { intents, trades } = repos;
  const startOfDay = (nowMs: number) => fromKst(kstParts(nowMs).date);

  /** undefined for buys and sells that have not filled */
  function realizedPnl(trade: Trade): number | undefined {
    if (trade.action !== "sell" || !trade.intentKey) return undefined;
    const intent = intents.findByKey(trade.intentKey);
    if (!intent || intent.filledQuantity === 0 || intent.averageFillPriceKrw === undefined) return undefined;
    const cost = (trade.portfolioBefore as PortfolioBefore | null)?.holdings?.find((h) => h.symbol === trade.ticker)?.averagePriceKrw;
    if (cost === undefined) return undefined;
    return Math.round((intent.averageFillPriceKrw - cost) * intent.filledQuantity);
  }

  return {
    realizedPnl,
    ordersPlacedToday: (nowMs) => intents.countSentSince(startOfDay(nowMs)),
    realizedPnlTodayKrw: (nowMs) => trades.listBetween(startOfDay(nowMs), nowMs + 1).reduce((sum, t) => sum + (realizedPnl(t) ?? 0), 0),
    consecutiveLosses() {
      const sells = trades.listBetween(0, Number.MAX_SAFE_INTEGER).filter((t) => t.action === "sell").reverse();
      let streak = 0;
      for (const t of sells) {
        const pnl = realizedPnl(t);
        if (pnl === undefined) continue;
        if (pnl >= 0) break;
        streak++;
      }
      return streak;
    },
    unsettledOrders: (nowMs = Number.MAX_SAFE_INTEGER, exceptRunId) => pendingIntents(intents, startOfDay(nowMs), exceptRunId),
  };
}
