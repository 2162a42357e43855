/**
 * One simulated symbol: a latent fair price that random-walks trade by trade (with the day's
 * drift, shaped by its regime: a news trend, a sell-off, a late turn), a one-tick-spread book
 * that follows it, trades whose aggressor side leans toward where the fair price sits inside the
 * spread, and the day's auctions. Everything is seeded per symbol.
 */
import { priceLimits, roundDownToTick, tickSize } from "../../venue/krx.js";
import type { Side } from "../../core/types.js";
import type { BookSnapshot, SymbolInfo, SymbolState, TradePrint } from "../exchange.js";
import { DayTape } from "./day-tape.js";
import type { DayRegime } from "./day-regime.js";
import { type BookBand, createBook, recentre, stepThrough } from "./order-book.js";
import { ProgramFlow } from "./program-trading.js";
import { Rng } from "./random.js";
import { deriveParams, type SymbolParams } from "./symbol-params.js";
import { CONTINUOUS_MINUTES, CUMULATIVE_WEIGHTS, nextArrivalMs } from "./volume-profile.js";

/** Share of a regime's trend taken by the opening gap; the session drifts through the rest. */
const GAP_SHARE = 0.3;

export interface Take {
  priceKrw: number;
  quantity: number;
}

/** Nearest price on the grid inside the band. */
export function toGridInBand(priceKrw: number, band: BookBand): number {
  const p = roundDownToTick(Math.max(1, priceKrw) + tickSize(Math.max(1, priceKrw)) / 2);
  return p > band.upperKrw ? band.upperKrw : p < band.lowerKrw ? band.lowerKrw : p;
}

/** A symbol's statistics before its first day; one creation site, so every venue's state shares a shape (the print path stays monomorphic). */
export function blankSymbolState(info: SymbolInfo): SymbolState {
  return {
    info,
    basePriceKrw: 0,
    upperLimitKrw: 0,
    lowerLimitKrw: 0,
    openKrw: 0,
    highKrw: 0,
    lowKrw: 0,
    lastKrw: 0,
    volume: 0,
    tradeValueKrw: 0,
    buyVolume: 0,
    sellVolume: 0,
    buyCount: 0,
    sellCount: 0,
    previousDayVolume: 0,
    halted: false,
    lastTradeMs: 0,
    openMs: 0,
    highMs: 0,
    lowMs: 0,
    previousDaySameTimeVolume: 0,
  };
}

export class SymbolMarket {
  readonly state: SymbolState;
  readonly book: BookSnapshot;
  readonly tape = new DayTape();
  readonly program = new ProgramFlow();
  readonly params: SymbolParams;
  /** sensitivity to the market-wide daily move */
  readonly beta: number;
  /** true when the last operation moved the best prices */
  bookMoved = false;
  private readonly rng: Rng;
  private readonly band: BookBand = { upperKrw: 0, lowerKrw: 0 };
  private fairKrw = 0;
  /** expected continuous-session trades today: the usual count times the regime's volume factor */
  private tradesToday = 0;
  /** relative fair-price noise per trade */
  private noisePerTrade = 0;
  private driftPerTrade = 0;
  /** when the regime's trend turns (Infinity: it does not today), and the drift after it */
  private turnMs = Infinity;
  private driftAfterTurn = 0;
  /** a headline: when the fair price jumps (Infinity: no headline today) and by how much */
  private jumpMs = Infinity;
  private jumpReturn = 0;
  /** the day's leading move (market, own, regime trend): the opening gap and program flows lean with it */
  private dayReturn = 0;
  private sessionOpenMs = 0;
  private pendingMs = Infinity;
  /**
   * The auction running or next: its single price is drawn when its order entry opens (nothing
   * else draws from this symbol's stream before the auction, so the day is the same as drawing
   * it at the auction), which lets the indicative price walk toward it.
   */
  private auction: { fromKrw: number; take: Take } | undefined;

  constructor(info: SymbolInfo, seed: number) {
    this.params = deriveParams(info);
    this.rng = new Rng(seed);
    this.beta = 0.7 + 0.6 * this.rng.next();
    this.book = createBook(info.code);
    this.state = blankSymbolState(info);
  }

  /** Epoch ms of the next continuous-session trade (Infinity when none is due today). */
  get nextMs(): number {
    return this.pendingMs;
  }

