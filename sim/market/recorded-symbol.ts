/**
 * One symbol played from a recording instead of its seeded generator. The market engine drives it
 * exactly as a generated symbol (same stages, hooks and matching); only where prices come from
 * differs:
 *  - the opening single price is the print of the 09:00:00 second, the closing one the first print
 *    at or after 15:30:00; a day without them has no auction print (nothing fills at it);
 *  - continuous prints are those after the opening one and before 15:20, each played at the end of
 *    its recorded second (a second-stamped print is only known once its second is over);
 *  - the book after each print is the recorded one (levels without a recorded quantity hold none),
 *    so an incoming order takes recorded liquidity only and never invents more; on data without a
 *    book (minute bars) both sides stand at the last print's price with its volume, and there is
 *    no liquidity before the day's first print;
 *  - an incoming order's take prints as it does on a generated market, and the recording's own
 *    copy of that print (same second, price and volume: the recorded run's order) is not played a
 *    second time — a recording of an agent's run therefore replays that run exactly;
 *  - a day without prints halts the symbol for the day.
 */
import { priceLimits } from "../../venue/krx.js";
import type { Side } from "../../core/types.js";
import type { SymbolInfo, TradePrint } from "../exchange.js";
import type { DayRegime } from "./day-regime.js";
import { BOOK_LEVELS } from "./order-book.js";
import type { RecordedPrint, RecordedQuote } from "./recorded-tape.js";
import { sessionDay } from "./session-day.js";
import { SymbolMarket, type Take, toGridInBand } from "./symbol-market.js";

const SECOND_END_MS = 999;
const NO_TAKE: Take = { priceKrw: 0, quantity: 0 };

export class RecordedSymbolMarket extends SymbolMarket {
  private prints: readonly RecordedPrint[] = [];
  /** indices of recorded prints an incoming order's take already stood for */
  private readonly replaced = new Set<number>();
  private cursor = 0;
  private continuousEnd = 0;
  private openingTake: Take = NO_TAKE;
  private closingTake: Take = NO_TAKE;
  private continuous = false;
  private planned: { fromKrw: number; take: Take } | undefined;

  constructor(
    info: SymbolInfo,
    seed: number,
    private readonly days: ReadonlyMap<string, readonly RecordedPrint[]>,
  ) {
    super(info, seed);
  }

  override get nextMs(): number {
    return this.continuous && this.cursor < this.continuousEnd ? this.prints[this.cursor]!.timeMs + SECOND_END_MS : Infinity;
  }

  override startDay(
    date: string,
    sessionOpenMs: number,
    basePriceKrw: number,
    previousDayVolume: number,
    marketReturn: number,
    regime: DayRegime,
  ): void {
    super.startDay(date, sessionOpenMs, basePriceKrw, previousDayVolume, marketReturn, regime);
    const day = sessionDay(date);
    const prints = (this.prints = this.days.get(date) ?? []);
    this.replaced.clear();
    this.continuous = false;
    let i = prints.findIndex((p) => p.timeMs >= day.openMs);
    if (i < 0) i = prints.length;
    const opening = prints[i];
    this.openingTake = opening && opening.timeMs < day.openMs + 1000 ? { priceKrw: opening.priceKrw, quantity: opening.quantity } : NO_TAKE;
    this.cursor = this.openingTake === NO_TAKE ? i : i + 1;
    this.continuousEnd = this.cursor;
    while (this.continuousEnd < prints.length && prints[this.continuousEnd]!.timeMs < day.closingAuctionMs) this.continuousEnd++;
    const closing = prints.find((p) => p.timeMs >= day.closeMs);
    this.closingTake = closing ? { priceKrw: closing.priceKrw, quantity: closing.quantity } : NO_TAKE;
    this.state.halted = prints.length === 0;
    this.planned = { fromKrw: basePriceKrw, take: this.openingTake };
  }

  override openingAuction(): Take {
    this.planned = undefined;
    return this.openingTake;
  }

  override planClosingAuction(): void {
    this.planned = { fromKrw: this.state.lastKrw, take: this.closingTake };
  }

  override closingAuction(): Take {
    this.planned = undefined;
    return this.closingTake.quantity > 0 ? this.closingTake : { priceKrw: this.state.lastKrw, quantity: 0 };
  }

