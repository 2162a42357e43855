import { describe, expect, it } from "vitest";
import { fromKst, ManualClock } from "../../../core/clock.js";
import { nextTradingDay } from "../../../venue/krx-calendar.js";
import type { Bar, SymbolInfo } from "../../../sim/exchange.js";
import { createSimExchange } from "../../../sim/market/create-exchange.js";
import { dayRegime, type DayRegime, type RegimeKind } from "../../../sim/market/day-regime.js";
import { tradingDaysBefore } from "../../../sim/market/history.js";
import { DEFAULT_UNIVERSE } from "../../../sim/market/universe.js";
import { CONTINUOUS_MINUTES } from "../../../sim/market/volume-profile.js";
import { DAY } from "./sim-fixture.js";

const SEED = 5;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** 22 symbols × 1,000 trading days × 2 seeds. */
function manyRegimes(): DayRegime[] {
  const dates = tradingDaysBefore(DAY, 1_000);
  return [SEED, SEED + 1].flatMap((seed) => DEFAULT_UNIVERSE.flatMap((info) => dates.map((date) => dayRegime(seed, info.code, date))));
}

/** The first trading day from DAY on which `kind` falls on one of the universe's symbols. */
function firstDayOf(kind: RegimeKind): { info: SymbolInfo; date: string; regime: DayRegime } {
  for (let date = DAY; ; date = nextTradingDay(date)) {
    for (const info of DEFAULT_UNIVERSE) {
      const regime = dayRegime(SEED, info.code, date);
      if (regime.kind === kind) return { info, date, regime };
    }
  }
}

/** One symbol's full simulated day on `date`, with its 20 seeded days before. */
function simulateDay(info: SymbolInfo, date: string) {
  const clock = new ManualClock(fromKst(date, "080000"));
  const exchange = createSimExchange({ seed: SEED, clock, symbols: [info], historyDays: 20 });
  const history = exchange.dailyBars(info.code, "20000101", "20991231");
  clock.set(fromKst(date, "153500"));
  exchange.advanceTo(clock.now());
  return { history, state: exchange.symbol(info.code)!, minutes: exchange.minuteBars(info.code, clock.now()) };
}

describe("day regimes", () => {
  const regimes = manyRegimes();
  const share = (kind: RegimeKind) => regimes.filter((r) => r.kind === kind).length / regimes.length;

  it("makes most symbol-days quiet, 5–10 % news days, and fewer sell-offs and reversals", () => {
    expect(share("quiet")).toBeGreaterThan(0.8);
    expect(share("news")).toBeGreaterThanOrEqual(0.05);
    expect(share("news")).toBeLessThanOrEqual(0.1);
    expect(share("selloff")).toBeGreaterThanOrEqual(0.02);
    expect(share("selloff")).toBeLessThanOrEqual(0.06);
    expect(share("reversal")).toBeGreaterThanOrEqual(0.01);
    expect(share("reversal")).toBeLessThanOrEqual(0.05);
  });

  it("gives news days 2–4× volume and an upward trend, sell-offs a downward one, reversals a late turn back", () => {
    const fits = (r: DayRegime): boolean => {
      if (r.kind === "news") return r.volumeFactor >= 2 && r.volumeFactor <= 4 && r.trendSigmas > 0;
      if (r.kind === "selloff") return r.volumeFactor >= 1.5 && r.trendSigmas < 0;
      if (r.kind === "quiet") return r.volumeFactor >= 0.7 && r.volumeFactor <= 1.4 && r.trendSigmas === 0;
      const lateTurn = r.turnMinute > 0.7 * CONTINUOUS_MINUTES && r.turnMinute < CONTINUOUS_MINUTES;
      return (
        lateTurn && Math.sign(r.afterTurnSigmas) === -Math.sign(r.trendSigmas) && Math.abs(r.afterTurnSigmas) > Math.abs(r.trendSigmas)
      );
    };
    expect(regimes.filter((r) => !fits(r))).toEqual([]);
  });

  it("depends only on the seed, the symbol and the date", () => {
    expect(dayRegime(SEED, "005930", DAY)).toEqual(dayRegime(SEED, "005930", DAY));
    const dates = tradingDaysBefore(DAY, 200);
    const kinds = (seed: number) => dates.map((date) => dayRegime(seed, "005930", date).kind).join();
    expect(kinds(SEED)).not.toBe(kinds(SEED + 1));
  });
});