  /** Resets the day: base price, limits, statistics, book, tape; `marketReturn` and `regime` steer its drift. */
  startDay(
    date: string,
    sessionOpenMs: number,
    basePriceKrw: number,
    previousDayVolume: number,
    marketReturn: number,
    regime: DayRegime,
  ): void {
    const s = this.state;
    const { upperKrw, lowerKrw } = priceLimits(basePriceKrw);
    this.band.upperKrw = s.upperLimitKrw = upperKrw;
    this.band.lowerKrw = s.lowerLimitKrw = lowerKrw;
    s.basePriceKrw = s.lastKrw = basePriceKrw;
    s.openKrw = s.highKrw = s.lowKrw = s.volume = s.tradeValueKrw = 0;
    s.buyVolume = s.sellVolume = s.buyCount = s.sellCount = s.lastTradeMs = 0;
    s.openMs = s.highMs = s.lowMs = s.previousDaySameTimeVolume = 0;
    s.previousDayVolume = previousDayVolume;
    this.sessionOpenMs = sessionOpenMs;
    this.planDrift(sessionOpenMs, marketReturn, regime);
    this.fairKrw = basePriceKrw;
    this.pendingMs = Infinity;
    this.tape.reset(date, sessionOpenMs);
    this.program.reset(Math.max(-1, Math.min(1, this.dayReturn * 30 + 0.3 * this.rng.normal())));
    recentre(this.book, basePriceKrw, this.band, this.rng, this.params.levelDepth, true);
    this.book.timeMs = sessionOpenMs;
    const gap = GAP_SHARE * this.dayReturn + 0.3 * this.params.dailySigma * this.rng.normal();
    const openKrw = toGridInBand(basePriceKrw * (1 + gap), this.band);
    this.auction = { fromKrw: basePriceKrw, take: { priceKrw: openKrw, quantity: this.auctionQuantity(0.004) } };
  }

  /**
   * The day's trade count, noise and drift: the market-driven move spread over every trade, the
   * regime's trend (less the gap's share) over the trades before its turn, the turn over the rest.
   */
  private planDrift(sessionOpenMs: number, marketReturn: number, regime: DayRegime): void {
    const sigma = this.params.dailySigma;
    const trades = (this.tradesToday = this.params.tradesPerDay * regime.volumeFactor);
    this.noisePerTrade = (sigma * regime.volatility) / Math.sqrt(trades);
    const ownReturn = this.beta * marketReturn + 0.7 * sigma * this.rng.normal();
    const trend = regime.trendSigmas * sigma;
    this.dayReturn = ownReturn + trend;
    const turns = regime.turnMinute < CONTINUOUS_MINUTES;
    const beforeTurn = turns ? (CUMULATIVE_WEIGHTS[regime.turnMinute] ?? 1) : 1;
    this.driftPerTrade = ownReturn / trades + ((1 - GAP_SHARE) * trend) / (trades * beforeTurn);
    this.turnMs = turns ? sessionOpenMs + regime.turnMinute * 60_000 : Infinity;
    this.jumpMs = regime.jumpMinute < CONTINUOUS_MINUTES ? sessionOpenMs + regime.jumpMinute * 60_000 : Infinity;
    this.jumpReturn = regime.jumpReturn;
    this.driftAfterTurn = turns ? ownReturn / trades + (regime.afterTurnSigmas * sigma) / (trades * (1 - beforeTurn)) : this.driftPerTrade;
  }

  /** The 09:00 single price (drawn at the day's start): a seeded gap from the base, leaning toward the day's drift. */
  openingAuction(): Take {
    return this.takeAuction();
  }

  /** 15:20: the closing single price is drawn, close to where the fair price ended. */
  planClosingAuction(): void {
    const priceKrw = toGridInBand(this.fairKrw * (1 + 0.001 * this.rng.normal()), this.band);
    this.auction = { fromKrw: this.state.lastKrw, take: { priceKrw, quantity: this.auctionQuantity(0.02) } };
  }

  /** The 15:30 single price planned at 15:20. */
  closingAuction(): Take {
    return this.takeAuction();
  }

  private takeAuction(): Take {
    const take = this.auction?.take ?? { priceKrw: this.state.lastKrw, quantity: 1 };
    this.auction = undefined;
    return take;
  }

  /**
   * The indicative (예상) price and quantity `progress` (0–1) through the running auction's order
   * entry: on the grid between where it started and its single price; undefined with no auction.
   */
  indicative(progress: number): Take | undefined {
    const a = this.auction;
    if (!a) return undefined;
    const f = progress < 0 ? 0 : progress > 1 ? 1 : progress;
    return {
      priceKrw: toGridInBand(a.fromKrw + (a.take.priceKrw - a.fromKrw) * f, this.band),
      quantity: Math.max(1, Math.round(a.take.quantity * f)),
    };
  }

  private auctionQuantity(share: number): number {
    const dayVolume = this.tradesToday * this.params.meanQuantity;
    return Math.max(1, Math.round(dayVolume * share * (0.5 + this.rng.next())));
  }

