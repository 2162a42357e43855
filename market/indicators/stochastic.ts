/**
 * Fast stochastic %K(kPeriod) and %D = SMA(dPeriod) of %K on tick prices (high = low = close),
 * matching trading-signals' StochasticOscillator({ kPeriod, kSlowingPeriod: 1, dPeriod }):
 * %K = 100 × (p − min) / (max − min) over the last kPeriod prices (divisor 1 when max = min).
 * Rolling max/min by monotonic deques: amortised O(1). Both NaN until %D has dPeriod values.
 */
import { RollingMean } from "./rolling-mean.js";

/** Monotonic deque of (sequence, value) over a window of `capacity` items. */
class MonotonicDeque {
  private readonly seqs: Float64Array;
  private readonly values: Float64Array;
  private head = 0;
  private size = 0;

  constructor(private readonly capacity: number, private readonly keepMax: boolean) {
    this.seqs = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  push(seq: number, value: number): void {
    const cap = this.capacity;
    while (this.size > 0 && (this.seqs[this.head] ?? 0) <= seq - cap) {
      this.head = this.head + 1 === cap ? 0 : this.head + 1;
      this.size--;
    }
    while (this.size > 0) {
      const last = (this.head + this.size - 1) % cap;
      const v = this.values[last] ?? 0;
      if (this.keepMax ? v > value : v < value) break;
      this.size--;
    }
    const slot = (this.head + this.size) % cap;
    this.seqs[slot] = seq;
    this.values[slot] = value;
    this.size++;
  }

  get front(): number {
    return this.values[this.head] ?? NaN;
  }
}

export class Stochastic {
  private readonly highs: MonotonicDeque;
  private readonly lows: MonotonicDeque;
  private readonly d: RollingMean;
  private seq = 0;
  k = NaN;
  dValue = NaN;

  constructor(readonly kPeriod = 14, readonly dPeriod = 3) {
    this.highs = new MonotonicDeque(kPeriod, true);
    this.lows = new MonotonicDeque(kPeriod, false);
    this.d = new RollingMean(dPeriod);
  }

  push(price: number): void {
    this.highs.push(this.seq, price);
    this.lows.push(this.seq, price);
    this.seq++;
    if (this.seq < this.kPeriod) return;
    const lowest = this.lows.front;
    const divisor = this.highs.front - lowest;
    const fastK = ((price - lowest) * 100) / (divisor === 0 ? 1 : divisor);
    const d = this.d.push(fastK);
    this.k = Number.isNaN(d) ? NaN : fastK;
    this.dValue = d;
  }
}
