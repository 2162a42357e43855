/** `kis-agent status --json` as a process: against the schedulers in Redis, and with no Redis at all. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import net, { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeHealthReport } from "../../jobs/health-report.js";
import type { HealthCheck } from "../../risk/health.js";
import { closeQueues, createQueues, QUEUE_NAMES } from "../../jobs/queues.js";
import { SCHEDULES, registerSchedules } from "../../jobs/schedules.js";
import { REDIS_URL, redisScope, type RedisScope } from "./redis-harness.js";

let scope: RedisScope | undefined;
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  await scope?.cleanup();
  scope = undefined;
});

async function status(redisUrl: string, prefix: string): Promise<{ code: number; json: Record<string, unknown> }> {
  const dir = mkdtempSync(join(tmpdir(), "kis-status-"));
  dirs.push(dir);
  const child = spawn(process.execPath, ["bin/kis-agent.js", "status", "--json", "--prefix", prefix], {
    env: { ...process.env, DATA_DIR: dir, REDIS_URL: redisUrl, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  const [code] = (await once(child, "exit")) as [number];
  return { code, json: JSON.parse(stdout) as Record<string, unknown> };
}

describe("kis-agent status --json", () => {
  it("reports queue counts, every scheduler's next fire time in KST, trading state, prompt version and runs", async () => {
    scope = redisScope("status");
    const queues = createQueues(scope.connection, scope.prefix);
    await registerSchedules(queues);
    await closeQueues(queues);
    const { code, json } = await status(REDIS_URL, scope.prefix);
    expect(code).toBe(0);
    expect(json).toMatchObject({ kisEnv: "sim", tradingState: { state: "ACTIVE" }, promptVersion: { version: 1 }, recentRuns: [] });
    const redis = json.redis as {
      reachable: boolean;
      queues: Array<{ queue: string; delayed: number }>;
      schedulers: Array<{ id: string; next: string }>;
    };
    expect(redis.reachable).toBe(true);
    expect(redis.queues.map((q) => q.queue)).toEqual([...QUEUE_NAMES]);
    expect(redis.queues.reduce((n, q) => n + q.delayed, 0)).toBe(SCHEDULES.length);
    expect(redis.schedulers.map((s) => s.id).sort()).toEqual(SCHEDULES.map((s) => s.id).sort());
    for (const s of redis.schedulers) expect(s.next).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\+09:00$/);
  });

  it("shows the health monitor's last report, and null before the first", async () => {
    scope = redisScope("status-health");
    expect((await status(REDIS_URL, scope.prefix)).json).toMatchObject({ health: null });
    const checks: HealthCheck[] = [{ name: "apiErrorRate", status: "fail", message: "9 of 40 KIS call(s) failed", halts: true }];
    await writeHealthReport(scope.client, scope.prefix, {
      checkedAtMs: Date.UTC(2026, 10, 23, 1, 0),
      ok: false,
      checks,
      halted: "health: 9 of 40 KIS call(s) failed",
    });
    const { json } = await status(REDIS_URL, scope.prefix);
    expect(json["health"]).toEqual({
      checkedAtMs: Date.UTC(2026, 10, 23, 1, 0),
      checkedAt: "2026-11-23T10:00:00+09:00",
      ok: false,
      checks,
      halted: "health: 9 of 40 KIS call(s) failed",
    });
  }, 90_000);

  it("still reports the ledger when no Redis answers", async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const { port } = srv.address() as AddressInfo;
    await new Promise((r) => srv.close(r));
    const { code, json } = await status(`redis://127.0.0.1:${port}`, "unused");
    expect(code).toBe(0);
    expect(json).toMatchObject({ tradingState: { state: "ACTIVE" }, redis: { reachable: false, queues: [], schedulers: [] } });
  });
});
