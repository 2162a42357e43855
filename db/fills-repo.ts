/**
 * Fills, recorded once each. A notice fill is keyed by its time, quantity and price; polling keeps a
 * single 'poll' row per order holding whatever KIS reports beyond the notices, so a fill seen both
 * ways is never counted twice. KIS numbers orders afresh every trade date, so an order is named by
 * its trade date (KST YYYYMMDD) and its number together.
 */
import { kstParts } from "../core/clock.js";
import type { Db } from "./database.js";

/** One order at KIS: its number is unique only within its trade date. */
export interface OrderRef {
  orderNo: string;
  tradeDate: string;
}

export type FillSource = "notice" | "poll";

export interface Fill {
  orderNo: string;
  tradeDate: string;
  fillKey: string;
  source: FillSource;
  quantity: number;
  priceKrw: number;
  filledAtMs: number;
  recordedAtMs: number;
}

export type NewFill = Omit<Fill, "recordedAtMs" | "tradeDate">;

export interface FillTotals {
  quantity: number;
  amountKrw: number;
}

interface FillRow {
  trade_date: string;
  order_no: string;
  fill_key: string;
  source: FillSource;
  quantity: number;
  price_krw: number;
  filled_at_ms: number;
  recorded_at_ms: number;
}

export const POLL_FILL_KEY = "poll";

export function toFill(row: FillRow): Fill {
  return {
    orderNo: row.order_no,
    tradeDate: row.trade_date,
    fillKey: row.fill_key,
    source: row.source,
    quantity: row.quantity,
    priceKrw: row.price_krw,
    filledAtMs: row.filled_at_ms,
    recordedAtMs: row.recorded_at_ms,
  };
}

export type FillsRepo = ReturnType<typeof createFillsRepo>;

export function createFillsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO fills (trade_date, order_no, fill_key, source, quantity, price_krw, filled_at_ms, recorded_at_ms)
     VALUES (@trade_date, @order_no, @fill_key, @source, @quantity, @price_krw, @filled_at_ms, @now)
     ON CONFLICT (trade_date, order_no, fill_key) DO NOTHING`,
  );
  const upsertPoll = db.prepare(
    `INSERT INTO fills (trade_date, order_no, fill_key, source, quantity, price_krw, filled_at_ms, recorded_at_ms)
     VALUES (@trade_date, @order_no, '${POLL_FILL_KEY}', 'poll', @quantity, @price_krw, @filled_at_ms, @now)
     ON CONFLICT (trade_date, order_no, fill_key) DO UPDATE SET quantity = excluded.quantity, price_krw = excluded.price_krw,
       filled_at_ms = excluded.filled_at_ms, recorded_at_ms = excluded.recorded_at_ms`,
  );
  const deletePoll = db.prepare<[string, string]>(
    `DELETE FROM fills WHERE trade_date = ? AND order_no = ? AND fill_key = '${POLL_FILL_KEY}'`,
  );
  const list = db.prepare<[string, string], FillRow>("SELECT * FROM fills WHERE trade_date = ? AND order_no = ? ORDER BY filled_at_ms, id");
  const totals = db.prepare<[string, string, string], { quantity: number; amount: number }>(
    `SELECT COALESCE(SUM(quantity), 0) AS quantity, COALESCE(SUM(quantity * price_krw), 0) AS amount
     FROM fills WHERE trade_date = ? AND order_no = ? AND source LIKE ?`,
  );

  const sum = (order: OrderRef, source: FillSource | "%"): FillTotals => {
    const row = totals.get(order.tradeDate, order.orderNo, source);
    return { quantity: row?.quantity ?? 0, amountKrw: row?.amount ?? 0 };
  };

  return {
    /** Returns false when the fill was already recorded. A notice belongs to the trade date it was filled on. */
    insertNotice(fill: Omit<NewFill, "source">, nowMs: number): boolean {
      const { orderNo, fillKey, quantity, priceKrw, filledAtMs } = fill;
      const trade_date = kstParts(filledAtMs).date;
      return (
        insert.run({
          trade_date,
          order_no: orderNo,
          fill_key: fillKey,
          source: "notice",
          quantity,
          price_krw: priceKrw,
          filled_at_ms: filledAtMs,
          now: nowMs,
        }).changes === 1
      );
    },
    /** Sets (or clears, with quantity 0) the polled remainder of an order. */
    setPollRemainder(order: OrderRef, remainder: { quantity: number; priceKrw: number; filledAtMs: number }, nowMs: number): void {
      if (remainder.quantity <= 0) {
        deletePoll.run(order.tradeDate, order.orderNo);
        return;
      }
      upsertPoll.run({
        trade_date: order.tradeDate,
        order_no: order.orderNo,
        quantity: remainder.quantity,
        price_krw: remainder.priceKrw,
        filled_at_ms: remainder.filledAtMs,
        now: nowMs,
      });
    },
    listByOrder(order: OrderRef): Fill[] {
      return list.all(order.tradeDate, order.orderNo).map(toFill);
    },
    totals(order: OrderRef): FillTotals {
      return sum(order, "%");
    },
    noticeTotals(order: OrderRef): FillTotals {
      return sum(order, "notice");
    },
  };
}
