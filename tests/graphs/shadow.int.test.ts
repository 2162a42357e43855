/**
 * Shadow mode in the trading graph (simulator on loopback, real SQLite, the real ChatOpenAI client
 * against a scripted mock): while v2 is shadowed, a run's plan is made by the active v1 and routed as
 * usual, then v2 decides with the same context and both decisions are stored side by side — v2 never
 * reaches the order router, a v2 failure never fails the run, and a run without a shadowing skips it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kstParts } from "../../core/clock.js";
import { summarizeShadow } from "../../ledger/shadow-summary.js";
import type { Runtime } from "../../runtime/create-runtime.js";
import { runTrading } from "../../runtime/trading.js";
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

async function openWithModel(replies: MockReply[]): Promise<Runtime> {
  mock = await startLlmMock("openai", replies);
  return h.open({
    LLM_PROVIDER: "openai",
    OPENAI_API_KEY: TEST_LLM_KEY,
    OPENAI_BASE_URL: mock.baseUrl,
    LLM_TIMEOUT_MS: "1500",
    LLM_MAX_RETRIES: "0",
  });
}

/** v2: the seed prompt with one more line, shadowed through today. */
function shadowV2(rt: Runtime): number {
  const text = `${rt.prompts.active().text}\n<!-- v2 -->\n`;
  const version = rt.prompts.propose(() => ({
    parentVersion: 1,
    text,
    diff: "",
    rulesAdded: [],
    rulesRetired: [],
    author: "test",
    changeLog: "a candidate",
    verdicts: [],
  }));
  if (version === null) throw new Error("v2 was not proposed");
  return rt.repos.shadows.start(version, kstParts(rt.clock.now()).date, rt.clock.now()).id;
}

const simOrders = () => h.sim.exchange.orders("5000123401", "20261123", "20261123");

describe("shadow mode", () => {
  it("stores the candidate's decision beside the active one's and sends only the active version's order", async () => {
    const rt = await openWithModel([
      { kind: "content", text: planJson([marketBuy("005930", 10)]) },
      { kind: "content", text: planJson([]) },
    ]);
    const shadowId = shadowV2(rt);
    const result = await runTrading(rt);
    expect(result.status).toBe("succeeded");
    expect(result.promptVersion).toBe(1);
    expect(result.orders).toEqual([expect.objectContaining({ symbol: "005930", side: "buy", quantity: 10 })]);
    expect(simOrders()).toHaveLength(1);
    expect(rt.repos.llmCalls.listByRun(result.runId).map((c) => [c.node, c.promptVersion])).toEqual([
      ["investigate", "1"],
      ["plan", "1"],
      ["shadow", "2"],
    ]);
    const records = rt.repos.shadows.decisions(shadowId);
    expect(records).toEqual([
      expect.objectContaining({
        runId: result.runId,
        version: 2,
        activeVersion: 1,
        decision: expect.objectContaining({ actions: [] }),
        error: null,
        activeDecision: expect.objectContaining({ actions: [expect.objectContaining({ side: "buy", symbol: "005930", quantity: 10 })] }),
      }),
    ]);
    expect(summarizeShadow(records)).toMatchObject({
      runs: 1,
      candidateDecided: 1,
      agreed: 0,
      candidate: { buys: 0, sells: 0 },
      active: { buys: 1, sells: 0 },
      disagreements: [{ runId: result.runId, active: "buy 005930×10 @market", candidate: "no trade" }],
    });
  });

  it("a candidate whose output is invalid is recorded as such; the run and its order stand", async () => {
    const rt = await openWithModel([
      { kind: "content", text: planJson([marketBuy("005930", 10)]) },
      { kind: "content", text: '{"actions": [' },
    ]);
    const shadowId = shadowV2(rt);
    const result = await runTrading(rt);
    expect(result.status).toBe("succeeded");
    expect(simOrders()).toHaveLength(1);
    const [record] = rt.repos.shadows.decisions(shadowId);
    expect(record).toMatchObject({ runId: result.runId, decision: null, error: expect.any(String) });
    expect(summarizeShadow(rt.repos.shadows.decisions(shadowId))).toMatchObject({ candidateErrors: 1, agreementPct: null });
  });

  it("a stopped shadowing is skipped: no shadow call, no record", async () => {
    const rt = await openWithModel([{ kind: "content", text: planJson([]) }]);
    const shadowId = shadowV2(rt);
    rt.repos.shadows.stop("test", rt.clock.now());
    const result = await runTrading(rt);
    expect(result.status).toBe("succeeded");
    expect(rt.repos.llmCalls.listByRun(result.runId).map((c) => c.node)).toEqual(["investigate", "plan"]);
    expect(rt.repos.shadows.decisions(shadowId)).toEqual([]);
  });
});
