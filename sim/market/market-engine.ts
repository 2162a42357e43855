/**
 * The simulated market: every symbol's day from the 08:30 order entry through the 09:00 opening
 * auction, continuous trading and the 15:30 closing auction, then the off-hours sessions (the
 * 장후 시간외 match at 15:40, 시간외 단일가 rounds every 10 minutes to 18:00) to the next trading
 * day's rollover. Trades are generated event by event (earliest symbol first) only when
 * `advanceTo` is called, and every print is announced through `emit` in time order; NXT follows
 * the KRX prints on its own seeded stream.
 */
import type { Market, Side } from "../../core/types.js";
import { addDays, fromKst, kstParts } from "../../core/clock.js";
import { OFF_HOURS_TIMES, type OffHoursSession, SESSION_TIMES } from "../../venue/krx.js";
import { isKrxTradingDay } from "../../venue/krx-calendar.js";
import type {
  Bar,
  BookSnapshot,
  ExchangeEvent,
  Headline,
  IndexState,
  InvestorDay,
  SymbolInfo,
  SymbolState,
  TradePrint,
} from "../exchange.js";
import { dayRegime } from "./day-regime.js";
import { investorDay, seedHistory, type SeededHistory, tradingDaysBefore } from "./history.js";
import { MarketIndex } from "./market-index.js";
import { NxtVenue } from "./nxt-venue.js";
import { afterHoursMarks, type Mark, type OffHoursHooks, offHoursQuantity } from "./off-hours.js";
import type { ProgramPoint } from "./program-trading.js";
import { deriveSeed, Rng } from "./random.js";
import { RecordedSymbolMarket } from "./recorded-symbol.js";
import type { RecordedMarket } from "./recorded-tape.js";
import { CONTINUOUS_MINUTES } from "./volume-profile.js";
import { currentOrNextSession, followingSession, type SessionDay } from "./session-day.js";
import { SymbolMarket, type Take } from "./symbol-market.js";

/** What the matching engine needs to hear from the market. */
export interface MarketHooks extends OffHoursHooks {
  /** a print of the background flow: resting orders at or through its price may fill */
  onPrint(trade: TradePrint): void;
  /** an opening or closing single price: every crossing order fills at it */
  onAuction(code: string, priceKrw: number, timeMs: number): void;
  /** the close: the day's unfilled orders expire */
  onDayEnd(timeMs: number): void;
}

const NO_HOOKS: MarketHooks = {
  onPrint: () => undefined,
  onAuction: () => undefined,
  onDayEnd: () => undefined,
  onPostCloseMatching: () => undefined,
  onSinglePrice: () => undefined,
  onOffHoursEnd: () => undefined,
};

/** Index codes and their levels on the first simulated day. */
export const INDEX_START: Record<Market, { code: string; previousClose: number }> = {
  KOSPI: { code: "0001", previousClose: 2_600 },
  KOSDAQ: { code: "1001", previousClose: 850 },
};

export interface MarketEngineOptions {
  seed: number;
  startMs: number;
  symbols: readonly SymbolInfo[];
  historyDays: number;
  emit: (event: ExchangeEvent) => void;
  /** plays these prints instead of the seeded generator (see recorded-symbol.ts); history comes from its daily bars */
  recorded?: RecordedMarket;
}

type Stage = "waiting" | "pre-open" | "continuous" | "closing-auction";

export class MarketEngine {
  hooks: MarketHooks = NO_HOOKS;
  readonly symbols: SymbolMarket[];
  /** the same symbols on NXT, index for index */
  readonly nxt: NxtVenue[];
  private readonly byCode = new Map<string, SymbolMarket>();
  private readonly indexes = new Map<string, MarketIndex>();
  private readonly indexOfSymbol: MarketIndex[];
  private readonly history = new Map<string, SeededHistory>();
  private readonly flowRngs: Rng[];
  private readonly marketRng: Rng;
  private readonly seed: number;
  private readonly recorded: RecordedMarket | undefined;
  private readonly emit: (event: ExchangeEvent) => void;
  private day: SessionDay;
  private stage: Stage = "waiting";
  /** true while the symbols hold the statistics of an unfinished `day` */
  private dayStarted = false;
  private cursorMs: number;
  /** off-hours instants still to come, in time order */
  private marks: Mark[] = [];

