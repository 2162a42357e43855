/**
 * What the analyze node hands to planning: a compact, plain-JSON picture of the account's symbols
 * and the market. Units in names; no KIS field names. zod so Studio can render it.
 */
import { z } from "zod";

/** Indicators from the real-time tick pipeline, when the feed runs. */
export const LiveIndicators = z.object({
  priceKrw: z.number(),
  ma5: z.number().nullable(),
  rsi14: z.number().nullable(),
  stochK: z.number().nullable(),
  stochD: z.number().nullable(),
  volRatio: z.number().nullable(),
  zVol: z.number().nullable(),
  buyPower: z.number().nullable(),
  spreadKrw: z.number().nullable(),
  bidAskImbalance: z.number().nullable(),
  /** exchange time of the last tick vs now */
  ageMs: z.number(),
  stale: z.boolean(),
});
export type LiveIndicators = z.infer<typeof LiveIndicators>;

export const SymbolContext = z.object({
  symbol: z.string(),
  name: z.string(),
  held: z.boolean(),
  priceKrw: z.number().int(),
  changeRate: z.number(),
  openKrw: z.number().int(),
  highKrw: z.number().int(),
  lowKrw: z.number().int(),
  volume: z.number().int(),
  /** today's volume against the 20-day average daily volume pro-rated to the elapsed session */
  volumeRatio: z.number().nullable(),
  upperLimitKrw: z.number().int(),
  lowerLimitKrw: z.number().int(),
  tickSizeKrw: z.number().int(),
  /** daily-close moving averages and RSI (14, Wilder) */
  ma5: z.number().nullable(),
  ma20: z.number().nullable(),
  rsi14: z.number().nullable(),
  /** latest daily net buying in shares by class (today's row arrives only after the close) */
  foreignNetQuantity: z.number().nullable(),
  institutionNetQuantity: z.number().nullable(),
  programNetQuantity: z.number().nullable(),
  quoteReceivedAtMs: z.number(),
  live: LiveIndicators.nullable(),
});
export type SymbolContext = z.infer<typeof SymbolContext>;

export const RankedSymbol = z.object({
  symbol: z.string(),
  name: z.string(),
  priceKrw: z.number(),
  changeRate: z.number(),
  volume: z.number(),
});

export const MarketContext = z.object({
  asOfMs: z.number(),
  /** KRX session phase at asOf */
  phase: z.string(),
  kospi: z.object({ value: z.number(), changeRate: z.number(), advancers: z.number(), decliners: z.number() }).nullable(),
  symbols: z.array(SymbolContext),
  volumeLeaders: z.array(RankedSymbol),
  gainers: z.array(RankedSymbol),
  losers: z.array(RankedSymbol),
  /** data the analyze node could not get, with the reason; planning sees what is missing */
  gaps: z.array(z.string()),
});
export type MarketContext = z.infer<typeof MarketContext>;

/**
 * What the checkpointed state keeps of the market context: its ref (run_context), the session phase
 * (which decides whether the run plans at all), how many symbols it covers and what it could not get.
 */
export const MarketRef = z.object({
  ref: z.string(),
  asOfMs: z.number(),
  phase: z.string(),
  symbols: z.number().int(),
  gaps: z.array(z.string()),
});
export type MarketRef = z.infer<typeof MarketRef>;

export const marketRefOf = (ref: string, m: MarketContext): MarketRef => ({
  ref,
  asOfMs: m.asOfMs,
  phase: m.phase,
  symbols: m.symbols.length,
  gaps: m.gaps,
});
