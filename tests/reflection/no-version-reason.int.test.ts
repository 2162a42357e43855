/**
 * A reflection that writes no prompt version says why — which step came up empty, with the counts
 * and thresholds — in its result (`--json`) and its report, against the simulator and a real ledger.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PATTERN_THRESHOLDS } from "../../nodes/reflection/pattern-stats.js";
import { runReflection } from "../../runtime/reflection.js";
import { startHarness, type Harness } from "../fakes/trading-harness.js";
import { insertWeek, type Entry } from "./reflection-fixture.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const DAY_MS = 86_400_000;
/** The same entry conditions every time, one symbol each: only the holding time tells winners from losers. */
const entry = (symbol: string, date: string, exitKrw: number, holdMs: number): Entry => ({
  symbol,
  date,
  time: "100000",
  rsi14: 60,
  volumeRatio: 2.4,
  entryKrw: 70_000,
  exitKrw,
  quantity: 10,
  holdMs,
});

describe("reflection without a new version", () => {
  it("on an empty ledger names NO_SAMPLES with zero samples and the minimum support", async () => {
    const rt = await h.open();
    const result = await runReflection(rt);
    expect(result.status).toBe("succeeded");
    expect(result.proposedVersion).toBeNull();
    expect(result.noVersionReason).toMatchObject({
      code: "NO_SAMPLES",
      counts: { samples: 0, failurePatterns: 0, candidates: 0 },
      thresholds: PATTERN_THRESHOLDS,
    });
    expect(result.report).toMatch(/^no new version \(NO_SAMPLES\): 0 entries have a known outcome .*at least 3 \(minSupport\)$/m);
    expect(rt.prompts.list().map((v) => v.version)).toEqual([1]);
  }, 120_000);

  it("when the only losing pattern is a holding time, names NO_ENTRY_CONDITION with the pattern and its counts", async () => {
    const rt = await h.open();
    insertWeek(rt, [
      entry("005930", "20261116", 66_000, 4 * DAY_MS),
      entry("000660", "20261117", 67_000, 4 * DAY_MS),
      entry("035420", "20261118", 68_000, 3 * DAY_MS + 3_600_000),
      entry("005380", "20261118", 72_000, 7_200_000),
      entry("051910", "20261119", 73_000, 7_200_000),
      entry("068270", "20261120", 74_000, 7_200_000),
    ]);
    const result = await runReflection(rt);
    expect(result.proposedVersion).toBeNull();
    expect(result.patterns).toContainEqual(
      expect.objectContaining({ kind: "failure", label: "held ≥ 3 days", condition: null, support: 3, winRatePct: 0 }),
    );
    expect(result.noVersionReason).toMatchObject({
      code: "NO_ENTRY_CONDITION",
      counts: { samples: 6, failurePatterns: 1, failurePatternsWithCondition: 0, candidates: 0 },
    });
    expect(result.noVersionReason?.message).toContain('"held ≥ 3 days" (3 trades, win rate 0%, -94,636 KRW)');
    expect(result.report).toContain("no new version (NO_ENTRY_CONDITION): 1 failure pattern(s), none on a value known before buying");
  }, 120_000);
});
