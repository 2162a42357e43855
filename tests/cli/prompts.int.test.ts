/**
 * `kis-agent prompts …` as a user runs it: a child process over a real SQLite file in a temp
 * DATA_DIR, whose versions are written through the same store the reflection graph uses.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../fakes/cli-process.js";
import { ManualClock } from "../../core/clock.js";
import { openDatabase } from "../../db/database.js";
import { createPromptVersionsRepo } from "../../db/prompt-versions-repo.js";
import { createTradesRepo } from "../../db/trades-repo.js";
import { createRunsRepo } from "../../db/runs-repo.js";
import { createVersionedPromptStore } from "../../prompts/prompt-versions.js";
import { renderRulesSection } from "../../prompts/rules-section.js";
import { parsePrompt, renderPrompt, replaceSection } from "../../prompts/sections.js";
import { unifiedDiff } from "../../prompts/unified-diff.js";

let dir: string;
let seed: string;
let v2Text: string;

async function cli(args: string[]): ReturnType<typeof runCli> {
  const env = {
    DATA_DIR: dir,
    KIS_ENV: "sim",
    LOG_LEVEL: "warn",
    PROMPT_ACTIVATION: "auto",
    KIS_SIM_START: "2026-11-23T10:00:00+09:00",
  };
  const argv = args[0] === "run" ? args : ["prompts", ...args];
  return runCli([...argv], env);
}

const json = async (args: string[]) => {
  const out = await cli([...args, "--json"]);
  return { code: out.code, doc: JSON.parse(out.stdout) as Record<string, unknown> & Array<Record<string, unknown>> };
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kis-prompts-cli-"));
  const db = openDatabase(join(dir, "kis-agent.sim.sqlite"));
  const clock = new ManualClock(1_795_000_000_000);
  const store = createVersionedPromptStore({ repo: createPromptVersionsRepo(db), clock, dataDir: dir });
  seed = store.active().text;
  const rule = {
    id: "R2.1",
    category: "entry_criteria" as const,
    text: "과열 매수 금지",
    condition: "rsi14 >= 75",
    action: "block_entry" as const,
    priority: 8,
    rationale: "4건 모두 손실",
    evidence: { support: 4, wins: 0, losses: 4, totalPnlKrw: -116_000, tradeIds: [1, 3, 5, 7] },
  };
  v2Text = renderPrompt(replaceSection(parsePrompt(seed), "rules", renderRulesSection([rule])));
  const propose = (text: string) =>
    store.propose((v) => ({
      parentVersion: 1,
      text,
      diff: unifiedDiff(seed, text, { from: "v1", to: `v${v}` }),
      rulesAdded: [rule],
      rulesRetired: [],
      author: "reflection",
      changeLog: "added R2.1",
      verdicts: [],
    }));
  store.activate(propose(v2Text) ?? 0, 1, "auto");
  propose(`${v2Text}\n`);
  // One trading run on v2 with a winning round trip, for the per-version results.
  createRunsRepo(db).start({ runId: "t1", graph: "trading", trigger: "manual", promptVersion: "2" }, clock.now());
  const trades = createTradesRepo(db);
  const trade = {
    runId: "t1",
    promptVersion: "2",
    ticker: "005930",
    quantity: 10,
    justificationText: "",
    marketSnapshot: {},
    portfolioBefore: {},
    executionStatus: "FILLED" as const,
  };
  trades.insert({ ...trade, timestampMs: 1, action: "buy", priceKrw: 70_000 }, 1);
  trades.insert({ ...trade, timestampMs: 2, action: "sell", priceKrw: 71_000 }, 2);
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("kis-agent prompts", () => {
  it("log --json lists every version with status, rules and results", async () => {
    const { code, doc } = await json(["log"]);
    expect(code).toBe(0);
    expect(doc.map((v) => [v.version, v.status])).toEqual([
      [1, "superseded"],
      [2, "active"],
      [3, "proposed"],
    ]);
    expect(doc[1]).toMatchObject({
      parentVersion: 1,
      author: "reflection",
      rulesAdded: [expect.objectContaining({ id: "R2.1" })],
      results: { runs: 1, trades: 2, closed: 1, realisedPnlKrw: 10_000 - 105 - 106 - 1_420, winRatePct: 100, llmCalls: 0, costUsd: 0 },
    });
  });

  it("show --json returns the full text byte for byte, and plain show prints it", async () => {
    const { doc } = await json(["show", "2"]);
    expect(doc.text).toBe(v2Text);
    expect((await cli(["show", "v2"])).stdout).toBe(v2Text);
  });

  it("diff prints a plain unified diff off a TTY and --json wraps it", async () => {
    const plain = await cli(["diff", "1", "2"]);
    expect(plain.stdout).toBe(unifiedDiff(seed, v2Text, { from: "v1", to: "v2" }));
    expect(plain.stdout).not.toContain("\x1b[");
    const { doc } = await json(["diff", "1", "2"]);
    expect(doc).toMatchObject({ from: 1, to: 2, identical: false, diff: plain.stdout });
  });

  it("approve refuses a proposal whose parent is no longer active, reject and rollback answer with one JSON document", async () => {
    const approve = await json(["approve", "3"]);
    expect(approve).toMatchObject({
      code: 1,
      doc: { ok: false, status: "proposed", activeVersion: 2, reason: "the active version is v2, not v1" },
    });
    expect(await json(["reject", "3", "--note", "stale"])).toMatchObject({
      code: 0,
      doc: { ok: true, command: "reject", status: "rejected" },
    });
    const rollback = await json(["rollback", "1"]);
    expect(rollback).toMatchObject({ code: 0, doc: { ok: true, command: "rollback", version: 1, status: "active", activeVersion: 1 } });
    expect(readFileSync(join(dir, "prompts", "active.md"), "utf8")).toBe(seed);
    expect((await json(["show", "2"])).doc).toMatchObject({ status: "rolled_back" });
  });

  it("run reflection --json prints one JSON document about the run", async () => {
    const { code, doc } = await json(["run", "reflection"]);
    expect(code).toBe(0);
    expect(doc).toMatchObject({
      runId: expect.stringMatching(/^reflection-/),
      status: "succeeded",
      parentVersion: 1,
      proposedVersion: null,
      activation: { status: "unchanged" },
    });
    expect(doc.stats).toMatchObject({ trades: 0, closed: 0, gaps: [] });
  });

  it("rejects a bad version argument with a typed error", async () => {
    const out = await cli(["show", "two"]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/DATA_INVALID: Expected a version number/);
  });
});
