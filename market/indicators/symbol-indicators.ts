/**
 * Per-symbol real-time state and the 44 tick columns, O(1) per event. Formulas (p = trade price,
 * v = trade volume, both from the trade feed; book values from the latest book or trade tick):
 *  ma5 = SMA(5) of p; rsi14 = Wilder RSI(14); stoch_k / stoch_d = fast %K(14) / SMA(3) of %K;
 *  disparity = p / ma5 × 100; vol_ratio = v / mean20(v); z_vol = (v − mean20(v)) / std20(v)
 *  (population std; windows include the current tick); obv_delta = +v if p rose, −v if it fell,
 *  0 otherwise; accel_delta = (p_t − p_t−1) − (p_t−1 − p_t−2) in KRW; ret_1s = % change against the
 *  last price of the most recent earlier exchange second; spread = ask1 − bid1;
 *  bid_ask_imbalance = (total bid − total ask) / (total bid + total ask) of the book's resting
 *  quantity; investor classes = net buying quantity (injected source); 프로그램 = program net
 *  volume (program feed); total_investor_net = 개인 + 외인 + 기관 + 기타법인 (the non-overlapping
 *  classes: 연기금…국가 are parts of 기관, 프로그램 cuts across all). 체결강도 = cumulative buy
 *  volume / cumulative sell volume × 100.
 */
import type { BookUpdate, ProgramUpdate, TradeTick } from "../../core/market-events.js";
import type { InvestorFlows } from "../investor-flow.js";
import { COL, INVESTOR_CLASSES, TICK_COLUMN_COUNT, type TickRow } from "./columns.js";
import { MinuteBarBuilder } from "./minute-bars.js";
import { RollingMean, RollingStats } from "./rolling-mean.js";
import { Stochastic } from "./stochastic.js";
import { WilderRsi } from "./wilder-rsi.js";

const nullable = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** Copies `values` into `row` from `at` (NaN → null); returns the next column. */
function copyNullable(row: TickRow, at: number, values: Float64Array): number {
  for (let i = 0; i < values.length; i++) row[at + i] = nullable(values[i] as number);
  return at + values.length;
}
/** Indices of 개인, 외인, 기관, 기타법인 in INVESTOR_CLASSES. */
const PARTITION = [0, 1, 2, 9];

export class SymbolIndicators {
  readonly ma5 = new RollingMean(5);
  readonly rsi14 = new WilderRsi(14);
  readonly stochastic = new Stochastic(14, 3);
  readonly volumes = new RollingStats(20);
  readonly bars = new MinuteBarBuilder();
  readonly asksKrw = new Float64Array(5).fill(NaN);
  readonly bidsKrw = new Float64Array(5).fill(NaN);
  readonly askQuantities = new Float64Array(3).fill(NaN);
  readonly bidQuantities = new Float64Array(3).fill(NaN);
  readonly investorNet = new Float64Array(INVESTOR_CLASSES.length).fill(NaN);
  priceKrw = NaN;
  volume = 0;
  tradeCount = 0;
  exchangeTimeMs = 0;
  receivedAtMs = 0;
  changeRate = 0;
  /** 기준가 (previous close) derived as price − change */
  basePriceKrw = NaN;
  volRatio = NaN;
  zVolume = NaN;
  obvDelta = 0;
  accelDelta = NaN;
  return1s = NaN;
  totalAskQuantity = NaN;
  totalBidQuantity = NaN;
  programNetVolume = NaN;
  buyPower = NaN;
  halted = false;
  viActive = false;
  viReferencePriceKrw = 0;
  private previousPrice = NaN;
  private previousDelta = NaN;
  private second = -1;
  private secondLastPrice = NaN;
  private previousSecondClose = NaN;

  constructor(readonly symbol: string) {}

