import { describe, expect, it } from "vitest";
import { ManualClock, fromKst } from "../../core/clock.js";
import { createRiskCheck, type RiskLedger } from "../../nodes/risk-check.js";
import { DEFAULT_RISK_LIMITS } from "../../risk/limits.js";
import type { TradingStateValue } from "../../state/trading-state.js";
import { readCoreDecisionPrompt, createStaticPromptStore } from "../../prompts/prompt-store.js";
import { renderRulesSection } from "../../prompts/rules-section.js";
import type { LearnedRule } from "../../rules/rule-schema.js";
import { parsePrompt, renderPrompt, replaceSection } from "../../prompts/sections.js";
import { makeAccount, makeMarket, makeSymbol } from "../builders/trading.js";
import { FakeMarketData, fakeQuote } from "../fakes/fake-market-data.js";
import { memoryRunContext, storedContext } from "../fakes/memory-run-context.js";

const NOW = fromKst("20261123", "100000");
const ledger = (overrides: Partial<RiskLedger> = {}): RiskLedger => ({
  ordersPlacedToday: () => 0,
  realizedPnlTodayKrw: () => 0,
  consecutiveLosses: () => 0,
  unsettledOrders: () => [],
  ...overrides,
});
const buy = (symbol: string, quantity: number, limitPriceKrw: number | null) => ({
  side: "buy" as const,
  symbol,
  quantity,
  limitPriceKrw,
  reason: "r",
  invalidationPriceKrw: null,
});

const BLOCK_HIGH_RSI: LearnedRule = {
  id: "R2.1",
  category: "entry_criteria",
  text: "RSI 70 이상에서는 신규 매수하지 않습니다.",
  condition: "rsi14 >= 70",
  action: "block_entry",
  priority: 7,
  rationale: "과열 구간 진입 손실",
  evidence: { support: 5, wins: 1, losses: 4, totalPnlKrw: -500_000, tradeIds: [1, 2, 3, 4, 5] },
};
const promptWith = (rules: LearnedRule[]) =>
  renderPrompt(replaceSection(parsePrompt(readCoreDecisionPrompt()), "rules", renderRulesSection(rules)));

function run(actions: ReturnType<typeof buy>[], l: RiskLedger = ledger(), promptText = readCoreDecisionPrompt()) {
  const market = new FakeMarketData();
  market.quotes.set("005930", fakeQuote("005930", 70_000, { receivedAtMs: NOW }));
  const context = memoryRunContext();
  const node = createRiskCheck({
    market,
    limits: DEFAULT_RISK_LIMITS,
    ledger: l,
    clock: new ManualClock(NOW),
    prompts: createStaticPromptStore(promptText),
    context,
  });
  const state = {
    ...storedContext(context, "r1", { account: makeAccount(), market: makeMarket([makeSymbol({ rsi14: 75 })]) }),
    promptVersion: 1,
    tradingState: "ACTIVE",
    decision: { actions, justification: "j", riskAssessment: "r" },
  } as TradingStateValue;
  return node(state);
}

describe("riskCheck", () => {
  it("approves an in-limit buy with a fresh quote, rounding its price onto the grid", async () => {
    const { risk } = await run([buy("005930", 10, 70_050)]);
    expect(risk?.approved.map((a) => a.order)).toEqual([
      { symbol: "005930", side: "buy", quantity: 10, type: "limit", limitPriceKrw: 70_000 },
    ]);
    expect(risk?.events.map((e) => e.code)).toEqual(["TICK_ROUNDED"]);
  });

  it("denies a symbol it cannot price, and says why", async () => {
    const update = await run([buy("000660", 1, 180_000)]);
    expect(update.risk?.approved).toEqual([]);
    expect(update.risk?.denied[0]?.denials.map((d) => d.code)).toContain("UNKNOWN_SYMBOL");
    expect(update.alerts).toEqual([expect.stringMatching(/no quote for 000660/)]);
  });

  it("denies a buy that a learned rule of the run's prompt version blocks, and records why", async () => {
    const { risk } = await run([buy("005930", 1, 70_000)], ledger(), promptWith([BLOCK_HIGH_RSI]));
    expect(risk?.approved).toEqual([]);
    expect(risk?.events).toEqual([
      expect.objectContaining({ code: "LEARNED_RULE", reason: expect.stringContaining("R2.1 (rsi14 >= 70)") }),
    ]);
  });

  it("denies a second order on a symbol and side that is still unsettled", async () => {
    const { risk } = await run([buy("005930", 1, 70_000)], ledger({ unsettledOrders: () => [{ symbol: "005930", side: "buy" }] }));
    expect(risk?.denied[0]?.denials.map((d) => d.code)).toContain("DUPLICATE_PENDING_ORDER");
  });
});
