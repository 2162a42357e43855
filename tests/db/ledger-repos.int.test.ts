import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAlertsRepo } from "../../db/alerts-repo.js";
import { createLlmCallsRepo } from "../../db/llm-calls-repo.js";
import { createRiskEventsRepo } from "../../db/risk-events-repo.js";
import { createRunsRepo } from "../../db/runs-repo.js";
import { createTradingStateRepo } from "../../db/trading-state-repo.js";
import { openTestLedger, type TestLedger } from "./temp-db.js";

let t: TestLedger;
beforeEach(() => {
  t = openTestLedger();
});
afterEach(() => t.dispose());

describe("TradingStateRepo", () => {
  it("starts ACTIVE and keeps a halt across a reopen", () => {
    const repo = createTradingStateRepo(t.db);
    expect(repo.get()).toEqual({ state: "ACTIVE", reason: "", updatedAtMs: 0 });

    repo.set("HALTED", "reconciliation mismatch", 5_000);
    t.db.close();
    const reopened = t.reopen();

    expect(createTradingStateRepo(reopened).get()).toEqual({ state: "HALTED", reason: "reconciliation mismatch", updatedAtMs: 5_000 });
  });

  it("answers HALTED when the state row is missing", () => {
    t.db.prepare("DELETE FROM trading_state").run();

    expect(createTradingStateRepo(t.db).get().state).toBe("HALTED");
  });
});

describe("AlertsRepo", () => {
  it("stores alerts with details and lists the newest first", () => {
    const repo = createAlertsRepo(t.db);
    repo.insert(
      { severity: "warn", source: "plan", code: "PLAN_INVALID", message: "model output failed validation", details: { issues: 2 } },
      1_000,
    );
    repo.insert({ severity: "critical", source: "diagnose", code: "RECONCILE_MISMATCH", message: "cash differs" }, 2_000);

    expect(repo.listRecent(10)).toEqual([
      {
        id: 2,
        createdAtMs: 2_000,
        severity: "critical",
        source: "diagnose",
        code: "RECONCILE_MISMATCH",
        message: "cash differs",
        details: {},
      },
      {
        id: 1,
        createdAtMs: 1_000,
        severity: "warn",
        source: "plan",
        code: "PLAN_INVALID",
        message: "model output failed validation",
        details: { issues: 2 },
      },
    ]);
  });
});

describe("RunsRepo", () => {
  it("opens a run, adds usage, finishes it and lists runs newest first", () => {
    const repo = createRunsRepo(t.db);
    repo.start({ runId: "r1", graph: "trading", trigger: "schedule", promptVersion: "v1" }, 1_000);
    repo.start({ runId: "r2", graph: "reflection", trigger: "manual" }, 2_000);

    repo.addUsage("r1", { llmCalls: 1, inputTokens: 1_200, outputTokens: 300, costUsdMicros: 2_500 });
    repo.addUsage("r1", { llmCalls: 1, inputTokens: 800, outputTokens: 100, costUsdMicros: 1_500, orders: 2 });
    repo.finish("r1", { status: "succeeded", summary: "bought 005930" }, 9_000);

    expect(repo.get("r1")).toEqual({
      runId: "r1",
      graph: "trading",
      trigger: "schedule",
      status: "succeeded",
      promptVersion: "v1",
      llmCalls: 2,
      inputTokens: 2_000,
      outputTokens: 400,
      costUsdMicros: 4_000,
      orders: 2,
      summary: "bought 005930",
      startedAtMs: 1_000,
      endedAtMs: 9_000,
    });
    expect(repo.listRecent().map((r) => r.runId)).toEqual(["r2", "r1"]);
    expect(repo.get("r2")).toMatchObject({ status: "running" });
  });

  it("records a failed run's error", () => {
    const repo = createRunsRepo(t.db);
    repo.start({ runId: "r1", graph: "trading", trigger: "event" }, 1);

    repo.finish("r1", { status: "failed", error: "BROKER_AUTH: token revoked" }, 2);

    expect(repo.get("r1")).toMatchObject({ status: "failed", error: "BROKER_AUTH: token revoked" });
  });
});

describe("RiskEventsRepo", () => {
  it("stores every event of a run with its original and adjusted order", () => {
    const repo = createRiskEventsRepo(t.db);
    const original = { side: "buy", symbol: "005930", quantity: 10, limitPriceKrw: 70_050 };
    const adjusted = { symbol: "005930", side: "buy", quantity: 10, type: "limit", limitPriceKrw: 70_000 };

    repo.insertMany(
      [
        {
          runId: "r1",
          symbol: "005930",
          side: "buy",
          kind: "adjustment",
          code: "TICK_ROUNDED",
          reason: "rounded down",
          originalOrder: original,
          adjustedOrder: adjusted,
        },
        {
          runId: "r1",
          symbol: "005930",
          side: "buy",
          kind: "denial",
          code: "MAX_POSITION_WEIGHT",
          reason: "12 % of assets",
          originalOrder: original,
        },
      ],
      1_000,
    );

    const events = repo.listByRun("r1");
    expect(events.map((e) => e.code)).toEqual(["TICK_ROUNDED", "MAX_POSITION_WEIGHT"]);
    expect(events[0]).toMatchObject({ originalOrder: original, adjustedOrder: adjusted, createdAtMs: 1_000 });
    expect(events[1]?.adjustedOrder).toBeUndefined();
  });

  it("writes all events of a batch or none", () => {
    const repo = createRiskEventsRepo(t.db);
    const bad = { runId: "r1", symbol: "005930", side: "hold" as "buy", kind: "denial" as const, code: "X", reason: "", originalOrder: {} };

    expect(() => repo.insertMany([{ ...bad, side: "buy" }, bad], 1)).toThrow(/CHECK/i);
    expect(repo.listByRun("r1")).toEqual([]);
  });
});

describe("LlmCallsRepo", () => {
  it("stores calls per run", () => {
    const repo = createLlmCallsRepo(t.db);
    repo.insert(
      {
        runId: "r1",
        node: "plan",
        provider: "openai",
        model: "gpt-4.1-mini",
        promptVersion: "v1",
        promptText: "[system]\n규칙",
        responseText: '{"actions":[]}',
        inputTokens: 1_000,
        outputTokens: 200,
        costUsdMicros: 720,
        latencyMs: 850,
        status: "ok",
      },
      1_000,
    );
    repo.insert(
      {
        runId: "r1",
        node: "analyze",
        provider: "offline",
        model: "offline",
        promptText: "p",
        responseText: "",
        inputTokens: 0,
        outputTokens: 0,
        costUsdMicros: 0,
        latencyMs: 0,
        status: "error",
        error: "timeout",
      },
      2_000,
    );

    const calls = repo.listByRun("r1");
    expect(calls.map((c) => [c.node, c.status])).toEqual([
      ["plan", "ok"],
      ["analyze", "error"],
    ]);
    expect(calls[0]).toMatchObject({
      model: "gpt-4.1-mini",
      promptVersion: "v1",
      promptText: "[system]\n규칙",
      responseText: '{"actions":[]}',
      costUsdMicros: 720,
      latencyMs: 850,
    });
    expect(calls[1]).toMatchObject({ error: "timeout" });
  });
});
