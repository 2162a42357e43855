/**
 * Independent recomputation of the live indicators from a whole price/volume series, the
 * textbook way (no streaming state, no product code): SMA(5), Wilder RSI(14) seeded by the simple
 * mean of the first 14 changes, fast %K(14) with %D = SMA(3) of %K, volume / mean20(volume).
 * A value is null until its window is full, as the product reports it.
 */
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function rsi14(prices: number[]): number | null {
  const changes = prices.slice(1).map((p, i) => p - (prices[i] ?? p));
  if (changes.length < 14) return null;
  let gain = mean(changes.slice(0, 14).map((c) => Math.max(c, 0)));
  let loss = mean(changes.slice(0, 14).map((c) => Math.max(-c, 0)));
  for (const c of changes.slice(14)) {
    gain = (gain * 13 + Math.max(c, 0)) / 14;
    loss = (loss * 13 + Math.max(-c, 0)) / 14;
  }
  return loss === 0 ? 100 : 100 - 100 / (1 + gain / loss);
}

function fastK(prices: number[]): number[] {
  return prices.slice(13).map((p, i) => {
    const window = prices.slice(i, i + 14);
    const range = Math.max(...window) - Math.min(...window);
    return (100 * (p - Math.min(...window))) / (range === 0 ? 1 : range);
  });
}

export interface TextbookValues {
  ma5: number | null;
  rsi14: number | null;
  stochK: number | null;
  stochD: number | null;
  volumeRatio: number | null;
}

/** The indicators after the last element of the series. */
export function textbookIndicators(prices: number[], volumes: number[]): TextbookValues {
  const ks = fastK(prices);
  return {
    ma5: prices.length >= 5 ? mean(prices.slice(-5)) : null,
    rsi14: rsi14(prices),
    stochK: ks.length >= 3 ? (ks.at(-1) ?? null) : null,
    stochD: ks.length >= 3 ? mean(ks.slice(-3)) : null,
    volumeRatio: volumes.length >= 20 ? (volumes.at(-1) ?? 0) / mean(volumes.slice(-20)) : null,
  };
}

/** Product values are rounded to 2 decimals: equal within half a unit of the last digit (plus float slack). */
export function closeTo(actual: number | null | undefined, expected: number | null): boolean {
  if (expected === null || actual === null || actual === undefined) return actual === expected;
  return Math.abs(actual - expected) <= 0.0051;
}
