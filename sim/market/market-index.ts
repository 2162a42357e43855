/**
 * A market index (KOSPI `0001`, KOSDAQ `1001`) computed from its constituents: the
 * cap-weighted change against their base prices times the index's previous close. The cap
 * sum moves by each print's price change, so updating it costs a multiply-add per trade.
 */
import type { IndexState, SymbolState } from "../exchange.js";

const round2 = (x: number) => Math.round(x * 100) / 100;

export class MarketIndex {
  private previousClose: number;
  private baseCapKrw = 1;
  private capKrw = 1;
  private open = 0;
  private high = 0;
  private low = 0;

  constructor(
    readonly code: string,
    private readonly members: readonly SymbolState[],
    previousClose: number,
  ) {
    this.previousClose = previousClose;
  }

  private value(): number {
    return (this.previousClose * this.capKrw) / this.baseCapKrw;
  }

  /** A new day: `previousClose` is yesterday's closing level (kept when omitted). */
  startDay(previousClose: number = this.previousClose): void {
    this.previousClose = previousClose;
    let base = 0;
    let cap = 0;
    for (const s of this.members) {
      base += s.basePriceKrw * s.info.sharesOutstanding;
      cap += s.lastKrw * s.info.sharesOutstanding;
    }
    this.baseCapKrw = base > 0 ? base : 1;
    this.capKrw = cap > 0 ? cap : this.baseCapKrw;
    this.open = this.high = this.low = 0;
  }

  /** One constituent's last price moved by `deltaKrw`. */
  move(deltaKrw: number, sharesOutstanding: number): void {
    this.capKrw += deltaKrw * sharesOutstanding;
    if (this.open === 0) return;
    const v = this.value();
    if (v > this.high) this.high = v;
    else if (v < this.low) this.low = v;
  }

  /** Fixes the opening level (after every constituent's opening print). */
  markOpen(): void {
    this.open = this.high = this.low = this.value();
  }

  closeValue(): number {
    return round2(this.value());
  }

  snapshot(): IndexState {
    let volume = 0;
    let tradeValueKrw = 0;
    let advancers = 0;
    let decliners = 0;
    let upperLimitCount = 0;
    let lowerLimitCount = 0;
    for (const s of this.members) {
      volume += s.volume;
      tradeValueKrw += s.tradeValueKrw;
      if (s.lastKrw > s.basePriceKrw) advancers++;
      else if (s.lastKrw < s.basePriceKrw) decliners++;
      if (s.volume > 0 && s.lastKrw === s.upperLimitKrw) upperLimitCount++;
      if (s.volume > 0 && s.lastKrw === s.lowerLimitKrw) lowerLimitCount++;
    }
    return {
      code: this.code,
      value: round2(this.value()),
      previousClose: round2(this.previousClose),
      open: round2(this.open),
      high: round2(this.high),
      low: round2(this.low),
      volume,
      tradeValueKrw,
      advancers,
      decliners,
      unchanged: this.members.length - advancers - decliners,
      upperLimitCount,
      lowerLimitCount,
    };
  }
}
