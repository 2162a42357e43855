import { RSI, SMA, StochasticOscillator } from "trading-signals";
import { describe, expect, it } from "vitest";
import { RollingMean, RollingStats } from "../../../market/indicators/rolling-mean.js";
import { Stochastic } from "../../../market/indicators/stochastic.js";
import { WilderRsi } from "../../../market/indicators/wilder-rsi.js";
import { seededRandom } from "../../../sim/wire/frame-generator.js";

/** A seeded KRX-like walk of ₩100 steps with flat runs (equal prices exercise the edge cases). */
function walk(n: number, seed = 7): number[] {
  const rnd = seededRandom(seed);
  const out: number[] = [];
  let p = 70_000;
  for (let i = 0; i < n; i++) {
    p += (Math.floor(rnd() * 3) - 1) * 100;
    out.push(p);
  }
  return out;
}

const PRICES = walk(2_000);

describe("streaming indicators against trading-signals", () => {
  it("SMA(5) matches to 1e-9 and is NaN before five values", () => {
    const mine = new RollingMean(5);
    const lib = new SMA(5);
    PRICES.forEach((p, i) => {
      const a = mine.push(p);
      const b = lib.add(p);
      if (b === null) expect(a, `index ${i}`).toBeNaN();
      else expect(Math.abs(a - b), `index ${i}`).toBeLessThanOrEqual(1e-9);
    });
  });

  it("RSI(14) matches Wilder smoothing seeded by the simple mean of the first 14 changes", () => {
    const mine = new WilderRsi(14);
    const lib = new RSI(14);
    let compared = 0;
    PRICES.forEach((p, i) => {
      const a = mine.push(p);
      const b = lib.add(p);
      if (b === null) expect(a, `index ${i}`).toBeNaN();
      else {
        expect(Math.abs(a - b), `index ${i}`).toBeLessThanOrEqual(1e-9);
        compared++;
      }
    });
    expect(compared).toBe(PRICES.length - 14);
  });

  it("Stoch(14,3) %K and %D match", () => {
    const mine = new Stochastic(14, 3);
    const lib = new StochasticOscillator({ kPeriod: 14, kSlowingPeriod: 1, dPeriod: 3 });
    PRICES.forEach((p, i) => {
      mine.push(p);
      const b = lib.add({ high: p, low: p, close: p });
      if (b === null) expect(mine.dValue, `index ${i}`).toBeNaN();
      else {
        expect(Math.abs(mine.k - b.stochK), `index ${i}`).toBeLessThanOrEqual(1e-9);
        expect(Math.abs(mine.dValue - b.stochD), `index ${i}`).toBeLessThanOrEqual(1e-9);
      }
    });
  });
});

describe("hand-computed values", () => {
  it("RSI is 100 with no losses and Stoch %K is 0 on a flat window", () => {
    const rsi = new WilderRsi(14);
    const stoch = new Stochastic(14, 3);
    for (let i = 0; i < 15; i++) rsi.push(100 + i);
    for (let i = 0; i < 16; i++) stoch.push(500);
    expect(rsi.value).toBe(100);
    expect([stoch.k, stoch.dValue]).toEqual([0, 0]);
  });

  it("RollingStats gives the population z-score of the last value", () => {
    const stats = new RollingStats(4);
    for (const v of [2, 4, 4, 4, 6]) stats.push(v); // window 4,4,4,6: mean 4.5, std √0.75
    expect(stats.mean).toBe(4.5);
    expect(stats.zScore(6)).toBeCloseTo(1.5 / Math.sqrt(0.75), 12);
  });
});
