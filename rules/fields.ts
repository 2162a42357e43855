/**
 * The fields a learned rule's condition may name: numbers read from a market snapshot — the one a
 * trade stored at entry, or the one the analyze node built for this run (the same shape). A field
 * that is missing (no live ticks, no moving average yet) reads as null, never as 0.
 */
import { kstParts } from "../core/clock.js";
import { z } from "zod";

const num = z.number().nullish();

/**
 * The part of a symbol's context rules read; both SymbolContext and a stored trade snapshot fit.
 * Loose: a stored snapshot keeps every field it was written with, including ones rules do not read.
 */
export const RuleSymbol = z.looseObject({
  priceKrw: num,
  changeRate: num,
  volumeRatio: num,
  rsi14: num,
  ma5: num,
  ma20: num,
  upperLimitKrw: num,
  held: z.boolean().nullish(),
  foreignNetQuantity: num,
  institutionNetQuantity: num,
  programNetQuantity: num,
  live: z.looseObject({ rsi14: num, buyPower: num, stochK: num, volRatio: num, bidAskImbalance: num }).nullish(),
});
export type RuleSymbol = z.infer<typeof RuleSymbol>;

/**
 * What a condition is evaluated against: `{ symbol, kospi, asOfMs }`, as trades store it; a trade
 * recorded from the broker rather than a decision stores `{}`, hence every part optional.
 */
export const RuleSnapshot = z.looseObject({
  symbol: RuleSymbol.nullish(),
  kospi: z.looseObject({ changeRate: num }).nullish(),
  asOfMs: num,
});
export type RuleSnapshot = z.infer<typeof RuleSnapshot>;

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
  upperLimitGapPct: {
    description: "distance from the price up to the day's upper limit, % of the price",
    read: (s) =>
      s.symbol?.upperLimitKrw && s.symbol.priceKrw ? ((s.symbol.upperLimitKrw - s.symbol.priceKrw) / s.symbol.priceKrw) * 100 : null,
  },
  foreignNetQuantity: { description: "latest daily foreign net buying, shares", read: (s) => s.symbol?.foreignNetQuantity },
  institutionNetQuantity: { description: "latest daily institutional net buying, shares", read: (s) => s.symbol?.institutionNetQuantity },
  programNetQuantity: { description: "intraday program net buying, shares", read: (s) => s.symbol?.programNetQuantity },
  liveRsi14: { description: "intraday RSI(14) from real-time ticks", read: (s) => s.symbol?.live?.rsi14 },
  buyPower: { description: "체결강도 from real-time ticks (100 = balanced)", read: (s) => s.symbol?.live?.buyPower },
  stochK: { description: "intraday stochastic %K from real-time ticks", read: (s) => s.symbol?.live?.stochK },
  liveVolumeRatio: { description: "intraday volume ratio from real-time ticks", read: (s) => s.symbol?.live?.volRatio },
  bidAskImbalance: { description: "order-book bid/ask imbalance from real-time ticks", read: (s) => s.symbol?.live?.bidAskImbalance },
  kospiChangeRate: { description: "KOSPI change on the day, %", read: (s) => s.kospi?.changeRate },
  timeKst: {
    description: "time of day in KST as HHMM, e.g. 1430",
    read: (s) => (s.asOfMs ? Math.floor(Number(kstParts(s.asOfMs).time) / 100) : null),
  },
  held: {
    description: "1 when the symbol is held, else 0",
    read: (s) => (s.symbol?.held === undefined || s.symbol.held === null ? null : s.symbol.held ? 1 : 0),
  },
};

export function isRuleField(name: string): boolean {
  return Object.hasOwn(RULE_FIELDS, name);
}

/** Reads one field; null when the snapshot lacks it or it is not a finite number. */
export function readField(snapshot: RuleSnapshot, name: string): number | null {
  const value = RULE_FIELDS[name]?.read(snapshot);
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
