/**
 * The intraday U-shaped activity profile of continuous trading (09:00–15:20): heavy at the open,
 * a midday lull, a rise into the close. Trade arrivals are a Poisson process whose rate follows
 * it minute by minute, so the next arrival is drawn exactly instead of polled.
 */

export const CONTINUOUS_MINUTES = 380;
const MINUTE_MS = 60_000;

function buildWeights(): Float64Array {
  const w = new Float64Array(CONTINUOUS_MINUTES);
  let sum = 0;
  for (let m = 0; m < CONTINUOUS_MINUTES; m++) {
    const x = (m + 0.5) / CONTINUOUS_MINUTES;
    const lunchDip = 0.15 * Math.exp(-(((x - 0.47) / 0.08) ** 2));
    w[m] = 0.6 + 4 * Math.exp(-x / 0.035) + 1.6 * Math.exp(-(1 - x) / 0.06) - lunchDip;
    sum += w[m] ?? 0;
  }
  for (let m = 0; m < CONTINUOUS_MINUTES; m++) w[m] = (w[m] ?? 0) / sum;
  return w;
}

/** Share of a day's continuous trades that fall in each minute; sums to 1. */
export const MINUTE_WEIGHTS: Float64Array = buildWeights();

/** Share of the day's continuous trades done before each minute starts (length minutes + 1). */
export const CUMULATIVE_WEIGHTS: Float64Array = (() => {
  const c = new Float64Array(CONTINUOUS_MINUTES + 1);
  for (let m = 0; m < CONTINUOUS_MINUTES; m++) c[m + 1] = (c[m] ?? 0) + (MINUTE_WEIGHTS[m] ?? 0);
  return c;
})();

/**
 * The next arrival after `fromMs` for a process averaging `tradesPerDay` over the session that
 * starts at `openMs`, given `exponentialDraw` ~ Exp(1). Infinity when the session ends first.
 */
export function nextArrivalMs(fromMs: number, openMs: number, tradesPerDay: number, exponentialDraw: number): number {
  let t = fromMs < openMs ? openMs : fromMs;
  let m = Math.floor((t - openMs) / MINUTE_MS);
  let remaining = exponentialDraw;
  while (m < CONTINUOUS_MINUTES) {
    const ratePerMs = (tradesPerDay * (MINUTE_WEIGHTS[m] ?? 0)) / MINUTE_MS;
    const minuteEnd = openMs + (m + 1) * MINUTE_MS;
    const wait = remaining / ratePerMs;
    if (t + wait < minuteEnd) return t + wait;
    remaining -= (minuteEnd - t) * ratePerMs;
    t = minuteEnd;
    m++;
  }
  return Infinity;
}
