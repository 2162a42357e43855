/**
 * Values over a sliding time window with the window's min, max and oldest value, amortised O(1)
 * per push (monotonic deques on plain arrays, compacted as the head advances).
 */

class Queue {
  times: number[] = [];
  values: number[] = [];
  head = 0;

  get size(): number {
    return this.times.length - this.head;
  }

  dropBefore(startMs: number): void {
    while (this.head < this.times.length && (this.times[this.head] ?? 0) < startMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.values = this.values.slice(this.head);
      this.head = 0;
    }
  }

  /** Pops from the back while `worse(back)` holds, then appends. */
  pushMonotonic(timeMs: number, value: number, worse: (back: number) => boolean): void {
    while (this.size > 0 && worse(this.values[this.values.length - 1] ?? 0)) {
      this.times.pop();
      this.values.pop();
    }
    this.times.push(timeMs);
    this.values.push(value);
  }

  get front(): number {
    return this.values[this.head] ?? NaN;
  }
}

export class TimeWindow {
  private readonly all = new Queue();
  private readonly maxima = new Queue();
  private readonly minima = new Queue();

  constructor(readonly windowMs: number) {}

  push(timeMs: number, value: number): void {
    const start = timeMs - this.windowMs;
    this.all.pushMonotonic(timeMs, value, () => false);
    this.maxima.pushMonotonic(timeMs, value, (back) => back <= value);
    this.minima.pushMonotonic(timeMs, value, (back) => back >= value);
    this.all.dropBefore(start);
    this.maxima.dropBefore(start);
    this.minima.dropBefore(start);
  }

  get max(): number {
    return this.maxima.front;
  }

  get min(): number {
    return this.minima.front;
  }

  /** The oldest value still inside the window. */
  get oldest(): number {
    return this.all.front;
  }
}
