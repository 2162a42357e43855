/**
 * The one P&L: executed buys and sells matched first-in first-out per symbol into lots and round
 * trips, net of the commission on both sides and the KRX sell tax (core/fees.ts). A lot's cost basis
 * is what was paid for its shares plus their share of the buy commission; a round trip's P&L is the
 * sell proceeds less that cost basis, less its share of the sell commission and tax. Everything that
 * reports realised or unrealised P&L (risk, the health monitor, reports, reflection) reads this file.
 */
import { DEFAULT_FEES, commissionKrw, sellTaxKrw, type FeeSchedule } from "../core/fees.js";
import type { IntentsRepo } from "../db/intents-repo.js";
import type { Trade } from "../db/trades-repo.js";

/** What KIS (or our intent) reports as filled for an order. */
export interface BrokerFill {
  filledQuantity: number;
  averageFillPriceKrw: number;
}

/** Where a trade's executed quantity and price come from, most authoritative first. */
export interface FillSources {
  /** KIS's daily orders by order number */
  byOrderNo?: ReadonlyMap<string, BrokerFill>;
  /** our order intent's fill totals by intent key */
  byIntentKey?: (intentKey: string) => BrokerFill | undefined;
}

/** Our order intents' fill totals as a fill source (what the fill tracker recorded from notices and polls). */
export function intentFills(intents: Pick<IntentsRepo, "findByKey">): NonNullable<FillSources["byIntentKey"]> {
  return (key) => {
    const intent = intents.findByKey(key);
    if (!intent || intent.averageFillPriceKrw === undefined) return undefined;
    return { filledQuantity: intent.filledQuantity, averageFillPriceKrw: intent.averageFillPriceKrw };
  };
}

export interface Execution {
  trade: Trade;
  quantity: number;
  priceKrw: number;
}

/** Shares of one buy still held. */
export interface Lot {
  entry: Trade;
  symbol: string;
  quantity: number;
  priceKrw: number;
  /** price × quantity plus the buy commission's share of these shares (fractional KRW) */
  costBasisKrw: number;
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
  /** commission on both sides and the sell tax, for these shares */
  costsKrw: number;
  /** (exit − entry) × quantity − costs, rounded to whole KRW */
  pnlKrw: number;
}

export interface Ledger {
  trips: RoundTrip[];
  /** open lots by symbol, oldest first */
  open: Map<string, Lot[]>;
}

/** The executed part of a trade, or null when nothing is known to have filled. */
export function execution(trade: Trade, sources: FillSources = {}): Execution | null {
  if (trade.action === "hold") return null;
  const reported =
    (trade.orderNumber ? sources.byOrderNo?.get(trade.orderNumber) : undefined) ??
    (trade.intentKey ? sources.byIntentKey?.(trade.intentKey) : undefined);
  if (reported)
    return reported.filledQuantity > 0 ? { trade, quantity: reported.filledQuantity, priceKrw: reported.averageFillPriceKrw } : null;
  if (trade.executionStatus === "FILLED" || trade.executionStatus === "PARTIAL")
    return trade.quantity > 0 ? { trade, quantity: trade.quantity, priceKrw: trade.priceKrw } : null;
  return null;
}

function closeAgainst(open: Lot[], sell: Execution, fees: FeeSchedule, trips: RoundTrip[]): void {
  const amount = sell.quantity * sell.priceKrw;
  const sellCostsKrw = commissionKrw(amount, fees) + sellTaxKrw(amount, fees);
  let remaining = sell.quantity;
  while (remaining > 0 && open.length > 0) {
    const lot = open[0] as Lot;
    const quantity = Math.min(lot.quantity, remaining);
    const basis = (lot.costBasisKrw * quantity) / lot.quantity;
    const exitCosts = (sellCostsKrw * quantity) / sell.quantity;
    const proceeds = quantity * sell.priceKrw;
    trips.push({
      entry: lot.entry,
      exit: sell.trade,
      symbol: sell.trade.ticker,
      quantity,
      entryPriceKrw: lot.priceKrw,
      exitPriceKrw: sell.priceKrw,
      entryAtMs: lot.entry.timestampMs,
      exitAtMs: sell.trade.timestampMs,
      costsKrw: Math.round(basis - lot.priceKrw * quantity + exitCosts),
      pnlKrw: Math.round(proceeds - basis - exitCosts),
    });
    lot.costBasisKrw -= basis;
    lot.quantity -= quantity;
    remaining -= quantity;
    if (lot.quantity === 0) open.shift();
  }
  // Shares sold beyond our lots were bought outside this ledger (before it, or by hand): no basis, no trip.
}

