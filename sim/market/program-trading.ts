/**
 * Program trading of one symbol for the day: a share of trades is attributed to program orders,
 * with a per-day buy/sell bias, and a cumulative snapshot is published once per minute.
 */
import type { ProgramPrint, TradePrint } from "../exchange.js";

export type ProgramPoint = ProgramPrint & { priceKrw: number };

const PROGRAM_SHARE = 0.15;

export class ProgramFlow {
  private sellVolume = 0;
  private sellValueKrw = 0;
  private buyVolume = 0;
  private buyValueKrw = 0;
  private bias = 0;
  private lastMinute = -1;
  /** Today's snapshots, oldest first. */
  readonly series: ProgramPoint[] = [];

  /** `bias` in [-1, 1]: positive days see program buying dominate. */
  reset(bias: number): void {
    this.sellVolume = this.sellValueKrw = this.buyVolume = this.buyValueKrw = 0;
    this.bias = bias;
    this.lastMinute = -1;
    this.series.length = 0;
  }

  /** Attributes `trade` to program trading when `draw` (uniform) falls in the side's share. */
  attribute(trade: TradePrint, draw: number): void {
    const buys = trade.aggressor === "buy";
    const share = PROGRAM_SHARE * (1 + (buys ? this.bias : -this.bias) * 0.6);
    if (draw >= share) return;
    const value = trade.priceKrw * trade.quantity;
    if (buys) {
      this.buyVolume += trade.quantity;
      this.buyValueKrw += value;
    } else {
      this.sellVolume += trade.quantity;
      this.sellValueKrw += value;
    }
  }

  /** A recorded day's program net volume after a print (the recording keeps no buy/sell split). */
  setNet(netVolume: number, priceKrw: number): void {
    this.buyVolume = Math.max(0, netVolume);
    this.sellVolume = Math.max(0, -netVolume);
    this.buyValueKrw = this.buyVolume * priceKrw;
    this.sellValueKrw = this.sellVolume * priceKrw;
  }

  /** A snapshot at the first print of each minute, else undefined. */
  snapshot(trade: TradePrint, minute: number): ProgramPoint | undefined {
    if (minute === this.lastMinute) return undefined;
    this.lastMinute = minute;
    const point: ProgramPoint = {
      code: trade.code,
      timeMs: trade.timeMs,
      sellVolume: this.sellVolume,
      sellValueKrw: this.sellValueKrw,
      buyVolume: this.buyVolume,
      buyValueKrw: this.buyValueKrw,
      priceKrw: trade.priceKrw,
    };
    this.series.push(point);
    return point;
  }
}
