/** Builders for risk tests: a fresh quote, a funded account during the regular session. */
import { fromKst } from "../../core/clock.js";
import type { Holding, Quote } from "../../core/types.js";
import type { PlannedAction } from "../../risk/plan.js";
import type { RiskContext } from "../../risk/risk-context.js";

/** Wednesday 2026-03-04 10:00 KST: a trading day, continuous session. */
export const SESSION_MS = fromKst("20260304", "100000");

export function makeQuote(overrides: Partial<Quote> = {}): Quote {
  return {
    symbol: "005930",
    name: "Samsung",
    priceKrw: 70_000,
    changeKrw: 0,
    changeRate: 0,
    openKrw: 70_000,
    highKrw: 70_500,
    lowKrw: 69_500,
    volume: 1_000_000,
    tradeValueKrw: 70_000_000_000,
    basePriceKrw: 70_000,
    upperLimitKrw: 91_000,
    lowerLimitKrw: 49_000,
    tickSizeKrw: 100,
    lotSize: 1,
    halted: false,
    receivedAtMs: SESSION_MS - 1_000,
    ...overrides,
  };
}

export function makeHolding(overrides: Partial<Holding> = {}): Holding {
  return {
    symbol: "005930",
    name: "Samsung",
    quantity: 10,
    sellableQuantity: 10,
    averagePriceKrw: 65_000,
    purchaseAmountKrw: 650_000,
    currentPriceKrw: 70_000,
    evaluationAmountKrw: 700_000,
    unrealizedPnlKrw: 50_000,
    unrealizedPnlRate: 7.69,
    ...overrides,
  };
}

export function makeContext(overrides: Partial<RiskContext> = {}): RiskContext {
  return {
    tradingState: "ACTIVE",
    quotes: {
      "005930": makeQuote(),
      "000660": makeQuote({
        symbol: "000660",
        name: "SK hynix",
        priceKrw: 200_000,
        basePriceKrw: 200_000,
        upperLimitKrw: 260_000,
        lowerLimitKrw: 140_000,
      }),
    },
    holdings: [makeHolding()],
    orderableCashKrw: 10_000_000,
    totalAssetsKrw: 20_000_000,
    pendingOrders: [],
    ordersPlacedToday: 0,
    realizedPnlTodayKrw: 0,
    unrealizedPnlKrw: 0,
    consecutiveLosses: 0,
    ...overrides,
  };
}

export function makeAction(overrides: Partial<PlannedAction> = {}): PlannedAction {
  return { side: "buy", symbol: "005930", quantity: 10, limitPriceKrw: 70_000, reason: "test", invalidationPriceKrw: 66_000, ...overrides };
}
