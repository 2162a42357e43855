import { AIMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import type { Planner, PlannerResult } from "../../llm/planner.js";
import { offlinePlanner } from "../../llm/planner.js";
import { createPlan, type LlmCallSink } from "../../nodes/plan.js";
import type { Decision } from "../../state/decision.js";
import { createStaticPromptStore } from "../../prompts/prompt-store.js";
import { DEFAULT_RISK_LIMITS } from "../../risk/limits.js";
import type { TradingStateValue } from "../../state/trading-state.js";
import type { AccountSnapshot } from "../../state/account-snapshot.js";
import type { MarketContext } from "../../state/market-context.js";
import { makeAccount, makeMarket, makeSymbol } from "../builders/trading.js";
import { memoryRunContext, storedContext } from "../fakes/memory-run-context.js";

const call = {
  model: "gpt-4o-mini",
  promptText: "p",
  responseText: "r",
  inputTokens: 10,
  outputTokens: 5,
  costUsd: 0.001,
  latencyMs: 3,
  ok: true,
};

function scripted(result: PlannerResult): Planner & { calls: number } {
  const planner = {
    provider: "openai" as const,
    model: "gpt-4o-mini",
    calls: 0,
    plan: async () => {
      planner.calls++;
      return result;
    },
  };
  return planner;
}

/** The run's stored inputs; the state names them by reference. */
interface Inputs {
  account?: AccountSnapshot;
  market?: MarketContext;
  messages?: BaseMessage[];
}

function run(planner: Planner, overrides: Partial<TradingStateValue> & Inputs = {}, onBudget: "decide" | "no-trade" = "decide") {
  const recorded: Parameters<LlmCallSink["record"]>[0][] = [];
  const context = memoryRunContext();
  const { account = makeAccount(), market = makeMarket([makeSymbol({ volumeRatio: 2 })]), messages = [], ...rest } = overrides;
  const refs = storedContext(context, "run-1", { account, market });
  const transcript = messages.length > 0 ? [context.saveTurn({ runId: "run-1", transcript: [] }, messages).ref] : [];
  const node = createPlan({
    planner,
    prompts: createStaticPromptStore(),
    limits: DEFAULT_RISK_LIMITS,
    llmCalls: { record: (c) => recorded.push(c) },
    clock: new ManualClock(0),
    onBudget,
    context,
  });
  const state = {
    ...refs,
    promptVersion: 1,
    tradingState: "ACTIVE",
    transcript,
    investigation: null,
    ...rest,
  } as TradingStateValue;
  return node(state).then((update) => ({ update, recorded }));
}

const decision = (actions: Decision["actions"]): Decision => ({ actions, justification: "j", riskAssessment: "r" });
const buy = (quantity: number, limitPriceKrw: number | null = 70_000) => ({
  side: "buy" as const,
  symbol: "005930",
  quantity,
  limitPriceKrw,
  reason: "r",
  invalidationPriceKrw: null,
});

describe("plan", () => {
  it("passes a plan within its bounds and records the model call with run and prompt version", async () => {
    const { update, recorded } = await run(scripted({ ok: true, decision: decision([buy(10)]), calls: [call] }));
    expect(update.planError).toBeNull();
    expect(update.decision?.actions).toHaveLength(1);
    expect(recorded).toEqual([
      expect.objectContaining({ runId: "run-1", node: "plan", provider: "openai", promptVersion: 1, inputTokens: 10 }),
    ]);
  });

  it("turns invalid model output into no trade, an alert and a recorded reason", async () => {
    const { update, recorded } = await run(
      scripted({ ok: false, reason: "model answer is not valid JSON: …", calls: [{ ...call, ok: false }] }),
    );
    expect(update.decision).toBeNull();
    expect(update.planError).toMatch(/not valid JSON/);
    expect(update.alerts).toMatch(/no trade/);
    expect(recorded).toHaveLength(1);
  });

  it.each([
    ["an absurd quantity", [buy(1_000_000)], /exceeds the bound/],
    ["a price outside the band", [buy(1, 500_000)], /outside today's band/],
    ["an unknown symbol", [{ ...buy(1), symbol: "123456" }], /not in this run's universe/],
    ["a sell of nothing held", [{ ...buy(1), side: "sell" as const }], /exceeds the bound 0/],
  ])("rejects the whole plan for %s", async (_label, actions, reason) => {
    const { update } = await run(scripted({ ok: true, decision: decision(actions), calls: [call] }));
    expect(update.decision).toBeNull();
    expect(update.planError).toMatch(reason);
  });

  it("bounds buys by weight, cash and order notional", async () => {
    // 10 % of 100M is 10M but the order notional limit is 5M: 71 shares at 70,000.
    const { update } = await run(scripted({ ok: true, decision: decision([buy(72)]), calls: [call] }));
    expect(update.planError).toMatch(/exceeds the bound 71/);
  });

  it("does not call the model while trading is halted or the market is closed", async () => {
    const planner = scripted({ ok: true, decision: decision([buy(1)]), calls: [call] });
    const halted = await run(planner, { tradingState: "HALTED" });
    const closed = await run(planner, { market: makeMarket([makeSymbol()], { phase: "CLOSED" }) });
    expect(planner.calls).toBe(0);
    expect(halted.update.decision?.actions).toEqual([]);
    expect(closed.update.decision?.actions).toEqual([]);
  });

  it("allows only sells in REDUCE_ONLY", async () => {
    const { update } = await run(scripted({ ok: true, decision: decision([buy(1)]), calls: [call] }), { tradingState: "REDUCE_ONLY" });
    expect(update.planError).toMatch(/buy is not an allowed action/);
  });

  it("plans offline with the rules policy inside the same bounds", async () => {
    const { update, recorded } = await run(offlinePlanner);
    expect(update.decision?.actions).toEqual([expect.objectContaining({ side: "buy", symbol: "005930", quantity: 71 })]);
    expect(recorded).toEqual([]);
  });

  describe("after an investigation", () => {
    const investigated = {
      messages: [
        new AIMessage({ content: "", tool_calls: [{ id: "c1", name: "get_minute_bars", args: { symbol: "005930" }, type: "tool_call" }] }),
        new ToolMessage({ content: '{"symbol":"005930","bars":"rising"}', tool_call_id: "c1", name: "get_minute_bars" }),
      ],
    };
    const cutState = {
      ...investigated,
      investigation: { rounds: 4, toolCalls: 1, inputTokens: 900, startedAtMs: 0, cut: "4 of 4 model rounds used", done: true },
    };

    function capturing(): Planner & { inputs: Parameters<Planner["plan"]>[0][] } {
      const planner = {
        provider: "openai" as const,
        model: "gpt-4o-mini",
        inputs: [] as Parameters<Planner["plan"]>[0][],
        plan: async (input: Parameters<Planner["plan"]>[0]) => {
          planner.inputs.push(input);
          return { ok: true as const, decision: decision([]), calls: [call] };
        },
      };
      return planner;
    }

    it("gives the planner each tool call with its answer as fenced evidence", async () => {
      const planner = capturing();
      await run(planner, investigated);
      expect(planner.inputs[0]?.evidence).toMatch(
        /## 조사 결과[\s\S]*get_minute_bars \{"symbol":"005930"\} → \{"symbol":"005930","bars":"rising"\}/,
      );
    });

    it("decides with the evidence gathered when the loop was cut and INVESTIGATION_ON_BUDGET=decide", async () => {
      const planner = capturing();
      const { update } = await run(planner, cutState, "decide");
      expect(planner.inputs).toHaveLength(1);
      expect(planner.inputs[0]?.evidence).toContain("4 of 4 model rounds used");
      expect(update.planError).toBeNull();
    });

    it("makes no trade and raises an alert when the loop was cut and INVESTIGATION_ON_BUDGET=no-trade", async () => {
      const planner = capturing();
      const { update, recorded } = await run(planner, cutState, "no-trade");
      expect(planner.inputs).toHaveLength(0);
      expect(recorded).toEqual([]);
      expect(update.decision).toBeNull();
      expect(update.planError).toMatch(/cut at its budget \(4 of 4 model rounds used\)/);
      expect(update.alerts).toMatch(/plan: no trade/);
    });
  });
});
