/** Everything the risk engine knows about the account and the market; loaded by the caller, never by risk/. */
import type { Holding, Quote, Side, TradingState } from "../core/types.js";

/**
 * An order that is open at KIS, unsettled locally, or approved and written but not yet sent: another
 * one on the same symbol and side is a duplicate, and a pending buy is exposure already taken.
 */
export interface PendingOrder {
  symbol: string;
  side: Side;
  /** a buy's unfilled value (shares left × price): the weight check counts it as held */
  openBuyKrw?: number;
  /** KIS has not reserved cash for it yet (not acknowledged): the cash check subtracts `openBuyKrw` */
  cashNotReserved?: boolean;
}

export interface RiskContext {
  tradingState: TradingState;
  /** by symbol; a symbol without a quote is unknown */
  quotes: Readonly<Record<string, Quote>>;
  holdings: readonly Holding[];
  /** KIS orderable cash, already net of open buy orders */
  orderableCashKrw: number;
  /** securities + cash, the base of weights (and of the daily loss limit without `openingEquityKrw`) */
  totalAssetsKrw: number;
  /** total assets at the day's open: the base of the daily loss limit */
  openingEquityKrw?: number;
  pendingOrders: readonly PendingOrder[];
  /** orders sent today (KST), before this plan */
  ordersPlacedToday: number;
  /** realised P&L of today's round trips, net of fees and tax (ledger/) */
  realizedPnlTodayKrw: number;
  /** unrealised P&L of the open lots against their cost basis (ledger/) */
  unrealizedPnlKrw: number;
  /** losing closed trades in a row, most recent first */
  consecutiveLosses: number;
  /** symbols a learned block_entry rule closes to new buys now → that rule (id and condition) */
  entryBlocks?: Readonly<Record<string, string>>;
  /** defaults to the built-in KRX calendar */
  isTradingDay?: (yyyymmdd: string) => boolean;
}
