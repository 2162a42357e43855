import { afterEach, describe, expect, it } from "vitest";
import { deriveStatus } from "../../execution/fill-tracker.js";
import { intentKey } from "../../execution/order-router.js";
import { createHarness, limitBuy, RUN, T0, type Harness } from "./harness.js";

const KEY = intentKey(RUN.runId, limitBuy().order);
const ORDER_NO = "0000000001";
/** the order as KIS names it: T0 is on 2026-03-04 KST */
const ORDER = { orderNo: ORDER_NO, tradeDate: "20260304" };
const polled = (filledQuantity: number, filledAmountKrw: number, extra: { cancelled?: boolean; rejectedQuantity?: number } = {}) => ({
  orderNo: ORDER_NO,
  filledQuantity,
  filledAmountKrw,
  cancelled: extra.cancelled ?? false,
  rejectedQuantity: extra.rejectedQuantity ?? 0,
});

describe("deriveStatus", () => {
  it.each([
    ["ACKED", 0, undefined, "ACKED"],
    ["ACKED", 4, undefined, "PARTIAL"],
    ["PARTIAL", 10, undefined, "FILLED"],
    ["ACKED", 0, "cancelled", "CANCELLED"],
    ["PARTIAL", 4, "cancelled", "CANCELLED"],
    ["CANCELLED", 10, undefined, "FILLED"],
    ["ACKED", 0, "rejected", "REJECTED"],
  ] as const)("turns %s with %i of 10 filled (%s) into %s", (current, filled, close, expected) => {
    expect(deriveStatus(current, filled, 10, close)).toBe(expected);
  });
});

