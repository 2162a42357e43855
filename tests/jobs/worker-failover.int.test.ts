/**
 * Two `start --role worker` processes on one Redis and one database: the worker running a trading job
 * is killed with SIGKILL in the middle of the run (its model call hangs at plan). BullMQ hands the
 * stalled job to the other worker, which continues the same run id from its checkpoint under the
 * account lease; the simulator receives the run's order exactly once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { closeQueues, createQueues } from "../../jobs/queues.js";
import { killAll, spawnCli, type CliProcess } from "../fakes/cli-process.js";
import { startLlmMock, type LlmMockServer } from "../../testkit/llm-mock-server.js";
import { TEST_APP_KEY, TEST_APP_SECRET, TEST_LLM_KEY, marketBuy, planJson, startHarness, type Harness } from "../fakes/trading-harness.js";
import { REDIS_URL, redisScope, waitFor, type RedisScope } from "./redis-harness.js";

let h: Harness;
let mock: LlmMockServer;
let scope: RedisScope;

afterEach(async () => {
  killAll();
  await mock.close();
  await h.close();
  await scope.cleanup();
});

function worker(): CliProcess {
  return spawnCli(["start", "--role", "worker", "--prefix", scope.prefix], {
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
    INVESTIGATION_MAX_ROUNDS: "0",
    // A killed holder's account lease lapses in 3 s rather than 30.
    LEASE_TTL_SECONDS: "3",
  });
}

describe("start --role worker", () => {
  it("lets another worker finish a run whose worker was killed mid-run, sending its order once", async () => {
    h = await startHarness();
    // The first decision hangs (the run is between analyze and execute when its worker dies); later ones buy one share.
    mock = await startLlmMock("openai", [{ kind: "hang" }, { kind: "content", text: planJson([marketBuy("005930", 1)]) }]);
    scope = redisScope("worker-failover");
    const workers = [worker(), worker()];
    for (const w of workers) await waitFor(async () => (w.logged("kis-agent started") ? true : undefined), "a worker", 90_000);
    const queues = createQueues(scope.connection, scope.prefix);
    try {
      await queues["trading-run"].add("manual", { runId: "worker-failover-run", trigger: { kind: "manual", detail: "worker failover" } });
      await waitFor(async () => (mock.requests.length > 0 ? true : undefined), "the run's model call", 60_000);
      const victim = workers.find((w) => w.logged("job started", '"queue":"trading-run"'));
      const survivor = workers.find((w) => w !== victim);
      if (!victim || !survivor) throw new Error("no worker started the job");

      // Act
      victim.child.kill("SIGKILL");
      await waitFor(
        async () => (survivor.logged("job finished", '"runId":"worker-failover-run"') ? true : undefined),
        "the other worker finishing the run",
        150_000,
      );

      const orders = h.sim.exchange.orders("5000123401", "20261123", "20261123");
      expect(orders).toHaveLength(1);
      const rt = await h.open();
      const runs = rt.repos.runs.listRecent(10);
      expect(runs.map((r) => [r.runId, r.status])).toEqual([["worker-failover-run", "succeeded"]]);
      expect(rt.db.prepare("SELECT COUNT(*) AS n FROM order_intents").get()).toEqual({ n: 1 });
      expect(mock.requests).toHaveLength(2);
    } finally {
      await closeQueues(queues);
    }
  }, 300_000);
});
