/**
 * Access tokens between the real KIS client and the real simulator: the disk cache shared by a
 * second client, expiry and revocation recovered on the next call, and the issuance throttle
 * (EGW00133) waited out on the simulated clock.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { APP_SECRET, SESSION_DATE, SYMBOL, type SimEnv, startSimEnv } from "./kis-sim-harness.js";

let env: SimEnv | undefined;

afterEach(async () => {
  await env?.close();
  env = undefined;
});

async function tokenFile(dataDir: string): Promise<{ accessToken: string }> {
  const names = (await readdir(dataDir)).filter((n) => n.startsWith("kis-token-sim-"));
  expect(names).toHaveLength(1);
  return JSON.parse(await readFile(join(dataDir, names[0]!), "utf8")) as { accessToken: string };
}

describe("KIS access tokens against the simulator", () => {
  it("caches the token on disk, and a second client reuses it without asking for one", async () => {
    env = await startSimEnv();
    const first = env.connect();
    await first.client.getQuote(SYMBOL);
    const cached = await tokenFile(env.dataDir);

    const second = env.connect();
    await second.client.getBalance();

    expect(first.sentTo("/oauth2/tokenP")).toHaveLength(1);
    expect(second.sentTo("/oauth2/tokenP")).toEqual([]);
    expect(second.sentTo("/inquire-balance")[0]?.authorization).toBe(`Bearer ${cached.accessToken}`);
  });

  it.each([
    ["expire-tokens", "EGW00123"],
    ["revoke-tokens", "EGW00121"],
  ])("recovers from %s (%s) on the next read with one new token, cached for the next process", async (kind, venueCode) => {
    env = await startSimEnv({ tokenIssueIntervalMs: 0 });
    const kis = env.connect();
    await kis.client.getQuote(SYMBOL);
    const oldToken = (await tokenFile(env.dataDir)).accessToken;

    await env.fault({ kind });
    const quote = await kis.client.getQuote(SYMBOL);

    const newToken = (await tokenFile(env.dataDir)).accessToken;
    expect(quote.symbol).toBe(SYMBOL);
    expect(newToken).not.toBe(oldToken);
    expect(kis.sentTo("/oauth2/tokenP")).toHaveLength(2);
    expect(kis.sentTo("/inquire-price").map((r) => r.authorization)).toEqual([
      `Bearer ${oldToken}`,
      `Bearer ${oldToken}`,
      `Bearer ${newToken}`,
    ]);
    expect(
      kis.logLines.filter((l) => l.includes("rejected the access token")).map((l) => (JSON.parse(l) as { venueCode?: string }).venueCode),
    ).toEqual([venueCode]);
    for (const secret of [oldToken, newToken, APP_SECRET]) expect(kis.logLines.join("\n")).not.toContain(secret);
  });

  it("re-sends an order refused for its expired token once, and it lands exactly once", async () => {
    env = await startSimEnv({ tokenIssueIntervalMs: 0 });
    const kis = env.connect();
    const quote = await kis.client.getQuote(SYMBOL);

    await env.fault({ kind: "expire-tokens" });
    const ack = await kis.client.placeOrder({
      symbol: SYMBOL,
      side: "buy",
      quantity: 2,
      type: "limit",
      limitPriceKrw: quote.upperLimitKrw,
    });

    expect(kis.sentTo("/order-cash")).toHaveLength(2);
    expect(env.sim.exchange.orders(kis.accountId, SESSION_DATE, SESSION_DATE).map((o) => o.orderNo)).toEqual([ack.orderNo]);
  });

  it("waits out the issuance throttle after a revocation and carries on with the new token", async () => {
    env = await startSimEnv();
    const clock = env.clock;
    const sleeps: number[] = [];
    // The client's waits pass on the simulated clock, where the simulator counts its 60 s window.
    const kis = env.connect({ sleep: async (ms) => void (sleeps.push(ms), clock.advance(ms)) });
    await kis.client.getQuote(SYMBOL);
    await env.fault({ kind: "revoke-tokens" });

    const quote = await kis.client.getQuote(SYMBOL);

    expect(quote.priceKrw).toBe(env.sim.exchange.symbol(SYMBOL)!.lastKrw);
    expect(sleeps).toContain(60_000);
    expect(kis.sentTo("/oauth2/tokenP")).toHaveLength(3);
    const [, refusedAt, issuedAt] = kis.sent.map((r, i) => (r.path === "/oauth2/tokenP" ? i : -1)).filter((i) => i >= 0);
    expect(refusedAt! + 1).toBe(issuedAt);
  });
});