describe("regimes in the seeded history", () => {
  const exchange = createSimExchange({ seed: SEED, clock: { now: () => fromKst(DAY, "080000") }, historyDays: 120 });
  const bySymbol = DEFAULT_UNIVERSE.map((info) => {
    const bars = exchange.dailyBars(info.code, "20000101", "20991231");
    return { bars, kinds: bars.map((b) => dayRegime(SEED, info.code, b.date).kind) };
  });

  it("trades at least twice a quiet day's median volume on every news day", () => {
    let newsDays = 0;
    for (const { bars, kinds } of bySymbol) {
      const quietMedian = median(bars.filter((_, i) => kinds[i] === "quiet").map((b) => b.volume));
      bars.forEach((bar, i) => {
        if (kinds[i] !== "news") return;
        newsDays++;
        expect(bar.volume).toBeGreaterThanOrEqual(2 * quietMedian);
      });
    }
    expect(newsDays).toBeGreaterThan(0.05 * 22 * 120);
  });

  it("closes most news days up and most sell-offs down", () => {
    const moves = (kind: RegimeKind) =>
      bySymbol.flatMap(({ bars, kinds }) =>
        bars.slice(1).flatMap((bar, i) => (kinds[i + 1] === kind ? [Math.sign(bar.closeKrw - bars[i]!.closeKrw)] : [])),
      );
    const up = (signs: number[]) => signs.filter((s) => s > 0).length / signs.length;
    expect(up(moves("news"))).toBeGreaterThan(0.85);
    expect(up(moves("selloff"))).toBeLessThan(0.15);
  });

  it("puts news days inside the 20-day windows a volume-ratio rule reads", () => {
    const withNews = bySymbol.filter(({ kinds }) => kinds.slice(-20).includes("news")).length;
    expect(withNews).toBeGreaterThan(0);
  });
});

describe("regimes on a simulated day", () => {
  it("trades at least twice the 20-day median volume on a news day, and closes up", () => {
    const { info, date } = firstDayOf("news");
    const { history, state } = simulateDay(info, date);
    expect(state.volume).toBeGreaterThanOrEqual(2 * median(history.map((b: Bar) => b.volume)));
    expect(state.lastKrw).toBeGreaterThan(state.basePriceKrw);
  });

  it("turns a reversal day's run back after the turn", () => {
    const { info, date, regime } = firstDayOf("reversal");
    const { state, minutes } = simulateDay(info, date);
    const atTurn = minutes.find(
      (m) =>
        m.time === `${String(9 + Math.floor(regime.turnMinute / 60)).padStart(2, "0")}${String(regime.turnMinute % 60).padStart(2, "0")}00`,
    )!;
    const direction = Math.sign(regime.trendSigmas);
    expect(direction * (atTurn.closeKrw - state.openKrw)).toBeGreaterThan(0);
    expect(direction * (state.lastKrw - atTurn.closeKrw)).toBeLessThan(0);
  });
});

describe("headlines", () => {
  it("jump about 60 % of news and sell-off days by 2.5–4.5 % in the day's direction, inside the session, and no other day", () => {
    const regimes = manyRegimes();
    const eventful = regimes.filter((r) => r.kind === "news" || r.kind === "selloff");
    const withHeadline = eventful.filter((r) => r.jumpMinute < CONTINUOUS_MINUTES);
    expect(withHeadline.length / eventful.length).toBeGreaterThan(0.5);
    expect(withHeadline.length / eventful.length).toBeLessThan(0.7);
    for (const r of withHeadline) {
      expect(Math.sign(r.jumpReturn)).toBe(r.kind === "news" ? 1 : -1);
      expect(Math.abs(r.jumpReturn)).toBeGreaterThanOrEqual(0.025);
      expect(Math.abs(r.jumpReturn)).toBeLessThanOrEqual(0.045);
      expect(r.jumpMinute).toBeGreaterThanOrEqual(20);
    }
    expect(
      regimes
        .filter((r) => r.kind === "quiet" || r.kind === "reversal")
        .every((r) => r.jumpReturn === 0 && r.jumpMinute === CONTINUOUS_MINUTES),
    ).toBe(true);
  });

  it("gaps the traded price by the headline within a minute", () => {
    let found: { info: SymbolInfo; date: string; regime: DayRegime } | undefined;
    for (let date = DAY; !found; date = nextTradingDay(date)) {
      for (const info of DEFAULT_UNIVERSE) {
        const regime = dayRegime(SEED, info.code, date);
        if (regime.kind === "news" && regime.jumpMinute < CONTINUOUS_MINUTES) found = { info, date, regime };
      }
    }
    const { info, date, regime } = found;
    const clock = new ManualClock(fromKst(date, "083000"));
    const exchange = createSimExchange({ seed: SEED, clock, symbols: [info], historyDays: 30 });
    const jumpMs = fromKst(date, "090000") + regime.jumpMinute * 60_000;
    const prices: Array<{ timeMs: number; priceKrw: number }> = [];
    exchange.on((e) => {
      if (e.kind === "trade") prices.push({ timeMs: e.trade.timeMs, priceKrw: e.trade.priceKrw });
    });
    clock.set(jumpMs + 60_000);
    exchange.advanceTo(clock.now());
    const before = prices.filter((p) => p.timeMs < jumpMs).at(-1)?.priceKrw ?? NaN;
    const after = Math.max(...prices.filter((p) => p.timeMs >= jumpMs).map((p) => p.priceKrw));
    expect(after / before - 1).toBeGreaterThan(regime.jumpReturn * 0.7);
  });
});
