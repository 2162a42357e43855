/**
 * The console's server on loopback over a real SQLite ledger and the real Redis: the token at the
 * door, cross-site state changes refused, no configured secret in any answer (even one that slipped
 * into the ledger), /healthz showing the health job's report, /metrics in Prometheus format, trades
 * as CSV. No broker: the account reads as "not read" on the overview.
 */
import { Redis } from "ioredis";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsole, type ConsoleHandle } from "../../console/start-console.js";
import { systemClock } from "../../core/clock.js";
import { loadConfig } from "../../core/config.js";
import { AppError } from "../../core/errors.js";
import { createPromptVersionsRepo } from "../../db/prompt-versions-repo.js";
import { writeHealthReport } from "../../jobs/health-report.js";
import { createVersionedPromptStore } from "../../prompts/prompt-versions.js";
import { unifiedDiff } from "../../prompts/unified-diff.js";
import { openLedger } from "../../runtime/paths.js";
import { TEST_APP_KEY, TEST_APP_SECRET, TEST_LLM_KEY } from "../fakes/trading-harness.js";

const TOKEN = "console-test-token-0123456789";
const WEBHOOK = "http://127.0.0.1:9/hooks/secret-webhook-path-abcdef";
const PREFIX = `kis-console-test-${process.pid}`;
const SECRETS = [TOKEN, TEST_APP_KEY, TEST_APP_SECRET, TEST_LLM_KEY, WEBHOOK];

let dir: string;
let handle: ConsoleHandle;
let redis: Redis;

function seedLedger(): void {
  const config = loadConfig({ KIS_ENV: "sim", DATA_DIR: dir, LOG_LEVEL: "silent" });
  const { repos, db, close } = openLedger(config);
  const t0 = 1_795_000_000_000;
  repos.runs.start({ runId: "trading-waiting", graph: "trading", trigger: "schedule", promptVersion: "1" }, t0);
  repos.runs.finish("trading-waiting", { status: "interrupted", summary: `waiting for approval (leaked ${TEST_APP_SECRET})` }, t0 + 1_000);
  repos.llmCalls.insert(
    {
      runId: "trading-waiting",
      node: "plan",
      provider: "openai",
      model: "gpt-4o-mini",
      promptText: "plan this",
      responseText: "{}",
      inputTokens: 1_200,
      outputTokens: 300,
      costUsdMicros: 2_500,
      latencyMs: 900,
      status: "ok",
    },
    t0 + 500,
  );
  const intent = repos.intents.insert(
    { intentKey: "k1", runId: "trading-waiting", symbol: "005930", side: "buy", quantity: 3, type: "limit", limitPriceKrw: 70_000 },
    t0,
  );
  repos.intents.transition(intent.intentKey, "FILLED", { orderNo: "0000001", filledQuantity: 3 }, t0 + 2_000);
  repos.fills.insertNotice({ orderNo: "0000001", fillKey: "n1", quantity: 3, priceKrw: 70_000, filledAtMs: t0 + 2_000 }, t0 + 2_000);
  const trade = {
    runId: "trading-waiting",
    promptVersion: "1",
    justificationText: '테스트, "따옴표"',
    marketSnapshot: {},
    portfolioBefore: {},
    executionStatus: "FILLED" as const,
  };
  repos.trades.insert({ ...trade, timestampMs: t0, ticker: "005930", action: "buy", quantity: 3, priceKrw: 70_000 }, t0);
  repos.trades.insert({ ...trade, timestampMs: t0 + 86_400_000, ticker: "000660", action: "sell", quantity: 1, priceKrw: 200_000 }, t0);
  repos.alerts.insert(
    { severity: "warn", source: "test", code: "LEAK_TEST", message: `an alert quoting ${TEST_APP_KEY} and ${WEBHOOK}` },
    t0,
  );
  db.prepare(
    "INSERT INTO ticks (time_ms, stock_code, current_price, volume, rsi14) VALUES (?, '005930', 70000, 10, 55), (?, '005930', 70100, 5, 56)",
  ).run(t0, t0 + 30_000);
  close();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kis-console-"));
  seedLedger();
  redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
  await writeHealthReport(redis, PREFIX, {
    checkedAtMs: 1_795_000_000_000,
    ok: false,
    halted: "health: KIS error rate",
    checks: [{ name: "apiErrorRate", status: "fail", message: "KIS error rate 40.0 %", halts: true }],
    api: {
      calls: 50,
      errors: 20,
      windowMs: 300_000,
      byTrId: { FHKST01010100: { calls: 40, errors: 20 }, TTTC8434R: { calls: 10, errors: 0 } },
    },
  });
  const config = loadConfig({
    KIS_ENV: "sim",
    DATA_DIR: dir,
    LOG_LEVEL: "silent",
    CONSOLE_TOKEN: TOKEN,
    KIS_APP_KEY: TEST_APP_KEY,
    KIS_APP_SECRET: TEST_APP_SECRET,
    LLM_PROVIDER: "openai",
    OPENAI_API_KEY: TEST_LLM_KEY,
    ALERT_WEBHOOK_URL: WEBHOOK,
  });
  handle = await startConsole({
    config,
    port: 0,
    prefix: PREFIX,
    openRuntime: async () => {
      throw new AppError("BROKER_UNAVAILABLE", "no broker in this test");
    },
  });
});

