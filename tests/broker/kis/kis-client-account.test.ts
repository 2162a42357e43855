import { describe, expect, it } from "vitest";
import { monthsBefore } from "../../../broker/kis/kis-client.js";
import { fixture, makeHarness, reply } from "../../fakes/fake-kis-http.js";

const T = "/uapi/domestic-stock/v1/trading";
const REF = { orderNo: "0000002101", orgNo: "91252" };

describe("KisClient account", () => {
  it("parses holdings (rounding the average price, dropping sold-out rows) and the summary", async () => {
    const { client, server } = makeHarness("real");
    server.on(`${T}/inquire-balance`, undefined, reply(fixture("balance")));

    const balance = await client.getBalance();

    expect(balance.holdings).toEqual([
      {
        symbol: "005930",
        name: "삼성전자",
        quantity: 10,
        sellableQuantity: 8,
        averagePriceKrw: 70251,
        purchaseAmountKrw: 702505,
        currentPriceKrw: 71500,
        evaluationAmountKrw: 715000,
        unrealizedPnlKrw: 12495,
        unrealizedPnlRate: 1.78,
      },
    ]);
    expect(balance.summary).toEqual({
      cashKrw: 5000000,
      cashD2Krw: 4700000,
      securitiesValueKrw: 715000,
      totalValueKrw: 5415000,
      purchaseAmountKrw: 702505,
      unrealizedPnlKrw: 12495,
    });
    expect(server.requests.at(-1)?.query).toMatchObject({
      CANO: "12345678",
      ACNT_PRDT_CD: "01",
      OFL_YN: "",
      INQR_DVSN: "02",
      CTX_AREA_FK100: "",
    });
  });

  it("parses account assets on real and refuses them on paper", async () => {
    const real = makeHarness("real");
    real.server.on(`${T}/inquire-account-balance`, undefined, reply(fixture("account-assets")));
    expect(await real.client.getAccountAssets()).toEqual({
      totalAssetsKrw: 5415000,
      netAssetsKrw: 5415000,
      depositKrw: 4700000,
      stockValueKrw: 715000,
    });

    const paper = makeHarness("paper");
    await expect(paper.client.getAccountAssets()).rejects.toMatchObject({ code: "BROKER_UNSUPPORTED" });
  });

  it("parses buying power for a market-order query", async () => {
    const { client, server } = makeHarness("real");
    server.on(`${T}/inquire-psbl-order`, undefined, reply(fixture("buying-power")));

    const power = await client.getBuyingPower("005930", 71500, "market");

    expect(power).toEqual({ orderableCashKrw: 4297495, cashOnlyQuantity: 60, cashOnlyAmountKrw: 4290000, maxQuantity: 60 });
    expect(server.requests.at(-1)?.query).toMatchObject({
      PDNO: "005930",
      ORD_UNPR: "71500",
      ORD_DVSN: "01",
      CMA_EVLU_AMT_ICLD_YN: "N",
      OVRS_ICLD_YN: "N",
    });
  });

  it("reads the sellable quantity on real and from the balance on paper", async () => {
    const real = makeHarness("real");
    real.server.on(`${T}/inquire-psbl-sell`, undefined, reply(fixture("sellable")));
    expect(await real.client.getSellableQuantity("005930")).toBe(8);

    const paper = makeHarness("paper");
    paper.server.on(`${T}/inquire-balance`, undefined, reply(fixture("balance")));
    expect(await paper.client.getSellableQuantity("005930")).toBe(8);
    expect(await paper.client.getSellableQuantity("035720")).toBe(0);
    expect(paper.server.requestsTo(`${T}/inquire-psbl-sell`)).toHaveLength(0);
  });

  it("parses period profit with totals", async () => {
    const { client, server } = makeHarness("real");
    server.on(`${T}/inquire-period-profit`, undefined, reply(fixture("period-profit")));

    const profit = await client.getPeriodProfit({ from: "20261119", to: "20261120" });

    expect(profit.days[0]).toEqual({
      date: "20261120",
      buyAmountKrw: 702505,
      sellAmountKrw: 922500,
      realizedPnlKrw: 35210,
      feeKrw: 245,
      taxKrw: 1845,
      pnlRate: 3.97,
    });
    expect(profit).toMatchObject({ totalRealizedPnlKrw: 35210, totalFeeKrw: 245, totalTaxKrw: 1845 });
  });
});

