/** The KIS client's index daily closes (the console's KOSPI curve) over the simulator's 국내주식업종기간별시세. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromKst } from "../../core/clock.js";
import { type SimClient, type SimEnv, startSimEnv } from "./kis-sim-harness.js";

let env: SimEnv;
let c: SimClient;
beforeAll(async () => {
  env = await startSimEnv({ startMs: fromKst("20261123", "150000") });
  env.sim.exchange.advanceTo(env.clock.now());
  c = env.connect();
});
afterAll(async () => {
  await env.close();
});

describe("getIndexDailyBars", () => {
  it("reads KOSPI's daily closes in the range, oldest first, with no unknown field", async () => {
    const bars = await c.client.getIndexDailyBars("0001", { from: "20261101", to: "20261120" });
    expect(bars.length).toBeGreaterThanOrEqual(10);
    expect(bars.map((b) => b.date)).toEqual(bars.map((b) => b.date).sort());
    expect(bars.every((b) => b.date >= "20261101" && b.date <= "20261120" && b.close > 0)).toBe(true);
    expect(c.logLines.filter((l) => l.includes("does not know"))).toEqual([]);
  });

  it("refuses a range that ends before it starts", async () => {
    await expect(c.client.getIndexDailyBars("0001", { from: "20261120", to: "20261101" })).rejects.toThrow();
  });
});
