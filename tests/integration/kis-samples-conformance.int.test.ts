/**
 * The official samples against a default-started simulator (KIS's real rate limits on). Without a
 * checkout, the samples' recorded requests (tests/fixtures/kis-samples/requests.json) are replayed
 * by a stdlib client that builds its answers exactly as kis_auth.APIResp does; every call must
 * answer, every output carry rows, and every column of the samples' lists be present. With
 * KIS_SAMPLES_DIR pointing at a checkout of koreainvestment/open-trading-api and python3 with the
 * samples' dependencies (pandas, requests, PyYAML, websockets, pycryptodome), the samples' own
 * domestic_stock_functions.py runs unchanged too.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromKst, ManualClock } from "../../core/clock.js";
import { startSimulator, type SimulatorHandle } from "../../sim/index.js";

const run = promisify(execFile);
const PY = (name: string) => fileURLToPath(new URL(`./python/${name}`, import.meta.url));
const HAS_PYTHON = spawnSync("python3", ["--version"]).status === 0;
const SAMPLES_DIR = process.env.KIS_SAMPLES_DIR;
const HAS_SAMPLE_DEPS = HAS_PYTHON && spawnSync("python3", ["-c", "import pandas, requests, yaml, websockets, Crypto"]).status === 0;
const ACCOUNT = "73000000-01";
const APP_KEY = "PSconformanceAppKey00000000000000000";
const APP_SECRET = "conformance-secret".repeat(10);
const VALUES = {
  SYMBOL: "005930",
  TODAY: "20261123",
  PREV_DAY: "20261120",
  NEXT_DAY: "20261124",
  MONTH_AGO: "20261023",
  NOW_HOUR: "130000",
  ENV_DV: "real",
};

interface CallResult {
  function: string;
  trId: string;
  rows: Record<string, number>;
  missing: Record<string, string[]>;
  error?: string;
}
interface Recorded {
  function: string;
  group: string;
  tr_id: { real: string; demo: string | null };
}
const RECORDED = (
  JSON.parse(readFileSync(new URL("../fixtures/kis-samples/requests.json", import.meta.url), "utf8")) as { calls: Recorded[] }
).calls;

async function replay(sim: SimulatorHandle, group: string, extra: Record<string, string> = {}): Promise<CallResult[]> {
  const values = JSON.stringify({ ...VALUES, ...extra });
  const { stdout } = await run("python3", [PY("kis-sample-replay.py"), sim.restUrl, APP_KEY, APP_SECRET, ACCOUNT, "real", group, values], {
    timeout: 60_000,
  });
  return (JSON.parse(stdout) as { results: CallResult[] }).results;
}

describe.skipIf(!HAS_PYTHON)("the official samples' recorded requests against a default-started simulator", () => {
  let sim: SimulatorHandle;
  let clock: ManualClock;
  let day: CallResult[];
  beforeAll(async () => {
    clock = new ManualClock(fromKst("20261123", "130000"));
    // No rateLimitPerSec: KIS's own limits, as `kis-agent sim` starts.
    sim = await startSimulator({ clock, seed: 11, pingIntervalMs: 60_000 });
    day = await replay(sim, "day");
  }, 90_000);
  afterAll(async () => {
    await sim.close();
  });

  it("sends every recorded call with its real tr_id, in order", () => {
    expect(day.map((r) => r.trId)).toEqual(RECORDED.filter((c) => c.group === "day").map((c) => c.tr_id.real));
  });

  it("answers every call, each output with rows, each row with every column of the samples' lists", () => {
    const failures = day.filter(
      (r) => r.error !== undefined || Object.values(r.rows).some((n) => n === 0) || Object.values(r.missing).some((m) => m.length > 0),
    );
    expect(failures, JSON.stringify(failures, null, 1)).toEqual([]);
  });

  it("places, modifies and cancels through the order functions, then fills a buy", () => {
    const exchangeOrders = sim.exchange.orders(ACCOUNT.replace("-", ""), VALUES.TODAY, VALUES.TODAY);
    expect(exchangeOrders.some((o) => o.revision === "modify")).toBe(true);
    expect(exchangeOrders.some((o) => o.revision === "cancel")).toBe(true);
    expect(exchangeOrders.some((o) => o.status === "filled" && o.quantity === 3)).toBe(true);
  });

  it("takes, lists and cancels a reservation in the evening", async () => {
    clock.set(fromKst(VALUES.TODAY, "163000"));
    const evening = await replay(sim, "evening", { PRICE: String(sim.exchange.symbol(VALUES.SYMBOL)!.lastKrw) });
    expect(evening.map((r) => [r.function, r.error])).toEqual([
      ["order_resv", undefined],
      ["order_resv_ccnl", undefined],
      ["order_resv_rvsecncl", undefined],
    ]);
    expect(evening[1]!.rows.output).toBe(1);
  });
});

describe.skipIf(!SAMPLES_DIR || !HAS_SAMPLE_DEPS)("the official samples themselves (KIS_SAMPLES_DIR)", () => {
  let sim: SimulatorHandle;
  let home: string;
  beforeAll(async () => {
    sim = await startSimulator({ clock: new ManualClock(fromKst("20261123", "130000")), seed: 11, pingIntervalMs: 60_000 });
    home = await mkdtemp(join(tmpdir(), "kis-samples-home-"));
  });
  afterAll(async () => {
    await sim.close();
    await rm(home, { recursive: true, force: true });
  });

  it("runs domestic_stock_functions.py unchanged: every served function returns a non-empty DataFrame", async () => {
    const { stdout } = await run(
      "python3",
      [PY("kis-samples-run.py"), SAMPLES_DIR!, sim.restUrl, APP_KEY, APP_SECRET, ACCOUNT, JSON.stringify(VALUES)],
      { timeout: 120_000, env: { ...process.env, HOME: home } },
    );
    const results = JSON.parse(stdout) as Array<{ function: string; rows: number; error?: string }>;
    const failures = results.filter((r) => r.error !== undefined || r.rows === 0);
    expect(failures, JSON.stringify(failures, null, 1)).toEqual([]);
  }, 150_000);
});
