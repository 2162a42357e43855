/**
 * `kis-agent backtest --data csv DIR` as a user runs it: the agent trades a recorded day (two
 * symbols, hand-made collector CSV files) through the replay, and the report says which recording
 * it traded; a period the recording does not cover fails before anything runs or is written, naming what it covers.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../fakes/cli-process.js";
import { writeTickCsv, type RowSpec } from "../market/tick-rows.js";

const DAY = "20261019";
let dir: string;

/** A morning of prints every five seconds, the price walking over seven ticks. */
function morning(base: number): RowSpec[] {
  return Array.from({ length: 120 }, (_, i) => {
    const time = String(90000 + Math.floor(i / 12) * 100 + (i % 12) * 5).padStart(6, "0");
    const price = base + (i % 7) * 100;
    return { time, price, volume: 100 + i, ask: [price + 100, 500], bid: [price, 500] };
  });
}

const backtest = (args: string[]) =>
  runCli(["backtest", ...args], {
    DATA_DIR: join(dir, "data"),
    KIS_ENV: "sim",
    LOG_LEVEL: "warn",
    LLM_PROVIDER: "offline",
    KIS_SIM_URL: "",
    WATCHLIST: undefined,
  });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kis-backtest-data-"));
  mkdirSync(join(dir, "csv"));
  writeTickCsv(join(dir, "csv"), "005930", DAY, morning(71_000));
  writeTickCsv(join(dir, "csv"), "000660", DAY, morning(215_000));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("backtest --data csv", () => {
  it("trades the recorded day and reports the recording instead of a seed", async () => {
    const out = await backtest(["--from", DAY, "--to", DAY, "--data", "csv", join(dir, "csv"), "--out", join(dir, "out"), "--json"]);
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout) as {
      data: string;
      seed: number | null;
      days: string[];
      runs: { trading: number; failed: number };
    };
    expect(report).toMatchObject({ data: `csv ${join(dir, "csv")}`, seed: null, days: [DAY] });
    expect(report.runs.trading).toBeGreaterThan(0);
    expect(report.runs.failed).toBe(0);
    expect(existsSync(join(dir, "out", "equity.html"))).toBe(true);
  }, 300_000);

  it("refuses a period the recording does not cover before running anything", async () => {
    const out = await backtest(["--from", DAY, "--to", "20261020", "--data", "csv", join(dir, "csv"), "--out", join(dir, "out2")]);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain("has no prints for 20261020; it covers 20261019–20261019 (1 day(s)): narrow --from/--to");
    expect(existsSync(join(dir, "out2"))).toBe(false);
  }, 120_000);
});
