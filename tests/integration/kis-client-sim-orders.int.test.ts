/**
 * Orders through the real KIS client against the real simulator on real and paper tr_ids: a
 * filled buy as every account view reports it, a sell and its realised profit, a resting order
 * modified and cancelled, and order lists long enough to page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KisWireEnv } from "../../broker/kis/endpoints.js";
import { stepTicks } from "../../venue/krx.js";
import { caught, SESSION_DATE, SYMBOL, type SimEnv, startSimEnv } from "./kis-sim-harness.js";

const TODAY = { from: SESSION_DATE, to: SESSION_DATE };

describe.each<KisWireEnv>(["real", "paper"])("orders through KisClient with %s tr_ids", (wireEnv) => {
  let env: SimEnv;

  beforeAll(async () => {
    env = await startSimEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  const ordersOf = (accountId: string) => env.sim.exchange.orders(accountId, SESSION_DATE, SESSION_DATE);

  it("fills a marketable limit buy and shows it in balance, buying power, sellable quantity and daily orders", async () => {
    const { client, accountId } = env.connect({ wireEnv, accountId: "5000000101" });
    const quote = await client.getQuote(SYMBOL);
    const before = await client.getBuyingPower(SYMBOL, quote.priceKrw);

    const ack = await client.placeOrder({ symbol: SYMBOL, side: "buy", quantity: 10, type: "limit", limitPriceKrw: quote.upperLimitKrw });

    const order = ordersOf(accountId).find((o) => o.orderNo === ack.orderNo)!;
    const feeKrw = env.sim.exchange.fills(accountId, SESSION_DATE, SESSION_DATE).reduce((n, f) => n + f.feeKrw, 0);
    expect(order).toMatchObject({ status: "filled", filledQuantity: 10 });
    const account = env.sim.exchange.account(accountId);
    expect(account.cashKrw).toBe(before.orderableCashKrw - order.filledAmountKrw - feeKrw);

    const balance = await client.getBalance();
    expect(balance.holdings).toEqual([
      expect.objectContaining({ symbol: SYMBOL, quantity: 10, sellableQuantity: 10, purchaseAmountKrw: order.filledAmountKrw }),
    ]);
    expect(balance.summary.cashD2Krw).toBe(account.cashKrw);
    expect(balance.summary.totalValueKrw).toBe(account.cashKrw + balance.summary.securitiesValueKrw);
    expect((await client.getBuyingPower(SYMBOL, quote.priceKrw)).orderableCashKrw).toBe(account.orderableCashKrw);
    expect(await client.getSellableQuantity(SYMBOL)).toBe(10);
    expect(await client.getOpenOrders()).toEqual([]);
    expect(await client.getDailyOrders({ ...TODAY, status: "filled" })).toEqual([
      expect.objectContaining({
        orderNo: ack.orderNo,
        orgNo: ack.orgNo,
        symbol: SYMBOL,
        side: "buy",
        type: "limit",
        quantity: 10,
        limitPriceKrw: quote.upperLimitKrw,
        filledQuantity: 10,
        filledAmountKrw: order.filledAmountKrw,
        averageFillPriceKrw: Math.round(order.filledAmountKrw / 10),
        remainingQuantity: 0,
      }),
    ]);
  });

  it("sells part of a holding and reports the realised profit the exchange booked (real accounts only)", async () => {
    const { client, accountId } = env.connect({ wireEnv, accountId: "5000000102" });
    const quote = await client.getQuote(SYMBOL);
    await client.placeOrder({ symbol: SYMBOL, side: "buy", quantity: 10, type: "limit", limitPriceKrw: quote.upperLimitKrw });

    const ack = await client.placeOrder({ symbol: SYMBOL, side: "sell", quantity: 4, type: "limit", limitPriceKrw: quote.lowerLimitKrw });

    expect(ordersOf(accountId).find((o) => o.orderNo === ack.orderNo)).toMatchObject({ side: "sell", status: "filled", filledQuantity: 4 });
    expect((await client.getBalance()).holdings).toEqual([expect.objectContaining({ symbol: SYMBOL, quantity: 6, sellableQuantity: 6 })]);
    const range = { from: SESSION_DATE, to: SESSION_DATE };
    if (wireEnv === "paper") {
      expect(await caught(() => client.getPeriodProfit(range))).toMatchObject({ code: "BROKER_UNSUPPORTED" });
      return;
    }
    const [day] = env.sim.exchange.dailyPnl(accountId, SESSION_DATE, SESSION_DATE);
    const profit = await client.getPeriodProfit(range);
    expect(profit.days).toEqual([expect.objectContaining({ ...day })]);
    expect(profit).toMatchObject({ totalRealizedPnlKrw: day!.realizedPnlKrw, totalFeeKrw: day!.feeKrw, totalTaxKrw: day!.taxKrw });
    expect(day!.taxKrw).toBeGreaterThan(0);
    const assets = await client.getAccountAssets();
    expect(assets.stockValueKrw).toBe(6 * env.sim.exchange.symbol(SYMBOL)!.lastKrw);
    expect(assets.totalAssetsKrw).toBe(assets.stockValueKrw + env.sim.exchange.account(accountId).cashKrw);
  });

  it("lists a resting order as open, modifies it to a new price and cancels it, releasing the reserved cash", async () => {
    const { client, accountId } = env.connect({ wireEnv, accountId: "5000000103" });
    const quote = await client.getQuote("000660");
    const cashBefore = env.sim.exchange.account(accountId).orderableCashKrw;

    const placed = await client.placeOrder({
      symbol: "000660",
      side: "buy",
      quantity: 3,
      type: "limit",
      limitPriceKrw: quote.lowerLimitKrw,
    });
    expect(await client.getOpenOrders()).toEqual([
      expect.objectContaining({
        orderNo: placed.orderNo,
        orgNo: placed.orgNo,
        symbol: "000660",
        side: "buy",
        quantity: 3,
        limitPriceKrw: quote.lowerLimitKrw,
        remainingQuantity: 3,
      }),
    ]);
    expect(env.sim.exchange.account(accountId).orderableCashKrw).toBeLessThan(cashBefore);

    const newPriceKrw = stepTicks(quote.lowerLimitKrw, 1);
    const modified = await client.modifyOrder(placed, { quantity: 0, all: true, type: "limit", limitPriceKrw: newPriceKrw });
    expect(modified.orderNo).not.toBe(placed.orderNo);
    expect(await client.getOpenOrders()).toEqual([
      expect.objectContaining({
        orderNo: modified.orderNo,
        originalOrderNo: placed.orderNo,
        limitPriceKrw: newPriceKrw,
        remainingQuantity: 3,
      }),
    ]);

    const cancelled = await client.cancelOrder(modified);

    expect(await client.getOpenOrders()).toEqual([]);
    expect(env.sim.exchange.account(accountId).orderableCashKrw).toBe(cashBefore);
    const daily = await client.getDailyOrders(TODAY);
    expect(daily.map((o) => o.orderNo).sort()).toEqual([placed.orderNo, modified.orderNo, cancelled.orderNo].sort());
    for (const order of daily) expect(order).toMatchObject({ filledQuantity: 0, remainingQuantity: 0 });
  });

  it("fills a market buy against the book and cancels part of a resting sell", async () => {
    const { client, accountId } = env.connect({ wireEnv, accountId: "5000000105" });
    const quote = await client.getQuote(SYMBOL);

    const bought = await client.placeOrder({ symbol: SYMBOL, side: "buy", quantity: 5, type: "market" });
    const sell = await client.placeOrder({ symbol: SYMBOL, side: "sell", quantity: 5, type: "limit", limitPriceKrw: quote.upperLimitKrw });
    await client.cancelOrder(sell, { quantity: 2 });

    expect(ordersOf(accountId).find((o) => o.orderNo === bought.orderNo)).toMatchObject({
      type: "market",
      status: "filled",
      filledQuantity: 5,
    });
    expect(await client.getOpenOrders()).toEqual([
      expect.objectContaining({ orderNo: sell.orderNo, side: "sell", quantity: 5, remainingQuantity: 3 }),
    ]);
    expect((await client.getBalance()).holdings).toEqual([expect.objectContaining({ symbol: SYMBOL, quantity: 5, sellableQuantity: 2 })]);
  });

  it("pages open and daily orders across several pages (paper: 15 daily orders per page)", async () => {
    const kis = env.connect({ wireEnv, accountId: "5000000104" });
    const quote = await kis.client.getQuote(SYMBOL);
    const placed: string[] = [];
    for (let i = 0; i < 55; i++) {
      placed.push(
        (await kis.client.placeOrder({ symbol: SYMBOL, side: "buy", quantity: 1, type: "limit", limitPriceKrw: quote.lowerLimitKrw }))
          .orderNo,
      );
    }

    const daily = await kis.client.getDailyOrders(TODAY);
    const dailyRequests = kis.sentTo("/inquire-daily-ccld");
    const open = await kis.client.getOpenOrders();

    expect(daily.map((o) => o.orderNo)).toEqual([...placed].reverse());
    expect(dailyRequests.map((r) => r.trCont)).toEqual(wireEnv === "paper" ? ["", "N", "N", "N"] : [""]);
    expect(open.map((o) => o.orderNo).sort()).toEqual([...placed].sort());
    const openPages =
      wireEnv === "paper" ? kis.sentTo("/inquire-daily-ccld").length - dailyRequests.length : kis.sentTo("/inquire-psbl-rvsecncl").length;
    expect(openPages).toBe(wireEnv === "paper" ? 4 : 2);
  });
});