  constructor(options: MarketEngineOptions) {
    this.emit = options.emit;
    this.seed = options.seed;
    this.recorded = options.recorded;
    this.day = currentOrNextSession(options.startMs);
    // The first advanceTo generates the session from its start, even when created mid-session.
    this.cursorMs = Number.NEGATIVE_INFINITY;
    this.marketRng = new Rng(deriveSeed(options.seed, "market"));
    this.symbols = options.symbols.map((info) => this.symbolMarket(info, deriveSeed(options.seed, `symbol:${info.code}`)));
    this.flowRngs = options.symbols.map((info) => new Rng(deriveSeed(options.seed, `flows:${info.code}`)));
    this.nxt = this.symbols.map((sym) => new NxtVenue(sym.state, deriveSeed(options.seed, `nxt:${sym.state.info.code}`)));
    const dates = tradingDaysBefore(this.day.date, options.historyDays);
    for (const sym of this.symbols) {
      this.byCode.set(sym.state.info.code, sym);
      if (this.recorded) {
        const bars = (this.recorded.dailyBars.get(sym.state.info.code) ?? []).filter((b) => b.date < this.day.date);
        this.history.set(sym.state.info.code, { bars, flows: [] });
        continue;
      }
      const rng = new Rng(deriveSeed(options.seed, `history:${sym.state.info.code}`));
      const regimes = dates.map((date) => dayRegime(options.seed, sym.state.info.code, date));
      this.history.set(sym.state.info.code, seedHistory(sym.state.info, sym.params, dates, regimes, rng));
    }
    for (const market of ["KOSPI", "KOSDAQ"] as const) {
      const members = this.symbols.filter((s) => s.state.info.market === market).map((s) => s.state);
      const { code, previousClose } = INDEX_START[market];
      this.indexes.set(code, new MarketIndex(code, members, previousClose));
    }
    this.indexOfSymbol = this.symbols.map((s) => this.indexes.get(INDEX_START[s.state.info.market].code)!);
    this.startDay(true);
  }

  private symbolMarket(info: SymbolInfo, seed: number): SymbolMarket {
    if (!this.recorded) return new SymbolMarket(info, seed);
    const days = new Map(this.recorded.days.filter((d) => d.code === info.code).map((d) => [d.date, d.prints]));
    return new RecordedSymbolMarket(info, seed, days);
  }

  /** The headlines of news and sell-off days (their seeded jump minute) from `fromDate` to `untilMs`, newest first; none on a recording. */
  headlines(fromDate: string, untilMs: number): Headline[] {
    const out: Headline[] = [];
    if (this.recorded) return out;
    const last = kstParts(untilMs).date;
    for (let date = fromDate; date <= last; date = addDays(date, 1)) {
      if (!isKrxTradingDay(date)) continue;
      const openMs = fromKst(date, "090000");
      for (const sym of this.symbols) {
        const regime = dayRegime(this.seed, sym.state.info.code, date);
        if (regime.jumpMinute >= CONTINUOUS_MINUTES) continue;
        const timeMs = openMs + regime.jumpMinute * 60_000;
        if (timeMs <= untilMs) out.push({ code: sym.state.info.code, timeMs, direction: regime.jumpReturn > 0 ? 1 : -1 });
      }
    }
    return out.sort((a, b) => b.timeMs - a.timeMs);
  }

  /** YYYYMMDD of the session running or coming next. */
  get sessionDate(): string {
    return this.day.date;
  }

  symbol(code: string): SymbolMarket | undefined {
    return this.byCode.get(code);
  }

  /** The symbol on NXT: its statistics and its book as of now. */
  nxtOf(code: string): { state: SymbolState; book: BookSnapshot } | undefined {
    const sym = this.byCode.get(code);
    const venue = sym && this.nxt[this.symbols.indexOf(sym)];
    return venue && { state: venue.state, book: venue.quote(sym.book) };
  }

  /**
   * The indicative single price of the auction taking orders at `ms` (08:30–09:00 opening,
   * 15:20–15:30 closing), walking from where it started to the price it will clear at.
   */
  indicative(code: string, ms: number): { priceKrw: number; quantity: number } | undefined {
    const sym = this.byCode.get(code);
    const [from, to] =
      this.stage === "pre-open"
        ? [this.day.preOpenMs, this.day.openMs]
        : this.stage === "closing-auction"
          ? [this.day.closingAuctionMs, this.day.closeMs]
          : [0, 0];
    if (!sym || to === 0 || ms < from || ms >= to) return undefined;
    return sym.indicative((ms - from) / (to - from));
  }

