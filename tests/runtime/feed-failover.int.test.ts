/**
 * One feed per app key across processes: two `start --role feed` processes against one simulator
 * (over loopback) and one Redis. The holder is killed with SIGKILL; the stand-by registers the same
 * feeds within 10 s, and the simulator never sees a second session of the app key or a registration
 * twice. A `start --role worker` process then runs a trading job reading the digest the feed published.
 */
import { afterEach, describe, expect, it } from "vitest";
import { readHeartbeats } from "../../jobs/heartbeat.js";
import { closeQueues, createQueues } from "../../jobs/queues.js";
import { snapshotsKey } from "../../runtime/feed-snapshots.js";
import type { PublishedSnapshots } from "../../market/snapshot-source.js";
import { WsClient } from "../sim/server/ws-client.js";
import { killAll, spawnCli, type CliProcess as Started } from "../fakes/cli-process.js";
import { TEST_APP_KEY, TEST_APP_SECRET, startHarness, type Harness } from "../fakes/trading-harness.js";
import { REDIS_URL, redisScope, waitFor, type RedisScope } from "../jobs/redis-harness.js";

let h: Harness;
let scope: RedisScope;

afterEach(async () => {
  killAll();
  await h.close();
  await scope.cleanup();
});

function start(role: string): Started {
  return spawnCli(["start", "--role", role, "--prefix", scope.prefix], {
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
  });
}

/** The registrations a process logged each time its feed started. */
function feedStarts(s: Started): string[][] {
  return s
    .stderr()
    .split("\n")
    .filter((l) => l.includes('"msg":"feed started"'))
    .map((l) => (JSON.parse(l) as { registrations: string[] }).registrations);
}

/** The registrations of the process's first feed start, or undefined before that. */
const feedStarted = (s: Started): string[] | undefined => feedStarts(s)[0];

const WATCHED = ["000660", "005930", "035420"];
/** The registrations the budget gives the watchlist with no holdings: trades and books, and the notices. */
const EXPECTED = [...WATCHED.map((s) => `H0STASP0 ${s}`), "H0STCNI0 notices", ...WATCHED.map((s) => `H0STCNT0 ${s}`)];

/** Both feeds up: the first holding, the second standing by. */
async function holderAndStandBy(): Promise<[Started, Started, string[]]> {
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
  return [first, second, held];
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
    const [first, second, held] = await holderAndStandBy();
    expect(held).toEqual(EXPECTED);

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
    expect(Object.keys(published.snapshots).every((s) => WATCHED.includes(s))).toBe(true);
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

  it("stops a paused holder's feed the moment it runs again, and ends with one full set of registrations", async () => {
    h = await startHarness();
    scope = redisScope("feed-paused");
    const [first, second] = await holderAndStandBy();

    // Act: the holder freezes (its socket stays open); the stand-by takes the lapsed lease and KIS refuses its session.
    first.child.kill("SIGSTOP");
    await waitFor(async () => (running(second), second.stderr().includes('"alert":"SESSION_IN_USE"') || undefined), "the refusal", 60_000);
    first.child.kill("SIGCONT");

    await waitFor(async () => first.stderr().includes("no renewal confirmed") || undefined, "the woken holder stopping", 30_000);
    const restarts = await waitFor(
      async () => {
        const again = [...feedStarts(first).slice(1), ...feedStarts(second)];
        return again.length > 0 ? again : undefined;
      },
      "a fresh feed",
      60_000,
    );
    expect(restarts.at(-1)).toEqual(EXPECTED);
    // KIS's one-session rule held the line while the holder was frozen; no registration was ever made twice.
    expect(h.sim.sessionStats()).toMatchObject({ maxSessionsPerAppKey: 2, duplicateRegistrations: 0 });
    expect(h.sim.sessionStats().refusedSessions).toBeGreaterThan(0);
  }, 300_000);
});
