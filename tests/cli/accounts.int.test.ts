/**
 * Two accounts in one deployment: `kis-agent start` with an ACCOUNTS_FILE of two accounts (each its
 * app key, account number and prompt line) against the simulator, a trading run enqueued on each
 * account's queues; each order lands in its own ledger and at the simulator under its own account
 * number, and `status --json` lists both.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/database.js";
import { createPromptVersionsRepo } from "../../db/prompt-versions-repo.js";
import { closeQueues, createQueues } from "../../jobs/queues.js";
import { CORE_DECISION_PROMPT_FILE } from "../../prompts/prompt-store.js";
import { startLlmMock, type LlmMockServer } from "../../testkit/llm-mock-server.js";
import { TEST_LLM_KEY, marketBuy, planJson, startHarness, type Harness } from "../fakes/trading-harness.js";
import { REDIS_URL, redisScope, waitFor, type RedisScope } from "../jobs/redis-harness.js";

let h: Harness;
let mock: LlmMockServer;
let scope: RedisScope;
let configDir: string;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await mock.close();
  await h.close();
  await scope.cleanup();
  rmSync(configDir, { recursive: true, force: true });
});

const ACCOUNTS = [
  {
    id: "family",
    number: "5000123401",
    appKey: "PSfamilyAppKey000000000000000000001",
    secret: "familySecret/abcdefghijklmnopqrstuvwxyz012345==",
  },
  {
    id: "growth",
    number: "5000567801",
    appKey: "PSgrowthAppKey000000000000000000002",
    secret: "growthSecret/abcdefghijklmnopqrstuvwxyz012345==",
  },
];
const GROWTH_PROMPT_MARK = "<!-- growth line seed -->";

/** The accounts file (secrets as references), growth's own seed prompt beside it, and the environment. */
function deployment(): Record<string, string | undefined> {
  configDir = mkdtempSync(join(tmpdir(), "kis-accounts-"));
  writeFileSync(join(configDir, "growth-decision.md"), `${readFileSync(CORE_DECISION_PROMPT_FILE, "utf8")}\n${GROWTH_PROMPT_MARK}\n`);
  const accounts = ACCOUNTS.map((a) => ({
    id: a.id,
    appKey: `\${${a.id.toUpperCase()}_APP_KEY}`,
    appSecret: `\${${a.id.toUpperCase()}_APP_SECRET}`,
    accountNo: `${a.number.slice(0, 8)}-${a.number.slice(8)}`,
    watchlist: ["005930"],
    ...(a.id === "growth" ? { prompt: "growth-decision.md" } : {}),
  }));
  writeFileSync(join(configDir, "accounts.json"), JSON.stringify({ accounts }));
  return {
    ...process.env,
    KIS_ENV: "sim",
    KIS_SIM_URL: h.sim.restUrl,
    KIS_SIM_RATE_LIMIT: "1000",
    DATA_DIR: h.dataDir,
    ACCOUNTS_FILE: join(configDir, "accounts.json"),
    ...Object.fromEntries(
      ACCOUNTS.flatMap((a) => [
        [`${a.id.toUpperCase()}_APP_KEY`, a.appKey],
        [`${a.id.toUpperCase()}_APP_SECRET`, a.secret],
      ]),
    ),
    REDIS_URL,
    LOG_LEVEL: "info",
    LLM_PROVIDER: "openai",
    OPENAI_API_KEY: TEST_LLM_KEY,
    OPENAI_BASE_URL: mock.baseUrl,
    LLM_MAX_RETRIES: "0",
    INVESTIGATION_MAX_ROUNDS: "0",
    PROMPT_EVAL_GATE: "off",
  };
}

