/**
 * A trading runtime on loopback for integration tests: a real simulator, a real SQLite data
 * directory, the real KIS client, and (optionally) the real ChatOpenAI/Google client pointed at a
 * scripted mock. Each runtime opened on the same directory plays the part of a restarted process.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock, fromKst } from "../../core/clock.js";
import { loadConfig } from "../../core/config.js";
import { createLogger } from "../../core/logger.js";
import { createRuntime, type Runtime } from "../../runtime/create-runtime.js";
import { createTestDatabase } from "../db/temp-db.js";
import { startSimulator, type SimulatorHandle } from "../../sim/index.js";

export const TEST_APP_KEY = "PStestAppKey1234567890abcdefghijklmn";
export const TEST_APP_SECRET = "secretSecretSecret/abcdefghijklmnopqrstuvwxyz0123456789+SECRET==";
export const TEST_LLM_KEY = "sk-test-llm-key-0123456789abcdef";

export interface Harness {
  sim: SimulatorHandle;
  dataDir: string;
  logs: string[];
  open(env?: Record<string, string>): Promise<Runtime>;
  close(): Promise<void>;
}

/** `stepped`: the simulator runs on a ManualClock that POST /sim/clock moves (time stands still otherwise). */
export async function startHarness(options: { startKst?: string; seed?: number; stepped?: boolean } = {}): Promise<Harness> {
  const start = fromKst("20261123", options.startKst ?? "100000");
  const sim = await startSimulator({
    seed: options.seed ?? 7,
    start,
    speed: 1,
    rateLimitPerSec: 0,
    ...(options.stepped ? { clock: new ManualClock(start) } : {}),
  });
  const dataDir = mkdtempSync(join(tmpdir(), "kis-agent-it-"));
  // `npm run test:pg`: the ledger and checkpoints in a PostgreSQL database of this harness's own.
  const database = process.env.DATABASE_URL ? createTestDatabase(process.env.DATABASE_URL) : undefined;
  const logs: string[] = [];
  const runtimes: Runtime[] = [];
  return {
    sim,
    dataDir,
    logs,
    async open(env = {}) {
      const config = loadConfig({
        // The simulator above runs without limits; the client paces at its own (generous) figure, not KIS's.
        KIS_ENV: "sim",
        KIS_SIM_URL: sim.restUrl,
        KIS_SIM_RATE_LIMIT: "1000",
        DATA_DIR: dataDir,
        LOG_LEVEL: "debug",
        KIS_APP_KEY: TEST_APP_KEY,
        KIS_APP_SECRET: TEST_APP_SECRET,
        KIS_ACCOUNT_NO: "50001234-01",
        WATCHLIST: "005930,000660,035420",
        // The activation gate backtests every new version (minutes); its own tests are tests/cli/prompts-eval.int.test.ts.
        PROMPT_EVAL_GATE: "off",
        ...(database ? { DATABASE_URL: database.url } : {}),
        ...env,
      });
      const rt = await createRuntime({ config, log: createLogger("debug", (line) => logs.push(line)) });
      runtimes.push(rt);
      return rt;
    },
    async close() {
      for (const rt of runtimes) await rt.close().catch(() => undefined);
      await sim.close();
      database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A plan the mock model answers with. */
export function planJson(actions: Array<Record<string, unknown>>): string {
  return JSON.stringify({ actions, justification: "테스트 계획", riskAssessment: "낮음" });
}

export const marketBuy = (symbol: string, quantity: number) => ({
  side: "buy",
  symbol,
  quantity,
  limitPriceKrw: null,
  reason: "테스트 매수",
  invalidationPriceKrw: null,
});
