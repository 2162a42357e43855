import { describe, expect, it } from "vitest";
import { buyAndHoldCurve, indexCurve } from "../../backtest/benchmarks.js";
import { bootstrapMean } from "../../backtest/bootstrap.js";
import { comparePrompts, gateVerdict, type SideFigures } from "../../backtest/compare.js";
import type { Bar } from "../../core/types.js";

const bar = (date: string, openKrw: number, closeKrw: number): Bar => ({
  date,
  openKrw,
  closeKrw,
  highKrw: closeKrw,
  lowKrw: openKrw,
  volume: 1,
  tradeValueKrw: 1,
});

describe("benchmark curves", () => {
  it("buy-and-hold is the equal-weight mean of close ÷ first open; a missing day repeats the last close", () => {
    const curve = buyAndHoldCurve(
      ["d1", "d2"],
      new Map([
        ["A", [bar("d1", 100, 110), bar("d2", 111, 121)]],
        ["B", [bar("d1", 200, 190)]],
        ["C", [bar("d2", 50, 55)]], // not traded on the first day: left out
      ]),
    );
    // d1: (1.10 + 0.95) / 2 = 1.025; d2: (1.21 + 0.95) / 2 = 1.08
    expect(curve.series).toBe(2);
    expect(curve.values.map((v) => Math.round(v * 1e6) / 1e6)).toEqual([1.025, 1.08]);
  });

  it("an index is measured from the close before the period", () => {
    const closes = [
      { date: "d2", close: 1_900 },
      { date: "d0", close: 2_000 },
      { date: "d1", close: 2_100 },
    ];
    expect(indexCurve(["d1", "d2", "d3"], closes).values).toEqual([1.05, 0.95, 0.95]);
    expect(indexCurve(["d1"], [])).toEqual({ values: [1], series: 0 });
  });
});

describe("bootstrap of a mean", () => {
  it("is deterministic for a seed and brackets the mean", () => {
    const samples = [0.3, -0.1, 0.2, 0.05, -0.25, 0.4, 0.1];
    const a = bootstrapMean(samples, { seed: 7 });
    expect(bootstrapMean(samples, { seed: 7 })).toEqual(a);
    expect(a.low).toBeLessThan(a.mean);
    expect(a.high).toBeGreaterThan(a.mean);
    expect(a.mean).toBeCloseTo(0.1, 10);
    expect(a).toMatchObject({ resamples: 2_000, confidence: 0.95, samples: 7 });
  });

  it("two samples 0 and 1: resampled means are 0, ½ or 1 (¼, ½, ¼), so the 95 % interval is [0, 1]", () => {
    expect(bootstrapMean([0, 1])).toMatchObject({ mean: 0.5, low: 0, high: 1 });
  });

  it("identical samples give a zero-width interval; none give zeros", () => {
    expect(bootstrapMean([0, 0, 0])).toMatchObject({ mean: 0, low: 0, high: 0 });
    expect(bootstrapMean([])).toMatchObject({ mean: 0, low: 0, high: 0, samples: 0 });
  });
});

describe("prompt comparison and the gate", () => {
  const side = (totalReturnPct: number, dailyReturnsPct: number[]): SideFigures => ({
    totalReturnPct,
    sharpe: null,
    maxDrawdownPct: 0,
    roundTrips: 0,
    realisedPnlKrw: 0,
    winRatePct: null,
    dailyReturnsPct,
  });
  const worse = comparePrompts({
    a: 1,
    b: 2,
    from: "d1",
    to: "d2",
    days: 2,
    runs: [
      { seed: 42, a: side(1.5, [1, 0.5]), b: side(0, [0, 0]) },
      { seed: 43, a: side(0.5, [0.25, 0.25]), b: side(0, [0, 0]) },
    ],
  });

  it("pairs daily returns by seed and day: b − a", () => {
    // differences −1, −0.5, −0.25, −0.25: mean −0.5; totals −1.5 and −0.5: mean −1
    expect(worse.difference).toMatchObject({ meanDailyPct: -0.5, totalReturnPct: -1, samples: 4 });
    expect(worse.difference.highPct).toBeLessThan(0);
    expect(worse.meanReturnPct).toEqual({ a: 1, b: 0 });
    expect(worse.seeds).toEqual([42, 43]);
  });

  it("fails a version that lost beyond the tolerance, passes one within it", () => {
    expect(gateVerdict(worse, 0.5)).toMatchObject({
      pass: false,
      reason: expect.stringContaining("v2 lost to active v1 beyond the 0.5 pp tolerance"),
    });
    expect(gateVerdict(worse, 2).pass).toBe(true);
  });
});
