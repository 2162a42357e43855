/**
 * Issue 16's scale-out scenario: a scheduler replaying a simulated day for two accounts (one
 * ACCOUNTS_FILE), two workers and a feed, each its own `kis-agent start` process on one Redis and one
 * PostgreSQL (a schema per account), against a stepped simulator. The worker running the day's first
 * trading run is killed in the middle of it (its model call hangs). The day ends with every scheduled
 * run of each account recorded once, each order sent once, and each account's ledger equal to that of
 * one `start --role all` process replaying the same seed on SQLite. Runs under `npm run test:pg`,
 * which provides the PostgreSQL server (DATABASE_URL).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { accountDataDir, accountSchema } from "../../core/accounts.js";
import { fromKst } from "../../core/clock.js";
import { openLedgerDb } from "../../db/open-ledger.js";
import { slotKey, slotsBetween } from "../../jobs/schedules.js";
import { startLlmMock, type LlmMockServer, type MockReply } from "../../testkit/llm-mock-server.js";
import { killAll, spawnCli, type CliProcess } from "../fakes/cli-process.js";
import { TEST_APP_KEY, TEST_APP_SECRET, TEST_LLM_KEY, marketBuy, planJson } from "../fakes/trading-harness.js";
import { createTestDatabase } from "../db/temp-db.js";
import { REDIS_URL, redisScope, waitFor, type RedisScope } from "../jobs/redis-harness.js";

const DAY = "20261019";
const SEED = "7";
/** Two accounts, each with its own app key and number, in one ACCOUNTS_FILE. */
const ACCOUNTS = [
  { id: "family", accountNo: "50001234-01", appKey: TEST_APP_KEY },
  { id: "growth", accountNo: "50005678-01", appKey: `${TEST_APP_KEY.slice(0, -4)}GROW` },
] as const;
type Account = (typeof ACCOUNTS)[number];
const keyVar = (a: Account, what: "KEY" | "SECRET") => `${a.id.toUpperCase()}_APP_${what}`;
const BUY = { kind: "content", text: planJson([marketBuy("005930", 1)]) } as const satisfies MockReply;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  killAll();
  for (const c of cleanups.splice(0).reverse()) await c();
});

const PG_SERVER = process.env.DATABASE_URL;

interface Deployment {
  dataDir: string;
  /** the ledger's PostgreSQL database; SQLite under dataDir without one */
  databaseUrl?: string;
  simUrl: string;
  mock: LlmMockServer;
  scope: RedisScope;
  env: Record<string, string | undefined>;
}

async function deployment(
  name: string,
  script: MockReply[] | ((request: Record<string, unknown>) => MockReply),
  postgres: boolean,
): Promise<Deployment> {
  const dataDir = mkdtempSync(join(tmpdir(), `kis-scale-${name}-`));
  const sim = spawnCli(["sim", "--stepped", "--seed", SEED, "--start", "2026-10-19T07:15:00+09:00", "--rate-limit", "0", "--json"], {});
  const simUrl = await waitFor(
    async () => (JSON.parse(sim.stdout().split("\n")[0] || "null") as { restUrl?: string } | null)?.restUrl,
    "the simulator",
    30_000,
  );
  const mock = await startLlmMock("openai", script);
  const scope = redisScope(`scale-${name}`);
  cleanups.push(
    () => rmSync(dataDir, { recursive: true, force: true }),
    () => mock.close(),
    () => scope.cleanup(),
  );
  const database = postgres && PG_SERVER ? createTestDatabase(PG_SERVER) : undefined;
  if (database) cleanups.push(() => database.drop());
  const accountsFile = join(dataDir, "accounts.json");
  const entries = ACCOUNTS.map((a) => ({
    id: a.id,
    appKey: `\${${keyVar(a, "KEY")}}`,
    appSecret: `\${${keyVar(a, "SECRET")}}`,
    accountNo: a.accountNo,
  }));
  writeFileSync(accountsFile, JSON.stringify({ accounts: entries }));
  const keys = Object.fromEntries(
    ACCOUNTS.flatMap((a) => [
      [keyVar(a, "KEY"), a.appKey],
      [keyVar(a, "SECRET"), TEST_APP_SECRET],
    ]),
  );
  const env = {
    KIS_ENV: "sim",
    KIS_SIM_URL: simUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: "info",
    ACCOUNTS_FILE: accountsFile,
    ...keys,
    // The simulator runs without limits; the client need not pace itself to KIS's 18/s either.
    KIS_RATE_LIMIT: "1000",
    WATCHLIST: "005930,000660",
    REDIS_URL,
    // undefined leaves it out of the child's environment: SQLite under DATA_DIR
    DATABASE_URL: database?.url,
    LLM_PROVIDER: "openai",
    OPENAI_API_KEY: TEST_LLM_KEY,
    OPENAI_BASE_URL: mock.baseUrl,
    LLM_MAX_RETRIES: "0",
    INVESTIGATION_MAX_ROUNDS: "0",
    // A killed holder's account lease lapses in 3 s rather than 30.
    LEASE_TTL_SECONDS: "3",
  };
  return { dataDir, simUrl, mock, scope, env, ...(database ? { databaseUrl: database.url } : {}) };
}