  onTrade(t: TradeTick): void {
    const p = t.priceKrw;
    const v = t.volume;
    this.ma5.push(p);
    this.rsi14.push(p);
    this.stochastic.push(p);
    this.volumes.push(v);
    this.volRatio = this.volumes.full ? v / this.volumes.mean : NaN;
    this.zVolume = this.volumes.zScore(v);
    const delta = p - this.previousPrice;
    this.obvDelta = delta > 0 ? v : delta < 0 ? -v : 0;
    this.accelDelta = delta - this.previousDelta;
    this.previousDelta = delta;
    this.previousPrice = p;
    this.updateSecondReturn(t.exchangeTimeMs, p);
    this.bars.push(t.exchangeTimeMs, p, v);
    this.priceKrw = p;
    this.volume = v;
    this.tradeCount++;
    this.exchangeTimeMs = t.exchangeTimeMs;
    this.receivedAtMs = t.receivedAtMs;
    this.changeRate = t.changeRate;
    this.basePriceKrw = p - t.changeKrw;
    this.asksKrw[0] = t.askKrw;
    this.bidsKrw[0] = t.bidKrw;
    this.askQuantities[0] = t.askQuantity;
    this.bidQuantities[0] = t.bidQuantity;
    this.totalAskQuantity = t.totalAskQuantity;
    this.totalBidQuantity = t.totalBidQuantity;
    this.buyPower = t.cumulativeSellVolume > 0 ? (t.cumulativeBuyVolume / t.cumulativeSellVolume) * 100 : t.buyPower;
    this.halted = t.halted;
    this.viActive = t.viActive;
    this.viReferencePriceKrw = t.viReferencePriceKrw;
  }

  private updateSecondReturn(exchangeTimeMs: number, p: number): void {
    const second = Math.floor(exchangeTimeMs / 1000);
    if (second !== this.second) {
      if (this.second >= 0) this.previousSecondClose = this.secondLastPrice;
      this.second = second;
    }
    this.secondLastPrice = p;
    const ref = this.previousSecondClose;
    this.return1s = ref > 0 ? ((p - ref) / ref) * 100 : NaN;
  }

  onBook(b: BookUpdate): void {
    for (let i = 0; i < 5; i++) {
      this.asksKrw[i] = b.askPricesKrw[i] ?? NaN;
      this.bidsKrw[i] = b.bidPricesKrw[i] ?? NaN;
    }
    for (let i = 0; i < 3; i++) {
      this.askQuantities[i] = b.askQuantities[i] ?? NaN;
      this.bidQuantities[i] = b.bidQuantities[i] ?? NaN;
    }
    this.totalAskQuantity = b.totalAskQuantity;
    this.totalBidQuantity = b.totalBidQuantity;
    this.viActive = b.viActive;
  }

  onProgram(p: ProgramUpdate): void {
    this.programNetVolume = p.netVolume;
  }

  setInvestorFlows(flows: InvestorFlows): void {
    INVESTOR_CLASSES.forEach((name, i) => {
      const v = flows[name];
      if (v !== undefined) this.investorNet[i] = v;
    });
  }

  get spreadKrw(): number {
    return (this.asksKrw[0] ?? NaN) - (this.bidsKrw[0] ?? NaN);
  }

  get imbalance(): number {
    const total = this.totalBidQuantity + this.totalAskQuantity;
    return total > 0 ? (this.totalBidQuantity - this.totalAskQuantity) / total : NaN;
  }

  get disparity(): number {
    return (this.priceKrw / this.ma5.value) * 100;
  }

  get totalInvestorNet(): number {
    let sum = 0;
    let known = 0;
    for (const i of PARTITION) {
      const v = this.investorNet[i] ?? NaN;
      if (!Number.isNaN(v)) {
        sum += v;
        known++;
      }
    }
    return known === 0 ? NaN : sum;
  }

  /** The 44 columns after the latest trade, in seed order; unknown values are null. */
  toRow(): TickRow {
    const row: TickRow = new Array<number | string | null>(TICK_COLUMN_COUNT);
    row[COL.time_ms] = this.exchangeTimeMs;
    row[COL.stock_code] = this.symbol;
    // Written in place, column by column: this runs on every tick, so nothing is allocated but the row.
    let c = COL.current_price;
    row[c++] = nullable(this.priceKrw);
    row[c++] = nullable(this.volume);
    row[c++] = nullable(this.ma5.value);
    row[c++] = nullable(this.rsi14.value);
    row[c++] = nullable(this.disparity);
    row[c++] = nullable(this.stochastic.k);
    row[c++] = nullable(this.stochastic.dValue);
    row[c++] = nullable(this.volRatio);
    row[c++] = nullable(this.zVolume);
    row[c++] = nullable(this.obvDelta);
    row[c++] = nullable(this.spreadKrw);
    row[c++] = nullable(this.imbalance);
    row[c++] = nullable(this.accelDelta);
    row[c++] = nullable(this.return1s);
    c = copyNullable(row, c, this.asksKrw);
    c = copyNullable(row, c, this.bidsKrw);
    c = copyNullable(row, c, this.askQuantities);
    c = copyNullable(row, c, this.bidQuantities);
    c = copyNullable(row, c, this.investorNet);
    row[c++] = nullable(this.programNetVolume);
    row[c] = nullable(this.totalInvestorNet);
    return row;
  }
}
