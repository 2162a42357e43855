/**
 * The investigation loop's nodes with fakes: the budget (rounds, tool calls, tokens, wall clock),
 * the ToolNode's answers (a KIS error, a spent budget, a repeat from the cache) and the ledger.
 */
import { AIMessage, HumanMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../core/clock.js";
import type { InvestigationSettings } from "../../../core/config.js";
import type { Investigator } from "../../../llm/investigator.js";
import { budgetCut, freshInvestigation } from "../../../nodes/investigation/budget.js";
import { createInvestigate, routeAfterInvestigate, type InvestigationState } from "../../../nodes/investigation/investigate.js";
import { InvestigationToolNode, type ToolCallRecord } from "../../../nodes/investigation/tool-node.js";
import type { RunContext } from "../../../nodes/run-context.js";
import { createInvestigationTools, createReadTools } from "../../../tools/toolset.js";
import { createLedgerTools } from "../../../tools/ledger-toolset.js";
import { FakeBroker } from "../../fakes/fake-broker.js";
import { FakeMarketData, fakeQuote } from "../../fakes/fake-market-data.js";
import { memoryRunContext } from "../../fakes/memory-run-context.js";

const BUDGET: InvestigationSettings = { maxRounds: 4, maxToolCalls: 12, maxInputTokens: 9_000, timeoutMs: 90_000, onBudget: "decide" };
const llmCall = (inputTokens: number) => ({
  model: "m",
  promptText: "p",
  responseText: "r",
  inputTokens,
  outputTokens: 1,
  costUsd: 0,
  latencyMs: 1,
  ok: true,
});
const quoteCall = (id: string, symbol = "005930") => ({ id, name: "get_quote", args: { symbol }, type: "tool_call" as const });

function scripted(turns: AIMessage[], inputTokens = 100): Investigator<InvestigationState> & { seen: BaseMessage[][] } {
  const seen: BaseMessage[][] = [];
  let i = 0;
  return {
    provider: "openai",
    seen,
    next: async (messages) => {
      seen.push(messages);
      return { message: turns[Math.min(i++, turns.length - 1)] as AIMessage, call: llmCall(inputTokens) };
    },
  };
}

/** The run's stored turns; fresh for each test. */
let context: RunContext;
beforeEach(() => {
  context = memoryRunContext();
});

/** A loop state whose transcript so far is `messages`, stored as one turn. */
function state(overrides: Partial<InvestigationState> & { messages?: BaseMessage[] } = {}): InvestigationState {
  const { messages = [], ...rest } = overrides;
  const transcript = messages.length > 0 ? [context.saveTurn({ runId: "run-1", transcript: [] }, messages).ref] : [];
  return { runId: "run-1", transcript, investigation: null, ...rest };
}

/** The messages a node's update added, read back from the stored turns. */
const added = (update: { transcript?: string[] }) => context.transcript({ runId: "run-1", transcript: update.transcript ?? [] });

describe("investigation budget", () => {
  it.each([
    ["rounds", { rounds: 4 }, /4 of 4 model rounds/],
    ["tool calls", { toolCalls: 12 }, /12 of 12 tool calls/],
    ["input tokens", { inputTokens: 9_000 }, /9000 of 9000 input tokens/],
  ])("is spent by %s", (_label, spent, reason) => {
    expect(budgetCut({ ...freshInvestigation(0), ...spent }, BUDGET, 1)).toMatch(reason);
  });

  it("is spent by wall-clock time and not before", () => {
    expect(budgetCut(freshInvestigation(0), BUDGET, 89_999)).toBeNull();
    expect(budgetCut(freshInvestigation(0), BUDGET, 90_000)).toMatch(/90000 of 90000 ms/);
  });
});

describe("investigate", () => {
  const deps = (investigator: Investigator<InvestigationState>, recorded: unknown[], now = () => 0) => ({
    investigator,
    budget: BUDGET,
    llmCalls: { record: (c: unknown) => recorded.push(c) },
    now,
    brief: () => [new HumanMessage("brief")],
    promptVersion: () => 3,
    afterCut: "plan decides",
    context,
  });

  it("opens with the brief, records the model call and routes to tools while the model asks for them", async () => {
    const recorded: unknown[] = [];
    const model = scripted([new AIMessage({ content: "", tool_calls: [quoteCall("a")] })]);
    const update = await createInvestigate(deps(model, recorded))(state());
    expect(model.seen[0]?.map((m) => m.getType())).toEqual(["human"]);
    expect(update.transcript).toEqual(["transcript:0"]);
    expect(added(update).map((m) => m.getType())).toEqual(["human", "ai"]);
    expect(update.investigation).toMatchObject({ rounds: 1, inputTokens: 100, done: false, cut: null });
    expect(recorded).toEqual([expect.objectContaining({ runId: "run-1", node: "investigate", promptVersion: 3 })]);
    expect(routeAfterInvestigate("plan")({ ...state(), investigation: update.investigation ?? null })).toBe("tools");
  });

  it("ends when the model answers without tool calls; its text is only a message", async () => {
    const model = scripted([new AIMessage("005930 1000주 매수 주문을 넣으세요")]);
    const update = await createInvestigate(deps(model, []))(state());
    expect(update.investigation).toMatchObject({ done: true, cut: null });
    expect(routeAfterInvestigate("plan")({ ...state(), investigation: update.investigation ?? null })).toBe("plan");
  });

  it("is off with INVESTIGATION_MAX_ROUNDS=0: no model call, straight on", async () => {
    const model = scripted([new AIMessage("x")]);
    const update = await createInvestigate({ ...deps(model, []), budget: { ...BUDGET, maxRounds: 0 } })(state());
    expect(model.seen).toHaveLength(0);
    expect(update).toEqual({ investigation: expect.objectContaining({ rounds: 0, done: true, cut: null }) as unknown });
  });

  it("does not call the model once the wall clock is spent, and says so in an alert", async () => {
    const model = scripted([new AIMessage("x")]);
    const spent = { ...freshInvestigation(0), rounds: 1 };
    const update = await createInvestigate(deps(model, [], () => 90_000))(
      state({ investigation: spent, messages: [new HumanMessage("brief")] }),
    );
    expect(model.seen).toHaveLength(0);
    expect(update.investigation).toMatchObject({ done: true, cut: expect.stringMatching(/ms used/) as string });
    expect(update.alerts).toMatch(/investigate: budget spent .*plan decides/);
  });
});

describe("investigation tools", () => {
  function toolNode(market = new FakeMarketData()) {
    market.quotes.set("005930", fakeQuote("005930", 70_000));
    const calls: ToolCallRecord[] = [];
    const node = new InvestigationToolNode<InvestigationState>({
      tools: createReadTools({ market, broker: new FakeBroker(new ManualClock(0)) }),
      budget: { ...BUDGET, maxToolCalls: 3 },
      ledger: { record: (c) => calls.push(c) },
      universe: () => new Set(["005930", "000660"]),
      context,
    });
    return { node, calls, market };
  }
  const asking = (...toolCalls: ReturnType<typeof quoteCall>[]) => [
    new HumanMessage("brief"),
    new AIMessage({ content: "", tool_calls: toolCalls }),
  ];

  it("answers a KIS error as a tool message with its code, and records it", async () => {
    const { node, calls, market } = toolNode();
    market.failing.add("getQuote");
    const out = (await node.invoke(state({ messages: asking(quoteCall("a")), investigation: freshInvestigation(0) }))) as {
      transcript: string[];
    };
    expect(out.transcript).toEqual(["transcript:1"]);
    const messages = added(out) as ToolMessage[];
    expect(messages[0]).toMatchObject({ status: "error", tool_call_id: "a" });
    expect(String(messages[0]?.content)).toMatch(/BROKER_UNAVAILABLE: getQuote is down/);
    expect(calls).toEqual([
      expect.objectContaining({ tool: "get_quote", error: expect.stringMatching(/BROKER_UNAVAILABLE/) as string, cached: false }),
    ]);
  });

  it("runs parallel calls up to the budget, refuses the rest, and answers a repeat from the run's cache", async () => {
    const { node, calls, market } = toolNode();
    const asked = asking(quoteCall("a"), quoteCall("b"), quoteCall("c", "000660"), quoteCall("d"));
    const out = (await node.invoke(state({ messages: asked, investigation: freshInvestigation(0) }))) as {
      transcript: string[];
      investigation: { toolCalls: number };
    };
    const answers = added(out) as ToolMessage[];
    expect(answers.map((m) => m.tool_call_id)).toEqual(["a", "b", "c", "d"]);
    expect(answers[3]).toMatchObject({ status: "error" });
    expect(String(answers[3]?.content)).toMatch(/budget of 3 tool calls is spent/);
    expect(out.investigation.toolCalls).toBe(3);
    expect(calls.filter((c) => c.tool === "get_quote" && c.cached)).toHaveLength(1);
    expect(market.calls.filter((c) => c.method === "getQuote" && c.symbol === "005930")).toHaveLength(1);
  });
});

describe("the tools the model is bound to", () => {
  it("only read: none of them can place, change or cancel an order", () => {
    const ledger = {
      trades: { listBetween: () => [] },
      intents: { findByKey: () => undefined },
      runs: { get: () => undefined },
      llmCalls: { listByRun: () => [] },
      riskEvents: { listByRun: () => [] },
      toolCalls: { listByRun: () => [] },
      promptVersions: { list: () => [], usageByVersion: () => new Map() },
    };
    const deps = { market: new FakeMarketData(), broker: new FakeBroker(new ManualClock(0)) };
    const names = [...createReadTools(deps), ...createInvestigationTools(deps), ...createLedgerTools(ledger)].map((t) => t.name);
    expect(names.filter((n) => /place|cancel|modify|amend|submit|revise/i.test(n))).toEqual([]);
    expect(names.every((n) => n.startsWith("get_"))).toBe(true);
  });
});