afterAll(async () => {
  await handle?.close();
  await redis.del(`${PREFIX}:health`);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

const bearer = { authorization: `Bearer ${TOKEN}` };
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${handle.url}${path}`, { headers, redirect: "manual" });
const post = (path: string, headers: Record<string, string>, body: unknown = {}) =>
  fetch(`${handle.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
    redirect: "manual",
  });

async function cookie(): Promise<string> {
  const res = await get(`/runs?token=${TOKEN}`);
  return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

describe("console access", () => {
  it("answers 401 to every page, API call and asset without the token, or with a wrong one", async () => {
    for (const path of [
      "/",
      "/runs",
      "/prompts/1",
      "/trades",
      "/live",
      "/api/overview",
      "/api/runs",
      "/api/trades.csv",
      "/api/live",
      "/assets/app.js",
    ]) {
      expect((await get(path)).status, path).toBe(401);
      expect((await get(path, { authorization: "Bearer wrong-token-0123456789" })).status, path).toBe(401);
    }
    expect((await get("/?token=wrong")).status).toBe(401);
    expect((await post("/api/halt", {})).status).toBe(401);
  });

  it("trades ?token= for an HttpOnly SameSite=Strict cookie that holds no token, and redirects to the page without it", async () => {
    const res = await get(`/prompts?token=${TOKEN}`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/prompts");
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^kis_console=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=\/$/);
    expect(setCookie).not.toContain(TOKEN);
    expect((await get("/api/runs", { cookie: await cookie() })).status).toBe(200);
    expect((await get("/api/runs", bearer)).status).toBe(200);
  });

  it("refuses a cross-site state change and changes nothing; the console's own request halts trading", async () => {
    const c = await cookie();
    const refused: Array<Record<string, string>> = [
      { cookie: c, "x-kis-console": "1", origin: "http://evil.example" },
      { cookie: c, "x-kis-console": "1", "sec-fetch-site": "cross-site" },
      { cookie: c, "x-kis-console": "1", "sec-fetch-site": "same-site" },
      { cookie: c, origin: handle.url }, // a form cannot add the console's header
    ];
    for (const headers of refused) {
      const res = await post("/api/halt", headers, { reason: "forged" });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: string }).error).toBe("CROSS_SITE_REFUSED");
    }
    expect(((await (await get("/api/overview", bearer)).json()) as { tradingState: { state: string } }).tradingState.state).toBe("ACTIVE");
    const own = await post(
      "/api/halt",
      { cookie: c, "x-kis-console": "1", origin: handle.url, "sec-fetch-site": "same-origin" },
      { reason: "seen on the console" },
    );
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ state: "HALTED", reason: "seen on the console" });
  });
});

