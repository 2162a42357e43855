import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../../core/errors.js";
import { classifyPlaceFailure, intentKey } from "../../execution/order-router.js";
import { createHarness, limitBuy, RUN, T0, type Harness } from "./harness.js";

describe("intentKey", () => {
  it("is the same for the same run, symbol, side, quantity and price", () => {
    expect(intentKey("r", limitBuy().order)).toBe(intentKey("r", limitBuy().order));
  });

  it.each([
    ["run", "r2", {}],
    ["symbol", "r", { symbol: "000660" }],
    ["side", "r", { side: "sell" as const }],
    ["quantity", "r", { quantity: 11 }],
    ["price", "r", { limitPriceKrw: 70_100 }],
    ["type", "r", { type: "market" as const, limitPriceKrw: undefined }],
  ])("changes with the %s", (_name, runId, change) => {
    expect(intentKey(runId, limitBuy(change).order)).not.toBe(intentKey("r", limitBuy().order));
  });
});

describe("classifyPlaceFailure", () => {
  it.each([
    ["a KIS business rejection", "REJECTED", new AppError("BROKER_REJECTED", "no cash")],
    ["a gateway rate limit", "REJECTED", new AppError("BROKER_RATE_LIMITED", "EGW00201", { retryable: true })],
    ["a timeout or 5xx", "UNKNOWN", new AppError("BROKER_UNAVAILABLE", "timeout", { retryable: true })],
    ["a response missing fields", "UNKNOWN", new AppError("BROKER_RESPONSE_INVALID", "no ODNO")],
    ["a plain error", "UNKNOWN", new Error("ECONNRESET")],
    ["a thrown string", "UNKNOWN", "boom"],
  ])("treats %s as %s", (_name, status, err) => {
    expect(classifyPlaceFailure(err)).toBe(status);
  });
});

describe("OrderRouter.submit", () => {
  let h: Harness;
  afterEach(() => h.db.close());

  it("writes the intent and its trade, sends once and stores the order number", async () => {
    h = createHarness();

    const [result] = await h.router.submit(RUN, [limitBuy()]);

    expect(result).toEqual({ intentKey: intentKey("run-1", limitBuy().order), status: "ACKED", sent: true, orderNo: "0000000001" });
    expect(h.broker.placeOrderCalls()).toEqual([limitBuy().order]);
    const intent = h.intents.findByKey(result?.intentKey ?? "");
    expect(intent).toMatchObject({ status: "ACKED", orderNo: "0000000001", orgNo: "06010", sentAtMs: T0, ackedAtMs: T0, runId: "run-1" });
    expect(h.trades.findByIntentKey(result?.intentKey ?? "")).toMatchObject({
      runId: "run-1",
      promptVersion: "v1",
      ticker: "005930",
      action: "buy",
      quantity: 10,
      priceKrw: 70_000,
      justificationText: "breakout above 69,500 on volume",
      marketSnapshot: { priceKrw: 70_000 },
      orderNumber: "0000000001",
      executionStatus: "ACKED",
    });
  });

  it("records the intent before the request leaves", async () => {
    h = createHarness();
    h.broker.script({ kind: "hang", accepted: false });
    const called = h.broker.placeCalled();

    void h.router.submit(RUN, [limitBuy()]);
    await called;

    expect(h.intents.findByKey(intentKey("run-1", limitBuy().order))?.status).toBe("SENT");
    expect(h.trades.listByRun("run-1")).toHaveLength(1);
  });

  it("never sends an acknowledged intent again", async () => {
    h = createHarness();
    await h.router.submit(RUN, [limitBuy()]);

    const [again] = await h.router.submit(RUN, [limitBuy()]);

    expect(again).toMatchObject({ status: "ACKED", sent: false, orderNo: "0000000001" });
    expect(h.broker.placeOrderCalls()).toHaveLength(1);
  });

  it("marks a KIS business rejection REJECTED with the reason and does not resend it", async () => {
    h = createHarness();
    h.broker.script({ kind: "reject", message: "주문가능금액을 초과 했습니다" });

    const [result] = await h.router.submit(RUN, [limitBuy()]);
    const [again] = await h.router.submit(RUN, [limitBuy()]);

    expect(result).toMatchObject({ status: "REJECTED", sent: true, error: "BROKER_REJECTED: 주문가능금액을 초과 했습니다" });
    expect(again).toMatchObject({ status: "REJECTED", sent: false });
    expect(h.broker.placeOrderCalls()).toHaveLength(1);
    expect(h.trades.listByRun("run-1")[0]?.executionStatus).toBe("REJECTED");
  });

  it.each([
    ["a timeout (BROKER_UNAVAILABLE)", new AppError("BROKER_UNAVAILABLE", "timeout", { retryable: true })],
    ["a dropped connection (plain Error)", new Error("socket hang up")],
  ])("marks %s UNKNOWN and never resends it", async (_name, error) => {
    h = createHarness();
    h.broker.script({ kind: "lose-ack", error });

    const [result] = await h.router.submit(RUN, [limitBuy()]);
    const [again] = await h.router.submit(RUN, [limitBuy()]);

    expect(result).toMatchObject({ status: "UNKNOWN", sent: true });
    expect(again).toMatchObject({ status: "UNKNOWN", sent: false });
    expect(h.broker.placeOrderCalls()).toHaveLength(1);
  });

  it("routes several orders in order and keeps going after a rejection", async () => {
    h = createHarness();
    h.broker.script({ kind: "reject" });

    const results = await h.router.submit(RUN, [limitBuy(), limitBuy({ symbol: "000660", limitPriceKrw: 200_000, quantity: 1 })]);

    expect(results.map((r) => r.status)).toEqual(["REJECTED", "ACKED"]);
  });

  it("records a market order's trade at its reference price", async () => {
    h = createHarness();

    const [result] = await h.router.submit(RUN, [limitBuy({ type: "market", limitPriceKrw: undefined })]);

    expect(h.intents.findByKey(result?.intentKey ?? "")).toMatchObject({ type: "market" });
    expect(h.intents.findByKey(result?.intentKey ?? "")?.limitPriceKrw).toBeUndefined();
    expect(h.trades.listByRun("run-1")[0]?.priceKrw).toBe(70_000);
  });

  it.each([
    ["a fractional quantity", { quantity: 1.5 }],
    ["a zero quantity", { quantity: 0 }],
    ["a limit order without a price", { limitPriceKrw: undefined }],
  ])("rejects %s with DATA_INVALID before writing anything", async (_name, change) => {
    h = createHarness();

    await expect(h.router.submit(RUN, [limitBuy({ symbol: "000660" }), limitBuy(change)])).rejects.toMatchObject({ code: "DATA_INVALID" });

    expect(h.trades.listByRun("run-1")).toEqual([]);
    expect(h.broker.calls).toEqual([]);
  });

  it("applies a notice that arrived before the acknowledgement was stored", async () => {
    h = createHarness();
    h.fillTracker.applyNotice({ orderNo: "0000000001", quantity: 4, priceKrw: 70_000, filledAtMs: T0 });

    const [result] = await h.router.submit(RUN, [limitBuy()]);

    expect(result?.status).toBe("PARTIAL");
    expect(h.intents.findByOrderNo("0000000001", T0)).toMatchObject({ filledQuantity: 4, averageFillPriceKrw: 70_000 });
  });
});
