import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTradingGraph } from "../../graphs/trading.js";
import { answerApproval, createTradingGraphDeps, runTrading } from "../../runtime/trading.js";
import { startLlmMock, type LlmMockServer, type MockReply } from "../../testkit/llm-mock-server.js";
import { TEST_LLM_KEY, marketBuy, planJson, startHarness, type Harness } from "../fakes/trading-harness.js";

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

async function openWithModel(flavour: "openai" | "google", replies: MockReply[], extra: Record<string, string> = {}) {
  mock = await startLlmMock(flavour, replies);
  const env: Record<string, string> =
    flavour === "openai"
      ? { LLM_PROVIDER: "openai", OPENAI_API_KEY: TEST_LLM_KEY, OPENAI_BASE_URL: mock.baseUrl }
      : { LLM_PROVIDER: "google", GOOGLE_API_KEY: TEST_LLM_KEY, GOOGLE_BASE_URL: mock.baseUrl };
  return h.open({ ...env, LLM_TIMEOUT_MS: "1500", LLM_MAX_RETRIES: "0", ...extra });
}

const simOrders = () => h.sim.exchange.orders("5000123401", "20261123", "20261123");

describe("trading graph against the simulator", () => {
  it("sends a valid plan's order to the simulator and records the trade, the LLM calls and the run", async () => {
    const rt = await openWithModel("openai", [
      { kind: "content", text: planJson([marketBuy("005930", 10)]), inputTokens: 2_000, outputTokens: 100 },
    ]);
    const result = await runTrading(rt);
    expect(result.status).toBe("succeeded");
    expect(result.orders).toEqual([
      expect.objectContaining({ symbol: "005930", side: "buy", quantity: 10, status: expect.stringMatching(/ACKED|FILLED/) }),
    ]);
    expect(simOrders()).toHaveLength(1);
    const trades = rt.repos.trades.listByRun(result.runId);
    expect(trades).toEqual([expect.objectContaining({ ticker: "005930", action: "buy", quantity: 10, promptVersion: "1" })]);
    // The investigation's one turn (the mock's default: a note, no tool call) and the decision.
    expect(rt.repos.llmCalls.listByRun(result.runId)).toEqual([
      expect.objectContaining({ node: "investigate", status: "ok", inputTokens: 100 }),
      expect.objectContaining({ node: "plan", status: "ok", inputTokens: 2_000, outputTokens: 100 }),
    ]);
    expect(rt.repos.runs.get(result.runId)).toMatchObject({ status: "succeeded", llmCalls: 2, inputTokens: 2_100 });
  });

  const invalid: Array<[string, MockReply]> = [
    ["broken JSON", { kind: "content", text: '{"actions": [' }],
    ["a wrong schema", { kind: "content", text: JSON.stringify({ actions: [{ side: "short", symbol: "005930" }] }) }],
    ["a 500", { kind: "status", status: 500 }],
    ["a timeout", { kind: "hang" }],
    ["an unknown symbol", { kind: "content", text: planJson([marketBuy("123456", 1)]) }],
    ["an absurd quantity", { kind: "content", text: planJson([marketBuy("005930", 10_000_000)]) }],
    ["an absurd price", { kind: "content", text: planJson([{ ...marketBuy("005930", 1), limitPriceKrw: 99_000_000 }]) }],
  ];

  for (const flavour of ["openai", "google"] as const) {
    it.each(invalid)(`${flavour}: %s leads to zero orders, an alert and a recorded reason`, async (_label, reply) => {
      const rt = await openWithModel(flavour, [reply]);
      const result = await runTrading(rt);
      expect(result.status).toBe("succeeded");
      expect(result.orders).toEqual([]);
      expect(simOrders()).toEqual([]);
      expect(result.planError).toBeTruthy();
      expect(result.alerts.join("\n")).toMatch(/plan: no trade/);
      expect(
        rt.repos.alerts
          .listRecent()
          .map((a) => a.message)
          .join("\n"),
      ).toMatch(/no trade/);
      expect(rt.repos.runs.get(result.runId)?.summary).toContain(result.planError ?? "");
    });
  }

  it.each(["diagnose", "analyze", "investigate", "plan", "riskCheck", "approve", "execute"] as const)(
    "a process stopped after %s and restarted on the same thread sends the order once and keeps one trade",
    async (node) => {
      const first = await openWithModel("openai", [{ kind: "content", text: planJson([marketBuy("005930", 3)]) }]);
      const stopped = buildTradingGraph(createTradingGraphDeps(first)).compile({
        checkpointer: first.checkpointer,
        interruptAfter: [node],
      });
      const runId = `crash-after-${node}`;
      await runTrading(first, { runId, graph: stopped });
      await first.close();
      // A new process: new connections to the same files, a graph without the stop.
      const second = await h.open({
        LLM_PROVIDER: "openai",
        OPENAI_API_KEY: TEST_LLM_KEY,
        OPENAI_BASE_URL: mock?.baseUrl ?? "",
        LLM_MAX_RETRIES: "0",
      });
      const resumed = await runTrading(second, { runId });
      expect(resumed.status).toBe("succeeded");
      expect(simOrders()).toHaveLength(1);
      expect(second.repos.trades.listByRun(runId)).toHaveLength(1);
      expect(second.repos.runs.get(runId)?.status).toBe("succeeded");
    },
  );

  it("settles a dropped order acknowledgement by reconciliation instead of sending a second order", async () => {
    const rt = await openWithModel("openai", [
      { kind: "content", text: planJson([marketBuy("005930", 2)]) },
      { kind: "content", text: planJson([]) },
    ]);
    await fetch(`${h.sim.restUrl}/sim/faults`, { method: "POST", body: JSON.stringify({ kind: "drop-order-ack", count: 1 }) });
    const first = await runTrading(rt);
    expect(first.orders).toEqual([expect.objectContaining({ status: "UNKNOWN" })]);
    expect(simOrders()).toHaveLength(1);
    const second = await runTrading(rt);
    expect(second.status).toBe("succeeded");
    expect(simOrders()).toHaveLength(1);
    const intent = rt.repos.intents.findByKey(first.orders[0]?.intentKey ?? "");
    expect(intent?.status).toMatch(/ACKED|FILLED|PARTIAL/);
    expect(intent?.orderNo).toBe(simOrders()[0]?.orderNo);
  });

  it.each([true, false])("waits for a person when approval is required, then sends only if approved (%s)", async (approve) => {
    const rt = await openWithModel("openai", [{ kind: "content", text: planJson([marketBuy("005930", 4)]) }], { APPROVAL_MODE: "always" });
    const waiting = await runTrading(rt);
    expect(waiting.status).toBe("interrupted");
    expect(waiting.approvalRequest?.orders).toEqual([expect.objectContaining({ symbol: "005930", side: "buy", quantity: 4 })]);
    expect(rt.repos.runs.get(waiting.runId)?.status).toBe("interrupted");
    expect(simOrders()).toEqual([]);
    const answered = await answerApproval(rt, waiting.runId, { approve, note: "checked" });
    expect(answered.status).toBe("succeeded");
    expect(simOrders()).toHaveLength(approve ? 1 : 0);
    expect(rt.repos.runs.get(waiting.runId)?.status).toBe("succeeded");
  });

  it("cancels an order still unfilled at the end of its window on the next run", async () => {
    const farBelow = { ...marketBuy("005930", 1), limitPriceKrw: h.sim.exchange.symbol("005930")?.lowerLimitKrw ?? 1 };
    const rt = await openWithModel(
      "openai",
      [
        { kind: "content", text: planJson([farBelow]) },
        { kind: "content", text: planJson([]) },
      ],
      { ORDER_WINDOW_MINUTES: "0.001" },
    );
    const first = await runTrading(rt);
    expect(first.orders).toEqual([expect.objectContaining({ status: "ACKED" })]);
    await new Promise((r) => setTimeout(r, 100));
    await runTrading(rt);
    expect(rt.repos.intents.findByKey(first.orders[0]?.intentKey ?? "")?.status).toBe("CANCELLED");
    expect(h.sim.exchange.openOrders("5000123401")).toEqual([]);
  });
});
