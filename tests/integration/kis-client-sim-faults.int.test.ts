/**
 * Transport faults between the real KIS client and the real simulator: the per-second limit and
 * a rate-limit storm (reads retried, orders refused once), bodiless 5xx answers (reads retried,
 * orders UNKNOWN) and a lost order acknowledgement found again through daily orders.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ORDER_OUTCOME_UNKNOWN } from "../../broker/ports.js";
import { caught, SESSION_DATE, SYMBOL, type SimEnv, startSimEnv } from "./kis-sim-harness.js";

const TODAY = { from: SESSION_DATE, to: SESSION_DATE };
let env: SimEnv | undefined;

afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe("rate limits", () => {
  it("retries reads the simulator refuses with EGW00201 until all of a burst are answered", async () => {
    env = await startSimEnv({ rateLimitPerSec: 5 });
    const kis = env.connect({ retry: { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 800 } });
    await kis.client.auth.getAccessToken();

    const quotes = await Promise.all(Array.from({ length: 12 }, () => kis.client.getQuote(SYMBOL)));

    expect(new Set(quotes.map((q) => q.priceKrw))).toEqual(new Set([env.sim.exchange.symbol(SYMBOL)!.lastKrw]));
    expect(kis.sentTo("/inquire-price").length).toBeGreaterThan(12);
    expect(kis.logLines.some((l) => l.includes("retrying a KIS read") && l.includes("EGW00201"))).toBe(true);
  });

  it("rides out a rate-limit storm on a read", async () => {
    env = await startSimEnv();
    const kis = env.connect();
    await kis.client.auth.getAccessToken();
    await env.fault({ kind: "rate-limit-storm", durationMs: 600 });

    const balance = await kis.client.getBalance();

    expect(balance.summary.cashKrw).toBe(env.sim.exchange.account(kis.accountId).cashKrw);
    expect(kis.sentTo("/inquire-balance").length).toBeGreaterThan(1);
  });

  it("refuses an order during a storm as BROKER_RATE_LIMITED without a retry, and nothing is placed", async () => {
    env = await startSimEnv();
    const kis = env.connect();
    const quote = await kis.client.getQuote(SYMBOL);
    const accountBefore = env.sim.exchange.account(kis.accountId);
    await env.fault({ kind: "rate-limit-storm", durationMs: 5_000 });

    const err = await caught(() =>
      kis.client.placeOrder({ symbol: SYMBOL, side: "buy", quantity: 1, type: "limit", limitPriceKrw: quote.priceKrw }),
    );

    expect(err).toMatchObject({ code: "BROKER_RATE_LIMITED", venueCode: "EGW00201" });
    expect(kis.sentTo("/order-cash")).toHaveLength(1);
    expect(env.sim.exchange.orders(kis.accountId, SESSION_DATE, SESSION_DATE)).toEqual([]);
    expect(env.sim.exchange.account(kis.accountId)).toEqual(accountBefore);
  });
});

describe("5xx and lost acknowledgements", () => {
  it("retries a read through two bodiless 5xx answers", async () => {
    env = await startSimEnv();
    const kis = env.connect();
    await kis.client.auth.getAccessToken();
    await env.fault({ kind: "http-5xx", count: 2 });

    const orders = await kis.client.getDailyOrders(TODAY);

    expect(orders).toEqual([]);
    expect(kis.sentTo("/inquire-daily-ccld")).toHaveLength(3);
  });

  it("reports an order answered by a 5xx as OUTCOME_UNKNOWN without re-sending, and daily orders settle it as never placed", async () => {
    env = await startSimEnv();
    const kis = env.connect();
    const quote = await kis.client.getQuote(SYMBOL);
    await env.fault({ kind: "http-5xx", count: 1 });

    const err = await caught(() =>
      kis.client.placeOrder({ symbol: SYMBOL, side: "buy", quantity: 1, type: "limit", limitPriceKrw: quote.upperLimitKrw }),
    );

    expect(err).toMatchObject({ code: "BROKER_UNAVAILABLE", venueCode: ORDER_OUTCOME_UNKNOWN, retryable: false });
    expect(kis.sentTo("/order-cash")).toHaveLength(1);
    expect(await kis.client.getDailyOrders(TODAY)).toEqual([]);
  });

  it("reports an order whose acknowledgement is lost as OUTCOME_UNKNOWN, and daily orders find it filled", async () => {
    env = await startSimEnv();
    const kis = env.connect();
    const quote = await kis.client.getQuote(SYMBOL);
    await env.fault({ kind: "drop-order-ack", count: 1 });

    const err = await caught(() =>
      kis.client.placeOrder({ symbol: SYMBOL, side: "buy", quantity: 7, type: "limit", limitPriceKrw: quote.upperLimitKrw }),
    );

    expect(err).toMatchObject({ code: "BROKER_UNAVAILABLE", venueCode: ORDER_OUTCOME_UNKNOWN, retryable: false });
    expect(kis.sentTo("/order-cash")).toHaveLength(1);
    const [placed] = env.sim.exchange.orders(kis.accountId, SESSION_DATE, SESSION_DATE);
    expect(await kis.client.getDailyOrders(TODAY)).toEqual([
      expect.objectContaining({
        orderNo: placed!.orderNo,
        symbol: SYMBOL,
        side: "buy",
        quantity: 7,
        limitPriceKrw: quote.upperLimitKrw,
        filledQuantity: 7,
      }),
    ]);
    expect((await kis.client.getBalance()).holdings).toEqual([expect.objectContaining({ symbol: SYMBOL, quantity: 7 })]);
  });
});
