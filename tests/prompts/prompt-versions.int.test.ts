import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import { createPromptVersionsRepo } from "../../db/prompt-versions-repo.js";
import { readCoreDecisionPrompt } from "../../prompts/prompt-store.js";
import { createVersionedPromptStore, type VersionedPromptStore } from "../../prompts/prompt-versions.js";
import { openTestLedger, type TestLedger } from "../db/temp-db.js";

let t: TestLedger;
let store: VersionedPromptStore;
const clock = new ManualClock(1_700_000_000_000);
const seed = readCoreDecisionPrompt();
const dataDir = () => t.dir;

const proposal = (parent: number, text: string) => (version: number) => ({
  parentVersion: parent,
  text,
  diff: `diff v${parent} v${version}`,
  rulesAdded: [],
  rulesRetired: [],
  author: "reflection",
  changeLog: "",
  verdicts: [],
});

beforeEach(() => {
  t = openTestLedger();
  store = createVersionedPromptStore({ repo: createPromptVersionsRepo(t.db), clock, dataDir: dataDir() });
});
afterEach(() => t.dispose());

describe("versioned prompt store", () => {
  it("seeds version 1 from core-decision.md on first use and mirrors it to disk", () => {
    expect(store.active()).toEqual({ version: 1, text: seed });
    expect(store.record(1)).toMatchObject({ status: "active", author: "seed", parentVersion: null });
    expect(readFileSync(join(dataDir(), "prompts", "active.md"), "utf8")).toBe(seed);
    expect(readFileSync(join(dataDir(), "prompts", "v1.md"), "utf8")).toBe(seed);
    store.active();
    expect(store.list()).toHaveLength(1);
  });

  it("activates a proposal only while its parent is still active (compare-and-set)", () => {
    store.active();
    const a = store.propose(proposal(1, `${seed}A`)) ?? 0;
    const b = store.propose(proposal(1, `${seed}B`)) ?? 0;
    expect([a, b]).toEqual([2, 3]);
    expect(store.activate(a, 1, "auto")).toEqual({ ok: true });
    expect(store.activate(b, 1, "auto")).toEqual({ ok: false, activeVersion: 2, reason: "the active version is v2, not v1" });
    expect(store.active()).toEqual({ version: 2, text: `${seed}A` });
    expect(store.record(1)?.status).toBe("superseded");
    expect(store.record(3)?.status).toBe("proposed");
    expect(readFileSync(join(dataDir(), "prompts", "active.md"), "utf8")).toBe(`${seed}A`);
    expect(existsSync(join(dataDir(), "prompts", "v3.md"))).toBe(true);
  });

  it("lets exactly one of two connections activate against the same parent", () => {
    store.active();
    const other = t.reopen();
    try {
      const second = createVersionedPromptStore({ repo: createPromptVersionsRepo(other), clock, dataDir: dataDir() });
      const a = store.propose(proposal(1, `${seed}A`)) ?? 0;
      const b = second.propose(proposal(1, `${seed}B`)) ?? 0;
      const results = [second.activate(b, 1, "auto"), store.activate(a, 1, "auto")];
      expect(results.map((r) => r.ok)).toEqual([true, false]);
      expect(store.active().version).toBe(b);
    } finally {
      other.close();
    }
  });

  it("rolls back to an earlier version byte-identically, and forward again", () => {
    store.active();
    const v2 = store.propose(proposal(1, `${seed}\nrule`)) ?? 0;
    store.activate(v2, 1, "auto");
    expect(store.rollback(1, "by a person")).toEqual({ ok: true });
    expect(store.active().text).toBe(seed);
    expect(readFileSync(join(dataDir(), "prompts", "active.md"), "utf8")).toBe(seed);
    expect(store.record(2)?.status).toBe("rolled_back");
    expect(store.rollback(2, "again")).toEqual({ ok: true });
    expect(store.active()).toEqual({ version: 2, text: `${seed}\nrule` });
  });

  it("refuses what a status does not allow", () => {
    store.active();
    const v2 = store.propose(proposal(1, `${seed}x`)) ?? 0;
    expect(store.rollback(v2, "")).toMatchObject({ ok: false, reason: "v2 is proposed" });
    expect(store.reject(v2, "no")).toEqual({ ok: true });
    expect(store.activate(v2, 1, "")).toMatchObject({ ok: false, reason: "v2 is rejected" });
    expect(store.reject(9, "")).toMatchObject({ ok: false, reason: "there is no version v9" });
    expect(store.propose(() => null)).toBeNull();
    expect(store.active().version).toBe(1);
  });
});
