/**
 * Applies fills to intents and trades, idempotently: execution notices (one per fill) and polled
 * totals (KIS daily orders) converge on the same numbers however often either arrives. Also cancels
 * orders left unfilled at the end of their window.
 */
import { errorMessage } from "../core/errors.js";
import { createLogger } from "../core/logger.js";
import { writeTransaction } from "../db/database.js";
import { durableTransaction } from "../db/durable.js";
import { kstParts } from "../core/clock.js";
import type { FillTotals, FillsRepo, OrderRef } from "../db/fills-repo.js";
import { orderRefOf, type IntentStatus, type OrderIntent } from "../db/intents-repo.js";
import type { OrderLedgerDeps } from "./ledger-deps.js";

/** One fill from a decoded execution notice, in domain terms. */
export interface ExecutionFill {
  orderNo: string;
  quantity: number;
  priceKrw: number;
  filledAtMs: number;
}

/** An order's cumulative state at KIS, as polled. */
export interface PolledOrder {
  orderNo: string;
  filledQuantity: number;
  filledAmountKrw: number;
  cancelled: boolean;
  rejectedQuantity: number;
}

export interface FillTrackerDeps extends OrderLedgerDeps {
  fills: FillsRepo;
}

type VenueClose = "cancelled" | "rejected" | undefined;

/** The status implied by the filled quantity; a closed remainder ends the order. */
export function deriveStatus(current: IntentStatus, filled: number, quantity: number, close: VenueClose): IntentStatus {
  if (filled >= quantity) return "FILLED";
  if (current === "CANCELLED" || close === "cancelled") return "CANCELLED";
  if (current === "REJECTED" || close === "rejected") return filled > 0 ? "CANCELLED" : "REJECTED";
  return filled > 0 ? "PARTIAL" : "ACKED";
}

export type FillTracker = ReturnType<typeof createFillTracker>;

export function createFillTracker(deps: FillTrackerDeps) {
  const { db, intents, fills, trades, clock } = deps;
  const log = (deps.logger ?? createLogger("silent")).child({ module: "execution.fills" });

  /** Recomputes an intent's fill totals and status from the fills table; mirrors them onto its trade. */
  const refresh = (intent: OrderIntent, close?: VenueClose): OrderIntent => {
    const order = orderRefOf(intent);
    if (!order) return intent;
    const totals = fills.totals(order);
    const filledQuantity = Math.min(totals.quantity, intent.quantity);
    const status = deriveStatus(intent.status, filledQuantity, intent.quantity, close);
    const averageFillPriceKrw = totals.quantity > 0 ? Math.round(totals.amountKrw / totals.quantity) : undefined;
    if (status === intent.status && filledQuantity === intent.filledQuantity && averageFillPriceKrw === intent.averageFillPriceKrw)
      return intent;
    const nowMs = clock.now();
    const patch = averageFillPriceKrw === undefined ? { filledQuantity } : { filledQuantity, averageFillPriceKrw };
    // Compare-and-set against what was read: a concurrent writer's newer status is re-read, not overwritten.
    if (!intents.transition(intent.intentKey, status, patch, nowMs, intent.status)) return intents.findByKey(intent.intentKey) ?? intent;
    trades.updateExecution(intent.intentKey, status, order.orderNo, nowMs);
    return { ...intent, ...patch, status };
  };

  /** Keeps the single 'poll' row equal to what KIS reported beyond the notices (never below zero). */
  const setRemainder = (order: OrderRef, target: FillTotals) => {
    const notices = fills.noticeTotals(order);
    const quantity = Math.max(0, target.quantity - notices.quantity);
    const priceKrw = quantity > 0 ? Math.max(1, Math.round((target.amountKrw - notices.amountKrw) / quantity)) : 0;
    fills.setPollRemainder(order, { quantity, priceKrw, filledAtMs: clock.now() }, clock.now());
  };

  // Fills are money that moved: committed durably (synchronous=FULL) like the intents they settle.
  const applyNoticeTx = durableTransaction(db, (fill: ExecutionFill): boolean => {
    // A day order fills on the day KIS numbered it: the notice's own date names the order.
    const order: OrderRef = { orderNo: fill.orderNo, tradeDate: kstParts(fill.filledAtMs).date };
    const before = fills.totals(order);
    const fillKey = `${fill.filledAtMs}:${fill.quantity}:${fill.priceKrw}`;
    const recorded = fills.insertNotice(
      { orderNo: fill.orderNo, fillKey, quantity: fill.quantity, priceKrw: fill.priceKrw, filledAtMs: fill.filledAtMs },
      clock.now(),
    );
    // The notice may be one polling already counted: the total becomes max(what was known, the notices).
    if (recorded) setRemainder(order, before);
    const intent = intents.findByOrderNo(fill.orderNo, fill.filledAtMs);
    if (intent) refresh(intent);
    return recorded;
  });

  const applyPolledTx = durableTransaction(db, (intent: OrderIntent, polled: PolledOrder): OrderIntent => {
    setRemainder(
      { orderNo: polled.orderNo, tradeDate: kstParts(intent.createdAtMs).date },
      { quantity: polled.filledQuantity, amountKrw: polled.filledAmountKrw },
    );
    const close: VenueClose = polled.cancelled ? "cancelled" : polled.rejectedQuantity > 0 ? "rejected" : undefined;
    return refresh(intent, close);
  });

  const refreshTx = writeTransaction(db, (intent: OrderIntent, close?: VenueClose) => refresh(intent, close));

  return {
    /** Records a notice fill once; returns false for a repeat. Fills for orders not (yet) linked to an intent are kept. */
    applyNotice(fill: ExecutionFill): boolean {
      return applyNoticeTx(fill);
    },
    /** Brings an intent (with its order number) in line with KIS's cumulative totals. */
    applyPolled(intent: OrderIntent, polled: PolledOrder): OrderIntent {
      return applyPolledTx(intent, polled);
    },
    /** Re-reads fills for an intent that just got its order number (notices may have come first). */
    refresh(intent: OrderIntent): OrderIntent {
      return refreshTx(intent);
    },
    /** Cancels ACKED / PARTIAL orders older than `windowMs`; returns the intent keys cancelled. */
    async cancelStale(windowMs: number): Promise<string[]> {
      const nowMs = clock.now();
      const stale = intents
        .listByStatus(["ACKED", "PARTIAL"])
        .filter((i) => (i.ackedAtMs ?? i.sentAtMs ?? i.createdAtMs) + windowMs <= nowMs);
      const cancelled: string[] = [];
      for (const intent of stale) {
        if (!intent.orderNo || !intent.orgNo) continue;
        try {
          await deps.broker.cancelOrder({ orderNo: intent.orderNo, orgNo: intent.orgNo });
        } catch (err) {
          // Most often the order filled in the meantime; the next reconciliation settles it.
          log.warn("cancel of a stale order failed", { intentKey: intent.intentKey, orderNo: intent.orderNo, error: errorMessage(err) });
          intents.transition(intent.intentKey, intent.status, { lastError: `cancel failed: ${errorMessage(err)}` }, clock.now());
          continue;
        }
        // Re-read: a notice may have landed while the cancel was in flight.
        refreshTx(intents.findByKey(intent.intentKey) ?? intent, "cancelled");
        cancelled.push(intent.intentKey);
      }
      return cancelled;
    },
  };
}
