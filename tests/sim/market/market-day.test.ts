import { describe, expect, it } from "vitest";
import { kstParts } from "../../../core/clock.js";
import { isOnTickGrid, priceLimits } from "../../../venue/krx.js";
import type { TradePrint } from "../../../sim/exchange.js";
import { createSimExchange } from "../../../sim/market/create-exchange.js";
import { dayRegime } from "../../../sim/market/day-regime.js";
import { deriveParams } from "../../../sim/market/symbol-params.js";
import { DEFAULT_UNIVERSE } from "../../../sim/market/universe.js";
import { at, DAY, FIXTURE_SEED, makeFixture, NEXT_DAY, SMALL_UNIVERSE, tradesOf } from "./sim-fixture.js";

const signature = (trades: readonly TradePrint[]) => trades.map((t) => `${t.code}|${t.timeMs}|${t.priceKrw}|${t.quantity}|${t.aggressor}`);

describe("createSimExchange determinism", () => {
  it("produces identical trades for the same seed, however advanceTo is chunked", () => {
    const a = makeFixture();
    const b = makeFixture();
    a.goTo("103000");
    for (const time of ["085000", "090000", "090001", "093000", "100000", "103000"]) b.goTo(time);
    expect(signature(tradesOf(a.events))).toEqual(signature(tradesOf(b.events)));
    expect(a.exchange.book("005930")).toEqual(b.exchange.book("005930"));
  });

  it("produces a different market for another seed", () => {
    const a = makeFixture();
    const b = makeFixture({ seed: 12 });
    a.goTo("093000");
    b.goTo("093000");
    expect(signature(tradesOf(a.events))).not.toEqual(signature(tradesOf(b.events)));
  });

  it("returns to the seeded start on reset", () => {
    const f = makeFixture();
    f.goTo("093000");
    const first = signature(tradesOf(f.events));
    f.exchange.reset();
    f.events.length = 0;
    f.clock.set(at("080000"));
    f.goTo("093000");
    expect(signature(tradesOf(f.events))).toEqual(first);
  });

  it("rejects a symbol list with an off-grid previous close", () => {
    const bad = { ...SMALL_UNIVERSE[0]!, previousCloseKrw: 70_050 };
    expect(() => makeFixture({ symbols: [bad] })).toThrow(/tick grid/);
  });
});

