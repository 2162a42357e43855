/**
 * Order intents: the write-ahead record of every order the router sends. Written NEW before the
 * request, SENT just before it, then ACKED / UNKNOWN / REJECTED and later FILLED / PARTIAL / CANCELLED.
 */
import { kstParts } from "../core/clock.js";
import type { OrderType, Side } from "../core/types.js";
import type { Db } from "./database.js";
import { inListStatement } from "./in-list.js";
import type { OrderRef } from "./fills-repo.js";

export type IntentStatus = "NEW" | "SENT" | "ACKED" | "UNKNOWN" | "FILLED" | "PARTIAL" | "CANCELLED" | "REJECTED";

/** Settled: the reconciler and the fill tracker leave these alone unless a fill arrives. */
export const FINAL_INTENT_STATUSES: readonly IntentStatus[] = ["FILLED", "CANCELLED", "REJECTED"];
/** Maybe live at KIS: the reconciler settles these. */
export const UNSETTLED_INTENT_STATUSES: readonly IntentStatus[] = ["SENT", "UNKNOWN", "ACKED", "PARTIAL"];

export interface OrderIntent {
  intentKey: string;
  runId: string;
  symbol: string;
  side: Side;
  quantity: number;
  type: OrderType;
  limitPriceKrw?: number;
  status: IntentStatus;
  orderNo?: string;
  orgNo?: string;
  filledQuantity: number;
  averageFillPriceKrw?: number;
  lastError?: string;
  createdAtMs: number;
  sentAtMs?: number;
  ackedAtMs?: number;
  updatedAtMs: number;
}

export type NewIntent = Pick<OrderIntent, "intentKey" | "runId" | "symbol" | "side" | "quantity" | "type" | "limitPriceKrw">;

/** Fields a transition may set; absent fields keep their stored value. */
export interface IntentPatch {
  orderNo?: string;
  orgNo?: string;
  filledQuantity?: number;
  averageFillPriceKrw?: number;
  lastError?: string;
  sentAtMs?: number;
  ackedAtMs?: number;
}

interface IntentRow {
  intent_key: string;
  run_id: string;
  symbol: string;
  side: Side;
  quantity: number;
  order_type: OrderType;
  limit_price_krw: number | null;
  status: IntentStatus;
  order_no: string | null;
  org_no: string | null;
  filled_quantity: number;
  average_fill_price_krw: number | null;
  last_error: string | null;
  created_at_ms: number;
  sent_at_ms: number | null;
  acked_at_ms: number | null;
  updated_at_ms: number;
}

/** The order at KIS an intent became, named as KIS names it: by trade date and number (written on its creation day). */
export function orderRefOf(intent: OrderIntent): OrderRef | undefined {
  return intent.orderNo === undefined ? undefined : { orderNo: intent.orderNo, tradeDate: kstParts(intent.createdAtMs).date };
}