  /** Seeded counterparty interest of today's closing-price session for orders of `side`. */
  offHoursQuantity(code: string, session: OffHoursSession, side: Side): number {
    const s = this.byCode.get(code)?.state;
    if (!s) return 0;
    const volume = session === "PRE_OPEN_CLOSE" ? s.previousDayVolume : s.volume;
    return offHoursQuantity(this.seed, code, this.offHoursDate(session), session, side, volume);
  }

  index(code: string): IndexState | undefined {
    return this.indexes.get(code)?.snapshot();
  }

  dailyBars(code: string, from: string, to: string): Bar[] {
    const sym = this.byCode.get(code);
    const bars = (this.history.get(code)?.bars ?? []).filter((b) => b.date >= from && b.date <= to);
    if (!sym || !this.dayStarted || sym.state.volume === 0 || this.day.date < from || this.day.date > to) return bars;
    const s = sym.state;
    bars.push({
      date: this.day.date,
      openKrw: s.openKrw,
      highKrw: s.highKrw,
      lowKrw: s.lowKrw,
      closeKrw: s.lastKrw,
      volume: s.volume,
      tradeValueKrw: s.tradeValueKrw,
    });
    return bars;
  }

  investorFlows(code: string): InvestorDay[] {
    return [...(this.history.get(code)?.flows ?? [])].reverse();
  }

  programSeries(code: string): ProgramPoint[] {
    return [...(this.byCode.get(code)?.program.series ?? [])].reverse();
  }

  /** Generates everything due up to `ms` (inclusive); earlier instants are never revisited. */
  advanceTo(ms: number): void {
    if (ms <= this.cursorMs) return;
    for (;;) {
      if (this.stage === "waiting") {
        this.runMarks(Math.min(ms, this.day.preOpenMs - 1));
        if (ms < this.day.preOpenMs) break;
        if (!this.dayStarted) this.startDay(false);
        this.stage = "pre-open";
      } else if (this.stage === "pre-open") {
        this.runMarks(Math.min(ms, this.day.openMs - 1));
        if (ms < this.day.openMs) break;
        this.openingAuction();
        this.stage = "continuous";
      } else if (this.stage === "continuous") {
        this.runContinuous(Math.min(ms, this.day.closingAuctionMs - 1));
        if (ms < this.day.closingAuctionMs) break;
        for (const sym of this.symbols) if (!sym.state.halted) sym.planClosingAuction();
        this.stage = "closing-auction";
      } else {
        if (ms < this.day.closeMs) break;
        this.closingAuction();
        this.day = followingSession(this.day);
        this.stage = "waiting";
      }
    }
    this.cursorMs = ms;
  }

  /** An incoming order taking liquidity: each level taken prints as a trade. */
  takeLiquidity(code: string, side: Side, limitPriceKrw: number, quantity: number, timeMs: number): Take[] {
    const sym = this.byCode.get(code);
    if (!sym) return [];
    const at = this.symbols.indexOf(sym);
    const takes = sym.takeLiquidity(side, limitPriceKrw, quantity, timeMs);
    for (const take of takes) {
      const old = sym.state.lastKrw;
      this.afterPrint(at, sym, sym.print(timeMs, take.priceKrw, take.quantity, side), old);
    }
    return takes;
  }

  book(code: string): BookSnapshot | undefined {
    return this.byCode.get(code)?.book;
  }

  private startDay(first: boolean): void {
    const marketReturn = 0.011 * this.marketRng.normal();
    const closes = new Map([...this.indexes].map(([code, index]) => [code, index.closeValue()]));
    for (const sym of this.symbols) {
      const s = sym.state;
      const lastBar = this.history.get(s.info.code)?.bars.at(-1);
      const base = first ? s.info.previousCloseKrw : s.lastKrw;
      const previousVolume = first ? (lastBar?.volume ?? 0) : s.volume;
      sym.startDay(this.day.date, this.day.openMs, base, previousVolume, marketReturn, dayRegime(this.seed, s.info.code, this.day.date));
    }
    this.symbols.forEach((sym, i) => this.nxt[i]!.startDay(sym.state));
    const preOpenCloseEnd = this.day.preOpenMs + (OFF_HOURS_TIMES.preOpenCloseEnd - SESSION_TIMES.preOpenStart) * 1000;
    this.marks.push({ atMs: preOpenCloseEnd, run: () => this.hooks.onOffHoursEnd("PRE_OPEN_CLOSE") });
    for (const [code, index] of this.indexes) index.startDay(first ? undefined : closes.get(code));
    this.dayStarted = true;
  }

