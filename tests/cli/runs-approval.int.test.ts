/**
 * `kis-agent runs` and `runs approve` as a user runs them (child processes) on a run that waits for
 * approval: the listing shows its age in the simulator's time, and a late approval says it expired.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { runTrading } from "../../runtime/trading.js";
import { TEST_APP_KEY, TEST_APP_SECRET, marketBuy } from "../fakes/trading-harness.js";
import { ACCOUNT, moveSimClock, startScenario, type Scenario } from "../scenarios/scenario-harness.js";

let s: Scenario | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  const env = {
    ...process.env,
    DATA_DIR: s?.h.dataDir ?? "",
    KIS_ENV: "sim",
    KIS_SIM_URL: s?.h.sim.restUrl ?? "",
    LOG_LEVEL: "warn",
    LLM_PROVIDER: "offline",
    KIS_APP_KEY: TEST_APP_KEY,
    KIS_APP_SECRET: TEST_APP_SECRET,
    KIS_ACCOUNT_NO: "50001234-01",
    APPROVAL_MODE: "always",
  };
  const child = spawn(process.execPath, ["bin/kis-agent.js", "runs", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  const [code] = (await once(child, "exit")) as [number];
  return { code, stdout };
}

describe("kis-agent runs with a pending approval", () => {
  it("lists its age in market time, then a late approve ends it as expired, in text and in JSON", async () => {
    s = await startScenario([[marketBuy("005930", 3)], [marketBuy("000660", 1)]], { stepped: true });
    const rt = await s.open();
    const first = await runTrading(rt);
    const second = await runTrading(rt);
    await rt.close();
    await moveSimClock(s.h, { advanceMs: 120_000 });

    const listed = JSON.parse((await cli(["--json"])).stdout) as Array<{
      runId: string;
      pendingApproval: { ageSeconds: number; expiresInSeconds: number } | null;
    }>;
    const pending = listed.find((r) => r.runId === first.runId)?.pendingApproval;
    expect(pending?.ageSeconds).toBeGreaterThanOrEqual(120);
    expect(pending?.ageSeconds).toBeLessThan(180);
    expect(pending?.expiresInSeconds).toBe(600 - (pending?.ageSeconds ?? 0));
    expect((await cli([])).stdout).toMatch(/s left/);

    await moveSimClock(s.h, { advanceMs: 600_000 });
    const text = await cli(["approve", first.runId]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /approval expired: the answer came \d+ s after the decision, over the 600 s approval TTL\. Nothing was sent; the run ended as expired\./,
    );
    const asJson = await cli(["approve", second.runId, "--json"]);
    expect(asJson.code).toBe(1);
    expect(JSON.parse(asJson.stdout)).toMatchObject({
      runId: second.runId,
      status: "expired",
      orders: [],
      approval: { decision: "expired" },
    });
    expect(s.h.sim.exchange.orders(ACCOUNT, "20260101", "20271231")).toEqual([]);
    expect((await cli(["approve", first.runId])).code).not.toBe(0); // no longer waiting
  }, 180_000);
});
