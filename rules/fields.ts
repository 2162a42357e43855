/**
 * The fields a learned rule's condition may name: numbers read from a market snapshot — the one a
 * trade stored at entry, or the one the analyze node built for this run (the same shape). A field
 * that is missing (no live ticks, no moving average yet) reads as null, never as 0.
 */
import { kstParts } from "../core/clock.js";

/** The part of a symbol's context rules read; both SymbolContext and a stored trade snapshot fit. */
export interface RuleSymbol {
  priceKrw?: number | null;
  changeRate?: number | null;
  volumeRatio?: number | null;
  rsi14?: number | null;
  ma5?: number | null;
  ma20?: number | null;
  upperLimitKrw?: number | null;
  held?: boolean | null;
  foreignNetQuantity?: number | null;
  institutionNetQuantity?: number | null;
  programNetQuantity?: number | null;
  live?: { rsi14?: number | null; buyPower?: number | null; stochK?: number | null; volRatio?: number | null; bidAskImbalance?: number | null } | null;
}

/** What a condition is evaluated against: `{ symbol, kospi, asOfMs }`, as trades store it. */
export interface RuleSnapshot {
  symbol: RuleSymbol | null;
  kospi?: { changeRate?: number | null } | null;
  asOfMs?: number | null;
}

type Extract = (s: RuleSnapshot) => number | null | undefined;

const gapPct = (price: number | null | undefined, reference: number | null | undefined) =>
  price && reference ? ((price - reference) / reference) * 100 : null;

/** Field name → what it means and how it is read. The condition language knows these names only. */
export const RULE_FIELDS: Record<string, { description: string; read: Extract }> = {
  priceKrw: { description: "last price, KRW", read: (s) => s.symbol?.priceKrw },
  changeRate: { description: "change on the day, %", read: (s) => s.symbol?.changeRate },
  volumeRatio: { description: "today's volume ÷ pro-rated 20-day average", read: (s) => s.symbol?.volumeRatio },
  rsi14: { description: "daily RSI(14), 0–100", read: (s) => s.symbol?.rsi14 },
  ma5GapPct: { description: "price above (+) or below (−) the 5-day MA, %", read: (s) => gapPct(s.symbol?.priceKrw, s.symbol?.ma5) },
  ma20GapPct: { description: "price above (+) or below (−) the 20-day MA, %", read: (s) => gapPct(s.symbol?.priceKrw, s.symbol?.ma20) },
  upperLimitGapPct: { description: "distance from the price up to the day's upper limit, % of the price", read: (s) => (s.symbol?.upperLimitKrw && s.symbol.priceKrw ? ((s.symbol.upperLimitKrw - s.symbol.priceKrw) / s.symbol.priceKrw) * 100 : null) },
  foreignNetQuantity: { description: "latest daily foreign net buying, shares", read: (s) => s.symbol?.foreignNetQuantity },
  institutionNetQuantity: { description: "latest daily institutional net buying, shares", read: (s) => s.symbol?.institutionNetQuantity },
  programNetQuantity: { description: "intraday program net buying, shares", read: (s) => s.symbol?.programNetQuantity },
  liveRsi14: { description: "intraday RSI(14) from real-time ticks", read: (s) => s.symbol?.live?.rsi14 },
  buyPower: { description: "체결강도 from real-time ticks (100 = balanced)", read: (s) => s.symbol?.live?.buyPower },
  stochK: { description: "intraday stochastic %K from real-time ticks", read: (s) => s.symbol?.live?.stochK },
  liveVolumeRatio: { description: "intraday volume ratio from real-time ticks", read: (s) => s.symbol?.live?.volRatio },
  bidAskImbalance: { description: "order-book bid/ask imbalance from real-time ticks", read: (s) => s.symbol?.live?.bidAskImbalance },
  kospiChangeRate: { description: "KOSPI change on the day, %", read: (s) => s.kospi?.changeRate },
  timeKst: { description: "time of day in KST as HHMM, e.g. 1430", read: (s) => (s.asOfMs ? Math.floor(Number(kstParts(s.asOfMs).time) / 100) : null) },
  held: { description: "1 when the symbol is held, else 0", read: (s) => (s.symbol?.held === undefined || s.symbol.held === null ? null : s.symbol.held ? 1 : 0) },
};

export function isRuleField(name: string): boolean {
  return Object.hasOwn(RULE_FIELDS, name);
}

/** Reads one field; null when the snapshot lacks it or it is not a finite number. */
export function readField(snapshot: RuleSnapshot, name: string): number | null {
  const value = RULE_FIELDS[name]?.read(snapshot);
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
