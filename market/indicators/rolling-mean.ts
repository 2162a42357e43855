/**
 * Simple moving average over the last `period` values: a ring buffer with a running sum, O(1)
 * per update. SMA_t = (x_{t-period+1} + … + x_t) / period; NaN until `period` values are in.
 * The ring starts as zeros, so every update is the same straight line: sum += x − ring[head]
 * (no branch on whether the window is full; only the returned value waits for it).
 */
export class RollingMean {
  private readonly ring: Float64Array;
  private readonly last: number;
  private sum = 0;
  private seen = 0;
  private head = 0;
  value = NaN;

  constructor(readonly period: number) {
    this.ring = new Float64Array(period);
    this.last = period - 1;
  }

  push(x: number): number {
    const head = this.head;
    this.sum += x - (this.ring[head] as number);
    this.ring[head] = x;
    this.head = head === this.last ? 0 : head + 1;
    this.value = ++this.seen >= this.period ? this.sum / this.period : NaN;
    return this.value;
  }
}

/**
 * Mean and population standard deviation over the last `period` values (running sum and sum of
 * squares; exact for integer volumes). zScore(x) = (x − mean) / std, 0 when std is 0.
 */
export class RollingStats {
  private readonly ring: Float64Array;
  private readonly last: number;
  private sum = 0;
  private sumSquares = 0;
  private count = 0;
  private head = 0;

  constructor(readonly period: number) {
    this.ring = new Float64Array(period);
    this.last = period - 1;
  }

  /** Same straight-line ring update as RollingMean (the ring starts as zeros). */
  push(x: number): void {
    const head = this.head;
    const old = this.ring[head] as number;
    this.sum += x - old;
    this.sumSquares += x * x - old * old;
    this.ring[head] = x;
    this.head = head === this.last ? 0 : head + 1;
    if (this.count < this.period) this.count++;
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