/** Matches the trades (in time order) into round trips and the lots still open. */
export function buildLedger(trades: readonly Trade[], sources: FillSources = {}, fees: FeeSchedule = DEFAULT_FEES): Ledger {
  const open = new Map<string, Lot[]>();
  const trips: RoundTrip[] = [];
  for (const trade of trades) {
    const done = execution(trade, sources);
    if (!done) continue;
    const lots = open.get(trade.ticker) ?? [];
    open.set(trade.ticker, lots);
    if (trade.action === "buy") {
      const amount = done.quantity * done.priceKrw;
      lots.push({
        entry: trade,
        symbol: trade.ticker,
        quantity: done.quantity,
        priceKrw: done.priceKrw,
        costBasisKrw: amount + commissionKrw(amount, fees),
      });
    } else {
      closeAgainst(lots, done, fees, trips);
    }
  }
  return { trips, open };
}

/** Net P&L of the round trips that closed at or after `fromMs` (and before `toMs`). */
export function realizedPnlKrw(trips: readonly RoundTrip[], fromMs: number, toMs = Number.MAX_SAFE_INTEGER): number {
  return trips.filter((t) => t.exitAtMs >= fromMs && t.exitAtMs < toMs).reduce((sum, t) => sum + t.pnlKrw, 0);
}

/** Each sell's result: the round trips it closed, summed; oldest first. */
export function closedBySell(trips: readonly RoundTrip[]): Array<{ exit: Trade; pnlKrw: number }> {
  const bySell = new Map<number, { exit: Trade; pnlKrw: number }>();
  for (const t of trips) {
    const row = bySell.get(t.exit.id) ?? { exit: t.exit, pnlKrw: 0 };
    row.pnlKrw += t.pnlKrw;
    bySell.set(t.exit.id, row);
  }
  return [...bySell.values()].sort((a, b) => a.exit.timestampMs - b.exit.timestampMs || a.exit.id - b.exit.id);
}

/** Losing sells in a row, counted back from the latest (a break-even sell ends the streak). */
export function consecutiveLosses(trips: readonly RoundTrip[]): number {
  const sells = closedBySell(trips);
  let streak = 0;
  for (let i = sells.length - 1; i >= 0 && (sells[i]?.pnlKrw ?? 0) < 0; i--) streak++;
  return streak;
}

/** A holding as the broker reports it: shares held and KIS's average price. */
export interface HeldPosition {
  symbol: string;
  quantity: number;
  averagePriceKrw: number;
}

/**
 * Unrealised P&L at `prices` against cost basis: our open lots (newest shares last) for the shares
 * they explain, KIS's average price for any shares the ledger never saw bought.
 */
export function unrealizedPnlKrw(
  open: ReadonlyMap<string, readonly Lot[]>,
  held: readonly HeldPosition[],
  prices: Readonly<Record<string, number | undefined>>,
): number {
  let total = 0;
  for (const h of held) {
    const price = prices[h.symbol] ?? h.averagePriceKrw;
    let left = h.quantity;
    let basis = 0;
    // The newest lots are the ones still held when the broker shows fewer shares than the ledger.
    for (const lot of [...(open.get(h.symbol) ?? [])].reverse()) {
      if (left === 0) break;
      const take = Math.min(lot.quantity, left);
      basis += (lot.costBasisKrw * take) / lot.quantity;
      left -= take;
    }
    basis += left * h.averagePriceKrw;
    total += price * h.quantity - basis;
  }
  return Math.round(total);
}
