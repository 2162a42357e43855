/**
 * The console end to end in headless Chromium (Debian's chromium driven by playwright-core): a
 * simulated week replayed through the live machinery leaves a proposed prompt version; a trading
 * run (real ChatOpenAI against a scripted mock, APPROVAL_MODE=always) waits for approval. The
 * browser opens the console with its token, reads the diff, approves the version — and the CLI then
 * shows it active —, approves the run from its page, visits every page and screenshots it into
 * test-artifacts/console/. A page on another origin cannot halt trading; no answer the browser
 * received contains a secret. Skipped, saying so, only when /usr/bin/chromium is absent.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsole, type ConsoleHandle } from "../../console/start-console.js";
import { loadConfig, type AppConfig } from "../../core/config.js";
import { silentLogger } from "../../core/logger.js";
import { createRuntime } from "../../runtime/create-runtime.js";
import { openLedger } from "../../runtime/paths.js";
import { runReplay } from "../../runtime/replay.js";
import { runTrading } from "../../runtime/trading.js";
import { startLlmMock, type LlmMockServer } from "../../testkit/llm-mock-server.js";
import { TEST_APP_KEY, TEST_APP_SECRET, TEST_LLM_KEY, planJson } from "../fakes/trading-harness.js";
import { writeBacktestReport } from "./backtest-fixture.js";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(process.cwd(), "test-artifacts", "console");
const TOKEN = "console-e2e-token-0123456789abcdef";
const WEBHOOK = "http://127.0.0.1:9/hooks/e2e-secret-webhook-path";
const SECRETS = [TOKEN, TEST_APP_KEY, TEST_APP_SECRET, TEST_LLM_KEY, WEBHOOK];
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) process.stderr.write(`SKIP console e2e: ${CHROMIUM} not found (apt-get install chromium; .ci/run installs it)\n`);

let dir: string;
let config: AppConfig;
let mock: LlmMockServer;
let handle: ConsoleHandle;
let browser: Browser;
let page: Page;
let waitingRunId: string;
let proposedVersion: number;
const received: Array<{ url: string; body: string }> = [];

/** A limit buy small enough for the account, big enough to ask (APPROVAL_MODE=always asks for every order). */
const limitBuy = { side: "buy", symbol: "005930", quantity: 2, limitPriceKrw: null, reason: "e2e 테스트 매수", invalidationPriceKrw: null };