const start = (d: Deployment, ...args: string[]) => spawnCli(["start", "--prefix", d.scope.prefix, ...args], d.env);
const replay = (d: Deployment, role: string) => start(d, "--role", role, "--replay", "1", "--replay-from", DAY);

async function finished(p: CliProcess, what: string): Promise<void> {
  const code = await p.exited;
  if (code !== 0) throw new Error(`${what} exited with ${code}:\n${p.stderr().slice(-4_000)}`);
}

/** What must be equal between two runs of the same seed: the runs, the orders, their fills and trades. */
function ledger(d: Deployment, a: Account) {
  const db = openLedgerDb({
    dataDir: accountDataDir(d.dataDir, a.id),
    kisEnv: "sim",
    database: { ...(d.databaseUrl ? { url: d.databaseUrl } : {}), schema: accountSchema(a.id) },
  });
  try {
    const all = (sql: string) => db.prepare(sql).all() as Array<Record<string, unknown>>;
    return {
      runs: all("SELECT run_id, graph, trigger, status, orders FROM graph_runs ORDER BY run_id"),
      intents: all(
        "SELECT intent_key, run_id, symbol, side, quantity, order_type, limit_price_krw, status, order_no, filled_quantity, average_fill_price_krw FROM order_intents ORDER BY intent_key",
      ),
      fills: all("SELECT order_no, quantity, price_krw, filled_at_ms FROM fills ORDER BY order_no, fill_key"),
      trades: all(
        "SELECT run_id, ticker, action, quantity, price_krw, timestamp_ms, market_snapshot, portfolio_before FROM trades ORDER BY id",
      ),
      portfolio: all("SELECT date, cash_krw, securities_value_krw, total_value_krw FROM daily_portfolio ORDER BY date"),
    };
  } finally {
    db.close();
  }
}

async function simOrders(d: Deployment, a: Account): Promise<unknown[]> {
  const res = await fetch(new URL(`/sim/orders?account=${a.accountNo.replace("-", "")}`, d.simUrl));
  return ((await res.json()) as { orders: unknown[] }).orders;
}

const scheduledTradingRuns = slotsBetween(fromKst(DAY, "071500"), fromKst(DAY, "161000"))
  .filter((s) => s.queue === "trading-run")
  .map(slotKey);

describe.runIf(PG_SERVER)("a scheduler, two workers and a feed replaying a day for two accounts", () => {
  it("records every scheduled run once, sends each order once, and ends with the single-process ledgers", async () => {
    // Arrange: the reference, one process.
    const single = await deployment("single", [BUY], false);
    await finished(replay(single, "all"), "the single process");
    const reference = ACCOUNTS.map((a) => ledger(single, a));

    // Act: the same seed split over four processes; the first decision hangs and its worker dies.
    let hung = false;
    const split = await deployment(
      "split",
      (request) => {
        // The first trading decision (its schema asks for actions), not the pre-market ranking.
        if (hung || !JSON.stringify(request).includes('"actions"')) return BUY;
        hung = true;
        return { kind: "hang" };
      },
      true,
    );
    const feed = start(split, "--role", "feed");
    const workers = [start(split, "--role", "worker"), start(split, "--role", "worker")];
    const ready = (p: CliProcess) => ACCOUNTS.every((a) => p.logged("kis-agent started", `"account":"${a.id}"`));
    for (const p of [feed, ...workers]) await waitFor(async () => (ready(p) ? true : undefined), "a process", 90_000);
    const scheduler = replay(split, "scheduler");
    await waitFor(async () => (hung ? true : undefined), "the first trading decision", 600_000);
    const victim = workers.find((w) => w.logged("job started", '"queue":"trading-run"'));
    const survivor = workers.find((w) => w !== victim);
    if (!victim || !survivor) throw new Error("no worker started the trading run");
    victim.child.kill("SIGKILL");
    await finished(scheduler, "the scheduler");

    // Assert
    for (const [i, a] of ACCOUNTS.entries()) {
      const result = ledger(split, a);
      const runIds = result.runs.map((r) => r.run_id as string);
      expect(runIds.filter((id) => scheduledTradingRuns.includes(id)).sort()).toEqual([...scheduledTradingRuns].sort());
      expect(new Set(runIds).size).toBe(runIds.length);
      expect(result).toEqual(reference[i]);
      expect(result.intents.length).toBeGreaterThan(0);
      expect(await simOrders(split, a)).toHaveLength(result.intents.filter((x) => x.order_no !== null).length);
    }
    expect(survivor.logged("job finished", scheduledTradingRuns[0])).toBe(true);
  }, 1_500_000);
});
