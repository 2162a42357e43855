/**
 * A seeded, deterministic percentile bootstrap of a mean: resample the paired differences with
 * replacement, take each resample's mean, and read the interval off the sorted means. The same
 * differences and seed always give the same interval, so a stored evaluation can be reproduced.
 */

export interface BootstrapOptions {
  /** @defaultValue 2_000 */
  resamples?: number;
  /** @defaultValue 0.95 */
  confidence?: number;
  /** @defaultValue 1 */
  seed?: number;
}

export interface MeanInterval {
  mean: number;
  low: number;
  high: number;
  confidence: number;
  resamples: number;
  samples: number;
}

/** mulberry32: a small, fast PRNG with a 32-bit state; enough for resampling indices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const mean = (xs: readonly number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** The mean of `samples` with its bootstrap interval; all zeros for no samples. */
export function bootstrapMean(samples: readonly number[], options: BootstrapOptions = {}): MeanInterval {
  const resamples = options.resamples ?? 2_000;
  const confidence = options.confidence ?? 0.95;
  const n = samples.length;
  if (n === 0) return { mean: 0, low: 0, high: 0, confidence, resamples, samples: 0 };
  const random = seededRandom(options.seed ?? 1);
  const means: number[] = [];
  for (let i = 0; i < resamples; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += samples[Math.floor(random() * n)] as number;
    means.push(sum / n);
  }
  means.sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  const at = (q: number) => means[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))] as number;
  return { mean: mean(samples), low: at(tail), high: at(1 - tail), confidence, resamples, samples: n };
}
