/**
 * What the strategy is measured against, as growth curves over the backtest's days (1 = where the
 * period starts): buy-and-hold of the universe (equal weight, bought at the first day's open) and
 * the KOSPI index (from the close before the first day). Pure: the caller fetches the bars.
 */
import type { Bar } from "../core/types.js";

export interface Curve {
  /** one value per day, at its close */
  values: number[];
  /** how many series the curve averages (symbols of the universe; 1 for an index) */
  series: number;
}

/** Equal-weight buy-and-hold: each symbol's close ÷ its first open, averaged over the symbols that have both. */
export function buyAndHoldCurve(days: readonly string[], barsBySymbol: ReadonlyMap<string, readonly Bar[]>): Curve {
  const first = days[0];
  const usable = [...barsBySymbol.values()].flatMap((bars) => {
    const open = bars.find((b) => b.date === first)?.openKrw;
    return open ? [{ open, closes: new Map(bars.map((b) => [b.date, b.closeKrw])) }] : [];
  });
  const last = usable.map(() => 1);
  const values = days.map((day) => {
    usable.forEach((s, i) => {
      const close = s.closes.get(day);
      if (close !== undefined) last[i] = close / s.open;
    });
    return last.length > 0 ? last.reduce((a, b) => a + b, 0) / last.length : 1;
  });
  return { values, series: usable.length };
}

/**
 * An index's closes ÷ its close on the last day before the period (the first day's close when the
 * history starts with the period); a day without a close repeats the one before.
 */
export function indexCurve(days: readonly string[], closes: ReadonlyArray<{ date: string; close: number }>): Curve {
  const first = days[0] ?? "";
  const sorted = [...closes].sort((a, b) => a.date.localeCompare(b.date));
  const base = sorted.filter((c) => c.date < first).at(-1)?.close ?? sorted.find((c) => c.date >= first)?.close;
  if (!base) return { values: days.map(() => 1), series: 0 };
  const byDate = new Map(sorted.map((c) => [c.date, c.close]));
  let level = 1;
  const values = days.map((day) => {
    const close = byDate.get(day);
    if (close !== undefined) level = close / base;
    return level;
  });
  return { values, series: 1 };
}
