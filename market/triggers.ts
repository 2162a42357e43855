/**
 * Market event triggers that start a reactive trading run: sharp move, volume spike, approaching
 * the daily limit, VI, fake rise, program dump, weak buy power. Evaluated per event on the symbol's
 * state; debounced per symbol and kind on exchange time. Thresholds are a strict zod config.
 */
import { z } from "zod";
import type { ProgramUpdate, TradeTick } from "../core/market-events.js";
import { priceLimits } from "../venue/krx.js";
import type { SymbolIndicators } from "./indicators/symbol-indicators.js";
import { TimeWindow } from "./indicators/time-window.js";

export const TriggerConfig = z.strictObject({
  /** |move| in percent within `sharpMoveWindowMs` (from the window's low or high) @defaultValue 2 */
  sharpMovePct: z.number().positive().default(2),
  /** @defaultValue 60_000 */
  sharpMoveWindowMs: z.number().int().positive().default(60_000),
  /** volume z-score (20-tick window) at or above which a tick is a spike @defaultValue 3 */
  volumeSpikeZ: z.number().positive().default(3),
  /** distance to the daily upper/lower limit, percent of the price @defaultValue 2 */
  limitProximityPct: z.number().positive().default(2),
  /** rise from the window's low, percent, that counts as a rise for fake-rise @defaultValue 1 */
  fakeRisePct: z.number().positive().default(1),
  /** @defaultValue 300_000 */
  flowWindowMs: z.number().int().positive().default(300_000),
  /** program net volume drop within `flowWindowMs` that counts as a dump @defaultValue 50_000 */
  programDumpVolume: z.number().positive().default(50_000),
  /** 체결강도 below this is weak buying @defaultValue 100 */
  weakBuyPower: z.number().positive().default(100),
  /** trades of the day before weak buy power is judged (early ratios are noise) @defaultValue 50 */
  weakBuyPowerMinTrades: z.number().int().min(0).default(50),
  /** one event per symbol and kind at most this often @defaultValue 60_000 */
  debounceMs: z.number().int().min(0).default(60_000),
});
export type TriggerConfig = z.infer<typeof TriggerConfig>;

export type TriggerKind = "sharp-move" | "volume-spike" | "limit-approach" | "vi" | "fake-rise" | "program-dump" | "weak-buy-power";

export interface TriggerEvent {
  symbol: string;
  kind: TriggerKind;
  values: Record<string, number>;
  /** exchange time of the event that fired it, epoch ms */
  timeMs: number;
}

interface Windows {
  prices: TimeWindow;
  flowPrices: TimeWindow;
  program: TimeWindow;
}

type Candidate = [TriggerKind, Record<string, number>];

export class TriggerEngine {
  readonly config: TriggerConfig;
  private readonly windows = new Map<string, Windows>();
  private readonly lastFired = new Map<string, number>();

  constructor(config: z.input<typeof TriggerConfig> = {}) {
    this.config = TriggerConfig.parse(config);
  }

  onTrade(state: SymbolIndicators, tick: TradeTick): TriggerEvent[] {
    const c = this.config;
    const w = this.windowsOf(tick.symbol);
    const p = tick.priceKrw;
    w.prices.push(tick.exchangeTimeMs, p);
    w.flowPrices.push(tick.exchangeTimeMs, p);
    const found: Candidate[] = [];
    const up = ((p - w.prices.min) / w.prices.min) * 100;
    const down = ((w.prices.max - p) / w.prices.max) * 100;
    if (up >= c.sharpMovePct) found.push(["sharp-move", { changePct: up, windowMs: c.sharpMoveWindowMs }]);
    else if (down >= c.sharpMovePct) found.push(["sharp-move", { changePct: -down, windowMs: c.sharpMoveWindowMs }]);
    if (state.zVolume >= c.volumeSpikeZ) found.push(["volume-spike", { zScore: state.zVolume, volume: tick.volume }]);
    found.push(...this.limitCandidates(state, p));
    if (tick.viActive) found.push(["vi", { priceKrw: p, viReferencePriceKrw: tick.viReferencePriceKrw }]);
    const rise = ((p - w.flowPrices.min) / w.flowPrices.min) * 100;
    const programChange = state.programNetVolume - w.program.oldest;
    const foreignNet = state.investorNet[1] ?? NaN;
    if (rise >= c.fakeRisePct && (programChange < 0 || foreignNet < 0)) {
      found.push(["fake-rise", { risePct: rise, programNetChange: nanToZero(programChange), foreignNet: nanToZero(foreignNet) }]);
    }
    if (state.tradeCount >= c.weakBuyPowerMinTrades && state.buyPower < c.weakBuyPower) {
      found.push(["weak-buy-power", { buyPower: state.buyPower }]);
    }
    return this.fire(tick.symbol, tick.exchangeTimeMs, found);
  }

  onProgram(update: ProgramUpdate): TriggerEvent[] {
    const w = this.windowsOf(update.symbol);
    w.program.push(update.exchangeTimeMs, update.netVolume);
    const drop = w.program.max - update.netVolume;
    if (drop < this.config.programDumpVolume) return [];
    return this.fire(update.symbol, update.exchangeTimeMs, [["program-dump", { netVolumeDrop: drop, netVolume: update.netVolume }]]);
  }

  private limitCandidates(state: SymbolIndicators, p: number): Candidate[] {
    if (!(state.basePriceKrw > 0)) return [];
    const { upperKrw, lowerKrw } = priceLimits(state.basePriceKrw);
    const toUpper = ((upperKrw - p) / p) * 100;
    const toLower = ((p - lowerKrw) / p) * 100;
    if (toUpper <= this.config.limitProximityPct) return [["limit-approach", { direction: 1, limitKrw: upperKrw, distancePct: toUpper }]];
    if (toLower <= this.config.limitProximityPct) return [["limit-approach", { direction: -1, limitKrw: lowerKrw, distancePct: toLower }]];
    return [];
  }

  private fire(symbol: string, timeMs: number, found: Candidate[]): TriggerEvent[] {
    const events: TriggerEvent[] = [];
    for (const [kind, values] of found) {
      const key = `${symbol}|${kind}`;
      const last = this.lastFired.get(key);
      if (last !== undefined && timeMs - last < this.config.debounceMs) continue;
      this.lastFired.set(key, timeMs);
      events.push({ symbol, kind, values, timeMs });
    }
    return events;
  }

  private windowsOf(symbol: string): Windows {
    let w = this.windows.get(symbol);
    if (w === undefined) {
      w = {
        prices: new TimeWindow(this.config.sharpMoveWindowMs),
        flowPrices: new TimeWindow(this.config.flowWindowMs),
        program: new TimeWindow(this.config.flowWindowMs),
      };
      this.windows.set(symbol, w);
    }
    return w;
  }
}

const nanToZero = (v: number): number => (Number.isNaN(v) ? 0 : v);
