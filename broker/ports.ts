/**
 * The brokerage as the rest of the system sees it. The KIS client implements both ports for
 * every environment (sim, paper, real); nodes, tools and execution see only these interfaces.
 */
import type { KisEnv } from "../core/config.js";
import type {
  AccountAssets,
  Balance,
  Bar,
  BuyingPower,
  DailyOrder,
  IndexQuote,
  InvestorFlow,
  OpenOrder,
  OrderAck,
  OrderCondition,
  OrderRef,
  OrderRequest,
  OrderType,
  PeriodProfit,
  ProgramTrade,
  Quote,
  RankingEntry,
  RecentTick,
  TradingDayInfo,
} from "../core/types.js";

/**
 * venueCode of the BROKER_UNAVAILABLE error thrown when an order request may or may not have
 * reached KIS (timeout, reset, 5xx, unreadable answer): reconcile before anything is re-sent.
 */
export const ORDER_OUTCOME_UNKNOWN = "OUTCOME_UNKNOWN";

export interface MarketData {
  getQuote(symbol: string): Promise<Quote>;
  /** The latest executions (up to 30), newest first. */
  getRecentTicks(symbol: string): Promise<RecentTick[]>;
  /** Daily bars between two YYYYMMDD dates inclusive, oldest first. */
  getDailyBars(symbol: string, range: { from: string; to: string }): Promise<Bar[]>;
  /** Today's 1-minute bars at or before `until` (HHMMSS, default now), oldest first; the latest `limit` (default all). */
  getMinuteBars(symbol: string, options?: { until?: string; limit?: number }): Promise<Bar[]>;
  getVolumeRanking(options?: { limit?: number }): Promise<RankingEntry[]>;
  getChangeRanking(options: { direction: "up" | "down"; limit?: number }): Promise<RankingEntry[]>;
  /** Index snapshot; "0001" = KOSPI. */
  getIndex(code?: string): Promise<IndexQuote>;
  /** Daily net buying by investor class, newest first. */
  getInvestorFlows(symbol: string): Promise<InvestorFlow[]>;
  /** Intraday program-trading series, newest first. */
  getProgramTrades(symbol: string): Promise<ProgramTrade[]>;
  /** Calendar from `date` (YYYYMMDD) onward. */
  getTradingCalendar(date: string): Promise<TradingDayInfo[]>;
}

export interface Broker {
  readonly env: KisEnv;
  getBalance(): Promise<Balance>;
  /** Account asset composition; real accounts only. */
  getAccountAssets(): Promise<AccountAssets>;
  getBuyingPower(symbol: string, priceKrw: number, type?: OrderType): Promise<BuyingPower>;
  getSellableQuantity(symbol: string): Promise<number>;
  /** Sends one cash order. Never retried by the client: an ambiguous failure throws. */
  placeOrder(request: OrderRequest): Promise<OrderAck>;
  modifyOrder(
    ref: OrderRef,
    change: { quantity: number; type: OrderType; condition?: OrderCondition; limitPriceKrw?: number; all?: boolean },
  ): Promise<OrderAck>;
  cancelOrder(ref: OrderRef, options?: { quantity?: number }): Promise<OrderAck>;
  /** Orders that can still be modified or cancelled today. */
  getOpenOrders(): Promise<OpenOrder[]>;
  /** Orders and fills between two YYYYMMDD dates (the 3-month tr_id split is handled inside). */
  getDailyOrders(range: { from: string; to: string; symbol?: string; status?: "all" | "filled" | "unfilled" }): Promise<DailyOrder[]>;
  getPeriodProfit(range: { from: string; to: string }): Promise<PeriodProfit>;
}
