/**
 * Settles intents that may be live at KIS (SENT, UNKNOWN, ACKED, PARTIAL) from today's daily orders
 * and the open orders. An intent without an order number is matched by symbol, side, quantity, price
 * and time; one KIS still does not have after the grace period becomes REJECTED: safe to re-plan,
 * never re-sent automatically. NEW intents abandoned by a crash before sending are closed the same way.
 */
import { fromKst, kstParts } from "../core/clock.js";
import { isAppError } from "../core/errors.js";
import { createLogger } from "../core/logger.js";
import type { DailyOrder, OpenOrder } from "../core/types.js";
import { writeTransaction } from "../db/database.js";
import { UNSETTLED_INTENT_STATUSES, type OrderIntent } from "../db/intents-repo.js";
import type { FillTracker } from "./fill-tracker.js";
import type { OrderLedgerDeps } from "./ledger-deps.js";

export interface ReconcilerDeps extends OrderLedgerDeps {
  fillTracker: FillTracker;
  /** how long KIS may take to list an order before its absence means it never arrived @defaultValue 60,000 ms */
  graceMs?: number;
  /** largest gap between our send time and KIS's order time for a match @defaultValue 120,000 ms */
  matchWindowMs?: number;
}

export interface ReconcileReport {
  /** intents that got their KIS order number here */
  matched: string[];
  /** intents KIS never received */
  rejected: string[];
  /** intents whose fills or status changed */
  updated: string[];
  /** intents still waiting for KIS */
  pending: string[];
}

/** An order as KIS lists it, from either inquiry. Fill totals only come with the daily inquiry. */
interface VenueOrder {
  order: OpenOrder | DailyOrder;
  orderedAtMs: number;
  daily?: DailyOrder;
}

function venueOrders(today: string, daily: DailyOrder[], open: OpenOrder[]): VenueOrder[] {
  const out: VenueOrder[] = daily.map((d) => ({ order: d, orderedAtMs: fromKst(d.date, d.orderedAt), daily: d }));
  const seen = new Set(daily.map((d) => d.orderNo));
  for (const o of open) if (!seen.has(o.orderNo)) out.push({ order: o, orderedAtMs: fromKst(today, o.orderedAt) });
  return out;
}

function matches(intent: OrderIntent, v: VenueOrder, windowMs: number): boolean {
  const o = v.order;
  const sentAtMs = intent.sentAtMs ?? intent.createdAtMs;
  const samePrice = intent.type === "market" ? o.type === "market" : o.type === "limit" && o.limitPriceKrw === intent.limitPriceKrw;
  return (
    o.symbol === intent.symbol &&
    o.side === intent.side &&
    o.quantity === intent.quantity &&
    samePrice &&
    Math.abs(v.orderedAtMs - sentAtMs) <= windowMs
  );
}

export type Reconciler = ReturnType<typeof createReconciler>;

