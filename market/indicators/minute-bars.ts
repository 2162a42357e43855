/**
 * 1-minute OHLCV bars from trade ticks, O(1) per tick. A bar covers [minute start, +60 s) of
 * exchange time; it closes when the first tick of a later minute arrives.
 */

export interface MinuteBar {
  /** exchange time of the minute's start, epoch ms */
  startMs: number;
  openKrw: number;
  highKrw: number;
  lowKrw: number;
  closeKrw: number;
  volume: number;
}

export class MinuteBarBuilder {
  private current: MinuteBar | undefined;
  private readonly closed: MinuteBar[] = [];

  /** @param keep closed bars retained (oldest dropped) */
  constructor(private readonly keep = 390) {}

  /** Returns the bar that this tick closed, if any. */
  push(exchangeTimeMs: number, priceKrw: number, volume: number): MinuteBar | undefined {
    const startMs = exchangeTimeMs - (exchangeTimeMs % 60_000);
    const bar = this.current;
    if (bar !== undefined && bar.startMs === startMs) {
      if (priceKrw > bar.highKrw) bar.highKrw = priceKrw;
      if (priceKrw < bar.lowKrw) bar.lowKrw = priceKrw;
      bar.closeKrw = priceKrw;
      bar.volume += volume;
      return undefined;
    }
    this.current = { startMs, openKrw: priceKrw, highKrw: priceKrw, lowKrw: priceKrw, closeKrw: priceKrw, volume };
    if (bar === undefined) return undefined;
    this.closed.push(bar);
    if (this.closed.length > this.keep) this.closed.shift();
    return bar;
  }

  /** Closed bars, oldest first, plus the bar in progress. */
  bars(): MinuteBar[] {
    return this.current ? [...this.closed, { ...this.current }] : [...this.closed];
  }
}
