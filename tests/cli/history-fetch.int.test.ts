/**
 * `kis-agent history fetch` as a user runs it: child processes against the simulator over loopback
 * (KIS_ENV=sim, KIS_SIM_URL) at KIS's own rate limit. The first fetch is killed (SIGKILL) once some
 * symbol-days are stored; the second resumes, skipping them, and the directory ends up identical
 * to an uninterrupted fetch; the stored history then loads as a recorded market that plays.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromKst, ManualClock } from "../../core/clock.js";
import { type SimulatorHandle, startSimulator } from "../../sim/index.js";
import { createSimExchange } from "../../sim/market/create-exchange.js";

const ARGS = ["history", "fetch", "--symbols", "005930,000660", "--from", "20261014", "--to", "20261023"];
/** 8 trading days × 2 symbols, and each symbol's daily file */
const ITEMS = 2 * 8 + 2;

let sim: SimulatorHandle;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "history-cli-"));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  sim = await startSimulator({ seed: 7, start: fromKst("20261102", "100000") });
});
afterAll(async () => {
  await sim.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs the CLI; `killAfter` fetched items kills it with SIGKILL (no chance to clean up). */
async function cli(dataDir: string, extra: string[], killAfter?: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env, KIS_ENV: "sim", KIS_SIM_URL: sim.restUrl, LOG_LEVEL: "warn" };
  const child = spawn(process.execPath, ["bin/kis-agent.js", "--data-dir", dataDir, ...ARGS, ...extra], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
    if (killAfter !== undefined && (stderr.match(/ fetched\n/g) ?? []).length >= killAfter) child.kill("SIGKILL");
  });
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

const listFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length))
    .sort();

describe("kis-agent history fetch", () => {
  it("resumes after a kill, skipping stored symbol-days, and ends with the same files as one clean fetch", async () => {
    const interrupted = tempDir();
    const first = await cli(interrupted, [], 5);
    expect(first.code).toBeNull();
    const resumed = await cli(interrupted, ["--json"]);
    expect(resumed.stderr).toMatch(/history \d+\/18 005930 daily skipped/);
    expect(resumed.code).toBe(0);
    const result = JSON.parse(resumed.stdout) as { fetched: number; skipped: number; minuteBars: number };
    expect(result.skipped).toBeGreaterThanOrEqual(5);
    expect(result.fetched + result.skipped).toBe(ITEMS);

    const clean = tempDir();
    const once = await cli(clean, ["--json"]);
    expect(JSON.parse(once.stdout)).toMatchObject({ fetched: ITEMS, skipped: 0 });
    const files = listFiles(join(clean, "history"));
    expect(files).toHaveLength(ITEMS);
    expect(files.some((f) => f.endsWith(".partial"))).toBe(false);
    expect(listFiles(join(interrupted, "history"))).toEqual(files);
    for (const f of files)
      expect(readFileSync(join(interrupted, "history", f), "utf8")).toBe(readFileSync(join(clean, "history", f), "utf8"));

    // A third run asks for nothing.
    const again = await cli(clean, ["--json"]);
    expect(JSON.parse(again.stdout)).toMatchObject({ fetched: 0, skipped: ITEMS, minuteBars: 0 });

    // The stored history plays: one print a minute at the minute's close, on the recorded days only.
    const clock = new ManualClock(fromKst("20261014", "080000"));
    const exchange = createSimExchange({ seed: 1, clock, market: { kind: "history", dir: join(clean, "history") } });
    expect(exchange.symbols().map((s) => s.code)).toEqual(["000660", "005930"]);
    exchange.advanceTo(fromKst("20261014", "153100"));
    const day = exchange.dailyBars("005930", "20261014", "20261014")[0];
    const stored = readFileSync(join(clean, "history", "minute", "005930", "20261014.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1);
    expect(day?.closeKrw).toBe(Number(stored.at(-1)?.split(",")[4]));
    expect(day?.volume).toBe(stored.reduce((n, line) => n + Number(line.split(",")[5]), 0));
  }, 240_000);

  it("refuses bad arguments before connecting", async () => {
    const dir = tempDir();
    const env = { ...process.env, KIS_ENV: "sim", KIS_SIM_URL: sim.restUrl, LOG_LEVEL: "warn" };
    const child = spawn(
      process.execPath,
      ["bin/kis-agent.js", "--data-dir", dir, "history", "fetch", "--symbols", "5930", "--from", "20261001", "--to", "20261002"],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, "exit")) as [number];
    expect(code).not.toBe(0);
    expect(stderr).toContain("'5930'");
    expect(existsSync(join(dir, "history"))).toBe(false);
  }, 60_000);
});
