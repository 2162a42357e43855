import { describe, expect, it } from "vitest";
import { offlineDecision } from "../../llm/offline-policy.js";
import type { PlanBounds } from "../../risk/plan-bounds.js";
import { makeAccount, makeHolding, makeMarket, makeSymbol } from "../builders/trading.js";

const wide = (symbols: string[]): PlanBounds => ({
  allowedActions: ["buy", "sell"],
  maxQuantity: Object.fromEntries(symbols.map((s) => [s, { buy: 1_000_000, sell: 1_000_000 }])),
});

describe("offlineDecision", () => {
  it("buys a rising symbol on 1.5× volume, sized to 10 % of assets, with a −7 % invalidation", () => {
    const market = makeMarket([makeSymbol({ volumeRatio: 2 })]);
    const decision = offlineDecision({ account: makeAccount(), market, bounds: wide(["005930"]), profitTaken: [] });
    expect(decision.actions).toEqual([
      expect.objectContaining({ side: "buy", symbol: "005930", quantity: 142, limitPriceKrw: 70_000, invalidationPriceKrw: 65_100 }),
    ]);
  });

  it.each([
    ["volume below 1.5×", { volumeRatio: 1.4 }],
    ["price below MA5", { ma5: 71_000 }],
    ["MA5 below MA20", { ma5: 69_000, ma20: 69_500 }],
    ["RSI above 70", { rsi14: 75 }],
    ["down on the day", { changeRate: -0.5 }],
    ["chasing towards the limit", { changeRate: 16 }],
    ["already held", { held: true }],
    [
      "weak live buy power",
      {
        live: {
          priceKrw: 70_000,
          ma5: null,
          rsi14: 50,
          stochK: null,
          stochD: null,
          volRatio: null,
          zVol: null,
          buyPower: 90,
          spreadKrw: 100,
          bidAskImbalance: 0,
          ageMs: 0,
          stale: false,
        },
      },
    ],
    [
      "stale live prices",
      {
        live: {
          priceKrw: 70_000,
          ma5: null,
          rsi14: 50,
          stochK: null,
          stochD: null,
          volRatio: null,
          zVol: null,
          buyPower: 120,
          spreadKrw: 100,
          bidAskImbalance: 0,
          ageMs: 60_000,
          stale: true,
        },
      },
    ],
  ])("does not enter when %s", (_label, overrides) => {
    const market = makeMarket([makeSymbol({ volumeRatio: 2, ...overrides })]);
    expect(offlineDecision({ account: makeAccount(), market, bounds: wide(["005930"]), profitTaken: [] }).actions).toEqual([]);
  });

  it("never exceeds the per-symbol bound or enters more than three symbols, best volume first", () => {
    const codes = ["000001", "000002", "000003", "000004"];
    const market = makeMarket(codes.map((symbol, i) => makeSymbol({ symbol, volumeRatio: 2 + i })));
    const bounds = wide(codes);
    bounds.maxQuantity["000004"] = { buy: 5, sell: 0 };
    const actions = offlineDecision({ account: makeAccount(), market, bounds, profitTaken: [] }).actions;
    expect(actions.map((a) => [a.symbol, a.quantity])).toEqual([
      ["000004", 5],
      ["000003", 142],
      ["000002", 142],
    ]);
  });

  it("sells everything at the −7 % stop and half at +15 %, once per position", () => {
    const account = makeAccount({
      holdings: [
        makeHolding({ symbol: "000660", quantity: 10, sellableQuantity: 10, unrealizedPnlRate: -7.5 }),
        makeHolding({ symbol: "005380", quantity: 9, sellableQuantity: 9, unrealizedPnlRate: 16 }),
        makeHolding({ symbol: "035420", quantity: 8, sellableQuantity: 8, unrealizedPnlRate: 20 }),
      ],
    });
    const decision = offlineDecision({
      account,
      market: makeMarket([]),
      bounds: wide(["000660", "005380", "035420"]),
      profitTaken: ["035420"],
    });
    expect(decision.actions.map((a) => [a.side, a.symbol, a.quantity])).toEqual([
      ["sell", "000660", 10],
      ["sell", "005380", 4],
    ]);
  });

  it("proposes no buys when buying is not an allowed action", () => {
    const market = makeMarket([makeSymbol({ volumeRatio: 3 })]);
    const bounds: PlanBounds = { allowedActions: ["sell"], maxQuantity: { "005930": { buy: 100, sell: 0 } } };
    expect(offlineDecision({ account: makeAccount(), market, bounds, profitTaken: [] }).actions).toEqual([]);
  });
});
