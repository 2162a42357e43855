import { describe, expect, it } from "vitest";
import { AcceleratedClock, ManualClock, addDays, formatKstIso, fromKst, kstParts } from "../../core/clock.js";

describe("KST helpers", () => {
  it("round-trips a KST wall time through epoch ms", () => {
    const ms = fromKst("20261123", "090000");
    expect(new Date(ms).toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(kstParts(ms)).toEqual({ date: "20261123", time: "090000", weekday: 1, secondOfDay: 32_400 });
    expect(formatKstIso(ms)).toBe("2026-11-23T09:00:00+09:00");
  });

  it("puts UTC evening on the next KST date", () => {
    expect(kstParts(Date.parse("2026-11-22T16:30:00Z")).date).toBe("20261123");
  });

  it("adds days across month and year ends", () => {
    expect(addDays("20261231", 1)).toBe("20270101");
    expect(addDays("20270301", -1)).toBe("20270228");
  });
});

describe("clocks", () => {
  it("moves a manual clock only when told", () => {
    const clock = new ManualClock(1_000);
    clock.advance(500);
    expect(clock.now()).toBe(1_500);
    clock.set(10);
    expect(clock.now()).toBe(10);
  });

  it("runs an accelerated clock speed times faster than its wall clock", () => {
    const wall = new ManualClock(0);
    const clock = new AcceleratedClock(1_000_000, 60, wall);
    wall.advance(1_000);
    expect(clock.now()).toBe(1_060_000);
  });
});
