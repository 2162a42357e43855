/**
 * Why a reflection run wrote no new prompt version, from its final state: the first step of
 * samples → failure patterns → patterns testable at entry → rule candidates → a changed rules
 * section that came up empty, with the counts and thresholds that decided it.
 */
import { PATTERN_THRESHOLDS } from "../nodes/reflection/pattern-stats.js";
import type { ReflectionStateValue } from "../state/reflection-state.js";

export type NoVersionCode = "RUN_FAILED" | "NO_SAMPLES" | "NO_FAILURE_PATTERN" | "NO_ENTRY_CONDITION" | "CANDIDATES_REFUSED" | "NO_CHANGE";

export interface NoVersionReason {
  code: NoVersionCode;
  message: string;
  counts: {
    /** entries with a known outcome (a closed round trip or a 7-day mark) */
    samples: number;
    failurePatterns: number;
    successPatterns: number;
    /** failure patterns on a field known before buying, which a rule can test */
    failurePatternsWithCondition: number;
    candidates: number;
    refused: number;
    merged: number;
  };
  thresholds: typeof PATTERN_THRESHOLDS;
}

const list = (items: string[]) => (items.length > 0 ? `: ${items.join("; ")}` : "");

/** Null when the run proposed a version. */
export function noVersionReason(s: Partial<ReflectionStateValue>, error?: string): NoVersionReason | null {
  if (s.proposedVersion) return null;
  const t = PATTERN_THRESHOLDS;
  const patterns = s.patterns ?? [];
  const failures = patterns.filter((p) => p.kind === "failure");
  const testable = failures.filter((p) => p.condition !== null);
  const verdicts = s.verdicts ?? [];
  const counts = {
    samples: (s.samples ?? []).length,
    failurePatterns: failures.length,
    successPatterns: patterns.length - failures.length,
    failurePatternsWithCondition: testable.length,
    candidates: (s.candidates ?? []).length,
    refused: verdicts.filter((v) => v.outcome === "rejected").length,
    merged: verdicts.filter((v) => v.outcome === "merged").length,
  };
  const reason = (code: NoVersionCode, message: string): NoVersionReason => ({ code, message, counts, thresholds: t });
  const failurePattern = `at least ${t.minSupport} samples, a win rate of at most ${t.failureWinRatePct}% and a net loss`;
  if (error !== undefined) return reason("RUN_FAILED", `the run failed before writing a version: ${error}`);
  if (counts.samples < t.minSupport) {
    return reason(
      "NO_SAMPLES",
      `${counts.samples} entr${counts.samples === 1 ? "y has" : "ies have"} a known outcome (a sale, or a 7-day mark); a pattern needs at least ${t.minSupport} (minSupport)`,
    );
  }
  if (failures.length === 0) {
    return reason(
      "NO_FAILURE_PATTERN",
      `no failure pattern in ${counts.samples} samples: none of the groups has ${failurePattern} (${counts.successPatterns} success pattern(s), which make no rule)`,
    );
  }
  if (testable.length === 0) {
    const found = failures.map(
      (p) => `"${p.label}" (${p.support} trades, win rate ${p.winRatePct}%, ${p.totalPnlKrw.toLocaleString("en-US")} KRW)`,
    );
    return reason(
      "NO_ENTRY_CONDITION",
      `${failures.length} failure pattern(s), none on a value known before buying, so no rule can test it${list(found)}`,
    );
  }
  if (counts.candidates === 0) {
    return reason(
      "CANDIDATES_REFUSED",
      `${counts.refused} rule candidate(s), all refused${list(verdicts.filter((v) => v.outcome === "rejected").map((v) => v.reason))}`,
    );
  }
  const structure = (s.alerts ?? []).find((a) => a.startsWith("rewritePrompt:"));
  return reason(
    "NO_CHANGE",
    structure ??
      `${counts.candidates} rule candidate(s) left the rules section unchanged (${counts.merged} merged into existing rules, ${counts.refused} refused)${list(verdicts.filter((v) => v.outcome !== "accepted").map((v) => v.reason))}`,
  );
}
