/**
 * The matching engine's accounts as plain data and back: what a restart must keep (cash,
 * positions, orders, fills, daily P&L, the order-number counter, buy reservations) and how a
 * restore catches up with days that passed while nothing ran (expiry and the position rollover).
 */
import { kstParts } from "../../core/clock.js";
import type { DailyPnl, SimFill, SimOrder } from "../exchange.js";
import { type Account, type Position, refreshStatus, remainingQuantity, rollPositions } from "./accounts.js";

export interface AccountRecord {
  id: string;
  cashKrw: number;
  positions: Position[];
  /** oldest first */
  orders: SimOrder[];
  /** oldest first */
  fills: SimFill[];
  dailyPnl: DailyPnl[];
}

export interface MatchingSnapshot {
  /** simulated epoch ms when the snapshot was taken */
  savedAtMs: number;
  /** the last order number issued (as a number) */
  lastOrderNo: number;
  accounts: AccountRecord[];
  /** per-share price each open buy order reserved cash at, by order number */
  reservePerShareKrw: Record<string, number>;
}

export interface RestoredAccounts {
  accounts: Map<string, Account>;
  lastOrderNo: number;
  /** orders still open for the current session, oldest first */
  resting: SimOrder[];
  reservePerShare: Map<string, number>;
}

export function toSnapshot(
  accounts: Iterable<Account>,
  lastOrderNo: number,
  reservePerShare: ReadonlyMap<string, number>,
  nowMs: number,
): MatchingSnapshot {
  const records: AccountRecord[] = [];
  const reserves: Record<string, number> = {};
  for (const a of accounts) {
    records.push({
      id: a.id,
      cashKrw: a.cashKrw,
      positions: [...a.positions.values()].map((p) => ({ ...p })),
      orders: a.orders.map((o) => ({ ...o })),
      fills: a.fills.map((f) => ({ ...f })),
      dailyPnl: [...a.pnlByDate.values()].map((row) => ({ ...row })),
    });
    for (const o of a.orders) {
      const reserve = reservePerShare.get(o.orderNo);
      if (o.status === "open" && reserve !== undefined) reserves[o.orderNo] = reserve;
    }
  }
  return { savedAtMs: nowMs, lastOrderNo, accounts: records, reservePerShareKrw: reserves };
}

/**
 * Accounts from a snapshot, as of the session `sessionDate` (running or next). Orders placed
 * before that session expire as cancelled and the positions' day counters reset, as the close
 * that passed unseen would have done; today's open orders keep resting with their reservations.
 */
export function fromSnapshot(snapshot: MatchingSnapshot, sessionDate: string): RestoredAccounts {
  const accounts = new Map<string, Account>();
  const resting: SimOrder[] = [];
  const reservePerShare = new Map<string, number>();
  let lastOrderNo = snapshot.lastOrderNo;
  const dayPassed = kstParts(snapshot.savedAtMs).date < sessionDate;
  for (const record of snapshot.accounts) {
    const account: Account = {
      id: record.id,
      cashKrw: record.cashKrw,
      positions: new Map(record.positions.map((p) => [p.code, { ...p }])),
      orders: record.orders.map((o) => ({ ...o })),
      fills: record.fills.map((f) => ({ ...f })),
      pnlByDate: new Map(record.dailyPnl.map((row) => [row.date, { ...row }])),
    };
    for (const order of account.orders) {
      lastOrderNo = Math.max(lastOrderNo, Number(order.orderNo) || 0);
      if (order.status !== "open") continue;
      if (kstParts(order.placedMs).date < sessionDate) {
        order.cancelledQuantity += remainingQuantity(order);
        refreshStatus(order);
        continue;
      }
      resting.push(order);
      const reserve = snapshot.reservePerShareKrw[order.orderNo];
      if (reserve !== undefined) reservePerShare.set(order.orderNo, reserve);
    }
    if (dayPassed) rollPositions(account);
    accounts.set(account.id, account);
  }
  resting.sort((a, b) => a.placedMs - b.placedMs || (a.orderNo < b.orderNo ? -1 : 1));
  return { accounts, lastOrderNo, resting, reservePerShare };
}
