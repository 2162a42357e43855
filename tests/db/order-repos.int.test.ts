import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFillsRepo, type FillsRepo } from "../../db/fills-repo.js";
import { createIntentsRepo, type IntentsRepo, type NewIntent } from "../../db/intents-repo.js";
import { createTradesRepo, type TradesRepo } from "../../db/trades-repo.js";
import { openTestLedger, type TestLedger } from "./temp-db.js";

let t: TestLedger;
let intents: IntentsRepo;
let fills: FillsRepo;
let trades: TradesRepo;

beforeEach(() => {
  t = openTestLedger();
  intents = createIntentsRepo(t.db);
  fills = createFillsRepo(t.db);
  trades = createTradesRepo(t.db);
});
afterEach(() => t.dispose());

const NEW_INTENT: NewIntent = {
  intentKey: "k1",
  runId: "r1",
  symbol: "005930",
  side: "buy",
  quantity: 10,
  type: "limit",
  limitPriceKrw: 70_000,
};

describe("IntentsRepo", () => {
  it("inserts an intent as NEW and reads it back by key", () => {
    const created = intents.insert(NEW_INTENT, 1_000);

    expect(created).toEqual({ ...NEW_INTENT, status: "NEW", filledQuantity: 0, createdAtMs: 1_000, updatedAtMs: 1_000 });
    expect(intents.findByKey("k1")).toEqual(created);
    expect(intents.findByKey("nope")).toBeUndefined();
  });

  it("applies a transition's patch and keeps fields it does not name", () => {
    intents.insert(NEW_INTENT, 1_000);
    intents.transition("k1", "ACKED", { orderNo: "0000000001", orgNo: "06010", ackedAtMs: 2_000 }, 2_000);

    intents.transition("k1", "PARTIAL", { filledQuantity: 4, averageFillPriceKrw: 70_000 }, 3_000);

    expect(intents.findByOrderNo("0000000001", 3_000)).toMatchObject({
      status: "PARTIAL",
      orderNo: "0000000001",
      orgNo: "06010",
      ackedAtMs: 2_000,
      filledQuantity: 4,
      averageFillPriceKrw: 70_000,
      updatedAtMs: 3_000,
    });
  });

  it("lists intents by status in insertion order", () => {
    intents.insert(NEW_INTENT, 1);
    intents.insert({ ...NEW_INTENT, intentKey: "k2" }, 2);
    intents.insert({ ...NEW_INTENT, intentKey: "k3" }, 3);
    intents.transition("k1", "UNKNOWN", { lastError: "timeout" }, 4);
    intents.transition("k3", "ACKED", {}, 4);

    expect(intents.listByStatus(["UNKNOWN", "ACKED"]).map((i) => i.intentKey)).toEqual(["k1", "k3"]);
    expect(intents.listByStatus(["UNKNOWN"])[0]?.lastError).toBe("timeout");
  });

  it("counts the orders that may have reached KIS since a time", () => {
    intents.insert(NEW_INTENT, 100);
    intents.insert({ ...NEW_INTENT, intentKey: "k2" }, 200);
    intents.insert({ ...NEW_INTENT, intentKey: "k3" }, 300);
    intents.transition("k2", "ACKED", {}, 300);
    intents.transition("k3", "REJECTED", {}, 300);

    expect(intents.countSentSince(0)).toBe(1);
    expect(intents.countSentSince(201)).toBe(0);
  });

  it("stores a market order without a price", () => {
    const market: NewIntent = { ...NEW_INTENT, type: "market", limitPriceKrw: undefined };

    expect(intents.insert(market, 1).limitPriceKrw).toBeUndefined();
  });
});

