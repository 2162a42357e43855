/**
 * Order safety scenarios (issue #10 items 3, 4, 6): the simulator over HTTP, real SQLite, the real
 * CLI in child processes. In every case the simulator's own account shows no order sent twice and
 * no position above the 10 % weight limit.
 */
import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { runIdFor, type JobContext } from "../../jobs/processor.js";
import { buildTradingGraph } from "../../graphs/trading.js";
import { answerApproval, createTradingGraphDeps, runTrading } from "../../runtime/trading.js";
import { startLlmMock, type LlmMockServer } from "../../testkit/llm-mock-server.js";
import { TEST_APP_KEY, TEST_APP_SECRET, TEST_LLM_KEY, marketBuy, planJson, startHarness, type Harness } from "../fakes/trading-harness.js";

const ACCOUNT = "5000123401";
const WEIGHT_LIMIT = 0.1;

let h: Harness;
let mock: LlmMockServer | undefined;

afterEach(async () => {
  await mock?.close();
  mock = undefined;
  await h.close();
});

/** Every run's model answers: buy 70 shares of 005930 (4.97 M KRW, under the 5 M order limit). */
async function setUp(extra: Record<string, string> = {}) {
  h = await startHarness();
  mock = await startLlmMock("openai", () => ({
    kind: "content",
    text: planJson([marketBuy("005930", 70)]),
    inputTokens: 100,
    outputTokens: 10,
  }));
  return { LLM_PROVIDER: "openai", OPENAI_API_KEY: TEST_LLM_KEY, OPENAI_BASE_URL: mock.baseUrl, LLM_MAX_RETRIES: "0", ...extra };
}

const simOrders = () => h.sim.exchange.orders(ACCOUNT, "20261123", "20261123");

