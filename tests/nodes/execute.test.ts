import { describe, expect, it } from "vitest";
import { ManualClock, fromKst } from "../../core/clock.js";
import type { OrderIntent } from "../../db/intents-repo.js";
import type { RouteOrder, RunRef } from "../../execution/order-router.js";
import { createExecute } from "../../nodes/execute.js";
import type { RiskLedger } from "../../nodes/risk-inputs.js";
import { createStaticPromptStore, readCoreDecisionPrompt } from "../../prompts/prompt-store.js";
import { DEFAULT_RISK_LIMITS } from "../../risk/limits.js";
import type { ApprovedOrder } from "../../risk/risk-result.js";
import type { TradingStateValue } from "../../state/trading-state.js";
import { FakeBroker } from "../fakes/fake-broker.js";
import { FakeMarketData, fakeQuote } from "../fakes/fake-market-data.js";
import { memoryRunContext } from "../fakes/memory-run-context.js";

const NOW = fromKst("20261123", "100000");
const ledger: RiskLedger = {
  ordersPlacedToday: () => 0,
  realizedPnlTodayKrw: () => 0,
  consecutiveLosses: () => 0,
  unsettledOrders: () => [],
};

function approvedBuy(quantity: number): ApprovedOrder {
  const action = { side: "buy" as const, symbol: "005930", quantity, limitPriceKrw: 70_000, reason: "r" };
  return {
    action,
    order: { symbol: "005930", side: "buy", quantity, type: "limit", limitPriceKrw: 70_000 },
    notionalKrw: quantity * 70_000,
    adjustments: [],
  };
}

function setup(options: { halted?: boolean; cashKrw?: number; own?: OrderIntent[] } = {}) {
  const clock = new ManualClock(NOW);
  const broker = new FakeBroker(clock);
  const cash = options.cashKrw ?? 10_000_000;
  broker.balance = { holdings: [], summary: { ...broker.balance.summary, cashKrw: cash, totalValueKrw: 10_000_000 } };
  const market = new FakeMarketData();
  market.quotes.set("005930", fakeQuote("005930", 70_000, { receivedAtMs: NOW }));
  const submitted: RouteOrder[] = [];
  const execute = createExecute({
    router: {
      async submit(_run: RunRef, orders: readonly RouteOrder[]) {
        submitted.push(...orders);
        return orders.map((_o, i) => ({ intentKey: `k${i}`, status: "ACKED" as const, sent: true, orderNo: `${i}` }));
      },
    },
    recheck: {
      broker: {
        getBalance: () => broker.getBalance(),
        getOpenOrders: () => broker.getOpenOrders(),
        getBuyingPower: (s, p, t) => broker.getBuyingPower(s, p, t),
        getQuote: (s) => market.getQuote(s),
      },
      tradingState: { get: () => ({ state: options.halted ? "HALTED" : "ACTIVE" }) },
      ledger,
      limits: DEFAULT_RISK_LIMITS,
      clock,
      prompts: createStaticPromptStore(readCoreDecisionPrompt()),
      referenceSymbol: "005930",
      ownIntents: () => options.own ?? [],
    },
    context: memoryRunContext(),
  });
  return { execute, submitted };
}

const stateWith = (approved: ApprovedOrder[]) =>
  ({
    runId: "r1",
    promptVersion: 1,
    risk: { approved, denied: [], events: [] },
    approval: { required: true, decision: "approved", note: "" },
    alerts: [],
  }) as unknown as TradingStateValue;

describe("execute", () => {
  it("sends nothing when trading was halted after the approval, and records why", async () => {
    const { execute, submitted } = setup({ halted: true });
    const update = await execute(stateWith([approvedBuy(10)]));
    expect(submitted).toEqual([]);
    expect(update.executions).toEqual([]);
    expect(update.risk?.events.map((e) => e.code)).toEqual(["SEND_RECHECK_DROPPED"]);
  });

  it("sends the reduced quantity when the cash left at the send buys fewer shares (500,000 KRW → 7 at 70,000)", async () => {
    const { execute, submitted } = setup({ cashKrw: 500_000 });
    const update = await execute(stateWith([approvedBuy(10)]));
    expect(submitted.map((o) => o.order.quantity)).toEqual([7]);
    expect(update.executions?.map((e) => e.quantity)).toEqual([7]);
    expect(update.risk?.events.map((e) => [e.code, e.adjustedOrder?.quantity])).toEqual([["SEND_RECHECK_REDUCED", 7]]);
  });

  it("hands an order this run already routed to the router as routed, without re-checking or resizing it", async () => {
    const routed: OrderIntent = {
      intentKey: "k",
      runId: "r1",
      symbol: "005930",
      side: "buy",
      quantity: 7,
      type: "limit",
      limitPriceKrw: 70_000,
      status: "ACKED",
      orderNo: "1",
      filledQuantity: 0,
      createdAtMs: NOW,
      updatedAtMs: NOW,
    };
    const { execute, submitted } = setup({ halted: true, own: [routed] });
    const update = await execute(stateWith([approvedBuy(10)]));
    expect(submitted.map((o) => o.order)).toEqual([{ symbol: "005930", side: "buy", quantity: 7, type: "limit", limitPriceKrw: 70_000 }]);
    expect(update.risk).toBeUndefined();
  });
});
