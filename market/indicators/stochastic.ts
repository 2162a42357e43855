/**
 * Fast stochastic %K(kPeriod) and %D = SMA(dPeriod) of %K on tick prices (high = low = close),
 * matching trading-signals' StochasticOscillator({ kPeriod, kSlowingPeriod: 1, dPeriod }):
 * %K = 100 × (p − min) / (max − min) over the last kPeriod prices (divisor 1 when max = min).
 * Rolling max/min by monotonic deques: amortised O(1). Both NaN until %D has dPeriod values.
 */
import { RollingMean } from "./rolling-mean.js";

/**
 * Monotonic deque of (sequence, value) over a window of `capacity` items; `front` is the window's
 * minimum. A maximum deque stores negated values (sign −1), so both kinds run the same compare.
 */
class MonotonicDeque {
  private readonly seqs: Float64Array;
  private readonly values: Float64Array;
  private head = 0;
  private size = 0;

  constructor(
    private readonly capacity: number,
    private readonly sign: 1 | -1,
  ) {
    this.seqs = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  /** Wrap-around by comparison: an integer `%` per step costs more than the rest of the update. */
  push(seq: number, value: number): void {
    const x = value * this.sign;
    const cap = this.capacity;
    const { seqs, values } = this;
    let head = this.head;
    let size = this.size;
    while (size > 0 && (seqs[head] as number) <= seq - cap) {
      head = head + 1 === cap ? 0 : head + 1;
      size--;
    }
    while (size > 0) {
      const back = head + size - 1;
      const v = values[back >= cap ? back - cap : back] as number;
      if (v < x) break;
      size--;
    }
    const end = head + size;
    const slot = end >= cap ? end - cap : end;
    seqs[slot] = seq;
    values[slot] = x;
    this.head = head;
    this.size = size + 1;
  }

  get front(): number {
    return (this.values[this.head] ?? NaN) * this.sign;
  }
}

export class Stochastic {
  private readonly highs: MonotonicDeque;
  private readonly lows: MonotonicDeque;
  private readonly d: RollingMean;
  private seq = 0;
  k = NaN;
  dValue = NaN;

  constructor(
    readonly kPeriod = 14,
    readonly dPeriod = 3,
  ) {
    this.highs = new MonotonicDeque(kPeriod, -1);
    this.lows = new MonotonicDeque(kPeriod, 1);
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
