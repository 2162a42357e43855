/**
 * Real-time market events as every layer sees them (trades, order book, program trading,
 * execution notices). Produced by the KIS feed, consumed by market/; no KIS wire names here.
 * Instants are epoch ms; prices integer KRW.
 */
import type { Side } from "./types.js";

/** The real-time feeds a session can hold: a symbol's trades, book and program trading, and the account's execution notices. */
export type FeedKind = "trade" | "book" | "program" | "notice";

/** One feed registration: the feed and its key (a symbol; for notices, the account's HTS ID). */
export interface FeedSubscription {
  feed: FeedKind;
  key: string;
}

/** One execution from the trade feed. */
export interface TradeTick {
  symbol: string;
  /** exchange time (KST business date + HHMMSS), epoch ms */
  exchangeTimeMs: number;
  /** local receive time from the injected clock, epoch ms */
  receivedAtMs: number;
  priceKrw: number;
  /** versus the previous close (기준가) */
  changeKrw: number;
  /** percent versus the previous close */
  changeRate: number;
  openKrw: number;
  highKrw: number;
  lowKrw: number;
  /** this execution's quantity */
  volume: number;
  cumulativeVolume: number;
  cumulativeValueKrw: number;
  askKrw: number;
  bidKrw: number;
  askQuantity: number;
  bidQuantity: number;
  totalAskQuantity: number;
  totalBidQuantity: number;
  /** 체결강도 as published by the venue (buy volume / sell volume × 100) */
  buyPower: number;
  cumulativeBuyVolume: number;
  cumulativeSellVolume: number;
  /** side that initiated the execution; undefined in auctions */
  aggressor: Side | undefined;
  halted: boolean;
  /** VI in force or a post-09:00 single-price state (time class C) */
  viActive: boolean;
  /** static-VI reference price, 0 when absent */
  viReferencePriceKrw: number;
}

/** Order-book update: 10 levels each side, best first. */
export interface BookUpdate {
  symbol: string;
  exchangeTimeMs: number;
  receivedAtMs: number;
  askPricesKrw: number[];
  bidPricesKrw: number[];
  askQuantities: number[];
  bidQuantities: number[];
  totalAskQuantity: number;
  totalBidQuantity: number;
  /** indicative auction price, 0 outside auctions */
  expectedPriceKrw: number;
  viActive: boolean;
}

/** Program trading (cumulative for the day) for one symbol. */
export interface ProgramUpdate {
  symbol: string;
  exchangeTimeMs: number;
  receivedAtMs: number;
  sellVolume: number;
  sellValueKrw: number;
  buyVolume: number;
  buyValueKrw: number;
  netVolume: number;
  netValueKrw: number;
}

export type NoticeEvent = "accepted" | "modified" | "cancelled" | "rejected" | "unfilled-cancelled" | "filled";

/** Execution notice: an order acknowledgement (접수) or one fill (체결). */
export interface ExecutionNotice {
  event: NoticeEvent;
  accountNo: string;
  orderNo: string;
  /** the order a modify/cancel refers to; empty for new orders */
  originalOrderNo: string;
  side: Side;
  symbol: string;
  /** filled quantity on a fill; the order quantity on an acknowledgement */
  quantity: number;
  /** fill price on a fill; the order price on an acknowledgement (0 for market orders) */
  priceKrw: number;
  orderQuantity: number;
  /** HHMMSS */
  time: string;
  branchNo: string;
  /** present only in the 26-field layout */
  orderPriceKrw?: number;
  symbolName?: string;
}