  private openingAuction(): void {
    const t = this.day.openMs;
    this.symbols.forEach((sym, i) => {
      const s = sym.state;
      const take = sym.openingAuction();
      if (!s.halted && take.quantity > 0) {
        const old = s.lastKrw;
        this.afterPrint(i, sym, sym.print(t, take.priceKrw, take.quantity, take.priceKrw >= s.basePriceKrw ? "buy" : "sell"), old);
        this.hooks.onAuction(s.info.code, take.priceKrw, t);
      }
      sym.resumeAfterAuction(s.lastKrw, t, true);
      this.emit({ kind: "book", book: sym.book });
    });
    for (const index of this.indexes.values()) index.markOpen();
  }

  private runContinuous(untilMs: number): void {
    const syms = this.symbols;
    const n = syms.length;
    const limit = untilMs + 1;
    for (;;) {
      let best = -1;
      let bestMs = limit;
      for (let i = 0; i < n; i++) {
        const t = syms[i]!.nextMs;
        if (t < bestMs) {
          bestMs = t;
          best = i;
        }
      }
      if (best < 0) return;
      const sym = syms[best]!;
      if (sym.state.halted) {
        sym.skipArrival();
        continue;
      }
      const old = sym.state.lastKrw;
      const trade = sym.syntheticTrade();
      this.afterPrint(best, sym, trade, old);
      this.hooks.onPrint(trade);
      const nxt = this.nxt[best]!;
      const nxtTrade = nxt.follow(trade);
      if (nxtTrade) this.emit({ kind: "nxtTrade", trade: nxtTrade, state: nxt.state });
    }
  }

  private afterPrint(at: number, sym: SymbolMarket, trade: TradePrint, oldLastKrw: number): void {
    if (trade.priceKrw !== oldLastKrw) this.indexOfSymbol[at]!.move(trade.priceKrw - oldLastKrw, sym.state.info.sharesOutstanding);
    this.emit({ kind: "trade", trade, state: sym.state, book: sym.book });
    if (sym.bookMoved) {
      sym.bookMoved = false;
      this.emit({ kind: "book", book: sym.book });
    }
    const point = sym.program.snapshot(trade, sym.tape.minuteIndex(trade.timeMs));
    if (point) this.emit({ kind: "program", program: point });
  }

  /** The 15:30 single price, then the day is closed: bars and flows recorded, orders expired. */
  private closingAuction(): void {
    const t = this.day.closeMs;
    this.symbols.forEach((sym, i) => {
      const s = sym.state;
      if (s.halted) return;
      const take = sym.closingAuction();
      const old = s.lastKrw;
      if (take.quantity > 0) {
        this.afterPrint(i, sym, sym.print(t, take.priceKrw, take.quantity, take.priceKrw >= old ? "buy" : "sell"), old);
        this.hooks.onAuction(s.info.code, take.priceKrw, t);
      }
      sym.resumeAfterAuction(take.priceKrw, t, false);
      const history = this.history.get(s.info.code);
      if (!history || s.volume === 0) return;
      history.bars.push({
        date: this.day.date,
        openKrw: s.openKrw,
        highKrw: s.highKrw,
        lowKrw: s.lowKrw,
        closeKrw: s.lastKrw,
        volume: s.volume,
        tradeValueKrw: s.tradeValueKrw,
      });
      if (!this.recorded)
        history.flows.push(investorDay(this.day.date, s.lastKrw, s.volume, s.lastKrw / s.basePriceKrw - 1, this.flowRngs[i]!));
    });
    this.dayStarted = false;
    this.hooks.onDayEnd(t);
    this.scheduleAfterHours(this.day.date, t);
  }

  /** The date whose off-hours session `session` runs now: today's until the next day starts. */
  private offHoursDate(session: OffHoursSession): string {
    return session === "PRE_OPEN_CLOSE" || this.dayStarted ? this.day.date : this.closedDate;
  }

  private closedDate = "";

  /** 15:40 장후 시간외 matching, 16:00 its end, single-price rounds 16:10–18:00, then their end. */
  private scheduleAfterHours(date: string, closeMs: number): void {
    this.closedDate = date;
    this.marks.push(
      ...afterHoursMarks(
        this.seed,
        date,
        closeMs,
        this.symbols.map((sym) => sym.state),
        () => this.hooks,
      ),
    );
  }

  private runMarks(untilMs: number): void {
    while (this.marks.length > 0 && this.marks[0]!.atMs <= untilMs) this.marks.shift()!.run();
  }
}
