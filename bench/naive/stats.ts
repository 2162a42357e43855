/** Timing and summary helpers shared by the benchmarks: median with min–max, rounded for JSON. */
import { performance } from "node:perf_hooks";

export interface Summary {
  median: number;
  min: number;
  max: number;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export function summarize(values: number[], digits = 2): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return { median: round(median, digits), min: round(sorted[0] ?? NaN, digits), max: round(sorted.at(-1) ?? NaN, digits) };
}

/** Milliseconds taken by fn. */
export function timeMs(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** Reads `--runs N` (default `fallback`, at least 5). */
export function runsArg(args: string[], fallback = 7): number {
  const i = args.indexOf("--runs");
  const n = i >= 0 ? Number(args[i + 1]) : fallback;
  return Number.isFinite(n) ? Math.max(5, Math.floor(n)) : fallback;
}
