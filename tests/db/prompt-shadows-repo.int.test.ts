import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPromptShadowsRepo, type ShadowRecord } from "../../db/prompt-shadows-repo.js";
import { createPromptVersionsRepo } from "../../db/prompt-versions-repo.js";
import { openTestLedger, type TestLedger } from "./temp-db.js";

let t: TestLedger;
beforeEach(() => {
  t = openTestLedger();
  const versions = createPromptVersionsRepo(t.db);
  versions.seed("v1", 0);
  for (const text of ["v2", "v3"])
    versions.propose(
      () => ({ parentVersion: 1, text, diff: "", rulesAdded: [], rulesRetired: [], author: "test", changeLog: "", verdicts: [] }),
      0,
    );
});
afterEach(() => t.dispose());

const record = (shadowId: number, runId: string): ShadowRecord => ({
  shadowId,
  runId,
  version: 2,
  activeVersion: 1,
  decidedAtMs: 5,
  decision: { actions: [], justification: "관망" },
  error: null,
  activeDecision: null,
  activeError: "plan outside its bounds",
});

describe("PromptShadowsRepo", () => {
  it("runs one shadowing at a time: a new one stops the one running", () => {
    const repo = createPromptShadowsRepo(t.db);
    const first = repo.start(2, "20261211", 1_000);
    const second = repo.start(3, "20261211", 2_000);
    expect(repo.current("20261207", 3_000)).toMatchObject({ id: second.id, version: 3 });
    expect(repo.list().find((s) => s.id === first.id)).toMatchObject({ stoppedAtMs: 2_000, stopReason: "replaced by v3" });
  });

  it("a shadowing ends after its last day and then is no longer current", () => {
    const repo = createPromptShadowsRepo(t.db);
    const s = repo.start(2, "20261208", 1_000);
    expect(repo.current("20261208", 2_000)?.id).toBe(s.id);
    expect(repo.current("20261209", 3_000)).toBeNull();
    expect(repo.list()[0]).toMatchObject({ stoppedAtMs: 3_000, stopReason: "ran its days (until 20261208)" });
  });

  it("records a run once (a resumed run adds nothing) and reads the decisions back", () => {
    const repo = createPromptShadowsRepo(t.db);
    const s = repo.start(2, "20261208", 1_000);
    expect(repo.record(record(s.id, "run-1"))).toBe(true);
    expect(repo.record(record(s.id, "run-1"))).toBe(false);
    expect(repo.decisions(s.id)).toEqual([record(s.id, "run-1")]);
  });

  it("stop without a running shadowing answers null", () => {
    const repo = createPromptShadowsRepo(t.db);
    expect(repo.stop("nothing", 1)).toBeNull();
    repo.start(2, "20261208", 1_000);
    expect(repo.stop("enough", 2_000)).toMatchObject({ version: 2, stoppedAtMs: 2_000, stopReason: "enough" });
    expect(repo.current("20261208", 3_000)).toBeNull();
  });
});
