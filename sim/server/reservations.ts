/**
 * Reserved orders (예약주문, reference: order-resv): taken from 15:40 to 07:30 of the next
 * business day (and at any time on a closed day), each sent as an ordinary order when its
 * business day's order entry opens (08:30). One business day each; the result — the order
 * number, or why the exchange refused it — stays on the reservation for the inquiry.
 */
import { kstParts, type Clock } from "../../core/clock.js";
import { SESSION_TIMES } from "../../venue/krx.js";
import { isKrxTradingDay, nextTradingDay } from "../../venue/krx-calendar.js";
import type { OrderType, SimExchange } from "../exchange.js";
import type { Side } from "../../core/types.js";

const TAKE_FROM = 15 * 3600 + 40 * 60;
const TAKE_UNTIL = 7 * 3600 + 30 * 60;

export interface Reservation {
  seq: number;
  accountId: string;
  code: string;
  side: Side;
  type: OrderType;
  quantity: number;
  /** 0 for market orders */
  priceKrw: number;
  /** the business day it is sent on, YYYYMMDD */
  orderDate: string;
  receivedMs: number;
  endDate: string;
  /** the app key that reserved it: the order's execution notices go to its session */
  appKey: string;
  status: "waiting" | "sent" | "refused" | "cancelled";
  orderNo?: string;
  refusal?: string;
  cancelledMs?: number;
  sentMs?: number;
}

export type NewReservation = Pick<Reservation, "accountId" | "code" | "side" | "type" | "quantity" | "priceKrw" | "endDate" | "appKey">;

export class ReservationBook {
  private readonly items: Reservation[] = [];
  private nextSeq = 1;

  constructor(private readonly clock: Clock) {}

  /** The business day a reservation made now is sent on, or undefined inside 07:30–15:40 of a business day. */
  orderDateNow(): string | undefined {
    const { date, secondOfDay } = kstParts(this.clock.now());
    if (!isKrxTradingDay(date)) return nextTradingDay(date);
    if (secondOfDay < TAKE_UNTIL) return date;
    if (secondOfDay >= TAKE_FROM) return nextTradingDay(date);
    return undefined;
  }

  add(r: NewReservation, orderDate: string): Reservation {
    const item: Reservation = { ...r, seq: this.nextSeq++, orderDate, receivedMs: this.clock.now(), status: "waiting" };
    this.items.push(item);
    return item;
  }

  find(accountId: string, seq: number): Reservation | undefined {
    return this.items.find((r) => r.accountId === accountId && r.seq === seq);
  }

  list(accountId: string): Reservation[] {
    return this.items.filter((r) => r.accountId === accountId);
  }

  /** Sends every waiting reservation whose business day's order entry has opened. */
  release(exchange: SimExchange): void {
    const { date, secondOfDay } = kstParts(this.clock.now());
    for (const r of this.items) {
      if (r.status !== "waiting" || r.orderDate > date || (r.orderDate === date && secondOfDay < SESSION_TIMES.preOpenStart)) continue;
      const result = exchange.placeOrder(r.accountId, {
        code: r.code,
        side: r.side,
        type: r.type,
        quantity: r.quantity,
        appKey: r.appKey,
        ...(r.type === "limit" ? { priceKrw: r.priceKrw } : {}),
      });
      r.sentMs = this.clock.now();
      if (result.ok) {
        r.status = "sent";
        r.orderNo = result.order.orderNo;
      } else {
        r.status = "refused";
        r.refusal = result.message;
      }
    }
  }
}
