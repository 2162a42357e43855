/** Read-only views of a simulated account (copies): balance, open orders, orders, fills and daily P&L by date. */
import { kstParts } from "../../core/clock.js";
import type { AccountView, DailyPnl, SimFill, SimOrder } from "../exchange.js";
import { type Account, toHolding } from "./accounts.js";

const inRange = (ms: number, from: string, to: string) => {
  const date = kstParts(ms).date;
  return date >= from && date <= to;
};

export function accountView(account: Account, orderableCashKrw: number): AccountView {
  const holdings = [...account.positions.values()].filter((p) => p.quantity > 0).map((p) => toHolding(account, p));
  return { accountId: account.id, cashKrw: account.cashKrw, orderableCashKrw, holdings };
}

/** Orders with a remaining quantity, oldest first (time priority). */
export function openOrdersOf(account: Account): SimOrder[] {
  return account.orders.filter((o) => o.status === "open").map((o) => ({ ...o }));
}

/** Orders placed on the dates (inclusive), newest first. */
export function ordersBetween(account: Account, from: string, to: string): SimOrder[] {
  return account.orders
    .filter((o) => inRange(o.placedMs, from, to))
    .reverse()
    .map((o) => ({ ...o }));
}

/** Fills on the dates (inclusive), newest first. */
export function fillsBetween(account: Account, from: string, to: string): SimFill[] {
  return account.fills
    .filter((f) => inRange(f.timeMs, from, to))
    .reverse()
    .map((f) => ({ ...f }));
}

/** Days with fills between the dates (inclusive), newest first. */
export function dailyPnlBetween(account: Account, from: string, to: string): DailyPnl[] {
  return [...account.pnlByDate.values()]
    .filter((row) => row.date >= from && row.date <= to)
    .sort((a, b) => (a.date < b.date ? 1 : -1))
    .map((row) => ({ ...row }));
}
