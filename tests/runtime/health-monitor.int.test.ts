/**
 * The health job against the simulator: a burst of 5xx answers or a rate-limit storm, injected
 * through the simulator's admin API, pushes the KIS error rate the client counted over 10 %; the
 * scheduled job halts trading through the trading-state repository and alerts on the webhook.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAgent } from "../../runtime/agent.js";
import { createJobHandlers } from "../../runtime/job-handlers.js";
import type { Runtime } from "../../runtime/create-runtime.js";
import { startAlertReceivers, until, type AlertReceivers } from "../fakes/alert-receivers.js";
import { startHarness, type Harness } from "../fakes/trading-harness.js";

let h: Harness;
let receivers: AlertReceivers;
beforeEach(async () => {
  h = await startHarness();
  receivers = await startAlertReceivers();
});
afterEach(async () => {
  await h.close();
  await receivers.close();
});

async function fault(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${h.sim.restUrl}/sim/faults`, { method: "POST", body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

/** Quote reads, each allowed to fail: the client's own retries are calls too. */
async function quotes(rt: Runtime, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await rt.kis.getQuote("005930").catch(() => undefined);
}

const healthJob = (rt: Runtime) => createJobHandlers(createAgent(rt)).health({ queue: "health", jobId: "health-test", attempt: 1 });

describe("health monitor against the simulator's faults", () => {
  it("halts trading and alerts when a 5xx burst takes the KIS error rate over 10 %", async () => {
    const rt = await h.open({ ALERT_WEBHOOK_URL: receivers.webhookUrl });
    await quotes(rt, 20);
    expect(await healthJob(rt)).toMatchObject({ ok: true });
    expect(rt.repos.tradingState.get().state).toBe("ACTIVE");

    await fault({ kind: "http-5xx", count: 8 });
    await quotes(rt, 20);
    const summary = rt.apiCalls.summary();
    expect(summary.errors).toBeGreaterThanOrEqual(8);
    expect(summary.byTrId["FHKST01010100"]?.errors).toBe(summary.errors);

    const result = await healthJob(rt);
    expect(result["halted"]).toMatch(/KIS call\(s\) failed.*FHKST01010100/);
    expect(rt.repos.tradingState.get()).toMatchObject({ state: "HALTED", reason: expect.stringMatching(/^health: /) });
    await until(() => receivers.webhook.some((b) => b["code"] === "HEALTH_KIS_ERROR_RATE"), "the error-rate alert");
    expect(receivers.webhook.find((b) => b["code"] === "HEALTH_KIS_ERROR_RATE")).toMatchObject({ severity: "critical", source: "health" });

    // The next minute finds it halted already: no second halt, no second alert.
    await healthJob(rt);
    await rt.notifier.drain(10_000);
    expect(receivers.webhook.filter((b) => b["code"] === "HEALTH_KIS_ERROR_RATE")).toHaveLength(1);
  });

  it("a rate-limit storm halts trading too; after a resume only new failures count", async () => {
    const rt = await h.open({ ALERT_WEBHOOK_URL: receivers.webhookUrl });
    await quotes(rt, 20);
    // Longer than one read's four attempts (about 2 s of backoff): every one of them is refused.
    await fault({ kind: "rate-limit-storm", durationMs: 3_000 });
    await quotes(rt, 1);
    expect(rt.apiCalls.summary().errors).toBeGreaterThanOrEqual(4);
    expect((await healthJob(rt))["halted"]).toMatch(/KIS call\(s\) failed/);
    expect(rt.repos.tradingState.get().state).toBe("HALTED");

    // Once the storm is over, what `kis-agent resume` writes: the failures before it were acted on.
    while (
      await rt.kis.getQuote("005930").then(
        () => false,
        () => true,
      )
    );
    rt.repos.tradingState.set("ACTIVE", "resumed by operator", rt.clock.now());
    await quotes(rt, 25);
    const after = await healthJob(rt);
    expect(after["halted"]).toBeUndefined();
    expect(rt.repos.tradingState.get().state).toBe("ACTIVE");
  });
});