  override indicative(progress: number): Take | undefined {
    const a = this.planned;
    if (!a || a.take.quantity === 0) return undefined;
    const band = priceLimits(this.state.basePriceKrw);
    const f = progress < 0 ? 0 : progress > 1 ? 1 : progress;
    return {
      priceKrw: toGridInBand(a.fromKrw + (a.take.priceKrw - a.fromKrw) * f, band),
      quantity: Math.max(1, Math.round(a.take.quantity * f)),
    };
  }

  override resumeAfterAuction(priceKrw: number, timeMs: number, scheduleArrivals: boolean): void {
    super.resumeAfterAuction(priceKrw, timeMs, scheduleArrivals);
    this.continuous = scheduleArrivals;
    if (scheduleArrivals) this.bookAfter(this.openingTake === NO_TAKE ? undefined : this.prints[this.cursor - 1], timeMs);
  }

  override syntheticTrade(): TradePrint {
    const p = this.prints[this.cursor]!;
    this.advance();
    const timeMs = p.timeMs + SECOND_END_MS;
    const before = this.book.bids[0]!.priceKrw;
    const beforeAsk = this.book.asks[0]!.priceKrw;
    this.bookAfter(p, timeMs);
    this.bookMoved = this.book.bids[0]!.priceKrw !== before || this.book.asks[0]!.priceKrw !== beforeAsk;
    if (p.programNet !== undefined) this.program.setNet(p.programNet, p.priceKrw);
    return this.print(timeMs, p.priceKrw, p.quantity, p.aggressor);
  }

  override skipArrival(): void {
    this.advance();
  }

  /** Walks the recorded book (limit 0 = market); emptied levels leave it, nothing refills them. */
  override takeLiquidity(side: Side, limitPriceKrw: number, quantity: number, timeMs: number): Take[] {
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
    for (let i = 0; i < BOOK_LEVELS; i++) {
      const from = levels[i + emptied];
      levels[i]!.priceKrw = from?.priceKrw ?? 0;
      levels[i]!.quantity = from?.quantity ?? 0;
    }
    this.bookMoved = emptied > 0;
    this.book.timeMs = timeMs;
    for (const take of takes) this.replaceRecorded(take, timeMs);
    return takes;
  }

  /** The recording's copy of a take's print, if there is one still to play, is dropped. */
  private replaceRecorded(take: Take, timeMs: number): void {
    const second = timeMs - (timeMs % 1000);
    for (let i = this.cursor; i < this.continuousEnd && this.prints[i]!.timeMs <= second; i++) {
      const p = this.prints[i]!;
      if (p.timeMs === second && p.priceKrw === take.priceKrw && p.quantity === take.quantity && !this.replaced.has(i)) {
        this.replaced.add(i);
        break;
      }
    }
    if (this.replaced.has(this.cursor)) this.advance(false);
  }

  /** Moves past the played print and any the takes stood for. */
  private advance(step = true): void {
    if (step) this.cursor++;
    while (this.replaced.has(this.cursor)) this.cursor++;
  }

  private applyQuote(q: RecordedQuote, timeMs: number): void {
    const book = this.book;
    let askTotal = 0;
    let bidTotal = 0;
    for (let i = 0; i < BOOK_LEVELS; i++) {
      const ask = book.asks[i]!;
      const bid = book.bids[i]!;
      ask.priceKrw = q.askPricesKrw[i] ?? 0;
      bid.priceKrw = q.bidPricesKrw[i] ?? 0;
      ask.quantity = ask.priceKrw > 0 ? (q.askQuantities[i] ?? 0) : 0;
      bid.quantity = bid.priceKrw > 0 ? (q.bidQuantities[i] ?? 0) : 0;
      askTotal += ask.quantity;
      bidTotal += bid.quantity;
    }
    // Only the imbalance of the whole book is recorded: totals keep it over the known depth.
    const depth = askTotal + bidTotal;
    if (q.imbalance !== null && depth > 0) {
      bidTotal = Math.round((depth * (1 + q.imbalance)) / 2);
      askTotal = depth - bidTotal;
    }
    book.totalAskQuantity = askTotal;
    book.totalBidQuantity = bidTotal;
    book.timeMs = timeMs;
  }

  /** The book after a print: the recorded one, or on data without a book the print's price and volume on both sides. */
  private bookAfter(p: RecordedPrint | undefined, timeMs: number): void {
    if (p?.quote) return this.applyQuote(p.quote, timeMs);
    const level = p ? [p.priceKrw] : [];
    const quantity = p ? [p.quantity] : [];
    this.applyQuote(
      { askPricesKrw: level, bidPricesKrw: level, askQuantities: quantity, bidQuantities: quantity, imbalance: null },
      timeMs,
    );
  }
}