export function createReconciler(deps: ReconcilerDeps) {
  const { db, intents, trades, fillTracker, broker, clock } = deps;
  const graceMs = deps.graceMs ?? 60_000;
  const matchWindowMs = deps.matchWindowMs ?? 120_000;
  const log = (deps.logger ?? createLogger("silent")).child({ module: "execution.reconciler" });

  async function loadOpenOrders(): Promise<OpenOrder[]> {
    try {
      return await broker.getOpenOrders();
    } catch (err) {
      // Paper accounts have no open-order inquiry; the daily inquiry lists unfilled orders too.
      if (isAppError(err) && err.code === "BROKER_UNSUPPORTED") return [];
      throw err;
    }
  }

  /** Picks the closest unclaimed KIS order for an intent without an order number. */
  function findMatch(intent: OrderIntent, venue: VenueOrder[], claimed: Set<string>): VenueOrder | undefined {
    const sentAtMs = intent.sentAtMs ?? intent.createdAtMs;
    return venue
      .filter(
        (v) => !claimed.has(v.order.orderNo) && !intents.findByOrderNo(v.order.orderNo, v.orderedAtMs) && matches(intent, v, matchWindowMs),
      )
      .sort((a, b) => Math.abs(a.orderedAtMs - sentAtMs) - Math.abs(b.orderedAtMs - sentAtMs))[0];
  }

  const settleStatus = writeTransaction(
    db,
    (intent: OrderIntent, status: "ACKED" | "UNKNOWN" | "REJECTED", patch: { orderNo?: string; orgNo?: string; lastError?: string }) => {
      const nowMs = clock.now();
      if (!intents.transition(intent.intentKey, status, status === "ACKED" ? { ...patch, ackedAtMs: nowMs } : patch, nowMs, intent.status))
        return intents.findByKey(intent.intentKey) ?? intent;
      trades.updateExecution(intent.intentKey, status, patch.orderNo, nowMs);
      return intents.findByKey(intent.intentKey) ?? intent;
    },
  );

  function applyVenue(intent: OrderIntent, v: VenueOrder): OrderIntent {
    if (!v.daily) return intent;
    const d = v.daily;
    return fillTracker.applyPolled(intent, {
      orderNo: d.orderNo,
      filledQuantity: d.filledQuantity,
      filledAmountKrw: d.filledAmountKrw,
      cancelled: d.cancelled,
      rejectedQuantity: d.rejectedQuantity,
    });
  }

  function settleOne(intent: OrderIntent, venue: VenueOrder[], claimed: Set<string>, report: ReconcileReport): void {
    let current = intent;
    let v = intent.orderNo ? venue.find((x) => x.order.orderNo === intent.orderNo) : undefined;
    if (!intent.orderNo) {
      v = findMatch(intent, venue, claimed);
      if (v) {
        claimed.add(v.order.orderNo);
        current = fillTracker.refresh(settleStatus(intent, "ACKED", { orderNo: v.order.orderNo, orgNo: v.order.orgNo }));
        report.matched.push(intent.intentKey);
      } else if (clock.now() - (intent.sentAtMs ?? intent.createdAtMs) >= graceMs) {
        settleStatus(intent, "REJECTED", { lastError: "not found at KIS after the grace period; safe to re-plan" });
        report.rejected.push(intent.intentKey);
        return;
      } else {
        if (intent.status === "SENT") settleStatus(intent, "UNKNOWN", { lastError: "awaiting reconciliation" });
        report.pending.push(intent.intentKey);
        return;
      }
    }
    if (!v) return;
    const after = applyVenue(current, v);
    if (after.status !== intent.status || after.filledQuantity !== intent.filledQuantity) report.updated.push(intent.intentKey);
  }

  /** NEW intents never left this process (SENT is written first); once stale, close them so nothing waits on them. */
  function closeAbandoned(report: ReconcileReport): void {
    for (const intent of intents.listByStatus(["NEW"])) {
      if (clock.now() - intent.createdAtMs < graceMs) continue;
      settleStatus(intent, "REJECTED", { lastError: "never sent: interrupted before the request; safe to re-plan" });
      report.rejected.push(intent.intentKey);
    }
  }

  return {
    async reconcile(): Promise<ReconcileReport> {
      const report: ReconcileReport = { matched: [], rejected: [], updated: [], pending: [] };
      closeAbandoned(report);
      const unsettled = intents.listByStatus(UNSETTLED_INTENT_STATUSES);
      if (unsettled.length === 0) return report;
      const today = kstParts(clock.now()).date;
      // Orders from earlier days are listed with their final state, so the range starts at the oldest intent.
      const from = unsettled.map((i) => kstParts(i.sentAtMs ?? i.createdAtMs).date).reduce((a, b) => (a < b ? a : b), today);
      const [daily, open] = await Promise.all([broker.getDailyOrders({ from, to: today }), loadOpenOrders()]);
      const venue = venueOrders(today, daily, open);
      const claimed = new Set<string>();
      for (const intent of unsettled) settleOne(intent, venue, claimed, report);
      if (report.rejected.length > 0) log.warn("intents not found at KIS", { intentKeys: report.rejected });
      return report;
    },
  };
}
