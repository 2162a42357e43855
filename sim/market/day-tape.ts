/**
 * One symbol's record of the current day: the live statistics every print updates, 1-minute bars
 * (09:00–15:30) and a ring of recent prints. Updated on every trade, so it allocates nothing.
 */
import type { Bar, SymbolState, TradePrint } from "../exchange.js";
import { CONTINUOUS_MINUTES, CUMULATIVE_WEIGHTS } from "./volume-profile.js";

/** 09:00 … 15:20 continuous, then the 15:20–15:30 auction minutes; the close prints in the last. */
const DAY_MINUTES = CONTINUOUS_MINUTES + 11;
const RECENT_CAPACITY = 128;
const MINUTE_MS = 60_000;

export class DayTape {
  private readonly openPx = new Float64Array(DAY_MINUTES);
  private readonly highPx = new Float64Array(DAY_MINUTES);
  private readonly lowPx = new Float64Array(DAY_MINUTES);
  private readonly closePx = new Float64Array(DAY_MINUTES);
  private readonly minuteVolume = new Float64Array(DAY_MINUTES);
  private readonly minuteValue = new Float64Array(DAY_MINUTES);
  private readonly recent: TradePrint[] = [];
  private recentNext = 0;
  private sessionOpenMs = 0;
  private date = "";

  /** Clears the tape for the day whose continuous session opens at `sessionOpenMs` (09:00). */
  reset(date: string, sessionOpenMs: number): void {
    this.date = date;
    this.sessionOpenMs = sessionOpenMs;
    for (const a of [this.openPx, this.highPx, this.lowPx, this.closePx, this.minuteVolume, this.minuteValue]) a.fill(0);
    this.recent.length = 0;
    this.recentNext = 0;
  }

  minuteIndex(timeMs: number): number {
    const m = Math.floor((timeMs - this.sessionOpenMs) / MINUTE_MS);
    return m < 0 ? 0 : m >= DAY_MINUTES ? DAY_MINUTES - 1 : m;
  }

  /** Applies one print to the day's statistics, bars and recent prints. */
  record(s: SymbolState, trade: TradePrint): void {
    applyPrint(s, trade);
    const m = this.minuteIndex(trade.timeMs);
    const share = m < CONTINUOUS_MINUTES ? (CUMULATIVE_WEIGHTS[m] ?? 1) : 1;
    s.previousDaySameTimeVolume = Math.round(s.previousDayVolume * share);
    this.recordMinute(m, trade.priceKrw, trade.quantity);
    this.recordRecent(trade);
  }

  private recordMinute(m: number, p: number, q: number): void {
    if (this.minuteVolume[m] === 0) {
      this.openPx[m] = this.highPx[m] = this.lowPx[m] = p;
    } else if (p > (this.highPx[m] ?? 0)) this.highPx[m] = p;
    else if (p < (this.lowPx[m] ?? 0)) this.lowPx[m] = p;
    this.closePx[m] = p;
    this.minuteVolume[m] = (this.minuteVolume[m] ?? 0) + q;
    this.minuteValue[m] = (this.minuteValue[m] ?? 0) + p * q;
  }

  private recordRecent(trade: TradePrint): void {
    if (this.recent.length < RECENT_CAPACITY) this.recent.push(trade);
    else this.recent[this.recentNext] = trade;
    this.recentNext = (this.recentNext + 1) % RECENT_CAPACITY;
  }

  /** Newest first, at most `limit` (and at most the ring's capacity). */
  recentTrades(limit: number): TradePrint[] {
    const out: TradePrint[] = [];
    const n = Math.min(limit, this.recent.length);
    for (let i = 1; i <= n; i++) {
      const trade = this.recent[(this.recentNext - i + RECENT_CAPACITY) % RECENT_CAPACITY];
      if (trade) out.push(trade);
    }
    return out;
  }

  /** Traded minutes that started at or before `untilMs`, oldest first; `time` is the minute's start. */
  minuteBars(untilMs: number): Bar[] {
    const bars: Bar[] = [];
    for (let m = 0; m < DAY_MINUTES; m++) {
      if (this.sessionOpenMs + m * MINUTE_MS > untilMs) break;
      const volume = this.minuteVolume[m] ?? 0;
      if (volume === 0) continue;
      const minuteOfDay = 9 * 60 + m;
      const time = `${String(Math.floor(minuteOfDay / 60)).padStart(2, "0")}${String(minuteOfDay % 60).padStart(2, "0")}00`;
      bars.push({
        date: this.date,
        time,
        openKrw: this.openPx[m] ?? 0,
        highKrw: this.highPx[m] ?? 0,
        lowKrw: this.lowPx[m] ?? 0,
        closeKrw: this.closePx[m] ?? 0,
        volume,
        tradeValueKrw: this.minuteValue[m] ?? 0,
      });
    }
    return bars;
  }
}

/** One print's effect on the day's statistics: open/high/low, last, volume, value, aggressor totals. */
export function applyPrint(s: SymbolState, trade: TradePrint): void {
  const p = trade.priceKrw;
  const q = trade.quantity;
  const t = trade.timeMs;
  if (s.openKrw === 0) {
    s.openKrw = s.highKrw = s.lowKrw = p;
    s.openMs = s.highMs = s.lowMs = t;
  } else if (p > s.highKrw) {
    s.highKrw = p;
    s.highMs = t;
  } else if (p < s.lowKrw) {
    s.lowKrw = p;
    s.lowMs = t;
  }
  s.lastKrw = p;
  s.volume += q;
  s.tradeValueKrw += p * q;
  if (trade.aggressor === "buy") {
    s.buyVolume += q;
    s.buyCount++;
  } else {
    s.sellVolume += q;
    s.sellCount++;
  }
  s.lastTradeMs = t;
}
