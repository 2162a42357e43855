/**
 * `kis-agent prompts eval` and the activation gate over real backtests (the replay: simulator on
 * loopback, tick pipeline, schedule, trading graph with the offline policy) on one generated day
 * (seed 42, 2026-10-19, a day the universe rose and the seed prompt bought into it):
 * - a version against itself: the same market, the same decisions, a difference whose interval contains 0;
 * - against a deliberately worse version (a rule that blocks every entry): the loss, stored and shown by `prompts log`;
 * - the gate: that version, proposed by a reflection run, stays inactive with the evaluation as its reason.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../fakes/cli-process.js";
import { fromKst, ManualClock } from "../../core/clock.js";
import { loadConfig } from "../../core/config.js";
import { silentLogger } from "../../core/logger.js";
import { openDatabase, type Db } from "../../db/database.js";
import { createPromptVersionsRepo } from "../../db/prompt-versions-repo.js";
import { createActivate } from "../../nodes/reflection/activate.js";
import { createVersionedPromptStore, type VersionedPromptStore } from "../../prompts/prompt-versions.js";
import { renderRulesSection } from "../../prompts/rules-section.js";
import { parsePrompt, renderPrompt, replaceSection } from "../../prompts/sections.js";
import type { Runtime } from "../../runtime/create-runtime.js";
import { createPromptGate } from "../../runtime/prompt-eval.js";
import type { ReflectionStateValue } from "../../state/reflection-state.js";

let dir: string;
let db: Db;
let store: VersionedPromptStore;
const clock = new ManualClock(fromKst("20261020", "090000"));

async function cli(args: string[]): ReturnType<typeof runCli> {
  const env = { DATA_DIR: dir, KIS_ENV: "sim", LOG_LEVEL: "warn", KIS_SIM_SEED: "42", LLM_PROVIDER: "", KIS_SIM_URL: "" };
  return runCli(["prompts", ...args], env);
}

interface Evaluation {
  a: number;
  b: number;
  days: number;
  meanReturnPct: { a: number; b: number };
  difference: { meanDailyPct: number; lowPct: number; highPct: number; totalReturnPct: number; samples: number };
}

async function evaluate(a: number, b: number): Promise<Evaluation> {
  const out = await cli(["eval", String(a), String(b), "--days", "1", "--json"]);
  expect(out.stderr).toBe("");
  expect(out.code).toBe(0);
  return JSON.parse(out.stdout) as Evaluation;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kis-prompts-eval-"));
  db = openDatabase(join(dir, "kis-agent.sim.sqlite"));
  store = createVersionedPromptStore({ repo: createPromptVersionsRepo(db), clock, dataDir: dir });
  const seed = store.active().text;
  const rule = {
    id: "R2.1",
    category: "entry_criteria" as const,
    text: "어떤 종목도 매수하지 않음",
    condition: "priceKrw > 0",
    action: "block_entry" as const,
    priority: 10,
    rationale: "a deliberately worse version: it blocks every entry",
    evidence: { support: 0, wins: 0, losses: 0, totalPnlKrw: 0, tradeIds: [] },
  };
  const text = renderPrompt(replaceSection(parsePrompt(seed), "rules", renderRulesSection([rule])));
  store.propose(() => ({
    parentVersion: 1,
    text,
    diff: "",
    rulesAdded: [rule],
    rulesRetired: [],
    reflectionRunId: "reflection-test",
    author: "test",
    changeLog: "blocks every entry",
    verdicts: [],
  }));
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("prompts eval", () => {
  it("a version against itself: no difference, and the interval contains 0", async () => {
    const e = await evaluate(1, 1);
    expect(e.days).toBe(1);
    expect(e.meanReturnPct.a).toBe(e.meanReturnPct.b);
    expect(e.difference.meanDailyPct).toBe(0);
    expect(e.difference.lowPct).toBeLessThanOrEqual(0);
    expect(e.difference.highPct).toBeGreaterThanOrEqual(0);
  }, 900_000);

  it("against a version that blocks every entry on a rising market: the loss, stored with the versions", async () => {
    const e = await evaluate(1, 2);
    expect(e.meanReturnPct.a).toBeGreaterThan(0);
    expect(e.meanReturnPct.b).toBe(0); // never bought: the account is untouched
    expect(e.difference.totalReturnPct).toBeLessThan(0);
    expect(e.difference.highPct).toBeLessThan(0);
    const log = await cli(["log"]);
    expect(log.stdout).toMatch(new RegExp(`${e.difference.totalReturnPct} pp vs v1`));
  }, 900_000);
});

describe("the activation gate", () => {
  it("keeps a reflection's version that loses beyond the tolerance inactive, with the reason in prompts log", async () => {
    const config = loadConfig({
      KIS_ENV: "sim",
      DATA_DIR: dir,
      KIS_SIM_SEED: "42",
      PROMPT_EVAL_TOLERANCE_PCT: "0.1",
      PROMPT_EVAL_DAYS: "1",
      PROMPT_EVAL_SEEDS: "1",
    });
    const rt = { config, db, prompts: store, clock, log: silentLogger } as unknown as Runtime;
    const gate = createPromptGate(rt);
    expect(gate).toBeDefined();
    const activate = createActivate({ store, mode: "auto", ...(gate ? { gate } : {}) });
    const update = await activate({ runId: "reflection-test", proposedVersion: 2, parentVersion: 1 } as ReflectionStateValue);
    expect(update.activation?.status).toBe("rejected");
    expect(store.active().version).toBe(1);
    expect(store.record(2)?.statusReason).toMatch(
      /^evaluation: v2 lost to active v1 beyond the 0\.1 pp tolerance over 1 day\(s\) × 1 seed\(s\)/,
    );
    const log = await cli(["log"]);
    expect(log.stdout).toContain("v2 rejected: evaluation: v2 lost to active v1");
    expect(log.stdout).toMatch(/pp vs v1 \(fail\)/);
    expect(
      createPromptGate({ ...rt, config: { ...config, promptEval: { ...config.promptEval, gate: false } } } as Runtime),
    ).toBeUndefined();
  }, 900_000);
});
