import { describe, expect, it } from "vitest";
import { fromKst } from "../../core/clock.js";
import { isOnTickGrid, priceLimits, roundDownToTick, roundUpToTick, sessionPhase, stepTicks, tickSize } from "../../venue/krx.js";
import { isKrxTradingDay, nextTradingDay } from "../../venue/krx-calendar.js";

describe("tickSize", () => {
  it.each([
    [1, 1],
    [1_999, 1],
    [2_000, 5],
    [4_995, 5],
    [5_000, 10],
    [19_990, 10],
    [20_000, 50],
    [49_950, 50],
    [50_000, 100],
    [199_900, 100],
    [200_000, 500],
    [499_500, 500],
    [500_000, 1_000],
    [1_250_000, 1_000],
  ])("price %i has tick %i", (price, tick) => {
    expect(tickSize(price)).toBe(tick);
  });
});

describe("tick grid rounding", () => {
  it.each([
    [70_050, 70_000, 70_100],
    [70_000, 70_000, 70_000],
    [19_995, 19_990, 20_000],
    [2_003, 2_000, 2_005],
    [499_700, 499_500, 500_000],
    [1_999.5, 1_999, 2_000],
  ])("%f rounds down to %i and up to %i", (price, down, up) => {
    expect(roundDownToTick(price)).toBe(down);
    expect(roundUpToTick(price)).toBe(up);
  });

  it("accepts only positive integer prices on the grid", () => {
    expect(isOnTickGrid(70_100)).toBe(true);
    expect(isOnTickGrid(70_150)).toBe(false);
    expect(isOnTickGrid(0)).toBe(false);
    expect(isOnTickGrid(1_999.5)).toBe(false);
  });

  it("steps across band edges tick by tick", () => {
    expect(stepTicks(19_990, 1)).toBe(20_000);
    expect(stepTicks(20_000, 1)).toBe(20_050);
    expect(stepTicks(20_000, -1)).toBe(19_990);
    expect(stepTicks(50_000, -2)).toBe(49_900);
  });
});

describe("priceLimits", () => {
  it.each([
    [70_000, 91_000, 49_000],
    [55_300, 71_800, 38_750],
    [1_000, 1_300, 700],
    [15_430, 20_050, 10_810],
    [3_333, 4_330, 2_335],
  ])("base %i has upper %i and lower %i on the grid", (base, upper, lower) => {
    const { upperKrw, lowerKrw } = priceLimits(base);
    expect(upperKrw).toBe(upper);
    expect(lowerKrw).toBe(lower);
    expect(upperKrw).toBeLessThanOrEqual(base * 1.3);
    expect(lowerKrw).toBeGreaterThanOrEqual(base * 0.7);
    expect(isOnTickGrid(upperKrw) && isOnTickGrid(lowerKrw)).toBe(true);
  });
});

describe("sessionPhase", () => {
  const on = (time: string, date = "20261123") => sessionPhase(fromKst(date, time));
  it.each([
    ["080000", "CLOSED"],
    ["082959", "CLOSED"],
    ["083000", "PRE_OPEN_AUCTION"],
    ["085959", "PRE_OPEN_AUCTION"],
    ["090000", "CONTINUOUS"],
    ["151959", "CONTINUOUS"],
    ["152000", "CLOSING_AUCTION"],
    ["152959", "CLOSING_AUCTION"],
    ["153000", "AFTER_HOURS"],
    ["175959", "AFTER_HOURS"],
    ["180000", "CLOSED"],
  ])("at %s KST on a trading day is %s", (time, phase) => {
    expect(on(time)).toBe(phase);
  });

  it("is closed all day on weekends and holidays", () => {
    expect(on("100000", "20261122")).toBe("CLOSED"); // Sunday
    expect(on("100000", "20261225")).toBe("CLOSED"); // Christmas
  });
});

describe("trading calendar", () => {
  it("skips weekends and holidays", () => {
    expect(isKrxTradingDay("20261123")).toBe(true);
    expect(isKrxTradingDay("20261121")).toBe(false);
    expect(nextTradingDay("20261120")).toBe("20261123");
    expect(nextTradingDay("20261224")).toBe("20261228");
    expect(nextTradingDay("20261230")).toBe("20270104");
  });
});