describe("a simulated trading day", () => {
  const f = makeFixture();
  f.goTo("153500");
  const trades = tradesOf(f.events);

  it("trades its usual 10k–60k times per symbol, scaled by the day's regime, on the KRX grid inside the ±30 % band", () => {
    for (const info of SMALL_UNIVERSE) {
      const own = trades.filter((t) => t.code === info.code);
      const { upperKrw, lowerKrw } = priceLimits(info.previousCloseKrw);
      const usual = deriveParams(info).tradesPerDay;
      expect(usual).toBeGreaterThanOrEqual(10_000);
      expect(usual).toBeLessThanOrEqual(60_000);
      const expected = usual * dayRegime(FIXTURE_SEED, info.code, DAY).volumeFactor;
      expect(own.length).toBeGreaterThan(0.95 * expected);
      expect(own.length).toBeLessThan(1.05 * expected);
      expect(own.every((t) => isOnTickGrid(t.priceKrw) && t.priceKrw <= upperKrw && t.priceKrw >= lowerKrw)).toBe(true);
      expect(own.every((t) => Number.isInteger(t.quantity) && t.quantity > 0)).toBe(true);
    }
  });

  it("keeps every book level on the grid and inside the band", () => {
    const states = new Map(SMALL_UNIVERSE.map((s) => [s.code, f.exchange.symbol(s.code)!]));
    for (const e of f.events.slice(0, 20_000)) {
      if (e.kind !== "book") continue;
      const state = states.get(e.book.code)!;
      for (const level of [...e.book.asks, ...e.book.bids]) {
        if (level.priceKrw === 0) continue;
        expect(isOnTickGrid(level.priceKrw)).toBe(true);
        expect(level.priceKrw).toBeLessThanOrEqual(state.upperLimitKrw);
        expect(level.priceKrw).toBeGreaterThanOrEqual(state.lowerLimitKrw);
      }
      expect(e.book.asks[0]!.priceKrw).toBeGreaterThan(e.book.bids[0]!.priceKrw);
    }
  });

  it("follows a U-shaped intraday profile", () => {
    const count = (from: string, to: string) => trades.filter((t) => t.timeMs >= at(from) && t.timeMs < at(to)).length;
    const open = count("090000", "093000");
    const midday = count("120000", "123000");
    const close = count("145000", "152000");
    expect(open).toBeGreaterThan(2 * midday);
    expect(close).toBeGreaterThan(1.3 * midday);
  });

  it("prints one opening price at 09:00 and one closing price at 15:30, nothing in the auctions", () => {
    for (const info of SMALL_UNIVERSE) {
      const own = trades.filter((t) => t.code === info.code);
      expect(own[0]!.timeMs).toBe(at("090000"));
      const last = own.at(-1)!;
      expect(last.timeMs).toBe(at("153000"));
      expect(own.filter((t) => t.timeMs >= at("152000"))).toHaveLength(1);
      const state = f.exchange.symbol(info.code)!;
      expect(state.openKrw).toBe(own[0]!.priceKrw);
      expect(state.lastKrw).toBe(last.priceKrw);
    }
    expect(trades.some((t) => t.timeMs < at("090000"))).toBe(false);
  });

  it("emits trades in time order", () => {
    expect(trades.every((t, i) => i === 0 || t.timeMs >= trades[i - 1]!.timeMs)).toBe(true);
  });

  it("keeps the aggregate statistics consistent with the prints", () => {
    const own = trades.filter((t) => t.code === "005930");
    const state = f.exchange.symbol("005930")!;
    expect(state.volume).toBe(own.reduce((sum, t) => sum + t.quantity, 0));
    expect(state.buyVolume + state.sellVolume).toBe(state.volume);
    expect(state.highKrw).toBe(Math.max(...own.map((t) => t.priceKrw)));
    expect(state.lowKrw).toBe(Math.min(...own.map((t) => t.priceKrw)));
    const bars = f.exchange.minuteBars("005930", at("153000"));
    expect(bars.reduce((sum, b) => sum + b.volume, 0)).toBe(state.volume);
    expect(bars[0]!.time).toBe("090000");
    expect(f.exchange.recentTrades("005930", 3)).toEqual(own.slice(-3).reverse());
  });

  it("computes the index from its constituents", () => {
    const kospi = f.exchange.index("0001")!;
    const members = SMALL_UNIVERSE.filter((s) => s.market === "KOSPI").map((s) => f.exchange.symbol(s.code)!);
    const cap = (price: (s: (typeof members)[number]) => number) =>
      members.reduce((sum, s) => sum + price(s) * s.info.sharesOutstanding, 0);
    const expected = (kospi.previousClose * cap((s) => s.lastKrw)) / cap((s) => s.basePriceKrw);
    expect(kospi.value).toBeCloseTo(expected, 1);
    expect(kospi.advancers + kospi.decliners + kospi.unchanged).toBe(members.length);
    expect(kospi.high).toBeGreaterThanOrEqual(kospi.value);
    expect(kospi.low).toBeLessThanOrEqual(kospi.value);
    expect(f.exchange.index("1001")!.volume).toBe(f.exchange.symbol("086520")!.volume);
  });

  it("records the day's bar and investor flows after the close", () => {
    const bars = f.exchange.dailyBars("005930", "20000101", DAY);
    expect(bars).toHaveLength(21);
    const today = bars.at(-1)!;
    const state = f.exchange.symbol("005930")!;
    expect(today).toMatchObject({ date: DAY, closeKrw: state.lastKrw, volume: state.volume });
    const flows = f.exchange.investorFlows("005930");
    expect(flows[0]!.date).toBe(DAY);
    for (const row of flows) expect(row.individualNetQuantity + row.foreignNetQuantity + row.institutionNetQuantity).toBe(0);
  });

  it("publishes a cumulative program-trading series", () => {
    const series = f.exchange.programSeries("005930");
    expect(series.length).toBeGreaterThan(300);
    for (let i = 1; i < series.length; i++) {
      expect(series[i - 1]!.timeMs).toBeGreaterThanOrEqual(series[i]!.timeMs);
      expect(series[i - 1]!.buyVolume).toBeGreaterThanOrEqual(series[i]!.buyVolume);
      expect(series[i - 1]!.sellVolume).toBeGreaterThanOrEqual(series[i]!.sellVolume);
    }
    expect(series[0]!.buyVolume + series[0]!.sellVolume).toBeLessThan(f.exchange.symbol("005930")!.volume);
  });

  it("rolls to the next day: base price is the close, new limits, statistics reset", () => {
    const closes = new Map(SMALL_UNIVERSE.map((s) => [s.code, f.exchange.symbol(s.code)!.lastKrw]));
    const volume = f.exchange.symbol("005930")!.volume;
    f.goTo("083500", NEXT_DAY);
    for (const info of SMALL_UNIVERSE) {
      const state = f.exchange.symbol(info.code)!;
      const close = closes.get(info.code)!;
      expect(state.basePriceKrw).toBe(close);
      expect(state.upperLimitKrw).toBe(priceLimits(close).upperKrw);
      expect(state.lowerLimitKrw).toBe(priceLimits(close).lowerKrw);
      expect(state.volume).toBe(0);
      expect(state.openKrw).toBe(0);
    }
    expect(f.exchange.symbol("005930")!.previousDayVolume).toBe(volume);
    expect(f.exchange.dailyBars("005930", DAY, NEXT_DAY).map((b) => b.date)).toEqual([DAY]);
  });
});

describe("seeded history", () => {
  it("ends every symbol's daily bars on its previous close, on trading days before the start", () => {
    const exchange = createSimExchange({ seed: 3, clock: { now: () => at("080000") }, historyDays: 120 });
    for (const info of DEFAULT_UNIVERSE) {
      const bars = exchange.dailyBars(info.code, "20000101", "20991231");
      expect(bars).toHaveLength(120);
      expect(bars.at(-1)!.closeKrw).toBe(info.previousCloseKrw);
      expect(bars.at(-1)!.date < DAY).toBe(true);
      for (const bar of bars) {
        expect(kstParts(at("120000", bar.date)).weekday % 6).not.toBe(0);
        expect(bar.highKrw).toBeGreaterThanOrEqual(Math.max(bar.openKrw, bar.closeKrw));
        expect(bar.lowKrw).toBeLessThanOrEqual(Math.min(bar.openKrw, bar.closeKrw));
        expect([bar.openKrw, bar.highKrw, bar.lowKrw, bar.closeKrw].every(isOnTickGrid)).toBe(true);
      }
    }
  });
});
