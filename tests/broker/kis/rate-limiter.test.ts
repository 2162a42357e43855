import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../core/clock.js";
import { RateLimiter } from "../../../broker/kis/rate-limiter.js";
import { fixture, makeHarness, reply } from "../../fakes/fake-kis-http.js";

describe("RateLimiter", () => {
  it("gives concurrent callers slots at least 1/rate apart", async () => {
    const clock = new ManualClock(0);
    const waits: number[] = [];
    const limiter = new RateLimiter(clock, async (ms) => void waits.push(ms), 2);

    await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);

    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(500);
    expect((waits[1] ?? 0) - (waits[0] ?? 0)).toBeGreaterThanOrEqual(500);
  });

  it("lets a caller through at once after an idle gap", async () => {
    const clock = new ManualClock(0);
    const waits: number[] = [];
    const limiter = new RateLimiter(clock, async (ms) => void waits.push(ms), 1);

    await limiter.acquire();
    clock.advance(5_000);
    await limiter.acquire();

    expect(waits).toEqual([]);
  });

  it("never waits when the rate is 0 (off)", async () => {
    const waits: number[] = [];
    const limiter = new RateLimiter(new ManualClock(0), async (ms) => void waits.push(ms), 0);

    await Promise.all(Array.from({ length: 50 }, () => limiter.acquire()));

    expect(waits).toEqual([]);
  });

  it("spaces every paper request, the token issuance included, at least a second apart", async () => {
    const { client, server, clock } = makeHarness("paper");
    const sentAtMs: number[] = [];
    server.on("/oauth2/tokenP", undefined, () => {
      sentAtMs.push(clock.now());
      return reply(fixture("token"));
    });
    server.on("/uapi/domestic-stock/v1/quotations/inquire-price", undefined, () => {
      sentAtMs.push(clock.now());
      return reply(fixture("quote"));
    });

    await client.getQuote("005930");
    await client.getQuote("005930");

    expect(sentAtMs).toHaveLength(3);
    expect(
      sentAtMs
        .slice(1)
        .map((t, i) => t - (sentAtMs[i] ?? 0))
        .every((gap) => gap >= 1000),
    ).toBe(true);
  });

  it("paces against an external simulator (KIS_SIM_URL) at KIS's real limit, as a default-started `kis-agent sim` enforces it", async () => {
    const { client, server, clock } = makeHarness("sim");
    const sentAtMs: number[] = [];
    server.on("/oauth2/tokenP", undefined, () => reply(fixture("token")));
    server.on("/uapi/domestic-stock/v1/quotations/inquire-price", undefined, () => {
      sentAtMs.push(clock.now());
      return reply(fixture("quote"));
    });

    for (let i = 0; i < 3; i++) await client.getQuote("005930");

    expect(
      sentAtMs
        .slice(1)
        .map((t, i) => t - (sentAtMs[i] ?? 0))
        .every((gap) => gap >= 1000 / 18),
    ).toBe(true);
  });
});
