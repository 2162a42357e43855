import { RSI } from "trading-signals";
import { describe, expect, it } from "vitest";
import { sma, volumeRatio, wilderRsi } from "../../market/daily-stats.js";

describe("daily stats", () => {
  it("averages the last N values and needs N of them", () => {
    expect(sma([1, 2, 3, 4, 5, 6], 5)).toBe(4);
    expect(sma([1, 2], 5)).toBeNull();
  });

  it("matches trading-signals' RSI(14) to 1e-9", () => {
    const closes = Array.from({ length: 60 }, (_, i) => 70_000 + Math.round(Math.sin(i / 3) * 1_500 + i * 40));
    const reference = new RSI(14);
    let expected: number | null = null;
    for (const c of closes) expected = Number(reference.add(c) ?? NaN);
    expect(wilderRsi(closes)).toBeCloseTo(expected ?? NaN, 9);
  });

  it("is 100 after only gains and needs more than 14 closes", () => {
    expect(wilderRsi(Array.from({ length: 20 }, (_, i) => 100 + i))).toBe(100);
    expect(wilderRsi([1, 2, 3])).toBeNull();
  });

  it("pro-rates the average to the elapsed session", () => {
    const past = Array.from({ length: 20 }, () => 1_000_000);
    const halfway = 9 * 3600 + (6 * 3600 + 30 * 60) / 2;
    expect(volumeRatio(1_000_000, past, halfway)).toBeCloseTo(2, 9);
    expect(volumeRatio(1_000_000, [], halfway)).toBeNull();
  });
});
