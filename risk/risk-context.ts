/** Everything the risk engine knows about the account and the market; loaded by the caller, never by risk/. */
import type { Holding, Quote, Side, TradingState } from "../core/types.js";

/** An order that is open at KIS or UNKNOWN locally: another one on the same symbol and side is a duplicate. */
export interface PendingOrder {
  symbol: string;
  side: Side;
}

export interface RiskContext {
  tradingState: TradingState;
  /** by symbol; a symbol without a quote is unknown */
  quotes: Readonly<Record<string, Quote>>;
  holdings: readonly Holding[];
  /** KIS orderable cash, already net of open buy orders */
  orderableCashKrw: number;
  /** securities + cash, the base of weights and the daily loss limit */
  totalAssetsKrw: number;
  pendingOrders: readonly PendingOrder[];
  /** orders sent today (KST), before this plan */
  ordersPlacedToday: number;
  realizedPnlTodayKrw: number;
  /** change of unrealised P&L since the day's open */
  unrealizedPnlTodayKrw: number;
  /** losing closed trades in a row, most recent first */
  consecutiveLosses: number;
  /** symbols a learned block_entry rule closes to new buys now → that rule (id and condition) */
  entryBlocks?: Readonly<Record<string, string>>;
  /** defaults to the built-in KRX calendar */
  isTradingDay?: (yyyymmdd: string) => boolean;
}
