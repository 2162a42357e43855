/**
 * Activity and risk parameters of a simulated symbol, derived from its size: large caps trade
 * more often, in bigger tickets, and move less per day than small KOSDAQ names.
 */
import type { SymbolInfo } from "../exchange.js";

export interface SymbolParams {
  /** expected continuous-session trades on a typical quiet day (10k–60k); a day's regime scales it */
  tradesPerDay: number;
  /** mean shares per trade */
  meanQuantity: number;
  /** mean shares resting on one book level */
  levelDepth: number;
  /** standard deviation of the daily return */
  dailySigma: number;
}

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

export function deriveParams(info: SymbolInfo): SymbolParams {
  const capKrw = info.previousCloseKrw * info.sharesOutstanding;
  const size = clamp((Math.log10(Math.max(capKrw, 1)) - 12.3) / 2.3, 0, 1);
  const tradesPerDay = Math.round(10_000 + 50_000 * size);
  const meanTradeValueKrw = clamp(2_000_000 * Math.pow(capKrw / 1e12, 0.3), 1_000_000, 20_000_000);
  const meanQuantity = Math.max(1, meanTradeValueKrw / info.previousCloseKrw);
  const dailySigma = (info.market === "KOSDAQ" ? 0.032 : 0.024) - 0.008 * size;
  return {
    tradesPerDay,
    meanQuantity,
    levelDepth: meanQuantity * 25,
    dailySigma,
  };
}
