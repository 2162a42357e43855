import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../../core/errors.js";
import { intentKey } from "../../execution/order-router.js";
import { createHarness, GRACE_MS, limitBuy, RUN, type Harness } from "./harness.js";

const KEY = intentKey(RUN.runId, limitBuy().order);

describe("Reconciler.reconcile", () => {
  let h: Harness;
  afterEach(() => h.db.close());

  it("makes no broker calls when nothing is unsettled", async () => {
    h = createHarness();

    const report = await h.reconciler.reconcile();

    expect(report).toEqual({ matched: [], rejected: [], updated: [], pending: [] });
    expect(h.broker.calls).toEqual([]);
  });

  it("settles an UNKNOWN intent that KIS has as ACKED with its order number", async () => {
    h = createHarness();
    h.broker.script({ kind: "lose-ack" });
    await h.router.submit(RUN, [limitBuy()]);
    h.clock.advance(5_000);

    const report = await h.reconciler.reconcile();

    expect(report.matched).toEqual([KEY]);
    expect(h.intents.findByKey(KEY)).toMatchObject({ status: "ACKED", orderNo: "0000000001", orgNo: "06010" });
    expect(h.trades.findByIntentKey(KEY)).toMatchObject({ executionStatus: "ACKED", orderNumber: "0000000001" });
  });

  it("settles an UNKNOWN intent that already filled as FILLED with its fills", async () => {
    h = createHarness();
    h.broker.script({ kind: "lose-ack" });
    await h.router.submit(RUN, [limitBuy()]);
    h.broker.fill("0000000001", 6, 70_000);
    h.broker.fill("0000000001", 4, 69_900);

    await h.reconciler.reconcile();

    expect(h.intents.findByKey(KEY)).toMatchObject({ status: "FILLED", filledQuantity: 10, averageFillPriceKrw: 69_960 });
    expect(h.fills.totals({ orderNo: "0000000001", tradeDate: "20260304" })).toEqual({ quantity: 10, amountKrw: 699_600 });
    expect(h.trades.findByIntentKey(KEY)?.executionStatus).toBe("FILLED");
  });

  it("keeps an intent KIS does not list UNKNOWN during the grace period", async () => {
    h = createHarness();
    h.broker.script({ kind: "fail", error: new AppError("BROKER_UNAVAILABLE", "timeout", { retryable: true }) });
    await h.router.submit(RUN, [limitBuy()]);
    h.clock.advance(GRACE_MS - 1);

    const report = await h.reconciler.reconcile();

    expect(report.pending).toEqual([KEY]);
    expect(h.intents.findByKey(KEY)?.status).toBe("UNKNOWN");
  });

  it("rejects an intent KIS does not have after the grace period, without resending it", async () => {
    h = createHarness();
    h.broker.script({ kind: "fail", error: new AppError("BROKER_UNAVAILABLE", "timeout", { retryable: true }) });
    await h.router.submit(RUN, [limitBuy()]);
    h.clock.advance(GRACE_MS);

    const report = await h.reconciler.reconcile();
    const [again] = await h.router.submit(RUN, [limitBuy()]);

    expect(report.rejected).toEqual([KEY]);
    expect(h.intents.findByKey(KEY)).toMatchObject({ status: "REJECTED", lastError: expect.stringContaining("safe to re-plan") });
    expect(again).toMatchObject({ status: "REJECTED", sent: false });
    expect(h.broker.placeOrderCalls()).toHaveLength(1);
  });

  it.each([
    ["another symbol", { symbol: "000660" }],
    ["another side", { side: "sell" as const }],
    ["another quantity", { quantity: 9 }],
    ["another price", { limitPriceKrw: 70_100 }],
  ])("does not match a KIS order for %s", async (_name, change) => {
    h = createHarness();
    h.broker.script({ kind: "fail", error: new Error("ECONNRESET") });
    await h.router.submit(RUN, [limitBuy()]);
    await h.router.submit({ runId: "other-run" }, [limitBuy(change)]);
    h.clock.advance(GRACE_MS);

    const report = await h.reconciler.reconcile();

    expect(report.rejected).toEqual([KEY]);
  });

  it("does not match a KIS order placed outside the time window", async () => {
    h = createHarness();
    await h.router.submit({ runId: "earlier" }, [limitBuy()]);
    h.clock.advance(10 * 60_000);
    h.broker.script({ kind: "fail", error: new Error("ECONNRESET") });
    await h.router.submit(RUN, [limitBuy()]);
    h.clock.advance(GRACE_MS);

    const report = await h.reconciler.reconcile();

    expect(report.rejected).toEqual([KEY]);
  });

  it("never gives one KIS order to two intents", async () => {
    h = createHarness();
    await h.router.submit({ runId: "acked" }, [limitBuy()]);
    h.broker.script({ kind: "fail", error: new Error("ECONNRESET") });
    await h.router.submit(RUN, [limitBuy()]);
    h.clock.advance(GRACE_MS);

    const report = await h.reconciler.reconcile();

    expect(report.matched).toEqual([]);
    expect(report.rejected).toEqual([KEY]);
  });

  it("updates an ACKED intent to PARTIAL and then CANCELLED from the daily orders", async () => {
    h = createHarness();
    await h.router.submit(RUN, [limitBuy()]);
    h.broker.fill("0000000001", 3, 70_000);

    const first = await h.reconciler.reconcile();
    expect(first.updated).toEqual([KEY]);
    expect(h.intents.findByKey(KEY)).toMatchObject({ status: "PARTIAL", filledQuantity: 3 });

    await h.broker.cancelOrder({ orderNo: "0000000001", orgNo: "06010" });
    await h.reconciler.reconcile();
    expect(h.intents.findByKey(KEY)).toMatchObject({ status: "CANCELLED", filledQuantity: 3 });
    expect(h.trades.findByIntentKey(KEY)?.executionStatus).toBe("CANCELLED");
  });

  it("matches from the open orders when the daily inquiry lags", async () => {
    h = createHarness();
    h.broker.script({ kind: "lose-ack" });
    await h.router.submit(RUN, [limitBuy()]);
    const lagging = h.broker.getDailyOrders.bind(h.broker);
    h.broker.getDailyOrders = async (range) => (await lagging(range)).filter(() => false);

    const report = await h.reconciler.reconcile();

    expect(report.matched).toEqual([KEY]);
    expect(h.intents.findByKey(KEY)).toMatchObject({ status: "ACKED", orderNo: "0000000001" });
  });

  it("works without the open-order inquiry (paper)", async () => {
    h = createHarness();
    h.broker.openOrdersError = new AppError("BROKER_UNSUPPORTED", "paper has no inquire-psbl-rvsecncl");
    h.broker.script({ kind: "lose-ack" });
    await h.router.submit(RUN, [limitBuy()]);

    const report = await h.reconciler.reconcile();

    expect(report.matched).toEqual([KEY]);
  });

  it("closes a NEW intent abandoned before sending once the grace period has passed, without asking KIS", async () => {
    h = createHarness();
    h.intents.insert({ intentKey: "abandoned", runId: "r0", symbol: "005930", side: "buy", quantity: 1, type: "market" }, h.clock.now());

    const early = await h.reconciler.reconcile();
    h.clock.advance(GRACE_MS);
    const late = await h.reconciler.reconcile();

    expect(early.rejected).toEqual([]);
    expect(late.rejected).toEqual(["abandoned"]);
    expect(h.intents.findByKey("abandoned")).toMatchObject({ status: "REJECTED", lastError: expect.stringContaining("never sent") });
    expect(h.broker.calls).toEqual([]);
  });

  it("propagates other inquiry failures and changes nothing", async () => {
    h = createHarness();
    h.broker.script({ kind: "lose-ack" });
    await h.router.submit(RUN, [limitBuy()]);
    h.broker.openOrdersError = new AppError("BROKER_UNAVAILABLE", "503", { retryable: true });
    h.clock.advance(GRACE_MS);

    await expect(h.reconciler.reconcile()).rejects.toMatchObject({ code: "BROKER_UNAVAILABLE" });
    expect(h.intents.findByKey(KEY)?.status).toBe("UNKNOWN");
  });
});
