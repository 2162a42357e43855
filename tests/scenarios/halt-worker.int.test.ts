/**
 * `halt` against a running `start` worker (a child process taking trading-run jobs from Redis, the
 * simulator over HTTP): measured from the halt's write in the audit table, the worker sends no order
 * later than one second, while it keeps running the jobs that keep coming.
 */
import { afterEach, describe, expect, it } from "vitest";
import { closeQueues, createQueues } from "../../jobs/queues.js";
import { startLlmMock, type LlmMockServer } from "../../testkit/llm-mock-server.js";
import { TEST_APP_KEY, TEST_APP_SECRET, TEST_LLM_KEY, marketBuy, planJson, startHarness, type Harness } from "../fakes/trading-harness.js";
import { killAll, runCli, spawnCli } from "../fakes/cli-process.js";
import { REDIS_URL, redisScope, waitFor, type RedisScope } from "../jobs/redis-harness.js";

let h: Harness;
let mock: LlmMockServer;
let scope: RedisScope;

afterEach(async () => {
  killAll();
  await mock.close();
  await h.close();
  await scope.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("halt", () => {
  it("stops a running start worker's orders within 1 s", async () => {
    h = await startHarness();
    mock = await startLlmMock("openai", () => ({
      kind: "content",
      text: planJson([marketBuy("005930", 1)]),
      inputTokens: 10,
      outputTokens: 5,
    }));
    scope = redisScope("halt-worker");
    const env = {
      KIS_ENV: "sim",
      KIS_SIM_URL: h.sim.restUrl,
      KIS_SIM_RATE_LIMIT: "1000",
      DATA_DIR: h.dataDir,
      LOG_LEVEL: "info",
      KIS_APP_KEY: TEST_APP_KEY,
      KIS_APP_SECRET: TEST_APP_SECRET,
      KIS_ACCOUNT_NO: "50001234-01",
      WATCHLIST: "005930",
      REDIS_URL,
      LLM_PROVIDER: "openai",
      OPENAI_API_KEY: TEST_LLM_KEY,
      OPENAI_BASE_URL: mock.baseUrl,
      LLM_MAX_RETRIES: "0",
    };
    const worker = spawnCli(["start", "--prefix", scope.prefix, "--no-feed"], env);
    await waitFor(async () => (worker.logged("kis-agent started") ? true : undefined), "kis-agent started", 90_000);
    const queues = createQueues(scope.connection, scope.prefix);
    let feeding = true;
    let n = 0;
    const feed = (async () => {
      while (feeding) {
        await queues["trading-run"].add("manual", { runId: `halt-scenario-${n++}`, trigger: { kind: "manual", detail: "halt scenario" } });
        await sleep(250);
      }
    })();
    try {
      const orders = () => h.sim.exchange.orders("5000123401", "20261123", "20261123");
      await waitFor(async () => (orders().length >= 2 ? true : undefined), "two orders before the halt", 60_000);

      // halt needs no keys: only the data directory
      const halted = await runCli(["halt", "--env", "sim", "--reason", "measured"], { DATA_DIR: h.dataDir, PATH: process.env.PATH }, false);
      expect(halted.code).toBe(0);
      await sleep(4_000);
      feeding = false;
      await feed;

      const rt = await h.open();
      const haltedAtMs = rt.repos.tradingState.changes(1)[0]?.changedAtMs ?? 0;
      const simOffsetMs = h.sim.clock.now() - Date.now(); // intents are stamped in simulator time
      const intents = rt.db
        .prepare<[], { status: string; sent_at_ms: number | null; last_error: string | null; created_at_ms: number }>(
          "SELECT status, sent_at_ms, last_error, created_at_ms FROM order_intents",
        )
        .all();
      const sentAfter = intents.filter((i) => i.sent_at_ms !== null).map((i) => (i.sent_at_ms ?? 0) - simOffsetMs - haltedAtMs);
      const runsAfter = rt.repos.runs.listRecent(100).filter((r) => r.startedAtMs - simOffsetMs > haltedAtMs);

      expect(Math.max(...sentAfter)).toBeLessThan(1_000);
      expect(runsAfter.length).toBeGreaterThan(0); // the worker kept running jobs after the halt
      expect(orders()).toHaveLength(intents.filter((i) => i.sent_at_ms !== null).length);
    } finally {
      feeding = false;
      await feed;
      await closeQueues(queues);
    }
  }, 180_000);
});
