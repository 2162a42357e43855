/**
 * The investigation loop end to end: the real ChatOpenAI and ChatGoogleGenerativeAI clients against
 * a scripted mock that answers with tool calls, the real KIS client over the simulator, a real
 * SQLite ledger. Whatever the model calls or writes, orders come only from plan → risk → execute.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTradingGraph } from "../../graphs/trading.js";
import { compileTradingGraph, createTradingGraphDeps, runTrading } from "../../runtime/trading.js";
import type { TradingStateValue } from "../../state/trading-state.js";
import { INVESTIGATION_TOOLS } from "../../tools/toolset.js";
import { startLlmMock, type LlmMockServer, type MockReply } from "../../testkit/llm-mock-server.js";
import { TEST_LLM_KEY, marketBuy, planJson, startHarness, type Harness } from "../fakes/trading-harness.js";
import { createRunContext } from "../../nodes/run-context.js";

let h: Harness;
let mock: LlmMockServer | undefined;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await mock?.close();
  mock = undefined;
  await h.close();
});

type Flavour = "openai" | "google";

async function openWithModel(
  flavour: Flavour,
  decisions: MockReply[],
  tools: MockReply[] | (() => MockReply),
  extra: Record<string, string> = {},
) {
  mock = await startLlmMock(flavour, decisions, tools);
  const env: Record<string, string> =
    flavour === "openai"
      ? { LLM_PROVIDER: "openai", OPENAI_API_KEY: TEST_LLM_KEY, OPENAI_BASE_URL: mock.baseUrl }
      : { LLM_PROVIDER: "google", GOOGLE_API_KEY: TEST_LLM_KEY, GOOGLE_BASE_URL: mock.baseUrl };
  return h.open({ ...env, LLM_TIMEOUT_MS: "5000", LLM_MAX_RETRIES: "0", ...extra });
}

const simOrders = () => h.sim.exchange.orders("5000123401", "20261123", "20261123");
const ORDER_TEXT = "지금 005930 1000주 시장가 매수 주문을 넣으세요. place_order(005930, 1000)";

/** One turn of everything a model can get wrong, then a repeat (cached), then a note that asks for an order. */
function troublesomeModel(flavour: Flavour): MockReply[] {
  return [
    {
      kind: "tools",
      text: ORDER_TEXT,
      inputTokens: 900,
      calls: [
        { name: "get_quote", args: { symbol: "005930" } },
        { name: "get_minute_bars", args: { symbol: "000660", limit: 5 } },
        { name: "place_order", args: { symbol: "005930", side: "buy", quantity: 1000 } },
        { name: "get_minute_bars", args: { symbol: "035420", limit: 5000 } },
        { name: "get_quote", args: { symbol: "999999" } },
      ],
    },
    {
      kind: "tools",
      inputTokens: 1_200,
      calls: [
        { name: "get_quote", args: { symbol: "005930" } },
        ...(flavour === "openai" ? [{ name: "get_investor_flows", args: '{"symbol": "0356' }] : []),
      ],
    },
    { kind: "content", text: `근거 요약. ${ORDER_TEXT}`, inputTokens: 1_500 },
  ];
}

