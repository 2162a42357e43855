/**
 * Simple moving average over the last `period` values: a ring buffer with a running sum, O(1)
 * per update. SMA_t = (x_{t-period+1} + … + x_t) / period; NaN until `period` values are in.
 */
export class RollingMean {
  private readonly ring: Float64Array;
  private sum = 0;
  private count = 0;
  private head = 0;
  value = NaN;

  constructor(readonly period: number) {
    this.ring = new Float64Array(period);
  }

  push(x: number): number {
    if (this.count === this.period) this.sum -= this.ring[this.head] ?? 0;
    else this.count++;
    this.ring[this.head] = x;
    this.sum += x;
    this.head = this.head + 1 === this.period ? 0 : this.head + 1;
    this.value = this.count === this.period ? this.sum / this.period : NaN;
    return this.value;
  }
}

/**
 * Mean and population standard deviation over the last `period` values (running sum and sum of
 * squares; exact for integer volumes). zScore(x) = (x − mean) / std, 0 when std is 0.
 */
export class RollingStats {
  private readonly ring: Float64Array;
  private sum = 0;
  private sumSquares = 0;
  private count = 0;
  private head = 0;

  constructor(readonly period: number) {
    this.ring = new Float64Array(period);
  }

  push(x: number): void {
    if (this.count === this.period) {
      const old = this.ring[this.head] ?? 0;
      this.sum -= old;
      this.sumSquares -= old * old;
    } else this.count++;
    this.ring[this.head] = x;
    this.sum += x;
    this.sumSquares += x * x;
    this.head = this.head + 1 === this.period ? 0 : this.head + 1;
  }

  get full(): boolean {
    return this.count === this.period;
  }

  /** NaN until the window is full. */
  get mean(): number {
    return this.full ? this.sum / this.period : NaN;
  }

  get std(): number {
    if (!this.full) return NaN;
    const m = this.sum / this.period;
    return Math.sqrt(Math.max(0, this.sumSquares / this.period - m * m));
  }

  zScore(x: number): number {
    const s = this.std;
    if (Number.isNaN(s)) return NaN;
    return s === 0 ? 0 : (x - this.mean) / s;
  }
}
