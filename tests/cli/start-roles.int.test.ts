/**
 * `kis-agent start --role` as processes on one Redis: a scheduler registers the job schedulers and
 * opens neither KIS nor the database; a worker takes jobs and registers no scheduler; `status`
 * shows each process with its role. An unknown role is refused before anything starts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeQueues, createQueues } from "../../jobs/queues.js";
import { SCHEDULES, listSchedulers } from "../../jobs/schedules.js";
import { REDIS_URL, redisScope, waitFor, type RedisScope } from "../jobs/redis-harness.js";

let scope: RedisScope;
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  await scope.cleanup();
});

function kisAgent(args: string[], dir: string, stdout: "pipe" | "ignore" = "ignore") {
  const env = { ...process.env, DATA_DIR: dir, REDIS_URL, LOG_LEVEL: "info", KIS_SIM_START: "2026-11-23T10:00:00+09:00" };
  const child = spawn(process.execPath, ["bin/kis-agent.js", ...args], { env, stdio: ["ignore", stdout, "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return { child, stderr: () => stderr };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "kis-roles-"));
  dirs.push(dir);
  return dir;
}

async function startedLine(s: ReturnType<typeof kisAgent>): Promise<Record<string, unknown>> {
  return waitFor(
    async () => {
      if (s.child.exitCode !== null) throw new Error(`start exited early:\n${s.stderr()}`);
      const line = s
        .stderr()
        .split("\n")
        .find((l) => l.includes('"msg":"kis-agent started"'));
      return line === undefined ? undefined : (JSON.parse(line) as Record<string, unknown>);
    },
    "kis-agent started",
    90_000,
  );
}

describe("kis-agent start --role", () => {
  it("runs the scheduler without KIS or a database, workers without registering schedulers, and status names the roles", async () => {
    scope = redisScope("start-roles");
    const workerPrefix = `${scope.prefix}:w`;
    const schedulerDir = tempDir();
    const scheduler = kisAgent(["start", "--role", "scheduler", "--prefix", scope.prefix], schedulerDir);
    const worker = kisAgent(["start", "--role", "worker", "--prefix", workerPrefix], tempDir());

    expect(await startedLine(scheduler)).toMatchObject({ role: "scheduler", feed: false, workers: 0 });
    expect(await startedLine(worker)).toMatchObject({ role: "worker", feed: false, workers: 8 });

    const schedulerQueues = createQueues(scope.connection, scope.prefix);
    const workerQueues = createQueues(scope.connection, workerPrefix);
    try {
      expect((await listSchedulers(schedulerQueues)).map((s) => s.id).sort()).toEqual(SCHEDULES.map((s) => s.id).sort());
      expect(await listSchedulers(workerQueues)).toEqual([]);
    } finally {
      await closeQueues(schedulerQueues);
      await closeQueues(workerQueues);
    }
    // No runtime: no ledger, no simulator state in the scheduler's data directory.
    expect(readdirSync(schedulerDir).filter((f) => f.endsWith(".sqlite") || f === "sim-state.json")).toEqual([]);

    for (const [prefix, role] of [
      [scope.prefix, "scheduler"],
      [workerPrefix, "worker"],
    ] as const) {
      const status = kisAgent(["status", "--json", "--prefix", prefix], tempDir(), "pipe");
      let stdout = "";
      status.child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
      await once(status.child, "exit");
      const processes = (JSON.parse(stdout) as { redis: { processes: Array<{ role: string }> } }).redis.processes;
      expect(processes.map((p) => p.role)).toEqual([role]);
    }
  }, 180_000);

  it("refuses an unknown role before starting anything", async () => {
    scope = redisScope("start-roles-bad");
    const dir = tempDir();
    const bad = kisAgent(["start", "--role", "broker", "--prefix", scope.prefix], dir);
    const [code] = (await once(bad.child, "exit")) as [number];
    expect(code).not.toBe(0);
    expect(bad.stderr()).toContain("--role must be one of all, scheduler, worker, feed, received 'broker'");
    expect(existsSync(join(dir, "redis"))).toBe(false);
  });
});
