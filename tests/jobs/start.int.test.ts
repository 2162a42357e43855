/**
 * `kis-agent start` as an operator runs it: two processes against one Redis (a restart while the
 * first still runs), each with the in-process simulator and its own temp DATA_DIR; then SIGTERM.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readHeartbeats } from "../../jobs/heartbeat.js";
import { closeQueues, createQueues } from "../../jobs/queues.js";
import { SCHEDULES, listSchedulers } from "../../jobs/schedules.js";
import { REDIS_URL, redisScope, waitFor, type RedisScope } from "./redis-harness.js";

interface Started {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let scope: RedisScope;
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  await scope.cleanup();
});

function start(prefix: string): Started {
  const dir = mkdtempSync(join(tmpdir(), "kis-start-"));
  dirs.push(dir);
  const env = { ...process.env, DATA_DIR: dir, REDIS_URL, LOG_LEVEL: "info", KIS_SIM_START: "2026-11-23T10:00:00+09:00" };
  const child = spawn(process.execPath, ["bin/kis-agent.js", "start", "--prefix", prefix, "--no-feed"], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, stderr: () => stderr, exited };
}

const startedLine = (s: Started) =>
  waitFor(
    async () => {
      if (s.child.exitCode !== null) throw new Error(`start exited early:\n${s.stderr()}`);
      return s.stderr().includes('"msg":"kis-agent started"') ? true : undefined;
    },
    "kis-agent started",
    60_000,
  );

/** Resolves with the exit, or rejects when the process is still running after `ms`. */
function exitWithin(s: Started, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`still running ${ms} ms after SIGTERM:\n${s.stderr()}`)), ms)),
  );
  return Promise.race([s.exited, late]).finally(() => clearTimeout(timer));
}

describe("kis-agent start", () => {
  it("registers every scheduler once across two starts and exits cleanly on SIGTERM within 10 seconds", async () => {
    scope = redisScope("start");
    const first = start(scope.prefix);
    await startedLine(first);
    const second = start(scope.prefix);
    await startedLine(second);

    const queues = createQueues(scope.connection, scope.prefix);
    try {
      const ids = (await listSchedulers(queues)).map((s) => s.id).sort();
      expect(ids).toEqual(SCHEDULES.map((s) => s.id).sort());
    } finally {
      await closeQueues(queues);
    }
    const pids = (await readHeartbeats(scope.client, scope.prefix)).map((p) => p.pid).sort();
    expect(pids).toEqual([first.child.pid, second.child.pid].sort());

    for (const s of [first, second]) s.child.kill("SIGTERM");
    for (const s of [first, second]) {
      expect(await exitWithin(s, 10_000)).toEqual({ code: 0, signal: null });
      expect(s.stderr()).toContain('"msg":"kis-agent stopped"');
    }
    // A stopped process takes its heartbeat with it.
    expect(await readHeartbeats(scope.client, scope.prefix)).toEqual([]);
  });
});
