/**
 * Realised trades from the ledger: executed buys and sells matched first-in first-out per symbol
 * into round trips (gross of fees and tax). Fill quantities and prices come from KIS's daily orders
 * when known, else from the trade record when it is FILLED or PARTIAL.
 */
import type { Trade } from "../db/trades-repo.js";

/** What KIS reported for an order number. */
export interface BrokerFill {
  filledQuantity: number;
  averageFillPriceKrw: number;
}

export interface Execution {
  trade: Trade;
  quantity: number;
  priceKrw: number;
}

export interface RoundTrip {
  entry: Trade;
  exit: Trade;
  symbol: string;
  quantity: number;
  entryPriceKrw: number;
  exitPriceKrw: number;
  entryAtMs: number;
  exitAtMs: number;
  pnlKrw: number;
}

/** The executed part of a trade, or null when nothing is known to have filled. */
export function execution(trade: Trade, fills: ReadonlyMap<string, BrokerFill> = new Map()): Execution | null {
  if (trade.action === "hold") return null;
  const reported = trade.orderNumber ? fills.get(trade.orderNumber) : undefined;
  if (reported) return reported.filledQuantity > 0 ? { trade, quantity: reported.filledQuantity, priceKrw: reported.averageFillPriceKrw } : null;
  if (trade.executionStatus === "FILLED" || trade.executionStatus === "PARTIAL") return trade.quantity > 0 ? { trade, quantity: trade.quantity, priceKrw: trade.priceKrw } : null;
  return null;
}

/** Round trips closed by the trades' sells, oldest first; `trades` in time order. */
export function roundTrips(trades: readonly Trade[], fills?: ReadonlyMap<string, BrokerFill>): RoundTrip[] {
  const lots = new Map<string, Execution[]>();
  const closed: RoundTrip[] = [];
  for (const trade of trades) {
    const done = execution(trade, fills);
    if (!done) continue;
    const open = lots.get(trade.ticker) ?? [];
    lots.set(trade.ticker, open);
    if (trade.action === "buy") {
      open.push({ ...done });
      continue;
    }
    let remaining = done.quantity;
    while (remaining > 0 && open.length > 0) {
      const lot = open[0] as Execution;
      const quantity = Math.min(lot.quantity, remaining);
      closed.push({
        entry: lot.trade, exit: trade, symbol: trade.ticker, quantity, entryPriceKrw: lot.priceKrw, exitPriceKrw: done.priceKrw,
        entryAtMs: lot.trade.timestampMs, exitAtMs: trade.timestampMs, pnlKrw: (done.priceKrw - lot.priceKrw) * quantity,
      });
      lot.quantity -= quantity;
      remaining -= quantity;
      if (lot.quantity === 0) open.shift();
    }
  }
  return closed;
}
