import { describe, expect, it } from "vitest";
import { DEFAULT_RISK_LIMITS } from "../../risk/limits.js";
import type { PlannedAction } from "../../risk/plan.js";
import type { RiskContext } from "../../risk/risk-context.js";
import { evaluate } from "../../risk/risk-engine.js";
import { recheckAtSend } from "../../risk/send-recheck.js";
import { SESSION_MS, makeAction, makeContext, makeHolding, makeQuote } from "./risk-builders.js";

/** Orders approved at plan time against an account of 20 M KRW holding 10 × 70,000 of 005930. */
const approvedAtPlan = (actions: PlannedAction[], context = makeContext()) =>
  evaluate({ runId: "r", actions }, context, DEFAULT_RISK_LIMITS, SESSION_MS).approved;
const recheck = (actions: PlannedAction[], now: Partial<RiskContext>) =>
  recheckAtSend(approvedAtPlan(actions), makeContext(now), DEFAULT_RISK_LIMITS, SESSION_MS);

describe("recheckAtSend", () => {
  it("keeps every order unchanged when the world did not move", () => {
    const result = recheck([makeAction({ quantity: 10 }), makeAction({ symbol: "000660", quantity: 2, limitPriceKrw: 200_000 })], {});
    expect(result.events).toEqual([]);
    expect(result.kept.map((k) => [k.order.symbol, k.order.quantity])).toEqual([
      ["005930", 10],
      ["000660", 2],
    ]);
  });

  it("drops every order when trading was halted after the approval, naming the halt", () => {
    const result = recheck([makeAction({ quantity: 10 }), makeAction({ side: "sell", quantity: 5 })], { tradingState: "HALTED" });
    expect(result.kept).toEqual([]);
    expect(result.events.map((e) => [e.code, e.kind])).toEqual([
      ["SEND_RECHECK_DROPPED", "denial"],
      ["SEND_RECHECK_DROPPED", "denial"],
    ]);
    expect(result.events[0]?.reason).toMatch(/TRADING_HALTED/);
  });

  it("reduces a buy to what the cash spent by another run leaves (500,000 KRW → 7 shares at 70,000)", () => {
    const result = recheck([makeAction({ quantity: 10 })], { orderableCashKrw: 500_000 });
    expect(result.kept.map((k) => k.order)).toEqual([{ symbol: "005930", side: "buy", quantity: 7, type: "limit", limitPriceKrw: 70_000 }]);
    expect(result.events).toEqual([
      expect.objectContaining({
        code: "SEND_RECHECK_REDUCED",
        kind: "adjustment",
        adjustedOrder: expect.objectContaining({ quantity: 7 }),
      }),
    ]);
    expect(result.events[0]?.reason).toMatch(/INSUFFICIENT_CASH.*reduced to 7/);
  });

  it("reduces a buy to the position limit once the holding grew: 10 % of 20 M = 2 M, 25 held × 70,000 leaves 3 shares", () => {
    const result = recheck([makeAction({ quantity: 10 })], { holdings: [makeHolding({ quantity: 25, sellableQuantity: 25 })] });
    expect(result.kept.map((k) => k.order.quantity)).toEqual([3]);
    expect(result.events[0]?.reason).toMatch(/MAX_POSITION_WEIGHT/);
  });

  it("takes the cash of another run's unacknowledged buy, but not twice the cash KIS already reserved", () => {
    const other = { symbol: "035420", side: "buy" as const, openBuyKrw: 1_050_000 };
    const buy = makeAction({ symbol: "000660", quantity: 5, limitPriceKrw: 200_000 });
    // (1,650,000 − 1,050,000) / 200,000 = 3 shares when KIS has not reserved the other buy's cash yet.
    const unreserved = recheck([buy], { orderableCashKrw: 1_650_000, pendingOrders: [{ ...other, cashNotReserved: true }] });
    expect(unreserved.kept.map((k) => k.order.quantity)).toEqual([3]);
    // An order open at KIS is already out of orderable cash: all 5 fit in 1,650,000.
    const reserved = recheck([buy], { orderableCashKrw: 1_650_000, pendingOrders: [other] });
    expect(reserved.kept.map((k) => k.order.quantity)).toEqual([5]);
  });

  it("drops a second buy of a symbol another run now has pending", () => {
    const result = recheck([makeAction({ quantity: 10 })], { pendingOrders: [{ symbol: "005930", side: "buy", openBuyKrw: 70_000 }] });
    expect(result.kept).toEqual([]);
    expect(result.events[0]?.reason).toMatch(/DUPLICATE_PENDING_ORDER/);
  });

  it("reduces a sell to the shares still sellable", () => {
    const result = recheck([makeAction({ side: "sell", quantity: 10 })], { holdings: [makeHolding({ quantity: 4, sellableQuantity: 4 })] });
    expect(result.kept.map((k) => k.order.quantity)).toEqual([4]);
  });

  it("judges later orders after the reduced earlier ones (cash is shared in plan order)", () => {
    const result = recheck([makeAction({ symbol: "000660", quantity: 5, limitPriceKrw: 200_000 }), makeAction({ quantity: 10 })], {
      orderableCashKrw: 1_000_000,
    });
    // 000660 takes 5 × 200,000 = all the cash; nothing is left for 005930.
    expect(result.kept.map((k) => [k.order.symbol, k.order.quantity])).toEqual([["000660", 5]]);
    expect(result.events.map((e) => [e.code, e.action.symbol])).toEqual([["SEND_RECHECK_DROPPED", "005930"]]);
  });

  it("values a market buy at the fresh price: a price up 40 % shrinks it under the position limit", () => {
    const market = makeAction({ quantity: 20, limitPriceKrw: undefined });
    const planned = approvedAtPlan([market], makeContext({ holdings: [] }));
    expect(planned.map((a) => a.order.quantity)).toEqual([20]); // 20 × 70,000 = 1.4 M ≤ 2 M
    const up = makeQuote({ priceKrw: 98_000, upperLimitKrw: 120_000 });
    const result = recheckAtSend(planned, makeContext({ holdings: [], quotes: { "005930": up } }), DEFAULT_RISK_LIMITS, SESSION_MS);
    // 2,000,000 / 98,000 = 20.4 → 20 passes weight, but the reserve at the upper limit 120,000 × 20 = 2.4 M fits 10 M cash: kept.
    expect(result.kept.map((k) => k.order.quantity)).toEqual([20]);
    const higher = makeQuote({ priceKrw: 140_000, upperLimitKrw: 182_000 });
    const cut = recheckAtSend(planned, makeContext({ holdings: [], quotes: { "005930": higher } }), DEFAULT_RISK_LIMITS, SESSION_MS);
    expect(cut.kept.map((k) => k.order.quantity)).toEqual([14]); // 14 × 140,000 = 1.96 M ≤ 2 M < 15 × 140,000
  });

  it("never enlarges an order, even when the world got better", () => {
    const planned = approvedAtPlan([makeAction({ quantity: 3 })]);
    const result = recheckAtSend(planned, makeContext({ orderableCashKrw: 1e12, totalAssetsKrw: 1e12 }), DEFAULT_RISK_LIMITS, SESSION_MS);
    expect(result.kept.map((k) => k.order.quantity)).toEqual([3]);
  });
});
