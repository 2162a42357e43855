/**
 * The contract between the simulator's market/matching core (sim/market, sim/matching) and its
 * KIS wire front (sim/server, sim/rest, sim/ws). The core knows nothing of HTTP, tr_ids or
 * envelopes; the front knows nothing of price processes or matching. Prices are integer KRW.
 */
import type { Clock } from "../core/clock.js";
import type { Bar, InvestorFlow, Market, Side } from "../core/types.js";

export interface SymbolInfo {
  code: string;
  name: string;
  market: Market;
  previousCloseKrw: number;
  sharesOutstanding: number;
}

/** Live per-symbol statistics for the current simulated day. */
export interface SymbolState {
  info: SymbolInfo;
  /** 기준가: normally the previous close */
  basePriceKrw: number;
  upperLimitKrw: number;
  lowerLimitKrw: number;
  /** 0 until the first trade of the day */
  openKrw: number;
  highKrw: number;
  lowKrw: number;
  lastKrw: number;
  volume: number;
  tradeValueKrw: number;
  /** aggressor-side cumulative volumes and counts (체결강도 = buyVolume / sellVolume × 100) */
  buyVolume: number;
  sellVolume: number;
  buyCount: number;
  sellCount: number;
  previousDayVolume: number;
  halted: boolean;
  /** epoch ms of the last trade, 0 before the first */
  lastTradeMs: number;
  /** epoch ms when the open, the high and the low of the day printed (0 before the first trade) */
  openMs?: number;
  highMs?: number;
  lowMs?: number;
  /** 전일 동시간 누적 거래량: the previous day's cumulative volume at this time of day */
  previousDaySameTimeVolume?: number;
}

export interface BookLevel {
  priceKrw: number;
  quantity: number;
}

export interface BookSnapshot {
  code: string;
  timeMs: number;
  /** best first, 10 levels (quantity 0 where empty) */
  asks: BookLevel[];
  bids: BookLevel[];
  totalAskQuantity: number;
  totalBidQuantity: number;
}

export interface TradePrint {
  code: string;
  timeMs: number;
  priceKrw: number;
  quantity: number;
  /** aggressor side: "buy" = 매수 체결 (CCLD_DVSN 1), "sell" = 매도 체결 (5) */
  aggressor: Side;
}

export interface ProgramPrint {
  code: string;
  timeMs: number;
  sellVolume: number;
  sellValueKrw: number;
  buyVolume: number;
  buyValueKrw: number;
}

/**
 * KRX order types (KIS ORD_DVSN in brackets): limit [00], market [01], best = 최유리지정가 [03]
 * (a limit at the best opposite price), priority = 최우선지정가 [04] (a limit at the best same-side
 * price), and the off-hours sessions: preOpenClose = 장전 시간외 [05] at the previous close,
 * postClose = 장후 시간외 [06] at today's close, singlePrice = 시간외 단일가 [07].
 */
export type OrderType = "limit" | "market" | "best" | "priority" | "preOpenClose" | "postClose" | "singlePrice";
/** IOC: fill what can be filled at once, cancel the rest; FOK: fill all at once or nothing (KIS 11–16). */
export type OrderCondition = "IOC" | "FOK";
export type OrderStatus = "open" | "filled" | "cancelled" | "rejected";

export interface SimOrder {
  accountId: string;
  /** 10-digit zero-padded order number */
  orderNo: string;
  /** 5-digit branch / KRX forwarding org number */
  orgNo: string;
  originalOrderNo?: string;
  /** set with `originalOrderNo`: this record is a modification (정정) or a cancellation (취소) of it */
  revision?: "modify" | "cancel";
  code: string;
  side: Side;
  type: OrderType;
  /** absent: the order rests until filled, cancelled or expired */
  condition?: OrderCondition;
  quantity: number;
  /** 0 for market orders; the price fixed at entry for best, priority and the closing-price sessions */
  priceKrw: number;
  filledQuantity: number;
  filledAmountKrw: number;
  cancelledQuantity: number;
  rejectedQuantity: number;
  status: OrderStatus;
  placedMs: number;
  /** which app key placed it: execution notices go to that app key's WebSocket session */
  appKey: string;
}

export interface SimFill {
  accountId: string;
  orderNo: string;
  code: string;
  side: Side;
  quantity: number;
  priceKrw: number;
  timeMs: number;
  feeKrw: number;
  taxKrw: number;
}

/** A market-moving headline of one symbol (a news or sell-off day's jump), as news feeds list it. */
export interface Headline {
  code: string;
  timeMs: number;
  /** +1 good news (the fair price jumps up), -1 bad news */
  direction: 1 | -1;
}

/** Events the core emits as the clock advances or orders change. */
export type ExchangeEvent =
  | { kind: "trade"; trade: TradePrint; state: SymbolState; book: BookSnapshot }
  | { kind: "book"; book: BookSnapshot }
  | { kind: "program"; program: ProgramPrint }
  /** order accepted, modified, cancelled or rejected (접수통보) */
  | {
      kind: "order";
      order: SimOrder;
      action: "accepted" | "modified" | "cancelled" | "rejected";
      /** set when the exchange cancelled on its own: the day ended, or a market order's unfilled rest */
      cause?: "expired" | "unfilled-remainder";
    }
  /** a print on NXT, which follows KRX's price process; `state` is NXT's (its book: `SimExchange.nxt`) */
  | { kind: "nxtTrade"; trade: TradePrint; state: SymbolState }
  /** one fill of a user order (체결통보) */
  | { kind: "fill"; order: SimOrder; fill: SimFill };

