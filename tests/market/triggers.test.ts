import { describe, expect, it } from "vitest";
import { SymbolIndicators } from "../../market/indicators/symbol-indicators.js";
import { TriggerEngine, type TriggerEvent } from "../../market/triggers.js";
import { T0, makeProgram, makeTick } from "./tick-builders.js";
import type { TradeTick } from "../../core/market-events.js";

/** Runs trades through fresh state and collects trigger events. */
function run(engine: TriggerEngine, ticks: TradeTick[], state = new SymbolIndicators("005930")): TriggerEvent[] {
  const events: TriggerEvent[] = [];
  for (const t of ticks) {
    state.onTrade(t);
    events.push(...engine.onTrade(state, t));
  }
  return events;
}

const at = (i: number, overrides: Partial<TradeTick>) => makeTick({ exchangeTimeMs: T0 + i * 1_000, ...overrides });
const kinds = (events: TriggerEvent[]) => events.map((e) => e.kind);

describe("TriggerEngine", () => {
  it("fires a sharp move when the price rises X % within the window", () => {
    const events = run(new TriggerEngine({ sharpMovePct: 2 }), [
      at(0, { priceKrw: 10_000 }),
      at(10, { priceKrw: 10_100 }),
      at(20, { priceKrw: 10_200 }),
    ]);
    expect(events).toEqual([{ symbol: "005930", kind: "sharp-move", values: { changePct: 2, windowMs: 60_000 }, timeMs: T0 + 20_000 }]);
  });

  it("does not count a move that spans more than the window", () => {
    const events = run(new TriggerEngine({ sharpMovePct: 2, sharpMoveWindowMs: 5_000 }), [
      at(0, { priceKrw: 10_000 }),
      at(10, { priceKrw: 10_300 }),
    ]);
    expect(kinds(events)).not.toContain("sharp-move");
  });

  it("fires a volume spike at z ≥ k", () => {
    const ticks = [...Array.from({ length: 19 }, (_, i) => at(i, { volume: 10 + (i % 2) })), at(19, { volume: 500 })];
    expect(kinds(run(new TriggerEngine({ volumeSpikeZ: 3 }), ticks))).toEqual(["volume-spike"]);
  });

  it("fires when the price approaches the daily upper limit", () => {
    // base 10,000 → upper limit 13,000; 12,800 is 1.56 % below it.
    const events = run(new TriggerEngine({ limitProximityPct: 2, sharpMovePct: 50 }), [at(0, { priceKrw: 12_800, changeKrw: 2_800 })]);
    expect(events).toMatchObject([{ kind: "limit-approach", values: { direction: 1, limitKrw: 13_000 } }]);
  });

  it("fires on VI (time class C)", () => {
    expect(kinds(run(new TriggerEngine(), [at(0, { viActive: true, viReferencePriceKrw: 70_000 })]))).toEqual(["vi"]);
  });

  it("flags a fake rise: price up while program flow sells", () => {
    const engine = new TriggerEngine({ fakeRisePct: 1, sharpMovePct: 50 });
    const state = new SymbolIndicators("005930");
    state.onProgram(makeProgram(1_000, T0));
    engine.onProgram(makeProgram(1_000, T0));
    state.onProgram(makeProgram(-4_000, T0 + 5_000));
    engine.onProgram(makeProgram(-4_000, T0 + 5_000));
    const events = run(engine, [at(0, { priceKrw: 10_000 }), at(10, { priceKrw: 10_150 })], state);
    expect(events).toMatchObject([{ kind: "fake-rise", values: { programNetChange: -5_000 } }]);
  });

  it("flags a program dump when net program volume drops by the threshold", () => {
    const engine = new TriggerEngine({ programDumpVolume: 10_000 });
    expect(engine.onProgram(makeProgram(5_000, T0))).toEqual([]);
    expect(engine.onProgram(makeProgram(-6_000, T0 + 60_000))).toMatchObject([{ kind: "program-dump", values: { netVolumeDrop: 11_000 } }]);
  });

  it("flags weak buy power below 100 after enough trades", () => {
    const ticks = Array.from({ length: 3 }, (_, i) => at(i, { cumulativeBuyVolume: 80, cumulativeSellVolume: 100 }));
    expect(kinds(run(new TriggerEngine({ weakBuyPowerMinTrades: 3 }), ticks))).toEqual(["weak-buy-power"]);
  });

  it("debounces repeats per symbol and kind", () => {
    const engine = new TriggerEngine({ debounceMs: 60_000 });
    const vi = (i: number, symbol = "005930") => at(i, { viActive: true, symbol });
    const state = new SymbolIndicators("005930");
    expect(kinds(run(engine, [vi(0), vi(30), vi(61)], state))).toEqual(["vi", "vi"]);
    expect(kinds(run(engine, [vi(31, "000660")], new SymbolIndicators("000660")))).toEqual(["vi"]);
  });

  it("rejects unknown config keys", () => {
    expect(() => new TriggerEngine({ sharpMovePct: 2, unknown: 1 } as never)).toThrow();
  });
});
