/**
 * One symbol on NXT (Nextrade), modelled on its KRX price process: a seeded share of the KRX
 * prints also trades on NXT, at the KRX price or a tick away, in a smaller size; NXT's book
 * quotes the KRX prices with a thinner queue. Seeded per symbol on its own stream, so the KRX
 * market is the same with or without it. NXT trades here only while KRX trades continuously.
 */
import { tickSize } from "../../venue/krx.js";
import type { BookSnapshot, SymbolState, TradePrint } from "../exchange.js";
import { applyPrint } from "./day-tape.js";
import { createBook } from "./order-book.js";
import { Rng } from "./random.js";
import { blankSymbolState } from "./symbol-market.js";

/** Share of KRX prints that NXT matches, and of KRX queue sizes that NXT shows. */
const TRADE_SHARE = 0.15;
const BOOK_SHARE = 0.12;
/** Share of NXT prints one tick away from the KRX print (NXT's own spread). */
const OFF_TICK_SHARE = 0.2;

export class NxtVenue {
  readonly state: SymbolState;
  readonly book: BookSnapshot;
  private readonly rng: Rng;

  constructor(krx: SymbolState, seed: number) {
    this.rng = new Rng(seed);
    this.book = createBook(krx.info.code);
    this.state = blankSymbolState(krx.info);
  }

  /** A new day: NXT shares KRX's base price and limits; its statistics start from zero. */
  startDay(krx: SymbolState): void {
    const s = this.state;
    s.basePriceKrw = s.lastKrw = krx.basePriceKrw;
    s.upperLimitKrw = krx.upperLimitKrw;
    s.lowerLimitKrw = krx.lowerLimitKrw;
    s.openKrw = s.highKrw = s.lowKrw = s.volume = s.tradeValueKrw = 0;
    s.buyVolume = s.sellVolume = s.buyCount = s.sellCount = s.lastTradeMs = 0;
    s.openMs = s.highMs = s.lowMs = s.previousDaySameTimeVolume = 0;
    s.previousDayVolume = Math.round(krx.previousDayVolume * TRADE_SHARE * 0.5);
    s.halted = krx.halted;
  }

  /** The NXT print that follows a KRX print, or undefined when NXT does not trade this time. */
  follow(krxTrade: TradePrint): TradePrint | undefined {
    const rng = this.rng;
    if (rng.next() >= TRADE_SHARE || this.state.halted) return undefined;
    let priceKrw = krxTrade.priceKrw;
    if (rng.next() < OFF_TICK_SHARE) {
      const away = krxTrade.aggressor === "buy" ? priceKrw + tickSize(priceKrw) : priceKrw - tickSize(priceKrw - 1);
      if (away <= this.state.upperLimitKrw && away >= this.state.lowerLimitKrw) priceKrw = away;
    }
    const quantity = Math.max(1, Math.round(krxTrade.quantity * (0.2 + 0.8 * rng.next())));
    const trade: TradePrint = { code: krxTrade.code, timeMs: krxTrade.timeMs, priceKrw, quantity, aggressor: krxTrade.aggressor };
    applyPrint(this.state, trade);
    return trade;
  }

  /** NXT's book now (built on demand from KRX's): KRX's prices, a fraction of each queue. */
  quote(krxBook: BookSnapshot): BookSnapshot {
    const b = this.book;
    let asks = 0;
    let bids = 0;
    for (let i = 0; i < krxBook.asks.length; i++) {
      const ka = krxBook.asks[i]!;
      const kb = krxBook.bids[i]!;
      const a = b.asks[i]!;
      const d = b.bids[i]!;
      a.priceKrw = ka.priceKrw;
      d.priceKrw = kb.priceKrw;
      a.quantity = ka.priceKrw === 0 ? 0 : Math.max(1, Math.round(ka.quantity * BOOK_SHARE));
      d.quantity = kb.priceKrw === 0 ? 0 : Math.max(1, Math.round(kb.quantity * BOOK_SHARE));
      asks += a.quantity;
      bids += d.quantity;
    }
    b.totalAskQuantity = asks;
    b.totalBidQuantity = bids;
    b.timeMs = krxBook.timeMs;
    return b;
  }
}

/**
 * The integrated (통합) view of KRX and NXT: volumes, values and counts summed, the high and low
 * over both, the last price of the latest print. Built only when a feed asks for it.
 */
export function integratedState(krx: SymbolState, nxt: SymbolState): SymbolState {
  const latestIsNxt = nxt.lastTradeMs > krx.lastTradeMs;
  const opened = nxt.openKrw > 0 && (krx.openKrw === 0 || (nxt.openMs ?? 0) < (krx.openMs ?? 0)) ? nxt : krx;
  const high = nxt.highKrw > krx.highKrw ? nxt : krx;
  const low = krx.lowKrw === 0 || (nxt.lowKrw > 0 && nxt.lowKrw < krx.lowKrw) ? nxt : krx;
  return {
    ...krx,
    openKrw: opened.openKrw,
    openMs: opened.openMs ?? 0,
    highKrw: high.highKrw,
    highMs: high.highMs ?? 0,
    lowKrw: low.lowKrw,
    lowMs: low.lowMs ?? 0,
    lastKrw: latestIsNxt ? nxt.lastKrw : krx.lastKrw,
    lastTradeMs: Math.max(krx.lastTradeMs, nxt.lastTradeMs),
    volume: krx.volume + nxt.volume,
    tradeValueKrw: krx.tradeValueKrw + nxt.tradeValueKrw,
    buyVolume: krx.buyVolume + nxt.buyVolume,
    sellVolume: krx.sellVolume + nxt.sellVolume,
    buyCount: krx.buyCount + nxt.buyCount,
    sellCount: krx.sellCount + nxt.sellCount,
    previousDayVolume: krx.previousDayVolume + nxt.previousDayVolume,
    previousDaySameTimeVolume: (krx.previousDaySameTimeVolume ?? 0) + (nxt.previousDaySameTimeVolume ?? 0),
  };
}

/** The integrated book: both venues quote the same prices here, so queues add level by level. */
export function integratedBook(krx: BookSnapshot, nxt: BookSnapshot): BookSnapshot {
  const merge = (k: BookSnapshot["asks"], n: BookSnapshot["asks"]) =>
    k.map((l, i) => ({ priceKrw: l.priceKrw, quantity: l.quantity + (n[i]?.priceKrw === l.priceKrw ? n[i]!.quantity : 0) }));
  const asks = merge(krx.asks, nxt.asks);
  const bids = merge(krx.bids, nxt.bids);
  const sum = (levels: typeof asks) => levels.reduce((t, l) => t + l.quantity, 0);
  return { code: krx.code, timeMs: Math.max(krx.timeMs, nxt.timeMs), asks, bids, totalAskQuantity: sum(asks), totalBidQuantity: sum(bids) };
}