/** A command run to its end; asynchronously, since the simulator it may ask lives in this process. */
async function cli(env: Record<string, string | undefined>, args: string[]) {
  const child = spawn(process.execPath, ["bin/kis-agent.js", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let [stdout, stderr] = ["", ""];
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  return { code, stdout, stderr };
}

const ledgerOf = (id: string) => openDatabase(join(h.dataDir, "accounts", id, "kis-agent.sim.sqlite"));

describe("several accounts in one deployment", () => {
  it("runs each account's trading job under its own queues, ledger and account number, and status lists both", async () => {
    h = await startHarness();
    mock = await startLlmMock("openai", [{ kind: "content", text: planJson([marketBuy("005930", 1)]) }]);
    scope = redisScope("accounts");
    const env = deployment();
    const child = spawn(process.execPath, ["bin/kis-agent.js", "start", "--no-feed", "--prefix", scope.prefix], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    children.push(child);
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const lines = () => stderr.split("\n");
    const logged = (msg: string, extra: string) => lines().some((l) => l.includes(`"msg":"${msg}"`) && l.includes(extra));
    for (const a of ACCOUNTS)
      await waitFor(async () => (logged("kis-agent started", `"account":"${a.id}"`) ? true : undefined), `account ${a.id} started`, 90_000);

    // Act: one manual trading run on each account's own queues.
    for (const a of ACCOUNTS) {
      const queues = createQueues(scope.connection, `${scope.prefix}:${a.id}`);
      try {
        await queues["trading-run"].add("manual", { runId: `run-${a.id}`, trigger: { kind: "manual", detail: "accounts test" } });
      } finally {
        await closeQueues(queues);
      }
    }
    for (const a of ACCOUNTS)
      await waitFor(async () => (logged("job finished", `"runId":"run-${a.id}"`) ? true : undefined), `run-${a.id} finishing`, 150_000);

    for (const a of ACCOUNTS) {
      // At the simulator: one order under the account's own number.
      expect(h.sim.exchange.orders(a.number, "20261123", "20261123")).toHaveLength(1);
      // In its own ledger: its run and its order only.
      const db = ledgerOf(a.id);
      try {
        expect(db.prepare("SELECT run_id AS runId, status FROM graph_runs").all()).toEqual([{ runId: `run-${a.id}`, status: "succeeded" }]);
        expect(db.prepare("SELECT COUNT(*) AS n FROM order_intents WHERE run_id = ?").get(`run-${a.id}`)).toEqual({ n: 1 });
        expect(createPromptVersionsRepo(db).get(1)?.text.includes(GROWTH_PROMPT_MARK)).toBe(a.id === "growth");
      } finally {
        db.close();
      }
    }
    // Log lines name the account, never its keys or secrets.
    expect(
      lines()
        .filter((l) => l.includes('"msg":"job finished"'))
        .every((l) => /"account":"(family|growth)"/.test(l)),
    ).toBe(true);
    for (const a of ACCOUNTS) expect(stderr).not.toContain(a.secret);

    const status = await cli(env, ["status", "--json", "--prefix", scope.prefix]);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout) as Array<{
      account: string;
      accountNo: string;
      today: { date: string; runs: number; orders: number };
      recentRuns: Array<{ runId: string }>;
      redis: { processes: unknown[] };
    }>;
    expect(report.map((r) => [r.account, r.accountNo, r.recentRuns.map((x) => x.runId), r.redis.processes.length])).toEqual([
      ["family", "5000****-01", ["run-family"], 1],
      ["growth", "5000****-01", ["run-growth"], 1],
    ]);
    expect(report.map((r) => r.today)).toEqual([
      expect.objectContaining({ date: "20261123", runs: 1, orders: 1 }),
      expect.objectContaining({ date: "20261123", runs: 1, orders: 1 }),
    ]);

    // A per-account command needs --account with two accounts, and then reads that account's ledger.
    const ambiguous = await cli(env, ["runs", "--json"]);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain("choose one with --account ID (family, growth)");
    const growthRuns = await cli(env, ["--account", "growth", "runs", "--json"]);
    expect(growthRuns.code).toBe(0);
    expect(growthRuns.stdout).toContain("run-growth");
    expect(growthRuns.stdout).not.toContain("run-family");

    // A halt is one account's: its ledger, and the notice only its part of the running process hears.
    const halt = await cli(env, ["--account", "family", "halt", "--reason", "family review", "--json"]);
    expect(JSON.parse(halt.stdout)).toMatchObject({ account: "family", state: "HALTED" });
    const heard = () => lines().filter((l) => l.includes('"msg":"trading HALTED by'));
    await waitFor(async () => (heard().length > 0 ? true : undefined), "the halt notice", 10_000);
    expect(heard().map((l) => /"account":"(\w+)"/.exec(l)?.[1])).toEqual(["family"]);
    const states = (
      JSON.parse((await cli(env, ["status", "--json", "--prefix", scope.prefix])).stdout) as Array<{ tradingState: { state: string } }>
    ).map((r) => r.tradingState.state);
    expect(states).toEqual(["HALTED", "ACTIVE"]);

    child.kill("SIGTERM");
    const exit = await new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    expect(exit).toBe(0);
    expect(lines().filter((l) => l.includes('"msg":"kis-agent stopped"'))).toHaveLength(1);
  }, 300_000);

  it("shares one in-process simulator among the accounts, each with its own live feed under its own app key", async () => {
    h = await startHarness();
    mock = await startLlmMock("openai", [{ kind: "content", text: planJson([]) }]);
    scope = redisScope("accounts-feed");
    const env = { ...deployment(), KIS_SIM_URL: undefined, KIS_SIM_START: "2026-11-23T10:00:00+09:00" };
    const child = spawn(process.execPath, ["bin/kis-agent.js", "start", "--prefix", scope.prefix], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    children.push(child);
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const lines = () => stderr.split("\n");
    const logged = (msg: string, extra = "") => lines().filter((l) => l.includes(`"msg":"${msg}"`) && l.includes(extra));
    for (const a of ACCOUNTS)
      await waitFor(async () => (logged("feed started", `"account":"${a.id}"`).length > 0 ? true : undefined), `${a.id}'s feed`, 90_000);

    expect(logged("simulator listening")).toHaveLength(1);
    expect(logged("one simulator for every account")).toHaveLength(1);
    expect(
      logged("feed lease acquired: starting the feed")
        .map((l) => /"account":"(\w+)"/.exec(l)?.[1])
        .sort(),
    ).toEqual(["family", "growth"]);

    child.kill("SIGTERM");
    expect(await new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))).toBe(0);
  }, 180_000);
});
