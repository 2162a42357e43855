/**
 * Simulated accounts: cash, positions (quantity, purchase amount, bought/sold today), orders,
 * fills and realised P&L per day. `settleFill` is the one place a fill changes money or shares.
 */
import { kstParts } from "../../core/clock.js";
import type { DailyPnl, Holding, SimFill, SimOrder } from "../exchange.js";
import { commissionKrw, type FeeSchedule, sellTaxKrw } from "../../core/fees.js";

export interface Position {
  code: string;
  quantity: number;
  /** cost basis of the shares held, fees excluded (as KIS reports 매입금액) */
  purchaseAmountKrw: number;
  boughtToday: number;
  soldToday: number;
}

export interface Account {
  id: string;
  cashKrw: number;
  positions: Map<string, Position>;
  /** every order, oldest first */
  orders: SimOrder[];
  /** every fill, oldest first */
  fills: SimFill[];
  pnlByDate: Map<string, DailyPnl>;
}

export function createAccount(id: string, cashKrw: number): Account {
  return { id, cashKrw, positions: new Map(), orders: [], fills: [], pnlByDate: new Map() };
}

export function remainingQuantity(order: SimOrder): number {
  return order.quantity - order.filledQuantity - order.cancelledQuantity - order.rejectedQuantity;
}

export function refreshStatus(order: SimOrder): void {
  if (remainingQuantity(order) > 0) order.status = "open";
  else if (order.filledQuantity === order.quantity) order.status = "filled";
  else if (order.rejectedQuantity === order.quantity) order.status = "rejected";
  else order.status = "cancelled";
}

function pnlRow(account: Account, date: string): DailyPnl {
  let row = account.pnlByDate.get(date);
  if (!row) {
    row = { date, buyAmountKrw: 0, sellAmountKrw: 0, realizedPnlKrw: 0, feeKrw: 0, taxKrw: 0 };
    account.pnlByDate.set(date, row);
  }
  return row;
}

function position(account: Account, code: string): Position {
  let p = account.positions.get(code);
  if (!p) {
    p = { code, quantity: 0, purchaseAmountKrw: 0, boughtToday: 0, soldToday: 0 };
    account.positions.set(code, p);
  }
  return p;
}

/**
 * Applies one fill to the order, cash, position and the day's P&L. Realised P&L of a sell is
 * proceeds minus the proportional cost basis, the sell commission and the tax. This is KIS's own
 * average-cost figure, imitated because the simulator is the exchange; the product's P&L is the
 * FIFO ledger in ledger/, which reads fills and never this number.
 */
export function settleFill(
  account: Account,
  order: SimOrder,
  quantity: number,
  priceKrw: number,
  timeMs: number,
  fees: FeeSchedule,
): SimFill {
  const amount = quantity * priceKrw;
  const feeKrw = commissionKrw(amount, fees);
  const taxKrw = order.side === "sell" ? sellTaxKrw(amount, fees) : 0;
  const pos = position(account, order.code);
  const row = pnlRow(account, kstParts(timeMs).date);
  if (order.side === "buy") {
    account.cashKrw -= amount + feeKrw;
    pos.quantity += quantity;
    pos.purchaseAmountKrw += amount;
    pos.boughtToday += quantity;
    row.buyAmountKrw += amount;
  } else {
    const cost = Math.round((pos.purchaseAmountKrw * quantity) / pos.quantity);
    account.cashKrw += amount - feeKrw - taxKrw;
    pos.quantity -= quantity;
    pos.purchaseAmountKrw -= cost;
    pos.soldToday += quantity;
    row.sellAmountKrw += amount;
    row.realizedPnlKrw += amount - cost - feeKrw - taxKrw;
  }
  row.feeKrw += feeKrw;
  row.taxKrw += taxKrw;
  order.filledQuantity += quantity;
  order.filledAmountKrw += amount;
  refreshStatus(order);
  const fill: SimFill = {
    accountId: account.id,
    orderNo: order.orderNo,
    code: order.code,
    side: order.side,
    quantity,
    priceKrw,
    timeMs,
    feeKrw,
    taxKrw,
  };
  account.fills.push(fill);
  return fill;
}

/** Shares already promised to open sell orders. */
export function openSellQuantity(account: Account, code: string): number {
  let total = 0;
  for (const o of account.orders) if (o.code === code && o.side === "sell" && o.status === "open") total += remainingQuantity(o);
  return total;
}

export function toHolding(account: Account, p: Position): Holding {
  return {
    code: p.code,
    quantity: p.quantity,
    sellableQuantity: p.quantity - openSellQuantity(account, p.code),
    averagePriceKrw: p.quantity > 0 ? Math.round(p.purchaseAmountKrw / p.quantity) : 0,
    purchaseAmountKrw: p.purchaseAmountKrw,
    boughtToday: p.boughtToday,
    soldToday: p.soldToday,
  };
}

/** Start of a new day: today's counters reset and closed-out positions go. */
export function rollPositions(account: Account): void {
  for (const [code, p] of account.positions) {
    if (p.quantity === 0) account.positions.delete(code);
    p.boughtToday = p.soldToday = 0;
  }
}
