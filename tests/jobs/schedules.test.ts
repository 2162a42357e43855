import { describe, expect, it } from "vitest";
import { fromKst, kstParts } from "../../core/clock.js";
import { SCHEDULES, nextFireMs, scheduleById, slotKey, slotsBetween } from "../../jobs/schedules.js";

/** Slots of a KST day, as HH:MM per queue. */
function dayTimes(date: string, queue: string): string[] {
  return slotsBetween(fromKst(date) - 1, fromKst(date, "235959"))
    .filter((s) => s.queue === queue)
    .map((s) => {
      const { date: d, time } = kstParts(s.atMs);
      expect(d).toBe(date);
      return `${time.slice(0, 2)}:${time.slice(2, 4)}`;
    });
}

const TEN_SIXTY_THIRTY = [
  "09:00",
  "09:10",
  "09:20",
  "09:30",
  "09:40",
  "09:50", // every 10 minutes after the open
  "10:00",
  "11:00",
  "12:00", // hourly at midday
  "13:00",
  "13:20",
  "13:40",
  "14:00",
  "14:20",
  "14:40", // every 20 minutes
  "15:00",
  "15:10", // into the close
];

describe("slotsBetween over a simulated day", () => {
  it("fires the trading run exactly on the 10-60-30 slots of a weekday", () => {
    expect(dayTimes("20261123", "trading-run")).toEqual(TEN_SIXTY_THIRTY);
  });

  it("fires one daily analysis, finalize, P&L back-fill and pre-open reconcile on a weekday", () => {
    expect(dayTimes("20261124", "daily-analysis")).toEqual(["07:20"]);
    expect(dayTimes("20261124", "finalize")).toEqual(["15:40"]);
    expect(dayTimes("20261124", "pnl-backfill")).toEqual(["16:00"]);
    expect(dayTimes("20261124", "reconcile")).toEqual(["08:50"]);
  });

  it("scans the market every minute from 09:05 to 15:20", () => {
    const scans = dayTimes("20261125", "market-scan");
    expect(scans).toHaveLength(6 * 60 + 15 + 1);
    expect(scans[0]).toBe("09:05");
    expect(scans.at(-1)).toBe("15:20");
    expect(new Set(scans).size).toBe(scans.length);
  });

  it("fires only the reflection on a Sunday and nothing on a Saturday", () => {
    const sunday = slotsBetween(fromKst("20261129") - 1, fromKst("20261129", "235959"));
    expect(sunday.map((s) => [s.scheduleId, kstParts(s.atMs).time])).toEqual([["weekly-reflection", "180000"]]);
    expect(slotsBetween(fromKst("20261128") - 1, fromKst("20261128", "235959"))).toEqual([]);
  });

  it("leaves holidays to the processor: a KRX holiday weekday has the same slots", () => {
    expect(dayTimes("20261225", "trading-run")).toEqual(TEN_SIXTY_THIRTY);
  });

  it("includes the upper bound and excludes the lower bound", () => {
    const at0900 = fromKst("20261123", "090000");
    expect(slotsBetween(at0900 - 1, at0900).map((s) => s.scheduleId)).toEqual(["trading-open", "health"]);
    expect(slotsBetween(at0900, at0900 + 1)).toEqual([]);
  });

  it("returns slots in time order across schedules", () => {
    const slots = slotsBetween(fromKst("20261123"), fromKst("20261124"));
    expect(slots.map((s) => s.atMs)).toEqual([...slots.map((s) => s.atMs)].sort((a, b) => a - b));
  });
});

describe("nextFireMs", () => {
  it("reads patterns in Asia/Seoul whatever the process time zone", () => {
    const friday1510 = fromKst("20261127", "151000");
    const open = scheduleById("trading-open");
    if (!open) throw new Error("trading-open missing");
    // After Friday's last run the next open slot is Monday 09:00 KST = 00:00 UTC.
    expect(new Date(nextFireMs(open, friday1510)).toISOString()).toBe("2026-11-30T00:00:00.000Z");
  });

  it("has a next fire time for every schedule", () => {
    for (const s of SCHEDULES) expect(nextFireMs(s, fromKst("20261123"))).toBeGreaterThan(fromKst("20261123"));
  });
});

describe("slotKey", () => {
  it("names the schedule and the KST minute", () => {
    expect(slotKey({ scheduleId: "trading-open", atMs: fromKst("20261123", "091000") })).toBe("trading-open-20261123-0910");
  });

  it("keeps schedule ids unique", () => {
    expect(new Set(SCHEDULES.map((s) => s.id)).size).toBe(SCHEDULES.length);
  });
});