export interface Holding {
  code: string;
  quantity: number;
  /** shares that can be sold now (quantity minus open sell orders) */
  sellableQuantity: number;
  averagePriceKrw: number;
  purchaseAmountKrw: number;
  boughtToday: number;
  soldToday: number;
}

export interface AccountView {
  accountId: string;
  cashKrw: number;
  /** cash minus what open buy orders reserve */
  orderableCashKrw: number;
  holdings: Holding[];
}

export interface DailyPnl {
  /** YYYYMMDD */
  date: string;
  buyAmountKrw: number;
  sellAmountKrw: number;
  realizedPnlKrw: number;
  feeKrw: number;
  taxKrw: number;
}

export type OrderResult = { ok: true; order: SimOrder } | { ok: false; reason: OrderRejectReason; message: string };

export type OrderRejectReason =
  | "UNKNOWN_SYMBOL"
  | "INVALID_QUANTITY"
  | "OFF_TICK_GRID"
  | "OUTSIDE_PRICE_BAND"
  | "MARKET_CLOSED"
  | "INSUFFICIENT_CASH"
  | "INSUFFICIENT_HOLDINGS"
  | "ORDER_NOT_FOUND"
  | "NOTHING_TO_CANCEL"
  | "HALTED"
  /** a best (최유리) or priority (최우선) order with no quote to take its price from */
  | "NO_QUOTE";

export interface NewOrder {
  code: string;
  side: Side;
  type: OrderType;
  condition?: OrderCondition;
  quantity: number;
  /** required (on the tick grid, inside the band) for limit and single-price orders; ignored otherwise */
  priceKrw?: number;
  appKey: string;
}

/** Daily and minute bars are the domain's own shape. */
export type { Bar } from "../core/types.js";

/** A day of investor flows, as the domain describes it. */
export type InvestorDay = InvestorFlow;

export interface IndexState {
  code: string;
  value: number;
  previousClose: number;
  open: number;
  high: number;
  low: number;
  volume: number;
  tradeValueKrw: number;
  advancers: number;
  decliners: number;
  unchanged: number;
  upperLimitCount: number;
  lowerLimitCount: number;
}

export interface SimExchange {
  readonly clock: Clock;
  symbols(): SymbolInfo[];
  symbol(code: string): SymbolState | undefined;
  book(code: string): BookSnapshot | undefined;
  /** newest first */
  recentTrades(code: string, limit: number): TradePrint[];
  /** today's 1-minute bars at or before `untilMs`, oldest first */
  minuteBars(code: string, untilMs: number): Bar[];
  /** seeded history plus today when traded, oldest first, dates inclusive */
  dailyBars(code: string, from: string, to: string): Bar[];
  /** newest first; today's row only after the close */
  investorFlows(code: string): InvestorDay[];
  /** today's cumulative program-trading series, newest first */
  programSeries(code: string): Array<ProgramPrint & { priceKrw: number }>;
  /** the symbol on NXT (a copy): its own statistics and book */
  nxt(code: string): { state: SymbolState; book: BookSnapshot } | undefined;
  /** the indicative (예상) single price and quantity while an auction takes orders, else undefined */
  indicative(code: string): { priceKrw: number; quantity: number } | undefined;
  /** "0001" KOSPI, "1001" KOSDAQ, computed from constituents */
  index(code: string): IndexState | undefined;
  /** headlines published from `fromDate` (YYYYMMDD) up to `untilMs`, newest first; none when the core has no news */
  headlines?(fromDate: string, untilMs: number): Headline[];
  /** Generates market activity up to `ms` (never backwards), emitting events in time order. */
  advanceTo(ms: number): void;
  on(listener: (event: ExchangeEvent) => void): () => void;

  /** Creates the account with 100,000,000 KRW on first use. */
  account(accountId: string): AccountView;
  placeOrder(accountId: string, order: NewOrder): OrderResult;
  modifyOrder(
    accountId: string,
    orderNo: string,
    change: { quantity?: number; priceKrw?: number; type?: OrderType; condition?: OrderCondition; all: boolean },
  ): OrderResult;
  cancelOrder(accountId: string, orderNo: string, change: { quantity?: number; all: boolean }): OrderResult;
  /** orders with remaining quantity */
  openOrders(accountId: string): SimOrder[];
  /** every order placed on the dates (YYYYMMDD, inclusive), newest first */
  orders(accountId: string, from: string, to: string): SimOrder[];
  fills(accountId: string, from: string, to: string): SimFill[];
  dailyPnl(accountId: string, from: string, to: string): DailyPnl[];
  /** Back to the seeded start: accounts, orders and the market. */
  reset(seed?: number): void;
  /** Halts or resumes trading in one symbol (admin/fault injection). */
  setHalted?(code: string, halted: boolean): void;
}
