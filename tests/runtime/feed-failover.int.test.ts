/**
 * One feed per app key across processes: two `start --role feed` processes against one simulator
 * (over loopback) and one Redis. The holder is killed with SIGKILL; the stand-by registers the same
 * feeds within 10 s, and the simulator never sees a second session of the app key or a registration
 * twice. A `start --role worker` process then runs a trading job reading the digest the feed published.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { readHeartbeats } from "../../jobs/heartbeat.js";
import { closeQueues, createQueues } from "../../jobs/queues.js";
import { snapshotsKey } from "../../runtime/feed-snapshots.js";
import type { PublishedSnapshots } from "../../market/snapshot-source.js";
import { WsClient } from "../sim/server/ws-client.js";
import { TEST_APP_KEY, TEST_APP_SECRET, startHarness, type Harness } from "../fakes/trading-harness.js";
import { REDIS_URL, redisScope, waitFor, type RedisScope } from "../jobs/redis-harness.js";

interface Started {
  child: ChildProcess;
  stderr: () => string;
}

let h: Harness;
let scope: RedisScope;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await h.close();
  await scope.cleanup();
});

function start(role: string): Started {
  const env = {
    ...process.env,
    KIS_ENV: "sim",
    KIS_SIM_URL: h.sim.restUrl,
    KIS_SIM_RATE_LIMIT: "1000",
    DATA_DIR: h.dataDir,
    LOG_LEVEL: "info",
    KIS_APP_KEY: TEST_APP_KEY,
    KIS_APP_SECRET: TEST_APP_SECRET,
    KIS_ACCOUNT_NO: "50001234-01",
    WATCHLIST: "005930,000660,035420",
    REDIS_URL,
    LLM_PROVIDER: "offline",
  };
  const child = spawn(process.execPath, ["bin/kis-agent.js", "start", "--role", role, "--prefix", scope.prefix], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return { child, stderr: () => stderr };
}

/** The registrations a process logged when its feed started, or undefined before that. */
function feedStarted(s: Started): string[] | undefined {
  const line = s
    .stderr()
    .split("\n")
    .find((l) => l.includes('"msg":"feed started"'));
  return line === undefined ? undefined : (JSON.parse(line) as { registrations: string[] }).registrations;
}

/** Every key under the test's prefix with its value, as one text (strings, hashes, lists, sets, streams). */
async function redisText(s: RedisScope): Promise<string> {
  const keys = await s.client.keys(`${s.prefix}:*`);
  const values = await Promise.all(
    keys.map(async (key) => {
      const type = await s.client.type(key);
      if (type === "string") return s.client.get(key);
      if (type === "hash") return s.client.hgetall(key);
      if (type === "list") return s.client.lrange(key, 0, -1);
      if (type === "set") return s.client.smembers(key);
      if (type === "zset") return s.client.zrange(key, "0", "-1");
      if (type === "stream") return s.client.xrange(key, "-", "+");
      return type;
    }),
  );
  expect(keys.some((k) => k.includes(":lease:feed:"))).toBe(true);
  return JSON.stringify([keys, values]);
}

const running = (s: Started) => {
  if (s.child.exitCode !== null) throw new Error(`start exited early:\n${s.stderr()}`);
};

describe("start --role feed", () => {
  it("moves the registrations to the stand-by within 10 s of a SIGKILL, never two sessions at the simulator", async () => {
    h = await startHarness();
    scope = redisScope("feed-failover");
    const first = start("feed");
    const held = await waitFor(async () => (running(first), feedStarted(first)), "the first feed", 90_000);
    const second = start("feed");
    await waitFor(
      async () => {
        running(second);
        const beats = await readHeartbeats(scope.client, scope.prefix);
        return beats.find((b) => b.pid === second.child.pid)?.feed?.state === "standby" ? true : undefined;
      },
      "the second process standing by",
      90_000,
    );
    expect(held).toEqual([
      ...["000660", "005930", "035420"].map((s) => `H0STASP0 ${s}`),
      "H0STCNI0 notices",
      ...["000660", "005930", "035420"].map((s) => `H0STCNT0 ${s}`),
    ]);

    // Act: the holder dies without a word.
    const killedAtMs = performance.now();
    first.child.kill("SIGKILL");
    const taken = await waitFor(async () => (running(second), feedStarted(second)), "the stand-by's feed", 10_000);
    const takeoverMs = performance.now() - killedAtMs;

    expect(taken).toEqual(held);
    expect(h.sim.sessionStats()).toEqual({ maxSessionsPerAppKey: 1, refusedSessions: 0, duplicateRegistrations: 0 });
    expect(takeoverMs).toBeLessThan(10_000);

    // A worker elsewhere reads what the new holder publishes.
    const published = await waitFor(
      async () => {
        const raw = await scope.client.get(snapshotsKey(scope.prefix));
        const digest = raw === null ? undefined : (JSON.parse(raw) as PublishedSnapshots);
        return digest && Object.keys(digest.snapshots).length > 0 ? digest : undefined;
      },
      "a published digest",
      30_000,
    );
    expect(Object.keys(published.snapshots).every((s) => ["005930", "000660", "035420"].includes(s))).toBe(true);
    const worker = start("worker");
    await waitFor(async () => (running(worker), worker.stderr().includes('"msg":"kis-agent started"') || undefined), "the worker", 90_000);
    const queues = createQueues(scope.connection, scope.prefix);
    try {
      await queues["trading-run"].add("manual", { runId: "feed-failover-run", trigger: { kind: "manual", detail: "feed failover test" } });
      const read = await waitFor(
        async () => {
          running(worker);
          const line = worker
            .stderr()
            .split("\n")
            .find((l) => l.includes('"msg":"live snapshots read from Redis"'));
          return line === undefined ? undefined : (JSON.parse(line) as { runId: string; symbols: number; stale: number });
        },
        "the worker's read",
        60_000,
      );
      expect(read).toMatchObject({ runId: "feed-failover-run", stale: 0 });
      expect(read.symbols).toBeGreaterThan(0);
    } finally {
      await closeQueues(queues);
    }
    expect(h.sim.sessionStats()).toEqual({ maxSessionsPerAppKey: 1, refusedSessions: 0, duplicateRegistrations: 0 });
    expect(await redisText(scope)).not.toContain(TEST_APP_KEY);
  }, 300_000);

  it("is checked by a simulator that counts a second session of one app key and a registration made twice", async () => {
    h = await startHarness();
    scope = redisScope("feed-failover-counter");
    const approval = async () => {
      const res = await fetch(`${h.sim.restUrl}/oauth2/Approval`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ grant_type: "client_credentials", appkey: TEST_APP_KEY, secretkey: TEST_APP_SECRET }),
      });
      return String(((await res.json()) as { approval_key: string }).approval_key);
    };
    const first = await WsClient.open(`${h.sim.wsUrl}/tryitout`);
    first.request(await approval(), "H0STCNT0", "005930");
    await first.ack();
    first.request(await approval(), "H0STCNT0", "005930");
    await first.ack();
    const second = await WsClient.open(`${h.sim.wsUrl}/tryitout`);
    second.request(await approval(), "H0STCNT0", "000660");
    await second.ack();
    await second.closed;

    expect(h.sim.sessionStats()).toEqual({ maxSessionsPerAppKey: 2, refusedSessions: 1, duplicateRegistrations: 1 });
  });
});