async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  const env = { ...process.env, DATA_DIR: dir, KIS_ENV: "sim", LOG_LEVEL: "silent" };
  const child = spawn(process.execPath, ["bin/kis-agent.js", ...args], { env, stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  const [code] = (await once(child, "exit")) as [number];
  return { code, stdout };
}

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

async function open(path: string): Promise<void> {
  await page.goto(`${handle.url}${path}`);
  await page.waitForSelector("body[data-ready='1']");
}

beforeAll(async () => {
  if (!hasChromium) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), "kis-console-e2e-"));
  // A week (Mon 23 – Fri 27 Nov 2026) at one-minute steps; the weekly reflection proposes a version a person must approve.
  const week = await runReplay({
    days: 5,
    seed: 42,
    dataDir: dir,
    startDate: "20261123",
    stepMs: 60_000,
    env: { LLM_PROVIDER: "offline", LOG_LEVEL: "silent", PROMPT_ACTIVATION: "approval" },
  });
  expect(week.prompt.status).toBe("proposed");
  proposedVersion = week.prompt.newVersion ?? 0;

  mock = await startLlmMock("openai", [{ kind: "content", text: planJson([limitBuy]) }]);
  config = loadConfig({
    KIS_ENV: "sim",
    DATA_DIR: dir,
    LOG_LEVEL: "silent",
    KIS_SIM_SEED: "42",
    KIS_SIM_START: "2026-11-30T10:00:00+09:00",
    KIS_SIM_RATE_LIMIT: "0",
    KIS_APP_KEY: TEST_APP_KEY,
    KIS_APP_SECRET: TEST_APP_SECRET,
    LLM_PROVIDER: "openai",
    OPENAI_API_KEY: TEST_LLM_KEY,
    OPENAI_BASE_URL: mock.baseUrl,
    APPROVAL_MODE: "always",
    ALERT_WEBHOOK_URL: WEBHOOK,
    CONSOLE_TOKEN: TOKEN,
    WATCHLIST: "005930,000660,035420",
  });
  // The run waits in its own process's runtime, as under `kis-agent start`; the console answers it later with its own.
  const rt = await createRuntime({ config, log: silentLogger });
  const waiting = await runTrading(rt);
  await rt.close();
  expect(waiting.status).toBe("interrupted");
  waitingRunId = waiting.runId;

  writeBacktestReport(dir);
  handle = await startConsole({ config, port: 0, openRuntime: () => createRuntime({ config, log: silentLogger }) });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  page.on("response", (res) => {
    if (res.url().startsWith(handle.url) && !res.url().includes("/api/live"))
      void res.text().then(
        (body) => received.push({ url: res.url(), body }),
        () => undefined,
      );
  });
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await handle?.close();
  await mock?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasChromium)("the console in headless Chromium", () => {
  it("opens with the token from the URL and shows the overview with the week's equity curve", async () => {
    await open(`/?token=${TOKEN}`);
    expect(page.url()).toBe(`${handle.url}/`);
    await page.waitForSelector("[data-testid=equity-chart] canvas");
    expect(await page.textContent("[data-testid=trading-state]")).toContain("ACTIVE");
    expect(await page.textContent("[data-testid=pending-runs]")).toContain(waitingRunId);
    // The last `kis-agent backtest` (DATA_DIR/backtest/report.json) beside the account's own curve.
    await page.waitForSelector("[data-testid=backtest-chart] canvas");
    expect(await page.textContent("[data-testid=backtest-summary]")).toContain("20261019–20261020");
    await shot("overview");
    await page.setViewportSize({ width: 390, height: 844 });
    await open("/");
    await page.waitForSelector("[data-testid=equity-chart] canvas");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot("overview-phone");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("shows the proposed version's diff side by side with its rules' evidence, approves it, and the CLI then shows it active", async () => {
    await open("/prompts");
    expect(await page.textContent("[data-testid=prompt-versions]")).toContain(`v${proposedVersion}`);
    await shot("prompts");
    await page.click(`a[href="/prompts/${proposedVersion}"]`);
    await page.waitForSelector("[data-testid=diff] .d2h-file-side-diff");
    expect(await page.locator(".d2h-ins").count()).toBeGreaterThan(0);
    expect(await page.textContent("[data-testid=rules-added]")).toMatch(/R\d+\.\d+/);
    await shot("prompt-diff");
    await page.click("[data-testid=approve-prompt]");
    await page.waitForFunction(() => document.querySelector("[data-testid=prompt-status]")?.textContent?.includes("active"));
    const log = await cli(["prompts", "log", "--json"]);
    expect(log.code).toBe(0);
    const versions = JSON.parse(log.stdout) as Array<{ version: number; status: string }>;
    expect(versions.find((v) => v.version === proposedVersion)?.status).toBe("active");
  });

  it("approves the waiting run from its page: the order goes out and the run finishes", async () => {
    await open("/runs?status=interrupted");
    await shot("runs");
    await page.click(`a[href="/runs/${waitingRunId}"]`);
    await page.waitForSelector("[data-testid=approve-run]");
    await shot("run-waiting");
    await page.click("[data-testid=approve-run]");
    await page.waitForFunction(() => !document.querySelector("[data-testid=run-status]")?.textContent?.includes("interrupted"), undefined, {
      timeout: 60_000,
    });
    expect(await page.textContent("[data-testid=run-status]")).toContain("succeeded");
    const ledger = openLedger(config);
    try {
      expect(ledger.repos.runs.get(waitingRunId)?.status).toBe("succeeded");
      expect(ledger.db.prepare("SELECT symbol, side, quantity FROM order_intents WHERE run_id = ?").all(waitingRunId)).toEqual([
        { symbol: "005930", side: "buy", quantity: 2 },
      ]);
    } finally {
      ledger.close();
    }
    await shot("run-approved");
  }, 120_000);

  it("lists trades with filters and a CSV download, and streams live indicators with the subscription budget", async () => {
    await open("/trades?action=buy");
    const rows = await page.locator("[data-testid=trades] tbody tr").count();
    expect(rows).toBeGreaterThan(0);
    const csv = await page.request.get(`${handle.url}/api/trades.csv?action=buy`);
    expect((await csv.text()).split("\r\n").filter((l) => l !== "")).toHaveLength(rows + 1);
    await shot("trades");
    await open("/live");
    await page.waitForSelector("[data-testid=live-symbols] tbody tr");
    expect(await page.textContent("[data-testid=budget]")).toMatch(/\d+ \/ 41/);
    await shot("live");
  });

  it("follows a Korean locale: labels in Korean and amounts in won", async () => {
    const ko = await browser.newPage({ locale: "ko-KR", extraHTTPHeaders: { "accept-language": "ko-KR,ko;q=0.9" } });
    try {
      await ko.goto(`${handle.url}/?token=${TOKEN}`);
      await ko.waitForSelector("body[data-ready='1']");
      expect(await ko.textContent("#nav")).toContain("프롬프트");
      expect(await ko.textContent("[data-testid=today-pnl]")).toContain("₩");
      await ko.screenshot({ path: join(ARTIFACTS, "overview-ko.png"), fullPage: true });
    } finally {
      await ko.close();
    }
  });

  it("refuses a state change from a page on another origin, even with the browser's cookie", async () => {
    const evil: Server = createServer((_req, res) =>
      res.end(
        `<!doctype html><form method="post" action="${handle.url}/api/halt"><input name="reason" value="forged"></form><script>document.forms[0].submit()</script>`,
      ),
    );
    await new Promise<void>((r) => evil.listen(0, "127.0.0.1", r));
    try {
      const answer = page.waitForResponse((res) => res.url() === `${handle.url}/api/halt`);
      await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      expect((await answer).status()).toBe(403);
    } finally {
      evil.close();
    }
    const ledger = openLedger(config);
    try {
      expect(ledger.repos.tradingState.get().state).toBe("ACTIVE");
    } finally {
      ledger.close();
    }
  });

  it("received no secret in any answer while browsing", () => {
    expect(received.length).toBeGreaterThan(20);
    for (const { url, body } of received)
      for (const secret of SECRETS) expect(body.includes(secret), `${url} contains a secret`).toBe(false);
  });
});