/** No order twice at the simulator, and no holding above the weight limit (2 % slack for the price moving). */
function expectAccountWithinLimits() {
  const orders = simOrders();
  expect(new Set(orders.map((o) => o.orderNo)).size).toBe(orders.length);
  const account = h.sim.exchange.account(ACCOUNT);
  for (const holding of account.holdings) {
    const price = h.sim.exchange.symbol(holding.code)?.lastKrw ?? 0;
    expect(holding.quantity * price).toBeLessThanOrEqual(WEIGHT_LIMIT * 100_000_000 * 1.02);
  }
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["bin/kis-agent.js", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

const cliEnv = (llm: Record<string, string>, extra: Record<string, string> = {}) => ({
  KIS_ENV: "sim",
  KIS_SIM_URL: h.sim.restUrl,
  KIS_SIM_RATE_LIMIT: "1000",
  DATA_DIR: h.dataDir,
  LOG_LEVEL: "warn",
  KIS_APP_KEY: TEST_APP_KEY,
  KIS_APP_SECRET: TEST_APP_SECRET,
  KIS_ACCOUNT_NO: "50001234-01",
  WATCHLIST: "005930,000660,035420",
  REDIS_URL: "redis://127.0.0.1:1",
  ...llm,
  ...extra,
});

describe("order safety scenarios", () => {
  it.each([2, 4])(
    "%i concurrent `run trading` processes on one account take turns: each plans from the account the previous left",
    async (n) => {
      const llm = await setUp();

      const runs = await Promise.all(
        Array.from({ length: n }, () => cli(["run", "trading", "--json"], cliEnv(llm, { LEASE_WAIT_SECONDS: "120" }))),
      );

      for (const r of runs) expect(r.code, r.stderr).toBe(0);
      const results = runs.map((r) => JSON.parse(r.stdout) as { status: string; orders: Array<{ status: string }> });
      expect(results.map((r) => r.status)).toEqual(Array(n).fill("succeeded"));
      const sent = results.flatMap((r) => r.orders).filter((o) => o.status !== "REJECTED");
      expect(simOrders()).toHaveLength(sent.length);
      expect(sent.length).toBeLessThanOrEqual(2); // a third 70-share buy would pass 10 % of assets
      expectAccountWithinLimits();
      const rt = await h.open(llm);
      expect(rt.db.prepare<[], { token: number }>("SELECT token FROM account_leases").get()?.token).toBe(n);
    },
    240_000,
  );

  it("a second caller that cannot wait fails ACCOUNT_BUSY naming the run that holds the account; a kill -9 holder's lease lapses", async () => {
    const llm = await setUp();
    const rt = await h.open({ ...llm, LEASE_TTL_SECONDS: "2", LEASE_WAIT_SECONDS: "0" });
    // The holder: a process that takes the lease and hangs, then is killed without releasing it.
    const holder = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        `
      const { openDatabase } = await import("./db/database.ts");
      const { createLeaseRepo } = await import("./db/lease-repo.ts");
      const leases = createLeaseRepo(openDatabase(${JSON.stringify(`${h.dataDir}/kis-agent.sim.sqlite`)}));
      leases.acquire("${ACCOUNT}", "trading-holder pid " + process.pid, 2000, Date.now());
      console.log("held");
      setInterval(() => leases.renew("${ACCOUNT}", 1, 2000, Date.now()), 300);
    `,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve) => holder.stdout.once("data", () => resolve()));

    const busy = await runTrading(rt);
    expect(busy).toMatchObject({ status: "failed", errorCode: "ACCOUNT_BUSY", retryable: true });
    expect(busy.error).toContain(`trading-holder pid ${holder.pid}`);
    expect(rt.repos.runs.get(busy.runId)).toBeUndefined();

    holder.kill("SIGKILL");
    await new Promise((r) => holder.once("exit", r));
    const patient = await h.open({ ...llm, LEASE_TTL_SECONDS: "2", LEASE_WAIT_SECONDS: "10" });
    const after = await runTrading(patient);

    expect(after.status).toBe("succeeded");
    expect(simOrders()).toHaveLength(1);
    expectAccountWithinLimits();
  }, 120_000);

  it("`halt --env sim` without any KIS key stops a run waiting for approval: approved afterwards, it sends nothing", async () => {
    const llm = await setUp();
    const rt = await h.open({ ...llm, APPROVAL_MODE: "always" });
    const waiting = await runTrading(rt);
    expect(waiting.status).toBe("interrupted");

    // The shell says real money with no keys at all: halt must still work, on the mode it is told.
    const halted = await cli(["halt", "--env", "sim", "--reason", "scenario", "--json"], {
      DATA_DIR: h.dataDir,
      KIS_ENV: "real",
      REDIS_URL: "redis://127.0.0.1:6379",
    });
    expect(halted.code, halted.stderr).toBe(0);
    expect(JSON.parse(halted.stdout)).toMatchObject({ env: "sim", state: "HALTED", reason: "scenario" });

    const approved = await answerApproval(rt, waiting.runId, { approve: true });

    // The send re-check reads the halt and drops the order before an intent is written (the router's
    // own refusal of a halted send is tests/execution/send-guard.test.ts).
    expect(approved.orders).toEqual([]);
    expect(rt.repos.riskEvents.listByRun(waiting.runId)).toContainEqual(expect.objectContaining({ code: "SEND_RECHECK_DROPPED" }));
    expect(simOrders()).toHaveLength(0);
    expect(rt.repos.tradingState.changes(1)).toEqual([
      expect.objectContaining({ state: "HALTED", reason: "scenario", actor: expect.stringMatching(/^cli:/) }),
    ]);
  }, 120_000);

  it("a 5xx on the order leaves the intent UNKNOWN (never REJECTED by guess) and nothing is sent again", async () => {
    const llm = await setUp();
    const rt = await h.open({ ...llm, APPROVAL_MODE: "always" });
    const waiting = await runTrading(rt);
    // Only the order itself fails: the send re-check's reads before it are answered.
    await fetch(`${h.sim.restUrl}/sim/faults`, {
      method: "POST",
      body: JSON.stringify({ kind: "http-5xx", count: 1, path: "/uapi/domestic-stock/v1/trading/order-cash" }),
    });

    const approved = await answerApproval(rt, waiting.runId, { approve: true });
    const again = await runTrading(rt, { runId: waiting.runId });

    expect(approved.orders).toEqual([expect.objectContaining({ status: "UNKNOWN" })]);
    expect(again.orders.filter((o) => o.message === "sent")).toEqual([]);
    expect(simOrders()).toHaveLength(0);
    expectAccountWithinLimits();
  }, 120_000);

  it("a BullMQ job delivered twice at once maps to one run id and sends its order once", async () => {
    const llm = await setUp();
    const first = await h.open({ ...llm, LEASE_WAIT_SECONDS: "60" });
    const second = await h.open({ ...llm, LEASE_WAIT_SECONDS: "60" });
    const ctx = { queue: "trading-run", jobId: "42", attempt: 1 } as JobContext;

    const [a, b] = await Promise.all([
      runTrading(first, { runId: runIdFor(ctx, "trading") }),
      runTrading(second, { runId: runIdFor({ ...ctx, attempt: 2 }, "trading") }),
    ]);

    expect(a.runId).toBe(b.runId);
    expect([a.status, b.status]).toEqual(["succeeded", "succeeded"]);
    expect(simOrders()).toHaveLength(1);
    expectAccountWithinLimits();
  }, 120_000);
});

describe("a halt between the nodes of a run", () => {
  it.each(["diagnose", "analyze", "plan", "riskCheck", "approve"] as const)(
    "a halt after %s: the resumed run sends nothing",
    async (node) => {
      const llm = await setUp();
      const rt = await h.open(llm);
      const stopAfter = buildTradingGraph(createTradingGraphDeps(rt)).compile({ checkpointer: rt.checkpointer, interruptAfter: [node] });
      const first = await runTrading(rt, { graph: stopAfter });
      expect(first.orders).toEqual([]);

      // Another process halts: the ledger of the same mode, its own connection.
      const other = await h.open(llm);
      other.repos.tradingState.set("HALTED", `scenario after ${node}`, Date.now(), "cli:test");
      const resumed = await runTrading(rt, { runId: first.runId });

      expect(resumed.status).toBe("succeeded");
      expect(resumed.orders.filter((o) => o.status !== "REJECTED")).toEqual([]);
      expect(simOrders()).toHaveLength(0);
    },
    60_000,
  );
});