describe("FillTracker", () => {
  let h: Harness;
  afterEach(() => h.db.close());

  const acked = async () => {
    h = createHarness();
    await h.router.submit(RUN, [limitBuy()]);
  };

  it("applies notices to the intent and its trade", async () => {
    await acked();

    h.fillTracker.applyNotice({ orderNo: ORDER_NO, quantity: 4, priceKrw: 70_000, filledAtMs: T0 + 1_000 });
    h.fillTracker.applyNotice({ orderNo: ORDER_NO, quantity: 6, priceKrw: 69_900, filledAtMs: T0 + 2_000 });

    expect(h.intents.findByKey(KEY)).toMatchObject({ status: "FILLED", filledQuantity: 10, averageFillPriceKrw: 69_940 });
    expect(h.trades.findByIntentKey(KEY)?.executionStatus).toBe("FILLED");
    expect(h.fills.listByOrder(ORDER).map((f) => [f.source, f.quantity])).toEqual([
      ["notice", 4],
      ["notice", 6],
    ]);
  });

  it("records a repeated notice once", async () => {
    await acked();
    const notice = { orderNo: ORDER_NO, quantity: 4, priceKrw: 70_000, filledAtMs: T0 + 1_000 };

    const first = h.fillTracker.applyNotice(notice);
    const second = h.fillTracker.applyNotice(notice);

    expect([first, second]).toEqual([true, false]);
    expect(h.intents.findByKey(KEY)).toMatchObject({ status: "PARTIAL", filledQuantity: 4 });
  });

  it("counts a fill seen by polling and then by notice once", async () => {
    await acked();

    h.fillTracker.applyPolled(h.intents.findByKey(KEY)!, polled(4, 280_000));
    h.fillTracker.applyNotice({ orderNo: ORDER_NO, quantity: 4, priceKrw: 70_000, filledAtMs: T0 + 1_000 });

    expect(h.fills.totals(ORDER)).toEqual({ quantity: 4, amountKrw: 280_000 });
    expect(h.fills.listByOrder(ORDER).map((f) => f.source)).toEqual(["notice"]);
    expect(h.intents.findByKey(KEY)?.filledQuantity).toBe(4);
  });

  it("counts a fill seen by notice and then by polling once", async () => {
    await acked();

    h.fillTracker.applyNotice({ orderNo: ORDER_NO, quantity: 4, priceKrw: 70_000, filledAtMs: T0 + 1_000 });
    h.fillTracker.applyPolled(h.intents.findByKey(KEY)!, polled(4, 280_000));
    h.fillTracker.applyPolled(h.intents.findByKey(KEY)!, polled(4, 280_000));

    expect(h.fills.totals(ORDER)).toEqual({ quantity: 4, amountKrw: 280_000 });
  });

  it("keeps what polling adds beyond the notices, at the implied price", async () => {
    await acked();

    h.fillTracker.applyNotice({ orderNo: ORDER_NO, quantity: 4, priceKrw: 70_000, filledAtMs: T0 + 1_000 });
    h.fillTracker.applyPolled(h.intents.findByKey(KEY)!, polled(10, 4 * 70_000 + 6 * 69_900));

    expect(
      h.fills
        .listByOrder(ORDER)
        .map((f) => [f.source, f.quantity, f.priceKrw])
        .sort(),
    ).toEqual([
      ["notice", 4, 70_000],
      ["poll", 6, 69_900],
    ]);
    expect(h.intents.findByKey(KEY)).toMatchObject({ status: "FILLED", filledQuantity: 10, averageFillPriceKrw: 69_940 });
  });

  it("trusts notices that run ahead of a lagging poll", async () => {
    await acked();

    h.fillTracker.applyNotice({ orderNo: ORDER_NO, quantity: 4, priceKrw: 70_000, filledAtMs: T0 + 1_000 });
    h.fillTracker.applyNotice({ orderNo: ORDER_NO, quantity: 3, priceKrw: 70_000, filledAtMs: T0 + 2_000 });
    h.fillTracker.applyPolled(h.intents.findByKey(KEY)!, polled(4, 280_000));

    expect(h.intents.findByKey(KEY)?.filledQuantity).toBe(7);
  });

  it("keeps a notice for an order not yet linked to an intent", () => {
    h = createHarness();

    const recorded = h.fillTracker.applyNotice({ orderNo: "0000009999", quantity: 1, priceKrw: 70_000, filledAtMs: T0 });

    expect(recorded).toBe(true);
    expect(h.fills.listByOrder({ orderNo: "0000009999", tradeDate: "20260304" })).toHaveLength(1);
  });

  describe("cancelStale", () => {
    it("cancels unfilled orders at the end of their window and keeps partial fills", async () => {
      await acked();
      h.fillTracker.applyNotice({ orderNo: ORDER_NO, quantity: 3, priceKrw: 70_000, filledAtMs: T0 + 1_000 });
      h.broker.fill(ORDER_NO, 3, 70_000);
      h.clock.advance(600_000);

      const cancelled = await h.fillTracker.cancelStale(600_000);

      expect(cancelled).toEqual([KEY]);
      expect(h.broker.calls.filter((c) => c.method === "cancelOrder").map((c) => c.args[0])).toEqual([
        { orderNo: ORDER_NO, orgNo: "06010" },
      ]);
      expect(h.intents.findByKey(KEY)).toMatchObject({ status: "CANCELLED", filledQuantity: 3 });
      expect(h.trades.findByIntentKey(KEY)?.executionStatus).toBe("CANCELLED");
    });

    it("leaves orders inside their window alone", async () => {
      await acked();
      h.clock.advance(599_999);

      const cancelled = await h.fillTracker.cancelStale(600_000);

      expect(cancelled).toEqual([]);
      expect(h.broker.calls.some((c) => c.method === "cancelOrder")).toBe(false);
    });

    it("leaves filled, unknown and rejected intents alone", async () => {
      h = createHarness();
      h.broker.script({ kind: "lose-ack" }, { kind: "reject" });
      await h.router.submit(RUN, [limitBuy(), limitBuy({ symbol: "000660" }), limitBuy({ symbol: "035420" })]);
      h.fillTracker.applyNotice({ orderNo: "0000000002", quantity: 10, priceKrw: 70_000, filledAtMs: T0 });
      h.clock.advance(3_600_000);

      expect(await h.fillTracker.cancelStale(600_000)).toEqual([]);
    });

    it("keeps the intent and notes the error when the cancel fails", async () => {
      await acked();
      h.broker.fill(ORDER_NO, 10, 70_000);
      h.clock.advance(600_000);

      const cancelled = await h.fillTracker.cancelStale(600_000);

      expect(cancelled).toEqual([]);
      expect(h.intents.findByKey(KEY)).toMatchObject({ status: "ACKED", lastError: expect.stringContaining("cancel failed") });
    });
  });
});
