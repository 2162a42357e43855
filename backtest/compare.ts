/**
 * Two prompt versions side by side over the same markets (the same seeds and days): each version's
 * results per seed, and the difference of their daily returns (b − a, paired by seed and day) with a
 * seeded bootstrap confidence interval of its mean. Also the gate's decision: b may replace a unless
 * it lost more than the tolerance. Pure.
 */
import { bootstrapMean, type BootstrapOptions } from "./bootstrap.js";
import type { Performance } from "./metrics.js";

export interface SideFigures {
  totalReturnPct: number;
  sharpe: number | null;
  maxDrawdownPct: number;
  roundTrips: number;
  realisedPnlKrw: number;
  winRatePct: number | null;
  dailyReturnsPct: number[];
}

export interface SeedComparison {
  seed: number;
  a: SideFigures;
  b: SideFigures;
}

export interface PromptComparison {
  a: number;
  b: number;
  /** the market both traded: "generated" (one per seed) or the recording's source; absent in evaluations stored before it was recorded */
  market?: string;
  from: string;
  to: string;
  days: number;
  seeds: number[];
  runs: SeedComparison[];
  /** mean total return of each version over the seeds, % */
  meanReturnPct: { a: number; b: number };
  /** b − a: mean daily difference in percentage points with its interval, and the mean total-return difference */
  difference: {
    meanDailyPct: number;
    lowPct: number;
    highPct: number;
    confidence: number;
    resamples: number;
    samples: number;
    totalReturnPct: number;
  };
}

const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;
const mean = (xs: readonly number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

export function sideFigures(p: Performance): SideFigures {
  return {
    totalReturnPct: p.totalReturnPct,
    sharpe: p.sharpe,
    maxDrawdownPct: p.maxDrawdownPct,
    roundTrips: p.roundTrips,
    realisedPnlKrw: p.realisedPnlKrw,
    winRatePct: p.winRatePct,
    dailyReturnsPct: p.dailyReturnsPct,
  };
}

export function comparePrompts(
  input: { a: number; b: number; market?: string; from: string; to: string; days: number; runs: SeedComparison[] },
  bootstrap: BootstrapOptions = {},
): PromptComparison {
  const diffs = input.runs.flatMap((r) => r.b.dailyReturnsPct.map((b, day) => b - (r.a.dailyReturnsPct[day] ?? 0)));
  const interval = bootstrapMean(diffs, bootstrap);
  const totals = input.runs.map((r) => r.b.totalReturnPct - r.a.totalReturnPct);
  return {
    ...input,
    seeds: input.runs.map((r) => r.seed),
    meanReturnPct: { a: round(mean(input.runs.map((r) => r.a.totalReturnPct))), b: round(mean(input.runs.map((r) => r.b.totalReturnPct))) },
    difference: {
      meanDailyPct: round(interval.mean),
      lowPct: round(interval.low),
      highPct: round(interval.high),
      confidence: interval.confidence,
      resamples: interval.resamples,
      samples: interval.samples,
      totalReturnPct: round(mean(totals)),
    },
  };
}

/** Does b lose to a beyond the tolerance (percentage points of total return over the evaluation)? */
export function gateVerdict(c: PromptComparison, tolerancePct: number): { pass: boolean; reason: string } {
  const d = c.difference;
  const evidence = `over ${c.days} day(s) × ${c.seeds.length} seed(s): v${c.b} ${c.meanReturnPct.b}% vs v${c.a} ${c.meanReturnPct.a}%, difference ${d.totalReturnPct} pp (daily ${d.meanDailyPct} pp, ${Math.round(d.confidence * 100)}% interval [${d.lowPct}, ${d.highPct}])`;
  if (d.totalReturnPct < -tolerancePct)
    return { pass: false, reason: `evaluation: v${c.b} lost to active v${c.a} beyond the ${tolerancePct} pp tolerance ${evidence}` };
  return { pass: true, reason: `evaluation: v${c.b} not worse than v${c.a} beyond ${tolerancePct} pp ${evidence}` };
}

/** One line for logs and tables. */
export function comparisonLine(c: PromptComparison): string {
  const d = c.difference;
  return `v${c.b} − v${c.a}: ${d.totalReturnPct >= 0 ? "+" : ""}${d.totalReturnPct} pp total, daily ${d.meanDailyPct} pp [${d.lowPct}, ${d.highPct}] (${c.days}d × ${c.seeds.length} seed(s), ${c.from}–${c.to})`;
}
