/**
 * Domain types every layer shares. Integer KRW and share counts; units in the names; KST dates
 * as YYYYMMDD and times as HHMMSS strings; instants as epoch ms. No KIS wire names here.
 */

import { z } from "zod";

export const Side = z.enum(["buy", "sell"]);
export type Side = z.infer<typeof Side>;
/** limit, market, or best = 최유리지정가 (a limit at the best opposite quote, priced by the exchange) */
export const OrderType = z.enum(["limit", "market", "best"]);
export type OrderType = z.infer<typeof OrderType>;
/** IOC: fill what fills at once and cancel the rest; FOK: fill all at once or nothing. Absent: the order rests. */
export const OrderCondition = z.enum(["IOC", "FOK"]);
export type OrderCondition = z.infer<typeof OrderCondition>;
export type Market = "KOSPI" | "KOSDAQ";
/** ACTIVE trades; REDUCE_ONLY allows sells only; HALTED allows nothing. Persisted so a restart keeps a halt. */
export type TradingState = "ACTIVE" | "REDUCE_ONLY" | "HALTED";

export interface Quote {
  symbol: string;
  name: string;
  priceKrw: number;
  changeKrw: number;
  /** percent vs previous close, e.g. 1.25 */
  changeRate: number;
  openKrw: number;
  highKrw: number;
  lowKrw: number;
  volume: number;
  tradeValueKrw: number;
  basePriceKrw: number;
  upperLimitKrw: number;
  lowerLimitKrw: number;
  tickSizeKrw: number;
  lotSize: number;
  halted: boolean;
  market?: Market;
  /** When the quote was received (epoch ms). */
  receivedAtMs: number;
}

export interface RecentTick {
  /** HHMMSS */
  time: string;
  priceKrw: number;
  volume: number;
  changeRate: number;
  /** 체결강도: buy volume / sell volume × 100 */
  buyPower: number;
}

export interface Bar {
  /** YYYYMMDD */
  date: string;
  /** HHMMSS for minute bars */
  time?: string;
  openKrw: number;
  highKrw: number;
  lowKrw: number;
  closeKrw: number;
  volume: number;
  tradeValueKrw: number;
}

export interface RankingEntry {
  rank: number;
  symbol: string;
  name: string;
  priceKrw: number;
  changeRate: number;
  volume: number;
  tradeValueKrw?: number;
  /** percent change of volume against the average */
  volumeIncreaseRate?: number;
}

export interface IndexQuote {
  code: string;
  value: number;
  change: number;
  changeRate: number;
  volume: number;
  tradeValueKrw: number;
  advancers: number;
  decliners: number;
  unchanged: number;
}

export interface InvestorFlow {
  /** YYYYMMDD */
  date: string;
  closeKrw: number;
  individualNetQuantity: number;
  foreignNetQuantity: number;
  institutionNetQuantity: number;
  individualNetValueKrw: number;
  foreignNetValueKrw: number;
  institutionNetValueKrw: number;
}

export interface ProgramTrade {
  /** HHMMSS */
  time: string;
  priceKrw: number;
  sellVolume: number;
  buyVolume: number;
  netVolume: number;
  netValueKrw: number;
}

export interface TradingDayInfo {
  /** YYYYMMDD */
  date: string;
  /** orders can be placed (opnd_yn) */
  isOpen: boolean;
  isBusinessDay: boolean;
  isSettlementDay: boolean;
}

export interface Holding {
  symbol: string;
  name: string;
  quantity: number;
  sellableQuantity: number;
  averagePriceKrw: number;
  purchaseAmountKrw: number;
  currentPriceKrw: number;
  evaluationAmountKrw: number;
  unrealizedPnlKrw: number;
  /** percent */
  unrealizedPnlRate: number;
}

export interface AccountSummary {
  /** D+0 deposit */
  cashKrw: number;
  /** D+2 settled cash */
  cashD2Krw: number;
  securitiesValueKrw: number;
  /** securities + D+2 cash */
  totalValueKrw: number;
  purchaseAmountKrw: number;
  unrealizedPnlKrw: number;
}

export interface Balance {
  holdings: Holding[];
  summary: AccountSummary;
}

export interface AccountAssets {
  totalAssetsKrw: number;
  netAssetsKrw: number;
  depositKrw: number;
  stockValueKrw: number;
}

export interface BuyingPower {
  orderableCashKrw: number;
  /** quantity buyable without margin (미수 없는 매수수량) */
  cashOnlyQuantity: number;
  cashOnlyAmountKrw: number;
  maxQuantity: number;
}

/** zod because the risk result carries orders into the trading graph's state. */
export const OrderRequest = z.object({
  symbol: z.string(),
  side: Side,
  quantity: z.number(),
  type: OrderType,
  condition: OrderCondition.optional(),
  /** required for limit orders; ignored for market and best orders */
  limitPriceKrw: z.number().optional(),
});
export type OrderRequest = z.infer<typeof OrderRequest>;

export interface OrderAck {
  /** KIS order number (ODNO) */
  orderNo: string;
  /** branch / KRX forwarding organisation number, needed to modify or cancel */
  orgNo: string;
  /** HHMMSS */
  acceptedAt: string;
}

export interface OrderRef {
  orderNo: string;
  orgNo: string;
}

export interface OpenOrder {
  orderNo: string;
  orgNo: string;
  originalOrderNo?: string;
  symbol: string;
  name: string;
  side: Side;
  type: OrderType;
  quantity: number;
  limitPriceKrw: number;
  filledQuantity: number;
  /** quantity that can still be modified or cancelled */
  remainingQuantity: number;
  /** HHMMSS */
  orderedAt: string;
}

export interface DailyOrder {
  /** YYYYMMDD */
  date: string;
  orderNo: string;
  orgNo: string;
  originalOrderNo?: string;
  symbol: string;
  name: string;
  side: Side;
  type: OrderType;
  quantity: number;
  limitPriceKrw: number;
  filledQuantity: number;
  averageFillPriceKrw: number;
  filledAmountKrw: number;
  remainingQuantity: number;
  cancelled: boolean;
  rejectedQuantity: number;
  /** HHMMSS */
  orderedAt: string;
}

export interface DailyProfit {
  date: string;
  buyAmountKrw: number;
  sellAmountKrw: number;
  realizedPnlKrw: number;
  feeKrw: number;
  taxKrw: number;
  /** percent */
  pnlRate: number;
}

export interface PeriodProfit {
  days: DailyProfit[];
  totalRealizedPnlKrw: number;
  totalFeeKrw: number;
  totalTaxKrw: number;
}
