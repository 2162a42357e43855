/** Shared setup of the simulator tests: a small universe on a ManualClock at a known trading day. */
import { fromKst, ManualClock } from "../../../core/clock.js";
import type { ExchangeEvent, SimExchange, SymbolInfo } from "../../../sim/exchange.js";
import { createSimExchange, type SimExchangeOptions } from "../../../sim/market/create-exchange.js";
import { copyBook } from "../../../sim/market/order-book.js";
import { DEFAULT_UNIVERSE } from "../../../sim/market/universe.js";

/** Tuesday 2026-03-03 and Wednesday 2026-03-04 are KRX trading days (03-02 is a holiday). */
export const DAY = "20260303";
export const NEXT_DAY = "20260304";

/** The seed every fixture market uses unless overridden. */
export const FIXTURE_SEED = 11;

export const at = (time: string, date = DAY): number => fromKst(date, time);

const pick = (...codes: string[]): SymbolInfo[] =>
  codes.map((code) => {
    const info = DEFAULT_UNIVERSE.find((s) => s.code === code);
    if (!info) throw new Error(`not in the universe: ${code}`);
    return { ...info };
  });

/** 삼성전자 (KOSPI, tick 100), 카카오 (KOSPI, tick 50), 에코프로 (KOSDAQ, tick 100). */
export const SMALL_UNIVERSE: SymbolInfo[] = pick("005930", "035720", "086520");

export interface Fixture {
  clock: ManualClock;
  exchange: SimExchange;
  /** every event; book events carry a copy of the book as it was then (the live one keeps changing) */
  events: ExchangeEvent[];
  /** moves the clock and the market to a KST time of DAY (or `date`) */
  goTo(time: string, date?: string): void;
}

export function makeFixture(overrides: Partial<SimExchangeOptions> = {}, startTime = "080000", startDate = DAY): Fixture {
  const clock = new ManualClock(at(startTime, startDate));
  const exchange = createSimExchange({ seed: FIXTURE_SEED, clock, symbols: SMALL_UNIVERSE, historyDays: 20, ...overrides });
  const events: ExchangeEvent[] = [];
  exchange.on((e) => events.push(e.kind === "book" ? { kind: "book", book: copyBook(e.book) } : e));
  return {
    clock,
    exchange,
    events,
    goTo(time, date = DAY) {
      clock.set(at(time, date));
      exchange.advanceTo(clock.now());
    },
  };
}

export function tradesOf(events: readonly ExchangeEvent[]) {
  return events.flatMap((e) => (e.kind === "trade" ? [e.trade] : []));
}