describe("console answers", () => {
  it("never contain a configured secret, even one stored in the ledger", async () => {
    const paths = [
      "/",
      "/api/overview",
      "/api/runs",
      "/api/runs/trading-waiting",
      "/api/prompts",
      "/api/prompts/1",
      "/api/trades",
      "/api/trades.csv",
      "/api/session",
      "/healthz",
      "/metrics",
      "/assets/app.js",
    ];
    const bodies = await Promise.all(paths.map(async (p) => [p, await (await get(p, bearer)).text()] as const));
    for (const [path, body] of bodies) for (const secret of SECRETS) expect(body.includes(secret), `${path} contains a secret`).toBe(false);
    const overview = JSON.parse(bodies[1]?.[1] ?? "{}") as {
      alerts: Array<{ code: string; message: string }>;
      accountError: string;
      pendingRuns: Array<{ runId: string }>;
    };
    expect(overview.alerts.find((a) => a.code === "LEAK_TEST")?.message).toBe("an alert quoting [REDACTED] and [REDACTED]");
    expect(overview.accountError).toContain("no broker in this test");
    expect(overview.pendingRuns.map((r) => r.runId)).toEqual(["trading-waiting"]);
  });

  it("show a run with its timeline by node, LLM calls, orders and their fills", async () => {
    const run = (await (await get("/api/runs/trading-waiting", bearer)).json()) as {
      timeline: Array<{ node: string }>;
      llmCalls: unknown[];
      orders: Array<{ status: string; fills: unknown[] }>;
    };
    // in time order: the run opened, its intent and trades (recorded at the open here), the model call, the end
    expect(run.timeline.map((e) => e.node)).toEqual(["start", "execute", "record", "record", "plan", "end"]);
    expect(run.llmCalls).toHaveLength(1);
    expect(run.orders).toEqual([
      expect.objectContaining({ status: "FILLED", fills: [expect.objectContaining({ quantity: 3, priceKrw: 70_000 })] }),
    ]);
    expect((await get("/api/runs/none", bearer)).status).toBe(404);
  });

  it("/healthz is the health job's report that status shows, 503 while it fails", async () => {
    const res = await get("/healthz");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      kisEnv: "sim",
      health: {
        ok: false,
        halted: "health: KIS error rate",
        checkedAt: "2026-11-18T20:06:40+09:00",
        checks: [expect.objectContaining({ name: "apiErrorRate", status: "fail" })],
      },
    });
  });

  it("/metrics exports runs, orders, fills, LLM tokens and cost, KIS calls and errors by tr_id, tick rate and queue depth", async () => {
    const res = await get("/metrics");
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    for (const line of [
      'kis_agent_runs{graph="trading",status="interrupted"} 1',
      'kis_agent_orders{status="FILLED"} 1',
      "kis_agent_fills 1",
      'kis_agent_llm_tokens{direction="input"} 1200',
      'kis_agent_llm_tokens{direction="output"} 300',
      "kis_agent_llm_cost_usd 0.0025",
      'kis_agent_kis_calls{tr_id="FHKST01010100"} 40',
      'kis_agent_kis_errors{tr_id="FHKST01010100"} 20',
      "kis_agent_ticks_per_second 0.03333333333333333",
      'kis_agent_queue_jobs{queue="trading-run",state="waiting"} 0',
    ])
      expect(text.split("\n")).toContain(line);
  });

  it("filters trades and downloads them as CSV with quoting", async () => {
    const sells = (await (await get("/api/trades?action=sell", bearer)).json()) as Array<{ ticker: string }>;
    expect(sells.map((t) => t.ticker)).toEqual(["000660"]);
    const csv = await (await get("/api/trades.csv?symbol=005930", bearer)).text();
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "time_kst,ticker,action,quantity,price_krw,execution_status,order_number,pnl_7_days_krw,pnl_30_days_krw,prompt_version,run_id,justification",
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(",005930,buy,3,70000,FILLED,");
    expect(lines[1]?.endsWith(',"테스트, ""따옴표"""')).toBe(true);
  });
});

describe("console on a real account", () => {
  let realDir: string;
  let real: ConsoleHandle;
  beforeAll(async () => {
    realDir = mkdtempSync(join(tmpdir(), "kis-console-real-"));
    const config = loadConfig({
      KIS_ENV: "real",
      KIS_LIVE_TRADING: "enabled",
      KIS_APP_KEY: TEST_APP_KEY,
      KIS_APP_SECRET: TEST_APP_SECRET,
      KIS_ACCOUNT_NO: "12345678-01",
      KIS_HTS_ID: "consoleuser",
      DATA_DIR: realDir,
      LOG_LEVEL: "silent",
      CONSOLE_TOKEN: TOKEN,
    });
    real = await startConsole({
      config,
      port: 0,
      prefix: PREFIX,
      openRuntime: async () => {
        throw new AppError("BROKER_UNAVAILABLE", "no broker in this test");
      },
    });
    // A proposed v2 over the seed, as the weekly reflection leaves it.
    const { db, close } = openLedger(config);
    const store = createVersionedPromptStore({ repo: createPromptVersionsRepo(db), clock: systemClock, dataDir: realDir });
    const seed = store.active().text;
    store.propose((v) => ({
      parentVersion: 1,
      text: `${seed}\n`,
      diff: unifiedDiff(seed, `${seed}\n`, { from: "v1", to: `v${v}` }),
      rulesAdded: [],
      rulesRetired: [],
      author: "reflection",
      changeLog: "test",
      verdicts: [],
    }));
    close();
  });
  afterAll(async () => {
    await real?.close();
    rmSync(realDir, { recursive: true, force: true });
  });

  it("approves a prompt version only when the person typed it", async () => {
    const approve = (body: unknown) =>
      fetch(`${real.url}/api/prompts/2/approve`, {
        method: "POST",
        headers: { ...bearer, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const detail = async () =>
      (await (await fetch(`${real.url}/api/prompts/2`, { headers: bearer })).json()) as { status: string; confirmWith: string };
    expect((await detail()).confirmWith).toBe("v2");
    for (const confirm of [undefined, "2", "v1"]) {
      const res = await approve({ confirm });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toContain("Type v2 to confirm");
    }
    expect((await detail()).status).toBe("proposed");
    const ok = await approve({ confirm: "v2", note: "read the diff" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, command: "approve", version: 2, status: "active", activeVersion: 2 });
  });
});
