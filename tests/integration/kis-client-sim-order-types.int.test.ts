/**
 * The order types the agent may send — IOC/FOK and 최유리 — through the real KIS client against
 * the real simulator over HTTP: the ORD_DVSN they become, how the exchange matched them, and how
 * the client reads them back from the daily orders. Paper refuses what KIS paper does not offer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caught, SESSION_DATE, type SimEnv, startSimEnv } from "./kis-sim-harness.js";

const TODAY = { from: SESSION_DATE, to: SESSION_DATE };

describe("IOC, FOK and 최유리 orders through KisClient", () => {
  let env: SimEnv;

  beforeAll(async () => {
    env = await startSimEnv();
    env.sim.exchange.advanceTo(env.clock.now());
  });
  afterAll(async () => {
    await env.close();
  });

  /** A symbol whose best ask plus a few shares fits a fresh account's 100,000,000 KRW. */
  function affordableAsk(): { code: string; priceKrw: number; quantity: number } {
    for (const { code } of env.sim.exchange.symbols()) {
      const ask = env.sim.exchange.book(code)!.asks[0]!;
      if (ask.priceKrw * (ask.quantity + 5) < 90_000_000) return { code, ...ask };
    }
    throw new Error("no symbol's best ask fits the account");
  }

  it("sends an IOC limit as 11: the best ask fills, the rest is cancelled, and the daily orders say so", async () => {
    const { client, accountId } = env.connect({ accountId: "5000000201" });
    const ask = affordableAsk();
    const ack = await client.placeOrder({
      symbol: ask.code,
      side: "buy",
      quantity: ask.quantity + 5,
      type: "limit",
      condition: "IOC",
      limitPriceKrw: ask.priceKrw,
    });
    const order = env.sim.exchange.orders(accountId, SESSION_DATE, SESSION_DATE).find((o) => o.orderNo === ack.orderNo);
    expect(order).toMatchObject({ type: "limit", condition: "IOC", filledQuantity: ask.quantity, cancelledQuantity: 5 });
    expect(await client.getOpenOrders()).toEqual([]);
    expect(await client.getDailyOrders(TODAY)).toEqual([
      expect.objectContaining({ orderNo: ack.orderNo, type: "limit", filledQuantity: ask.quantity, remainingQuantity: 0 }),
    ]);
  });

  it("sends 최유리 as 03 with no price: the exchange prices it at the best ask and the client reads it back as best", async () => {
    const { client, accountId } = env.connect({ accountId: "5000000202" });
    const ask = affordableAsk();
    const ack = await client.placeOrder({ symbol: ask.code, side: "buy", quantity: 1, type: "best" });
    expect(env.sim.exchange.orders(accountId, SESSION_DATE, SESSION_DATE)).toEqual([
      expect.objectContaining({ orderNo: ack.orderNo, type: "best", priceKrw: ask.priceKrw, status: "filled" }),
    ]);
    expect(await client.getDailyOrders(TODAY)).toEqual([
      expect.objectContaining({ orderNo: ack.orderNo, type: "best", filledQuantity: 1 }),
    ]);
  });

  it("sends a FOK limit as 12: when the best ask cannot fill all of it, nothing fills and the book is untouched", async () => {
    const { client, accountId } = env.connect({ accountId: "5000000203" });
    const ask = affordableAsk();
    const before = env.sim.exchange.book(ask.code);
    const ack = await client.placeOrder({
      symbol: ask.code,
      side: "buy",
      quantity: ask.quantity + 1,
      type: "limit",
      condition: "FOK",
      limitPriceKrw: ask.priceKrw,
    });
    expect(env.sim.exchange.orders(accountId, SESSION_DATE, SESSION_DATE)).toEqual([
      expect.objectContaining({ orderNo: ack.orderNo, condition: "FOK", status: "cancelled", filledQuantity: 0 }),
    ]);
    expect(env.sim.exchange.book(ask.code)).toEqual(before);
  });

  it("on paper tr_ids, IOC/FOK orders are refused with OPSQ2001 and nothing is placed", async () => {
    const { client, accountId } = env.connect({ wireEnv: "paper", accountId: "5000000204" });
    const ask = affordableAsk();
    const err = await caught(() =>
      client.placeOrder({ symbol: ask.code, side: "buy", quantity: 1, type: "limit", condition: "FOK", limitPriceKrw: ask.priceKrw }),
    );
    expect(err).toMatchObject({ venueCode: "OPSQ2001" });
    expect(env.sim.exchange.orders(accountId, SESSION_DATE, SESSION_DATE)).toEqual([]);
  });
});
