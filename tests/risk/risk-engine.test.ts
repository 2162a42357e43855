import { describe, expect, it } from "vitest";
import { fromKst } from "../../core/clock.js";
import { DEFAULT_RISK_LIMITS, parseRiskLimits } from "../../risk/limits.js";
import type { PlannedAction } from "../../risk/plan.js";
import type { RiskContext } from "../../risk/risk-context.js";
import { evaluate } from "../../risk/risk-engine.js";
import type { RiskCode } from "../../risk/risk-result.js";
import { SESSION_MS, makeAction, makeContext, makeHolding, makeQuote } from "./risk-builders.js";

const run = (actions: PlannedAction[], context: RiskContext = makeContext(), nowMs = SESSION_MS, limits = DEFAULT_RISK_LIMITS) =>
  evaluate({ runId: "run-1", actions }, context, limits, nowMs);

const codes = (result: ReturnType<typeof run>) => result.events.map((e) => e.code);

describe("evaluate", () => {
  it("approves an in-limit limit buy unchanged", () => {
    const result = run([makeAction()]);

    expect(result.denied).toEqual([]);
    expect(result.events).toEqual([]);
    expect(result.approved).toEqual([
      expect.objectContaining({
        order: { symbol: "005930", side: "buy", quantity: 10, type: "limit", limitPriceKrw: 70_000 },
        notionalKrw: 700_000,
        adjustments: [],
      }),
    ]);
  });

  const denials: Array<[string, RiskCode, Partial<PlannedAction>, Partial<RiskContext>, number?]> = [
    ["denies everything while trading is halted", "TRADING_HALTED", { side: "sell" }, { tradingState: "HALTED" }],
    ["denies a buy in reduce-only mode", "REDUCE_ONLY", {}, { tradingState: "REDUCE_ONLY" }],
    ["denies an order before the pre-open auction", "MARKET_CLOSED", {}, {}, fromKst("20260304", "080000")],
    ["denies an order on a weekend", "MARKET_CLOSED", {}, {}, fromKst("20260307", "100000")],
    ["denies an order on a KRX holiday", "MARKET_CLOSED", {}, {}, fromKst("20260302", "100000")],
    ["denies an order in the after-hours session", "MARKET_CLOSED", {}, {}, fromKst("20260304", "153500")],
    ["denies a symbol without a quote", "UNKNOWN_SYMBOL", { symbol: "123456" }, {}],
    ["denies a malformed symbol", "UNKNOWN_SYMBOL", { symbol: "5930" }, {}],
    ["denies a zero quantity", "INVALID_QUANTITY", { quantity: 0 }, {}],
    ["denies a negative quantity", "INVALID_QUANTITY", { quantity: -5 }, {}],
    ["denies a fractional quantity", "INVALID_QUANTITY", { quantity: 1.5 }, {}],
    ["denies a quantity off the lot", "INVALID_QUANTITY", { quantity: 15 }, { quotes: { "005930": makeQuote({ lotSize: 10 }) } }],
    ["denies a non-positive limit price", "INVALID_PRICE", { limitPriceKrw: 0 }, {}],
    ["denies a limit price below one tick", "INVALID_PRICE", { limitPriceKrw: 0.4 }, {}],
    ["denies sizing from a stale quote", "STALE_PRICE", {}, { quotes: { "005930": makeQuote({ receivedAtMs: SESSION_MS - 60_001 }) } }],
    ["denies a symbol suspended from trading", "SYMBOL_HALTED", {}, { quotes: { "005930": makeQuote({ halted: true }) } }],
    ["denies a buy above the upper limit", "PRICE_OUT_OF_BAND", { limitPriceKrw: 92_000 }, {}],
    ["denies a sell below the lower limit", "PRICE_OUT_OF_BAND", { side: "sell", limitPriceKrw: 48_000 }, {}],
    [
      "denies a buy of a stock at its upper limit",
      "LIMIT_UP_BUY",
      { limitPriceKrw: 91_000, quantity: 1 },
      { quotes: { "005930": makeQuote({ priceKrw: 91_000 }) } },
    ],
    [
      "denies a sell of a stock at its lower limit",
      "LIMIT_DOWN_SELL",
      { side: "sell", limitPriceKrw: 49_000 },
      { quotes: { "005930": makeQuote({ priceKrw: 49_000 }) } },
    ],
    ["denies a buy beyond orderable cash", "INSUFFICIENT_CASH", {}, { orderableCashKrw: 699_999 }],
    ["denies a sell of more than is sellable", "INSUFFICIENT_SELLABLE", { side: "sell", quantity: 11 }, {}],
    [
      "denies a sell of a symbol not held",
      "INSUFFICIENT_SELLABLE",
      { side: "sell", symbol: "000660", limitPriceKrw: 200_000, quantity: 1 },
      {},
    ],
    ["denies a buy that lifts the weight above 10 % of assets", "MAX_POSITION_WEIGHT", { quantity: 19 }, {}],
    ["denies a buy when assets are unknown", "MAX_POSITION_WEIGHT", {}, { totalAssetsKrw: 0 }],
    [
      "denies an order above the notional cap",
      "MAX_ORDER_NOTIONAL",
      { side: "sell", quantity: 72, limitPriceKrw: 70_000 },
      { holdings: [makeHolding({ quantity: 100, sellableQuantity: 100 })] },
    ],
    ["denies an order past the daily order count", "MAX_ORDERS_PER_DAY", {}, { ordersPlacedToday: 20 }],
    ["denies a second buy while one is open", "DUPLICATE_PENDING_ORDER", {}, { pendingOrders: [{ symbol: "005930", side: "buy" }] }],
    ["denies a buy after the daily loss limit", "DAILY_LOSS_LIMIT", {}, { realizedPnlTodayKrw: -300_000, unrealizedPnlKrw: -100_000 }],
    ["denies a buy after consecutive losses", "CONSECUTIVE_LOSSES", {}, { consecutiveLosses: 3 }],
  ];

  it.each(denials)("%s", (_name, code, action, context, nowMs) => {
    const result = run([makeAction(action)], makeContext(context), nowMs);

    expect(result.approved).toEqual([]);
    expect(result.denied).toHaveLength(1);
    expect(result.denied[0]?.denials.map((d) => d.code)).toContain(code);
    expect(codes(result)).toContain(code);
  });

  const allowed: Array<[string, Partial<PlannedAction>, Partial<RiskContext>, number?]> = [
    ["allows a sell in reduce-only mode", { side: "sell" }, { tradingState: "REDUCE_ONLY" }],
    ["allows a sell after the daily loss limit", { side: "sell" }, { realizedPnlTodayKrw: -1_000_000 }],
    ["allows a sell after consecutive losses", { side: "sell" }, { consecutiveLosses: 5 }],
    ["allows an order in the pre-open auction", {}, {}, fromKst("20260304", "083000")],
    [
      "allows an order in the closing auction",
      {},
      { quotes: { "005930": makeQuote({ receivedAtMs: fromKst("20260304", "152500") }) } },
      fromKst("20260304", "152500"),
    ],
    ["allows a quote exactly at the age limit", {}, { quotes: { "005930": makeQuote({ receivedAtMs: SESSION_MS - 60_000 }) } }],
    ["allows a buy up to exactly 10 % of assets", { quantity: 18 }, {}],
    ["allows a loss just short of the limit", {}, { realizedPnlTodayKrw: -399_999 }],
    ["allows the same symbol on the other side", {}, { pendingOrders: [{ symbol: "005930", side: "sell" }] }],
  ];

  it.each(allowed)("%s", (_name, action, context, nowMs) => {
    const result = run([makeAction(action)], makeContext(context), nowMs);

    expect(result.denied).toEqual([]);
    expect(result.approved).toHaveLength(1);
  });

  it("lists every limit that fired, not only the first", () => {
    const result = run([makeAction({ quantity: 200 })], makeContext({ tradingState: "REDUCE_ONLY", ordersPlacedToday: 20 }));

    expect(result.denied[0]?.denials.map((d) => d.code)).toEqual([
      "REDUCE_ONLY",
      "MAX_ORDER_NOTIONAL",
      "MAX_ORDERS_PER_DAY",
      "INSUFFICIENT_CASH",
      "MAX_POSITION_WEIGHT",
    ]);
  });

  it("reports account-level denials even when no order can be drafted", () => {
    const result = run([makeAction({ symbol: "999999" })], makeContext({ tradingState: "HALTED" }));

    expect(codes(result)).toEqual(["TRADING_HALTED", "UNKNOWN_SYMBOL"]);
    expect(result.events[0]?.adjustedOrder).toBeUndefined();
  });

  describe("tick-grid rounding", () => {
    it.each([
      ["buy", 70_050, 70_000, "down"],
      ["sell", 70_050, 70_100, "up"],
      ["buy", 19_995, 19_990, "down"],
      ["sell", 19_995, 20_000, "up"],
    ] as const)("rounds a %s at %i to %i and records the adjustment", (side, asked, rounded, direction) => {
      const context = makeContext({ quotes: { "005930": makeQuote({ priceKrw: asked, upperLimitKrw: 100_000, lowerLimitKrw: 10_000 }) } });

      const result = run([makeAction({ side, limitPriceKrw: asked, quantity: 1 })], context);

      expect(result.approved[0]?.order.limitPriceKrw).toBe(rounded);
      expect(result.approved[0]?.adjustments).toEqual([expect.objectContaining({ kind: "adjustment", code: "TICK_ROUNDED" })]);
      expect(result.events).toEqual([
        expect.objectContaining({
          code: "TICK_ROUNDED",
          reason: expect.stringContaining(direction),
          adjustedOrder: expect.objectContaining({ limitPriceKrw: rounded }),
        }),
      ]);
    });

    it("keeps the adjustment on an action denied for another reason", () => {
      const result = run([makeAction({ limitPriceKrw: 70_050 })], makeContext({ orderableCashKrw: 0 }));

      expect(result.denied[0]?.adjustments.map((a) => a.code)).toEqual(["TICK_ROUNDED"]);
      expect(codes(result)).toEqual(["TICK_ROUNDED", "INSUFFICIENT_CASH"]);
    });
  });

  describe("market orders", () => {
    it("reserves a market buy's cash at the upper limit", () => {
      // 10 × 91,000 upper limit = 910,000 > 900,000 orderable, though 10 × 70,000 would fit.
      const result = run([makeAction({ limitPriceKrw: undefined })], makeContext({ orderableCashKrw: 900_000 }));

      expect(codes(result)).toEqual(["INSUFFICIENT_CASH"]);
    });

    it("values a market buy at the last price for notional and weight", () => {
      const result = run([makeAction({ limitPriceKrw: undefined })]);

      expect(result.approved[0]).toEqual(
        expect.objectContaining({ order: { symbol: "005930", side: "buy", quantity: 10, type: "market" }, notionalKrw: 700_000 }),
      );
    });
  });

  describe("cumulative limits across a plan", () => {
    it("spends orderable cash across the plan's buys in order", () => {
      const buyA = makeAction({ quantity: 5 });
      const buyB = makeAction({ symbol: "000660", limitPriceKrw: 200_000, quantity: 2 });

      const result = run([buyA, buyB], makeContext({ orderableCashKrw: 500_000 }));

      expect(result.approved.map((a) => a.order.symbol)).toEqual(["005930"]);
      expect(result.denied.map((d) => d.denials[0]?.code)).toEqual(["INSUFFICIENT_CASH"]);
    });

    it("counts sells of the same symbol against the sellable quantity", () => {
      const sell = makeAction({ side: "sell", quantity: 6 });
      const result = run([sell, { ...sell, limitPriceKrw: 71_000 }]);

      expect(result.approved).toHaveLength(1);
      expect(result.denied[0]?.denials.map((d) => d.code)).toEqual(["DUPLICATE_PENDING_ORDER", "INSUFFICIENT_SELLABLE"]);
    });

    it("denies a second buy of a symbol in the same plan", () => {
      const result = run([makeAction({ quantity: 1 }), makeAction({ quantity: 2 })]);

      expect(result.approved).toHaveLength(1);
      expect(result.denied[0]?.denials.map((d) => d.code)).toEqual(["DUPLICATE_PENDING_ORDER"]);
    });

    it("counts the plan's approved orders toward the daily count", () => {
      const result = run(
        [makeAction({ quantity: 1 }), makeAction({ symbol: "000660", limitPriceKrw: 200_000, quantity: 1 })],
        makeContext({ ordersPlacedToday: 19 }),
      );

      expect(result.approved).toHaveLength(1);
      expect(result.denied[0]?.denials.map((d) => d.code)).toEqual(["MAX_ORDERS_PER_DAY"]);
    });

    it("does not count denied actions against later ones", () => {
      const tooBig = makeAction({ quantity: 1_000 });
      const fits = makeAction({ symbol: "000660", limitPriceKrw: 200_000, quantity: 5 });

      const result = run([tooBig, fits], makeContext({ orderableCashKrw: 1_000_000 }));

      expect(result.approved.map((a) => a.order.symbol)).toEqual(["000660"]);
    });
  });

  it("honours custom limits", () => {
    const limits = parseRiskLimits({ maxOrderNotionalKrw: 500_000 });

    const result = run([makeAction()], makeContext(), SESSION_MS, limits);

    expect(codes(result)).toEqual(["MAX_ORDER_NOTIONAL"]);
  });

  it("uses an injected trading calendar", () => {
    const result = run([makeAction()], makeContext({ isTradingDay: () => false }));

    expect(codes(result)).toEqual(["MARKET_CLOSED"]);
  });

  it("is pure: the same inputs give the same result and the context is untouched", () => {
    const context = makeContext();
    const snapshot = structuredClone({ ...context, isTradingDay: undefined });

    const first = run([makeAction(), makeAction({ side: "sell", quantity: 3 })], context);
    const second = run([makeAction(), makeAction({ side: "sell", quantity: 3 })], context);

    expect(second).toEqual(first);
    expect({ ...context, isTradingDay: undefined }).toEqual(snapshot);
  });
});