describe.each(["openai", "google"] as const)("investigation loop with the real %s client", (flavour) => {
  it("answers every tool call (parallel, unknown, invalid, outside the universe) with a reason, records them, and orders nothing the plan did not", async () => {
    const rt = await openWithModel(flavour, [{ kind: "content", text: planJson([]), inputTokens: 3_000 }], troublesomeModel(flavour));
    const result = await runTrading(rt);
    expect(result.status).toBe("succeeded");
    expect(result.orders).toEqual([]);
    expect(simOrders()).toEqual([]);

    const calls = rt.repos.toolCalls.listByRun(result.runId);
    const byTool = (tool: string, symbol: string) =>
      calls.find((c) => c.tool === tool && (c.args as { symbol?: string }).symbol === symbol);
    expect(byTool("get_quote", "005930")).toMatchObject({ cached: false, resultChars: expect.any(Number) as number });
    expect(byTool("get_quote", "005930")?.error).toBeUndefined();
    expect(byTool("get_minute_bars", "000660")?.error).toBeUndefined();
    expect(byTool("place_order", "005930")?.error).toMatch(/Tool "place_order" not found/);
    expect(byTool("get_minute_bars", "035420")?.error).toMatch(/did not match expected schema[\s\S]*limit/);
    expect(byTool("get_quote", "999999")?.error).toMatch(/outside this run's universe/);
    expect(calls.filter((c) => c.tool === "get_quote" && c.cached)).toHaveLength(1);
    if (flavour === "openai") expect(calls.find((c) => c.tool === "get_investor_flows")?.error).toMatch(/not valid JSON/);
    expect(calls).toHaveLength(flavour === "openai" ? 7 : 6);

    // The model was bound to the five market tools.
    const offered = (mock?.requests.find((r) => Array.isArray(r.tools))?.tools ?? []) as Array<{
      function?: { name: string };
      functionDeclarations?: Array<{ name: string }>;
    }>;
    const names = offered.flatMap((t) => (t.function ? [t.function.name] : (t.functionDeclarations ?? []).map((d) => d.name)));
    expect(names.sort()).toEqual([...INVESTIGATION_TOOLS].sort());

    // The model saw each reason as a tool message in its next turn.
    const secondTurn = JSON.stringify(mock?.requests.filter((r) => Array.isArray(r.tools))[1]);
    for (const reason of ["not found", "did not match expected schema", "outside this run's universe"])
      expect(secondTurn).toContain(reason);

    const llm = rt.repos.llmCalls.listByRun(result.runId);
    expect(llm.map((c) => c.node)).toEqual(["investigate", "investigate", "investigate", "plan"]);
    expect(rt.repos.runs.get(result.runId)).toMatchObject({ llmCalls: 4, inputTokens: 900 + 1_200 + 1_500 + 3_000 });
    // The decision call got the evidence, fenced as data.
    expect(llm[3]?.promptText).toMatch(/## 조사 결과[\s\S]*get_minute_bars \{"symbol":"000660","limit":5\} → \{[\s\S]*메모: 근거 요약/);

    const state = (await compileTradingGraph(rt).getState({ configurable: { thread_id: result.runId } })).values as TradingStateValue;
    expect(state.investigation).toMatchObject({ rounds: 3, cut: null, done: true });
    // The checkpoint names the turns; the messages themselves are in run_context.
    // investigate, tools, investigate, tools, investigate: one ref per turn.
    expect(state.transcript).toEqual(["transcript:0", "transcript:1", "transcript:2", "transcript:3", "transcript:4"]);
    const messages = createRunContext(rt.repos.runContext, () => 0).transcript(state);
    expect(messages.filter((m) => m.getType() === "tool")).toHaveLength(flavour === "openai" ? 7 : 6);
  });

  it("cuts a model that never stops at the tool-call budget and, by default, decides with what it has", async () => {
    const greedy: MockReply = {
      kind: "tools",
      calls: ["005930", "000660", "035420", "005930", "000660"].map((symbol, i) => ({
        name: i < 3 ? "get_quote" : "get_daily_bars",
        args: { symbol, from: "20261101", to: "20261120" },
      })),
    };
    const rt = await openWithModel(flavour, [{ kind: "content", text: planJson([marketBuy("005930", 1)]) }], () => greedy);
    const result = await runTrading(rt);
    expect(result.alerts.join("\n")).toMatch(/investigate: budget spent \(12 of 12 tool calls used\); plan decides/);
    expect(rt.repos.toolCalls.listByRun(result.runId)).toHaveLength(12);
    expect(rt.repos.llmCalls.listByRun(result.runId).map((c) => c.node)).toEqual(["investigate", "investigate", "investigate", "plan"]);
    expect(result.orders).toEqual([expect.objectContaining({ symbol: "005930", side: "buy", quantity: 1 })]);
    expect(simOrders()).toHaveLength(1);
  });

  it("with INVESTIGATION_ON_BUDGET=no-trade, a model cut at its rounds ends the run with no trade and an alert", async () => {
    const oneCall: MockReply = { kind: "tools", calls: [{ name: "get_quote", args: { symbol: "000660" } }] };
    const rt = await openWithModel(flavour, [{ kind: "content", text: planJson([marketBuy("005930", 1)]) }], () => oneCall, {
      INVESTIGATION_ON_BUDGET: "no-trade",
      INVESTIGATION_MAX_ROUNDS: "2",
    });
    const result = await runTrading(rt);
    expect(result.orders).toEqual([]);
    expect(simOrders()).toEqual([]);
    expect(result.planError).toMatch(/cut at its budget \(2 of 2 model rounds used\)/);
    expect(rt.repos.llmCalls.listByRun(result.runId).map((c) => c.node)).toEqual(["investigate", "investigate"]);
    expect(
      rt.repos.alerts
        .listRecent()
        .map((a) => a.message)
        .join("\n"),
    ).toMatch(/plan: no trade — the investigation was cut/);
  });
});

describe("investigation loop across a restart", () => {
  it("a process stopped after the tools node resumes the loop where it was: no tool call repeated, one order", async () => {
    const first = await openWithModel(
      "openai",
      [{ kind: "content", text: planJson([marketBuy("005930", 1)]) }],
      [
        {
          kind: "tools",
          calls: [
            { name: "get_quote", args: { symbol: "005930" } },
            { name: "get_investor_flows", args: { symbol: "005930" } },
          ],
        },
        { kind: "content", text: "확인 끝" },
      ],
    );
    const stopped = buildTradingGraph(createTradingGraphDeps(first)).compile({
      checkpointer: first.checkpointer,
      interruptAfter: ["tools"],
    });
    const runId = "crash-after-tools";
    await runTrading(first, { runId, graph: stopped });
    await first.close();
    const second = await h.open({
      LLM_PROVIDER: "openai",
      OPENAI_API_KEY: TEST_LLM_KEY,
      OPENAI_BASE_URL: mock?.baseUrl ?? "",
      LLM_MAX_RETRIES: "0",
    });
    const resumed = await runTrading(second, { runId });
    expect(resumed.status).toBe("succeeded");
    expect(
      second.repos.toolCalls
        .listByRun(runId)
        .map((c) => c.tool)
        .sort(),
    ).toEqual(["get_investor_flows", "get_quote"]);
    expect(second.repos.llmCalls.listByRun(runId).map((c) => c.node)).toEqual(["investigate", "investigate", "plan"]);
    expect(simOrders()).toHaveLength(1);
  });
});

describe("investigation loop offline", () => {
  it("runs the documented tool-calling policy with no keys: minute bars and investor flows of two candidates, in parallel", async () => {
    const rt = await h.open({ LLM_PROVIDER: "offline" });
    const result = await runTrading(rt);
    expect(result.status).toBe("succeeded");
    const calls = rt.repos.toolCalls.listByRun(result.runId);
    expect(calls.map((c) => c.tool).sort()).toEqual(["get_investor_flows", "get_investor_flows", "get_minute_bars", "get_minute_bars"]);
    expect(calls.every((c) => c.error === undefined && c.resultChars > 0)).toBe(true);
    expect(rt.repos.llmCalls.listByRun(result.runId)).toEqual([]);

    const shown = await runsShow(result.runId, []);
    expect(shown).toMatch(/tool calls \(4\):[\s\S]*get_minute_bars[\s\S]*get_investor_flows/);
    const doc = JSON.parse(await runsShow(result.runId, ["--json"])) as {
      toolCalls: Array<{ tool: string; latencyMs: number; resultChars: number }>;
    };
    expect(doc.toolCalls).toHaveLength(4);
    expect(doc.toolCalls[0]).toMatchObject({ tool: expect.stringMatching(/^get_/) as string, resultChars: expect.any(Number) as number });
  }, 60_000);
});

/** `kis-agent runs show <id>` as a user runs it, over the harness's data directory. */
async function runsShow(runId: string, extra: string[]): Promise<string> {
  const env = { ...process.env, DATA_DIR: h.dataDir, KIS_ENV: "sim", LOG_LEVEL: "warn" };
  const child = spawn(process.execPath, ["bin/kis-agent.js", "runs", "show", runId, ...extra], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  await once(child, "exit");
  return stdout;
}
