import { describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import { buildSnapshot } from "../../market/snapshot.js";
import { TickStore } from "../../market/tick-store.js";
import { T0, makeTick, tradesAt } from "./tick-builders.js";

describe("buildSnapshot", () => {
  it("reports latest values and flags as plain JSON", () => {
    const store = new TickStore();
    for (const t of tradesAt([100, 101, 102, 103, 104, 110])) store.onTrade(t);
    const snap = buildSnapshot(store, new ManualClock(T0 + 6_000));
    const s = snap["005930"];
    expect(s).toMatchObject({
      symbol: "005930",
      priceKrw: 110,
      ma5: 104,
      flags: { aboveMa5: true, halted: false },
      stale: false,
      ageMs: 1_000,
    });
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
  });

  it("marks a price stale when the exchange time is older than the limit on the clock", () => {
    const store = new TickStore();
    store.onTrade(makeTick({ exchangeTimeMs: T0, receivedAtMs: T0 + 400 }));
    const fresh = buildSnapshot(store, new ManualClock(T0 + 9_000))["005930"];
    const stale = buildSnapshot(store, new ManualClock(T0 + 30_000), undefined, { maxAgeMs: 10_000 })["005930"];
    expect(fresh).toMatchObject({ stale: false, lagMs: 400 });
    expect(stale).toMatchObject({ stale: true, ageMs: 30_000 });
  });

  it("leaves out symbols without trades", () => {
    const store = new TickStore();
    store.onTrade(makeTick({ symbol: "000660" }));
    expect(Object.keys(buildSnapshot(store, new ManualClock(T0), ["005930", "000660"]))).toEqual(["000660"]);
  });
});