  /** After an auction print: the book re-forms around it and continuous arrivals are scheduled. */
  resumeAfterAuction(priceKrw: number, timeMs: number, scheduleArrivals: boolean): void {
    this.fairKrw = priceKrw;
    recentre(this.book, priceKrw, this.band, this.rng, this.params.levelDepth, true);
    this.book.timeMs = timeMs;
    this.pendingMs = scheduleArrivals ? nextArrivalMs(timeMs, this.sessionOpenMs, this.tradesToday, this.rng.exponential()) : Infinity;
  }

  /** Builds and records a print (synthetic, auction or user). */
  print(timeMs: number, priceKrw: number, quantity: number, aggressor: Side): TradePrint {
    const trade: TradePrint = { code: this.state.info.code, timeMs, priceKrw, quantity, aggressor };
    this.tape.record(this.state, trade);
    return trade;
  }

  /** The trade due at `nextMs`: moves the fair price, the book, and schedules the next arrival. */
  syntheticTrade(): TradePrint {
    const rng = this.rng;
    const atMs = this.pendingMs;
    const timeMs = Math.floor(atMs);
    if (atMs >= this.turnMs) {
      this.driftPerTrade = this.driftAfterTurn;
      this.turnMs = Infinity;
    }
    if (atMs >= this.jumpMs) {
      // The book recentres on the jumped fair price at once, so the next prints gap there.
      this.fairKrw *= 1 + this.jumpReturn;
      this.jumpMs = Infinity;
    }
    let fair = this.fairKrw * (1 + this.noisePerTrade * rng.unitNoise() + this.driftPerTrade);
    if (fair > this.band.upperKrw) fair = this.band.upperKrw;
    else if (fair < this.band.lowerKrw) fair = this.band.lowerKrw;
    this.fairKrw = fair;
    const book = this.book;
    this.bookMoved = recentre(book, roundDownToTick(fair), this.band, rng, this.params.levelDepth);
    const bid = book.bids[0]!.priceKrw;
    const ask = book.asks[0]!.priceKrw;
    const inSpread = (fair - bid) / (ask - bid);
    const buys = rng.next() < 0.2 + 0.6 * (inSpread > 1 ? 1 : inSpread < 0 ? 0 : inSpread);
    const level = buys ? book.asks[0]! : book.bids[0]!;
    let quantity = 1 + Math.floor(rng.exponential() * this.params.meanQuantity * (rng.next() < 0.01 ? 8 : 1));
    if (quantity > level.quantity) quantity = level.quantity;
    level.quantity -= quantity;
    if (buys) book.totalAskQuantity -= quantity;
    else book.totalBidQuantity -= quantity;
    const priceKrw = level.priceKrw;
    if (level.quantity === 0) {
      stepThrough(book, buys, this.band, rng, this.params.levelDepth);
      this.bookMoved = true;
    }
    book.timeMs = timeMs;
    this.pendingMs = nextArrivalMs(atMs, this.sessionOpenMs, this.tradesToday, rng.exponential());
    const trade = this.print(timeMs, priceKrw, quantity, buys ? "buy" : "sell");
    this.program.attribute(trade, rng.next());
    return trade;
  }

  /** A halted symbol lets its arrival pass without trading. */
  skipArrival(): void {
    this.pendingMs = nextArrivalMs(this.pendingMs, this.sessionOpenMs, this.tradesToday, this.rng.exponential());
  }

  /**
   * An incoming order walking the book (limit 0 = market): takes levels best first while they
   * are at or better than the limit, then re-forms the book past the emptied levels.
   */
  takeLiquidity(side: Side, limitPriceKrw: number, quantity: number, timeMs: number): Take[] {
    const buys = side === "buy";
    const levels = buys ? this.book.asks : this.book.bids;
    const takes: Take[] = [];
    let remaining = quantity;
    let emptied = 0;
    for (const level of levels) {
      if (remaining === 0 || level.priceKrw === 0 || level.quantity === 0) break;
      if (limitPriceKrw > 0 && (buys ? level.priceKrw > limitPriceKrw : level.priceKrw < limitPriceKrw)) break;
      const q = Math.min(remaining, level.quantity);
      takes.push({ priceKrw: level.priceKrw, quantity: q });
      level.quantity -= q;
      remaining -= q;
      if (buys) this.book.totalAskQuantity -= q;
      else this.book.totalBidQuantity -= q;
      if (level.quantity === 0) emptied++;
    }
    this.bookMoved = emptied > 0;
    if (emptied > 0) {
      const last = levels[emptied - 1]!.priceKrw;
      const target = buys ? last : last - tickSize(last - 1);
      recentre(this.book, target, this.band, this.rng, this.params.levelDepth);
    }
    this.book.timeMs = timeMs;
    return takes;
  }
}
