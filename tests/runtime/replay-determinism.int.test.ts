/**
 * `kis-agent demo --json` twice, at once, in two child processes — one of them with its wall clock
 * 40 days ahead — over the fixed default period (shortened to two days for time): the same seed
 * prints the same P&L, trades, runs, ticks and prompt fields; only the timings differ. The demo's
 * ledger then opens with the command it printed.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_START } from "../../cli/demo.js";

const SHIFT_CLOCK = join(import.meta.dirname, "fixtures", "shift-wall-clock.mjs");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function kisAgent(args: string[], preload: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, KIS_ENV: "sim", LOG_LEVEL: "warn", KIS_SIM_SEED: "42", LLM_PROVIDER: "", KIS_SIM_URL: "" };
  const child = spawn(process.execPath, [...preload, "bin/kis-agent.js", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, "exit")) as [number];
  return { code, stdout, stderr };
}

async function demo(preload: string[] = []): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), "kis-demo-det-"));
  dirs.push(dir);
  const out = await kisAgent(["--data-dir", dir, "demo", "--json", "--days", "2"], preload);
  expect(out.stderr).toBe("");
  expect(out.code).toBe(0);
  return JSON.parse(out.stdout) as Record<string, unknown>;
}

/** What a replay decided and produced, without how long it took or where it was written. */
function outcome(doc: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !["wallSeconds", "timesRealTime", "ledger"].includes(key)));
}

describe("demo replay determinism", () => {
  it("two demos with the same seed on different wall-clock days print identical P&L, trades, runs and prompt fields", async () => {
    const [today, later] = await Promise.all([demo(), demo(["--import", SHIFT_CLOCK])]);
    expect(today.days).toEqual([DEMO_START, "20261020"]);
    expect(today.seed).toBe(42);
    expect((today.trades as unknown[]).length).toBeGreaterThan(0);
    expect(outcome(later)).toEqual(outcome(today));

    const ledger = today.ledger as { dataDir: string; commands: string[] };
    expect(ledger.commands).toContain(`kis-agent --data-dir ${ledger.dataDir} prompts log`);
    const runs = await kisAgent(["--data-dir", ledger.dataDir, "runs", "--limit", "100000", "--json"]);
    const listed = JSON.parse(runs.stdout) as unknown[];
    const counted = today.runs as { trading: number; reflection: number };
    expect(listed.length).toBe(counted.trading + counted.reflection);
  }, 900_000);
});