export function toOrderIntent(row: IntentRow): OrderIntent {
  const intent: OrderIntent = {
    intentKey: row.intent_key,
    runId: row.run_id,
    symbol: row.symbol,
    side: row.side,
    quantity: row.quantity,
    type: row.order_type,
    status: row.status,
    filledQuantity: row.filled_quantity,
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
  if (row.limit_price_krw !== null) intent.limitPriceKrw = row.limit_price_krw;
  if (row.order_no !== null) intent.orderNo = row.order_no;
  if (row.org_no !== null) intent.orgNo = row.org_no;
  if (row.average_fill_price_krw !== null) intent.averageFillPriceKrw = row.average_fill_price_krw;
  if (row.last_error !== null) intent.lastError = row.last_error;
  if (row.sent_at_ms !== null) intent.sentAtMs = row.sent_at_ms;
  if (row.acked_at_ms !== null) intent.ackedAtMs = row.acked_at_ms;
  return intent;
}

export type IntentsRepo = ReturnType<typeof createIntentsRepo>;

export function createIntentsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO order_intents (intent_key, run_id, symbol, side, quantity, order_type, limit_price_krw, status, trade_date, created_at_ms, updated_at_ms)
     VALUES (@intent_key, @run_id, @symbol, @side, @quantity, @order_type, @limit_price_krw, 'NEW', @trade_date, @now, @now)`,
  );
  const byKey = db.prepare<[string], IntentRow>("SELECT * FROM order_intents WHERE intent_key = ?");
  // KIS numbers orders afresh every trade date: an order number names an order only within its day.
  const byOrderNo = db.prepare<[string, string], IntentRow>("SELECT * FROM order_intents WHERE order_no = ? AND trade_date = ?");
  const byRun = db.prepare<[string], IntentRow>("SELECT * FROM order_intents WHERE run_id = ? ORDER BY id");
  const byStatuses = inListStatement<string[], IntentRow>(
    db,
    (list) => `SELECT * FROM order_intents WHERE status IN (${list}) ORDER BY id`,
  );
  const setColumns = `status = ?,
       order_no = COALESCE(?, order_no), org_no = COALESCE(?, org_no), filled_quantity = COALESCE(?, filled_quantity),
       average_fill_price_krw = COALESCE(?, average_fill_price_krw), last_error = COALESCE(?, last_error),
       sent_at_ms = COALESCE(?, sent_at_ms), acked_at_ms = COALESCE(?, acked_at_ms), updated_at_ms = ?`;
  const transitionAny = db.prepare<unknown[]>(`UPDATE order_intents SET ${setColumns} WHERE intent_key = ?`);
  const transitionFrom = inListStatement<unknown[], never>(
    db,
    (list) => `UPDATE order_intents SET ${setColumns} WHERE intent_key = ? AND status IN (${list})`,
  );
  const countSince = db.prepare<[number], { n: number }>(
    "SELECT COUNT(*) AS n FROM order_intents WHERE created_at_ms >= ? AND status NOT IN ('NEW', 'REJECTED')",
  );

  return {
    /** Throws on a repeated key (UNIQUE): callers look the key up first. */
    insert(intent: NewIntent, nowMs: number): OrderIntent {
      insert.run({
        intent_key: intent.intentKey,
        run_id: intent.runId,
        symbol: intent.symbol,
        side: intent.side,
        quantity: intent.quantity,
        order_type: intent.type,
        limit_price_krw: intent.limitPriceKrw ?? null,
        trade_date: kstParts(nowMs).date,
        now: nowMs,
      });
      return { ...intent, status: "NEW", filledQuantity: 0, createdAtMs: nowMs, updatedAtMs: nowMs };
    },
    findByKey(intentKey: string): OrderIntent | undefined {
      const row = byKey.get(intentKey);
      return row && toOrderIntent(row);
    },
    /** The intent KIS numbered `orderNo` on the KST trade date of `atMs`. */
    findByOrderNo(orderNo: string, atMs: number): OrderIntent | undefined {
      const row = byOrderNo.get(orderNo, kstParts(atMs).date);
      return row && toOrderIntent(row);
    },
    listByRun(runId: string): OrderIntent[] {
      return byRun.all(runId).map(toOrderIntent);
    },
    listByStatus(statuses: readonly IntentStatus[]): OrderIntent[] {
      return statuses.length === 0
        ? []
        : byStatuses(statuses.length)
            .all(...statuses)
            .map(toOrderIntent);
    },
    /**
     * Compare-and-set: moves the intent only while its status is one of `from` (any status when
     * omitted); returns whether it moved, so two writers can never both take NEW to SENT.
     */
    transition(
      intentKey: string,
      status: IntentStatus,
      patch: IntentPatch,
      nowMs: number,
      from?: IntentStatus | readonly IntentStatus[],
    ): boolean {
      const values = [
        status,
        patch.orderNo ?? null,
        patch.orgNo ?? null,
        patch.filledQuantity ?? null,
        patch.averageFillPriceKrw ?? null,
        patch.lastError ?? null,
        patch.sentAtMs ?? null,
        patch.ackedAtMs ?? null,
        nowMs,
        intentKey,
      ];
      if (from === undefined) return transitionAny.run(...values).changes > 0;
      const statuses: readonly IntentStatus[] = typeof from === "string" ? [from] : from;
      return statuses.length > 0 && transitionFrom(statuses.length).run(...values, ...statuses).changes > 0;
    },
    /** Orders that may have reached KIS since `sinceMs` (for the daily order limit). */
    countSentSince(sinceMs: number): number {
      return countSince.get(sinceMs)?.n ?? 0;
    },
  };
}
