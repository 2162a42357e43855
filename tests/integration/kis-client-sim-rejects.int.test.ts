/**
 * Bad orders through the real KIS client against the real simulator, on real and paper tr_ids:
 * each surfaces as BROKER_REJECTED carrying the KIS msg_cd, and leaves the account as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KisWireEnv } from "../../broker/kis/endpoints.js";
import { fromKst } from "../../core/clock.js";
import type { OrderRequest, Quote } from "../../core/types.js";
import { tickSize } from "../../venue/krx.js";
import { caught, SESSION_DATE, SYMBOL, type SimClient, type SimEnv, startSimEnv } from "./kis-sim-harness.js";

const buy = (limitPriceKrw: number, quantity = 1, symbol = SYMBOL): OrderRequest => ({
  symbol,
  side: "buy",
  quantity,
  type: "limit",
  limitPriceKrw,
});

const CASES: Array<[string, string, (q: Quote) => OrderRequest]> = [
  ["an unknown symbol", "APBK0656", (q) => buy(q.priceKrw, 1, "999999")],
  ["a price off the tick grid", "APBK0506", (q) => buy(q.priceKrw + 1)],
  ["a price above the upper limit", "APBK0510", (q) => buy(q.upperLimitKrw + tickSize(q.upperLimitKrw))],
  ["a price below the lower limit", "APBK0510", (q) => buy(q.lowerLimitKrw - tickSize(q.lowerLimitKrw - 1))],
  ["a buy beyond the orderable cash", "APBK0952", (q) => buy(q.upperLimitKrw, 10_000)],
  [
    "a sell of more than is held",
    "APBK0986",
    (q) => ({ symbol: SYMBOL, side: "sell", quantity: 3, type: "limit", limitPriceKrw: q.priceKrw }),
  ],
];

describe.each<KisWireEnv>(["real", "paper"])("order rejections through KisClient with %s tr_ids", (wireEnv) => {
  let env: SimEnv;
  let kis: SimClient;
  let quote: Quote;

  beforeAll(async () => {
    env = await startSimEnv();
    kis = env.connect({ wireEnv });
    quote = await kis.client.getQuote(SYMBOL);
    // Two shares held, so "more than is held" is a real oversell and not an empty position.
    await kis.client.placeOrder(buy(quote.upperLimitKrw, 2));
  });
  afterAll(async () => {
    await env.close();
  });

  /** The account, its orders and the client's balance view, to compare before and after a refusal. */
  async function snapshot() {
    return {
      account: env.sim.exchange.account(kis.accountId),
      orders: env.sim.exchange.orders(kis.accountId, SESSION_DATE, SESSION_DATE).length,
      balance: await kis.client.getBalance(),
    };
  }

  it.each(CASES)("rejects %s as BROKER_REJECTED %s and changes nothing", async (_what, venueCode, request) => {
    const before = await snapshot();

    const err = await caught(() => kis.client.placeOrder(request(quote)));

    expect(err).toMatchObject({ code: "BROKER_REJECTED", venueCode, retryable: false });
    expect(kis.sentTo("/order-cash").at(-1)?.trId).toMatch(wireEnv === "paper" ? /^V/ : /^T/);
    expect(await snapshot()).toEqual(before);
  });

  it.each([0, -5])("refuses a quantity of %i locally as DATA_INVALID, before anything is sent", async (quantity) => {
    const ordersSent = kis.sentTo("/order-cash").length;
    const before = await snapshot();

    const err = await caught(() => kis.client.placeOrder(buy(quote.priceKrw, quantity)));

    expect(err).toMatchObject({ code: "DATA_INVALID" });
    expect(kis.sentTo("/order-cash")).toHaveLength(ordersSent);
    expect(await snapshot()).toEqual(before);
  });

  it("rejects a modification of an unknown order as APBK0918 and a cancellation of a filled one as APBK0690", async () => {
    const [filled] = env.sim.exchange.orders(kis.accountId, SESSION_DATE, SESSION_DATE);
    const before = await snapshot();

    const unknown = await caught(() =>
      kis.client.modifyOrder(
        { orderNo: "0000099999", orgNo: filled!.orgNo },
        { quantity: 1, type: "limit", limitPriceKrw: quote.priceKrw },
      ),
    );
    const done = await caught(() => kis.client.cancelOrder({ orderNo: filled!.orderNo, orgNo: filled!.orgNo }));

    expect(unknown).toMatchObject({ code: "BROKER_REJECTED", venueCode: "APBK0918" });
    expect(done).toMatchObject({ code: "BROKER_REJECTED", venueCode: "APBK0690" });
    expect(await snapshot()).toEqual(before);
  });
});

describe.each<[KisWireEnv, string]>([
  ["real", "APBK0919"],
  ["paper", "40580000"],
])("an order after the close with %s tr_ids", (wireEnv, venueCode) => {
  let env: SimEnv;

  beforeAll(async () => {
    env = await startSimEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  it(`is rejected as BROKER_REJECTED ${venueCode} once the stepped clock passes 15:30`, async () => {
    const { client, accountId } = env.connect({ wireEnv });
    const quote = await client.getQuote(SYMBOL);
    const res = await fetch(`${env.sim.restUrl}/sim/clock`, {
      method: "POST",
      body: JSON.stringify({ toMs: fromKst(SESSION_DATE, "160000") }),
    });
    expect(res.status).toBe(200);
    const before = env.sim.exchange.account(accountId);

    const err = await caught(() => client.placeOrder(buy(quote.priceKrw)));

    expect(err).toMatchObject({ code: "BROKER_REJECTED", venueCode });
    expect(env.sim.exchange.account(accountId)).toEqual(before);
    expect(await client.getDailyOrders({ from: SESSION_DATE, to: SESSION_DATE })).toEqual([]);
  });
});
