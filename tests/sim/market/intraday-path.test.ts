import { describe, expect, it } from "vitest";
import { isOnTickGrid } from "../../../venue/krx.js";
import { minuteBarsOfPastDay } from "../../../sim/market/intraday-path.js";

const DAY = { date: "20261120", openKrw: 70_100, highKrw: 72_300, lowKrw: 69_200, closeKrw: 69_800, volume: 12_345_678, tradeValueKrw: 0 };

describe("minute bars of a past day", () => {
  const bars = minuteBarsOfPastDay("005930", DAY);

  it("adds up to the daily bar: first open, last close, extreme high and low, total volume", () => {
    expect(bars[0]!.openKrw).toBe(DAY.openKrw);
    expect(bars.at(-1)!.closeKrw).toBe(DAY.closeKrw);
    expect(Math.max(...bars.map((b) => b.highKrw))).toBe(DAY.highKrw);
    expect(Math.min(...bars.map((b) => b.lowKrw))).toBe(DAY.lowKrw);
    expect(bars.reduce((n, b) => n + b.volume, 0)).toBe(DAY.volume);
  });

  it("runs 09:00–15:19 minute by minute, then the 15:30 closing auction, on the tick grid", () => {
    expect(bars).toHaveLength(381);
    expect(bars.slice(0, 2).map((b) => b.time)).toEqual(["090000", "090100"]);
    expect(bars.slice(-2).map((b) => b.time)).toEqual(["151900", "153000"]);
    for (const b of bars) {
      expect(isOnTickGrid(b.closeKrw)).toBe(true);
      expect(b.highKrw).toBeGreaterThanOrEqual(Math.max(b.openKrw, b.closeKrw));
      expect(b.lowKrw).toBeLessThanOrEqual(Math.min(b.openKrw, b.closeKrw));
    }
  });

  it("is the same path every time for the same stock and day", () => {
    expect(minuteBarsOfPastDay("005930", DAY)).toEqual(bars);
    expect(minuteBarsOfPastDay("000660", DAY)).not.toEqual(bars);
  });
});
