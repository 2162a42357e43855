/**
 * The product's KIS client against the simulator's full field sets: every read the client makes
 * parses, and no response carries a field the client's schemas do not know (each would be a
 * "does not know" warning). Also the typed news and VI reads.
 */
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

describe("the KIS client over the simulator's full field sets", () => {
  it("reads quotes, bars, flows, index, rankings and the account without an unknown field", async () => {
    const k = c.client;
    await k.getQuote("005930");
    await k.getDailyBars("005930", { from: "20261001", to: "20261123" });
    await k.getMinuteBars("005930");
    await k.getInvestorFlows("005930");
    await k.getProgramTrades("005930");
    await k.getIndex("0001");
    await k.getVolumeRanking();
    await k.getBalance();
    await k.getBuyingPower("005930", 70_000);
    const unknown = c.logLines.filter((l) => l.includes("does not know"));
    expect(unknown).toEqual([]);
  });

  it("reads the day's news titles, newest first, each naming its stock", async () => {
    const news = await c.client.getNews();
    expect(news.length).toBeGreaterThan(0);
    expect(news.map((n) => `${n.date}${n.time}`)).toEqual(
      news
        .map((n) => `${n.date}${n.time}`)
        .sort()
        .reverse(),
    );
    expect(news.every((n) => /^[0-9A-Z]{6}$/.test(n.symbol ?? ""))).toBe(true);
    const one = await c.client.getNews({ symbol: news[0]!.symbol! });
    expect(one.every((n) => n.symbol === news[0]!.symbol)).toBe(true);
  });

  it("reads the day's VI events with their prices and times", async () => {
    const events = await c.client.getViEvents();
    for (const e of events) {
      expect(e.date).toBe("20261123");
      expect(e.priceKrw).toBeGreaterThan(0);
      expect(e.startTime < (e.endTime ?? "999999")).toBe(true);
    }
  });

  it("refuses news on paper tr_ids with BROKER_UNSUPPORTED", async () => {
    await expect(env.connect({ wireEnv: "paper" }).client.getNews()).rejects.toMatchObject({ code: "BROKER_UNSUPPORTED" });
  });
});