describe("KisClient orders", () => {
  it("places a limit buy and returns the order number and branch", async () => {
    const { client, server } = makeHarness("real");
    server.on(`${T}/order-cash`, "TTTC0012U", reply(fixture("order-cash")));

    const ack = await client.placeOrder({ symbol: "005930", side: "buy", quantity: 10, type: "limit", limitPriceKrw: 71000 });

    expect(ack).toEqual({ orderNo: "0000002101", orgNo: "91252", acceptedAt: "093012" });
    expect(server.requests.at(-1)?.body).toMatchObject({ ORD_DVSN: "00", ORD_UNPR: "71000", ORD_QTY: "10", SLL_TYPE: "" });
  });

  it.each([
    [{ type: "limit", condition: "IOC", limitPriceKrw: 71000 }, "11", "71000"],
    [{ type: "limit", condition: "FOK", limitPriceKrw: 71000 }, "12", "71000"],
    [{ type: "market", condition: "IOC" }, "13", "0"],
    [{ type: "market", condition: "FOK" }, "14", "0"],
    [{ type: "best" }, "03", "0"],
    [{ type: "best", condition: "IOC" }, "15", "0"],
    [{ type: "best", condition: "FOK", limitPriceKrw: 71000 }, "16", "0"],
  ] as const)("sends %o as ORD_DVSN %s with ORD_UNPR %s", async (order, division, price) => {
    const { client, server } = makeHarness("real");
    server.on(`${T}/order-cash`, "TTTC0012U", reply(fixture("order-cash")));

    await client.placeOrder({ symbol: "005930", side: "buy", quantity: 1, ...order });

    expect(server.requests.at(-1)?.body).toMatchObject({ ORD_DVSN: division, ORD_UNPR: price });
  });

  it("refuses a limit order without a price", async () => {
    const { client } = makeHarness("real");

    await expect(client.placeOrder({ symbol: "005930", side: "buy", quantity: 1, type: "limit" })).rejects.toMatchObject({
      code: "DATA_INVALID",
    });
  });

  it("modifies an order's price and cancels the whole remainder", async () => {
    const { client, server } = makeHarness("real");
    server.on(`${T}/order-rvsecncl`, "TTTC0013U", reply(fixture("order-rvsecncl")));

    const modified = await client.modifyOrder(REF, { quantity: 7, type: "limit", limitPriceKrw: 70900 });
    await client.cancelOrder(REF);

    const [modify, cancel] = server.requestsTo(`${T}/order-rvsecncl`);
    expect(modified).toEqual({ orderNo: "0000002102", orgNo: "91252", acceptedAt: "093530" });
    expect(modify?.body).toEqual({
      CANO: "12345678",
      ACNT_PRDT_CD: "01",
      KRX_FWDG_ORD_ORGNO: "91252",
      ORGN_ODNO: "0000002101",
      CNDT_PRIC: "",
      EXCG_ID_DVSN_CD: "KRX",
      RVSE_CNCL_DVSN_CD: "01",
      ORD_DVSN: "00",
      ORD_UNPR: "70900",
      ORD_QTY: "7",
      QTY_ALL_ORD_YN: "N",
    });
    expect(cancel?.body).toMatchObject({ RVSE_CNCL_DVSN_CD: "02", ORD_DVSN: "00", ORD_UNPR: "0", ORD_QTY: "0", QTY_ALL_ORD_YN: "Y" });
  });

  it("lists open orders from the cancellable-order inquiry on real", async () => {
    const { client, server } = makeHarness("real");
    server.on(`${T}/inquire-psbl-rvsecncl`, "TTTC0084R", reply(fixture("open-orders")));

    expect(await client.getOpenOrders()).toEqual([
      {
        orderNo: "0000002101",
        orgNo: "91252",
        symbol: "005930",
        name: "삼성전자",
        side: "buy",
        type: "limit",
        quantity: 10,
        limitPriceKrw: 71000,
        filledQuantity: 3,
        remainingQuantity: 7,
        orderedAt: "093012",
      },
    ]);
  });

  it("derives open orders on paper from today's unfilled daily orders", async () => {
    const { client, server } = makeHarness("paper");
    server.on(`${T}/inquire-daily-ccld`, "VTTC0081R", reply(fixture("daily-orders")));

    const open = await client.getOpenOrders();

    expect(open.map((o) => [o.orderNo, o.remainingQuantity])).toEqual([["0000002101", 7]]);
    expect(server.requests.at(-1)?.query).toMatchObject({ INQR_STRT_DT: "20261120", INQR_END_DT: "20261120", CCLD_DVSN: "02" });
    expect(server.requestsTo(`${T}/inquire-psbl-rvsecncl`)).toHaveLength(0);
  });

  it("parses daily orders and fills", async () => {
    const { client, server } = makeHarness("real");
    server.on(`${T}/inquire-daily-ccld`, "TTTC0081R", reply(fixture("daily-orders")));

    const orders = await client.getDailyOrders({ from: "20261120", to: "20261120", status: "filled" });

    expect(orders[1]).toEqual({
      date: "20261120",
      orderNo: "0000002099",
      orgNo: "91252",
      symbol: "000660",
      name: "SK하이닉스",
      side: "sell",
      type: "market",
      quantity: 5,
      limitPriceKrw: 0,
      filledQuantity: 5,
      averageFillPriceKrw: 184500,
      filledAmountKrw: 922500,
      remainingQuantity: 0,
      cancelled: false,
      rejectedQuantity: 0,
      orderedAt: "091502",
    });
    expect(server.requests.at(-1)?.query).toMatchObject({
      CCLD_DVSN: "01",
      PDNO: "",
      ORD_GNO_BRNO: "",
      ODNO: "",
      INQR_DVSN_1: "",
      CTX_AREA_NK100: "",
    });
  });

  it("splits a range that straddles the 3-month boundary between the two tr_ids", async () => {
    const { client, server } = makeHarness("real");
    server.on(`${T}/inquire-daily-ccld`, undefined, reply(fixture("daily-orders")));

    await client.getDailyOrders({ from: "20260801", to: "20261120" });
    await client.getDailyOrders({ from: "20260101", to: "20260301" });

    const calls = server.requestsTo(`${T}/inquire-daily-ccld`).map((r) => [r.trId, r.query?.["INQR_STRT_DT"], r.query?.["INQR_END_DT"]]);
    expect(calls).toEqual([
      ["TTTC0081R", "20260820", "20261120"],
      ["CTSC9215R", "20260801", "20260819"],
      ["CTSC9215R", "20260101", "20260301"],
    ]);
  });

  it("counts three months back by calendar month, clamping the day", () => {
    expect(monthsBefore("20261120", 3)).toBe("20260820");
    expect(monthsBefore("20260531", 3)).toBe("20260228");
    expect(monthsBefore("20260115", 3)).toBe("20251015");
  });
});