describe("FillsRepo", () => {
  const notice = { orderNo: "0000000001", fillKey: "a", quantity: 4, priceKrw: 70_000, filledAtMs: 1 };
  // filledAtMs 1 is 1970-01-01T09:00 KST
  const order = { orderNo: "0000000001", tradeDate: "19700101" };

  it("records a notice fill once", () => {
    expect(fills.insertNotice(notice, 10)).toBe(true);
    expect(fills.insertNotice(notice, 11)).toBe(false);

    expect(fills.listByOrder(order)).toEqual([{ ...notice, tradeDate: "19700101", source: "notice", recordedAtMs: 10 }]);
  });

  it("keeps a single poll remainder per order, replaced or removed on each poll", () => {
    fills.insertNotice(notice, 10);
    fills.setPollRemainder(order, { quantity: 6, priceKrw: 69_900, filledAtMs: 20 }, 20);
    fills.setPollRemainder(order, { quantity: 2, priceKrw: 69_800, filledAtMs: 30 }, 30);

    expect(fills.totals(order)).toEqual({ quantity: 6, amountKrw: 4 * 70_000 + 2 * 69_800 });
    expect(fills.noticeTotals(order)).toEqual({ quantity: 4, amountKrw: 280_000 });

    fills.setPollRemainder(order, { quantity: 0, priceKrw: 0, filledAtMs: 40 }, 40);
    expect(fills.totals(order).quantity).toBe(4);
  });

  it("reports zero totals for an order without fills", () => {
    expect(fills.totals({ orderNo: "0000000404", tradeDate: "19700101" })).toEqual({ quantity: 0, amountKrw: 0 });
  });

  it("keeps the same order number on two trade dates apart: KIS numbers orders afresh each day", () => {
    const nextDay = { ...notice, fillKey: "b", quantity: 9, filledAtMs: 86_400_000 + 1 };
    fills.insertNotice(notice, 10);
    fills.insertNotice(nextDay, 20);
    fills.setPollRemainder(
      { orderNo: notice.orderNo, tradeDate: "19700102" },
      { quantity: 1, priceKrw: 70_100, filledAtMs: 86_400_000 + 2 },
      30,
    );

    expect(fills.totals(order)).toEqual({ quantity: 4, amountKrw: 280_000 });
    expect(fills.totals({ orderNo: notice.orderNo, tradeDate: "19700102" })).toEqual({ quantity: 10, amountKrw: 9 * 70_000 + 70_100 });
  });
});

describe("TradesRepo", () => {
  const trade = {
    runId: "r1",
    promptVersion: "v3",
    intentKey: "k1",
    timestampMs: 1_000,
    ticker: "005930",
    action: "buy" as const,
    quantity: 10,
    priceKrw: 70_000,
    justificationText: "pullback to the 20-day average",
    marketSnapshot: { kospi: 2_650.5 },
    portfolioBefore: { cashKrw: 10_000_000, holdings: [] },
    executionStatus: "NEW" as const,
  };

  it("round-trips a trade with its JSON snapshots", () => {
    intents.insert(NEW_INTENT, 1);

    const created = trades.insert(trade, 1_000);

    expect(created).toEqual({ ...trade, id: created.id, createdAtMs: 1_000, updatedAtMs: 1_000 });
    expect(trades.findByIntentKey("k1")).toEqual(created);
  });

  it("mirrors execution status and order number, and back-fills P&L", () => {
    intents.insert(NEW_INTENT, 1);
    const { id } = trades.insert(trade, 1_000);

    trades.updateExecution("k1", "FILLED", "0000000001", 2_000);
    trades.setPnl(id, { pnl7DaysKrw: 35_000 }, 3_000);
    trades.setPnl(id, { pnl30DaysKrw: -12_000 }, 4_000);

    expect(trades.listByRun("r1")[0]).toMatchObject({
      executionStatus: "FILLED",
      orderNumber: "0000000001",
      pnl7DaysKrw: 35_000,
      pnl30DaysKrw: -12_000,
      updatedAtMs: 4_000,
    });
  });

  it("records a hold without an intent and lists trades in a time range", () => {
    trades.insert({ ...trade, intentKey: undefined, action: "hold", quantity: 0, executionStatus: "SKIPPED", timestampMs: 500 }, 500);
    intents.insert(NEW_INTENT, 1);
    trades.insert(trade, 1_000);

    expect(trades.listBetween(0, 1_000).map((x) => x.action)).toEqual(["hold"]);
    expect(trades.listBetween(0, 1_001).map((x) => x.action)).toEqual(["hold", "buy"]);
  });

  it("rejects a trade for an intent that does not exist", () => {
    expect(() => trades.insert({ ...trade, intentKey: "missing" }, 1)).toThrow(/FOREIGN KEY/i);
  });
});
