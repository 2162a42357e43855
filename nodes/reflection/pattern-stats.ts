/**
 * The statistical half of the analysis: outcomes of entries grouped by what was known at entry
 * (indicator buckets from the stored market snapshot), and by trigger kind and holding time, with
 * support counts. A bucket with enough support and a lopsided win rate is a failure or success pattern.
 */
import { matches, parseCondition } from "../../rules/condition.js";
import { readField } from "../../rules/fields.js";
import type { Pattern, TradeSample } from "../../state/reflection-state.js";

/** Bucket edges per field; each bucket becomes `lo <= field < hi` (open at the ends). */
export const BUCKET_EDGES: Record<string, readonly number[]> = {
  rsi14: [30, 50, 70, 75],
  volumeRatio: [1, 1.5, 2, 3],
  changeRate: [0, 3, 7, 15],
  ma5GapPct: [0, 2, 5],
  timeKst: [930, 1030, 1300, 1430],
  liveRsi14: [30, 70, 80],
  buyPower: [80, 100, 120],
  kospiChangeRate: [-1, 0, 1],
};

export const PATTERN_THRESHOLDS = {
  /** fewer samples than this prove nothing */
  minSupport: 3,
  /** at or below: failure */
  failureWinRatePct: 34,
  /** at or above: success */
  successWinRatePct: 66,
};

interface Group {
  feature: string;
  label: string;
  condition: string | null;
  members: TradeSample[];
}

function buckets(field: string, edges: readonly number[]): Array<{ label: string; condition: string; contains: (v: number) => boolean }> {
  const out = [{ label: `${field} < ${edges[0]}`, condition: `${field} < ${edges[0]}`, contains: (v: number) => v < (edges[0] as number) }];
  for (let i = 0; i < edges.length; i++) {
    const lo = edges[i] as number;
    const hi = edges[i + 1];
    out.push(
      hi === undefined
        ? { label: `${field} ≥ ${lo}`, condition: `${field} >= ${lo}`, contains: (v) => v >= lo }
        : { label: `${lo} ≤ ${field} < ${hi}`, condition: `${field} >= ${lo} and ${field} < ${hi}`, contains: (v) => v >= lo && v < hi },
    );
  }
  return out;
}

const HOLDING: Array<[string, (ms: number) => boolean]> = [
  ["held < 1 day", (ms) => ms < 86_400_000],
  ["held 1–3 days", (ms) => ms >= 86_400_000 && ms < 3 * 86_400_000],
  ["held ≥ 3 days", (ms) => ms >= 3 * 86_400_000],
];

function groups(samples: readonly TradeSample[]): Group[] {
  const out: Group[] = [];
  for (const [field, edges] of Object.entries(BUCKET_EDGES)) {
    for (const b of buckets(field, edges)) {
      out.push({
        feature: field,
        label: b.label,
        condition: b.condition,
        members: samples.filter((s) => {
          const v = readField(s.snapshot, field);
          return v !== null && b.contains(v);
        }),
      });
    }
  }
  for (const trigger of new Set(samples.map((s) => s.trigger))) {
    out.push({ feature: "trigger", label: `trigger ${trigger}`, condition: null, members: samples.filter((s) => s.trigger === trigger) });
  }
  for (const [label, within] of HOLDING) {
    out.push({ feature: "holding", label, condition: null, members: samples.filter((s) => s.holdingMs !== null && within(s.holdingMs)) });
  }
  return out;
}

/** Support, wins and P&L of a set of samples. */
export function outcomeOf(members: readonly TradeSample[]) {
  const wins = members.filter((s) => s.pnlKrw > 0).length;
  return {
    support: members.length,
    wins,
    losses: members.filter((s) => s.pnlKrw < 0).length,
    winRatePct: members.length > 0 ? Math.round((wins / members.length) * 1000) / 10 : 0,
    totalPnlKrw: members.reduce((sum, s) => sum + s.pnlKrw, 0),
    tradeIds: members.map((s) => s.tradeId).slice(0, 20),
  };
}

/** The samples a condition matches; none when it does not parse (validation reports why later). */
export function samplesMatching(condition: string, samples: readonly TradeSample[]): TradeSample[] {
  try {
    const parsed = parseCondition(condition);
    return samples.filter((s) => matches(parsed, s.snapshot));
  } catch {
    return [];
  }
}

/** Failure and success patterns, the strongest (most support, then largest P&L) first. */
export function statisticalPatterns(samples: readonly TradeSample[], t = PATTERN_THRESHOLDS): Pattern[] {
  const patterns: Pattern[] = [];
  for (const g of groups(samples)) {
    const o = outcomeOf(g.members);
    if (o.support < t.minSupport) continue;
    const kind =
      o.winRatePct <= t.failureWinRatePct && o.totalPnlKrw < 0
        ? "failure"
        : o.winRatePct >= t.successWinRatePct && o.totalPnlKrw > 0
          ? "success"
          : null;
    if (kind) patterns.push({ kind, feature: g.feature, label: g.label, condition: g.condition, ...o, source: "statistics" });
  }
  return patterns.sort((a, b) => b.support - a.support || Math.abs(b.totalPnlKrw) - Math.abs(a.totalPnlKrw));
}
