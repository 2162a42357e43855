/**
 * `kis-agent --data-dir DIR …` as a user runs it after a demo: child processes over a ledger in DIR
 * while DATA_DIR names another directory. The reflection writes its version into DIR, and
 * `prompts log` / `prompts diff` / `runs` read it back from there.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../fakes/cli-process.js";
import { TEST_APP_KEY, TEST_APP_SECRET, startHarness, type Harness } from "../fakes/trading-harness.js";
import { insertWeek } from "../reflection/reflection-fixture.js";

let h: Harness;
let elsewhere: string;
beforeEach(async () => {
  h = await startHarness();
  elsewhere = mkdtempSync(join(tmpdir(), "kis-data-dir-env-"));
});
afterEach(async () => {
  await h.close();
  rmSync(elsewhere, { recursive: true, force: true });
});

async function cli(args: string[]): ReturnType<typeof runCli> {
  const env = {
    DATA_DIR: elsewhere,
    KIS_ENV: "sim",
    KIS_SIM_URL: h.sim.restUrl,
    KIS_SIM_RATE_LIMIT: "1000",
    LOG_LEVEL: "warn",
    KIS_APP_KEY: TEST_APP_KEY,
    KIS_APP_SECRET: TEST_APP_SECRET,
    KIS_ACCOUNT_NO: "50001234-01",
    PROMPT_ACTIVATION: "auto",
  };
  return runCli([...args], env);
}

describe("kis-agent --data-dir", () => {
  it("runs the reflection on DIR's ledger and lists, diffs and shows its runs from DIR, not DATA_DIR", async () => {
    const rt = await h.open();
    insertWeek(rt);
    await rt.close();

    const reflection = await cli(["--data-dir", h.dataDir, "run", "reflection", "--json"]);
    expect(reflection.stderr).toBe("");
    expect(reflection.code).toBe(0);
    const result = JSON.parse(reflection.stdout) as { proposedVersion: number | null; noVersionReason: unknown; runId: string };
    expect(result).toMatchObject({ proposedVersion: 2, noVersionReason: null });

    const log = await cli([`--data-dir=${h.dataDir}`, "prompts", "log", "--json"]);
    expect((JSON.parse(log.stdout) as Array<{ version: number }>).map((v) => v.version)).toEqual([1, 2]);
    const diff = await cli(["--data-dir", h.dataDir, "prompts", "diff", "1", "2"]);
    expect(diff.stdout).toMatch(/^\+- \*\*R2\.\d\*\* \[entry_criteria · 우선순위 \d\] 조건 `rsi14 >= 75`/m);
    const runs = await cli(["--data-dir", h.dataDir, "runs", "--json"]);
    expect(JSON.stringify(JSON.parse(runs.stdout))).toContain(result.runId);

    // DATA_DIR was never opened: the flag wins over the environment.
    expect(readdirSync(elsewhere)).toEqual([]);
  }, 180_000);

  it("says what is missing when --data-dir has no directory", async () => {
    const out = await cli(["--data-dir"]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("--data-dir: expected a directory");
    expect(existsSync(join(elsewhere, "kis-agent.sim.sqlite"))).toBe(false);
  }, 60_000);
});
