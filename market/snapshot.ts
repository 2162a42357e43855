/**
 * The compact plain-JSON market view the analyze node reads: per symbol the latest values, a few
 * derived flags, and staleness (age of the last exchange time on the injected clock, and the
 * exchange-to-receive lag). Stale prices are marked, never silently served as fresh.
 */
import type { Clock } from "../core/clock.js";
import { INVESTOR_CLASSES, type InvestorClass } from "./indicators/columns.js";
import type { MinuteBar } from "./indicators/minute-bars.js";
import type { SymbolIndicators } from "./indicators/symbol-indicators.js";
import type { TickStore } from "./tick-store.js";

export interface SnapshotOptions {
  /** a price older than this (exchange time vs now) is stale @defaultValue 10_000 */
  maxAgeMs?: number;
  /** closed minute bars included @defaultValue 5 */
  bars?: number;
}

export interface SymbolSnapshot {
  symbol: string;
  priceKrw: number;
  changeRate: number;
  ma5: number | null;
  rsi14: number | null;
  disparity: number | null;
  stochK: number | null;
  stochD: number | null;
  volumeRatio: number | null;
  volumeZ: number | null;
  spreadKrw: number | null;
  bidAskImbalance: number | null;
  return1sPct: number | null;
  /** 체결강도 */
  buyPower: number | null;
  programNetVolume: number | null;
  investorNet: Record<InvestorClass, number | null>;
  totalInvestorNet: number | null;
  bars: MinuteBar[];
  flags: {
    aboveMa5: boolean;
    overbought: boolean;
    oversold: boolean;
    volumeSpike: boolean;
    weakBuyPower: boolean;
    viActive: boolean;
    halted: boolean;
  };
  exchangeTimeMs: number;
  receivedAtMs: number;
  /** now − exchange time */
  ageMs: number;
  /** receive time − exchange time */
  lagMs: number;
  stale: boolean;
}

const round = (v: number, digits = 2): number | null => (Number.isFinite(v) ? Math.round(v * 10 ** digits) / 10 ** digits : null);

export function symbolSnapshot(s: SymbolIndicators, nowMs: number, options: SnapshotOptions = {}): SymbolSnapshot {
  const ageMs = nowMs - s.exchangeTimeMs;
  const investorNet = Object.fromEntries(INVESTOR_CLASSES.map((name, i) => [name, round(s.investorNet[i] ?? NaN, 0)])) as Record<
    InvestorClass,
    number | null
  >;
  return {
    symbol: s.symbol,
    priceKrw: s.priceKrw,
    changeRate: s.changeRate,
    ma5: round(s.ma5.value),
    rsi14: round(s.rsi14.value),
    disparity: round(s.disparity),
    stochK: round(s.stochastic.k),
    stochD: round(s.stochastic.dValue),
    volumeRatio: round(s.volRatio),
    volumeZ: round(s.zVolume),
    spreadKrw: round(s.spreadKrw, 0),
    bidAskImbalance: round(s.imbalance, 3),
    return1sPct: round(s.return1s, 3),
    buyPower: round(s.buyPower),
    programNetVolume: round(s.programNetVolume, 0),
    investorNet,
    totalInvestorNet: round(s.totalInvestorNet, 0),
    bars: s.bars.bars().slice(-(options.bars ?? 5)),
    flags: {
      aboveMa5: s.priceKrw > s.ma5.value,
      overbought: s.rsi14.value >= 70,
      oversold: s.rsi14.value <= 30,
      volumeSpike: s.zVolume >= 3,
      weakBuyPower: s.buyPower < 100,
      viActive: s.viActive,
      halted: s.halted,
    },
    exchangeTimeMs: s.exchangeTimeMs,
    receivedAtMs: s.receivedAtMs,
    ageMs,
    lagMs: s.receivedAtMs - s.exchangeTimeMs,
    stale: ageMs > (options.maxAgeMs ?? 10_000),
  };
}

/** Snapshots of the given symbols (default: every symbol with at least one trade). */
export function buildSnapshot(
  store: TickStore,
  clock: Clock,
  symbols?: readonly string[],
  options: SnapshotOptions = {},
): Record<string, SymbolSnapshot> {
  const nowMs = clock.now();
  const out: Record<string, SymbolSnapshot> = {};
  for (const symbol of symbols ?? store.symbols()) {
    const state = store.get(symbol);
    if (state !== undefined && state.tradeCount > 0) out[symbol] = symbolSnapshot(state, nowMs, options);
  }
  return out;
}
