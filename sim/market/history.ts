/**
 * Seeded history before the simulation starts: daily bars ending exactly at each symbol's
 * previous close, shaped by each day's regime (news days' volume and trend, sell-offs, late
 * reversals' extremes), and the investor-class flows of each day (individual, foreign,
 * institution net quantities that sum to zero).
 */
import { addDays } from "../../core/clock.js";
import { priceLimits, roundDownToTick, roundUpToTick } from "../../venue/krx.js";
import { isKrxTradingDay } from "../../venue/krx-calendar.js";
import type { Bar, InvestorDay, SymbolInfo } from "../exchange.js";
import type { DayRegime } from "./day-regime.js";
import type { Rng } from "./random.js";
import type { SymbolParams } from "./symbol-params.js";
import { toGridInBand } from "./symbol-market.js";

/** Daily returns are capped at ±20 %, so consecutive closes stay well inside the ±30 % band. */
const UNBOUNDED = { upperKrw: Number.POSITIVE_INFINITY, lowerKrw: 1 };
const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/** The `count` trading days before `date`, oldest first. */
export function tradingDaysBefore(date: string, count: number): string[] {
  const days: string[] = [];
  let d = date;
  while (days.length < count) {
    d = addDays(d, -1);
    if (isKrxTradingDay(d)) days.push(d);
  }
  return days.reverse();
}

/** Net buying by investor class; foreigners and institutions lean with the day's return. */
export function investorDay(date: string, closeKrw: number, volume: number, dayReturn: number, rng: Rng): InvestorDay {
  const foreign = Math.round(volume * clamp(0.06 * rng.normal() + 1.5 * dayReturn, -0.3, 0.3));
  const institution = Math.round(volume * clamp(0.05 * rng.normal() + 0.8 * dayReturn, -0.3, 0.3));
  const individual = -(foreign + institution);
  return {
    date,
    closeKrw,
    individualNetQuantity: individual,
    foreignNetQuantity: foreign,
    institutionNetQuantity: institution,
    individualNetValueKrw: individual * closeKrw,
    foreignNetValueKrw: foreign * closeKrw,
    institutionNetValueKrw: institution * closeKrw,
  };
}

export interface SeededHistory {
  bars: Bar[];
  flows: InvestorDay[];
}

/** A day's close-to-close return under its regime: the trend, the turn, a headline, and noise. */
function regimeReturn(regime: DayRegime, sigma: number, rng: Rng): number {
  return clamp(sigma * (regime.trendSigmas + regime.afterTurnSigmas + regime.volatility * rng.normal()) + regime.jumpReturn, -0.2, 0.2);
}

/** A reversal day's extreme: where the run peaked (or bottomed) before the turn, inside the band. */
function reversalExtreme(
  regime: DayRegime,
  openKrw: number,
  sigma: number,
  band: { upperKrw: number; lowerKrw: number },
): { highKrw: number; lowKrw: number } {
  if (regime.kind !== "reversal") return { highKrw: 0, lowKrw: Number.POSITIVE_INFINITY };
  const peak = openKrw * (1 + regime.trendSigmas * sigma);
  return regime.trendSigmas > 0
    ? { highKrw: Math.min(band.upperKrw, roundDownToTick(peak)), lowKrw: Number.POSITIVE_INFINITY }
    : { highKrw: 0, lowKrw: Math.max(band.lowerKrw, roundUpToTick(peak)) };
}

/**
 * Closes walk backwards from the previous close so the last bar ends exactly on it; `regimes`
 * holds each date's regime. Volumes follow the regime's factor around the typical day.
 */
export function seedHistory(
  info: SymbolInfo,
  params: SymbolParams,
  dates: readonly string[],
  regimes: readonly DayRegime[],
  rng: Rng,
): SeededHistory {
  const n = dates.length;
  const sigma = params.dailySigma;
  const closes = new Array<number>(n + 1);
  closes[n] = info.previousCloseKrw;
  for (let i = n; i > 0; i--) closes[i - 1] = toGridInBand(closes[i]! / (1 + regimeReturn(regimes[i - 1]!, sigma, rng)), UNBOUNDED);
  const bars: Bar[] = [];
  const flows: InvestorDay[] = [];
  const typicalVolume = params.tradesPerDay * params.meanQuantity * 1.03;
  for (let i = 0; i < n; i++) {
    const prev = closes[i]!;
    const close = closes[i + 1]!;
    const regime = regimes[i]!;
    const { upperKrw, lowerKrw } = priceLimits(prev);
    const band = { upperKrw, lowerKrw };
    const open = toGridInBand(prev * (1 + 0.3 * sigma * (regime.trendSigmas + rng.normal())), band);
    const spread = 1 + Math.abs(rng.normal()) * sigma * 0.4 * regime.volatility;
    const extreme = reversalExtreme(regime, open, sigma, band);
    const high = Math.min(upperKrw, Math.max(open, close, extreme.highKrw, roundDownToTick(Math.max(open, close) * spread)));
    const low = Math.max(lowerKrw, Math.min(open, close, extreme.lowKrw, roundUpToTick(Math.min(open, close) / spread)));
    const volume = Math.max(1, Math.round(typicalVolume * regime.volumeFactor * Math.exp(0.1 * rng.normal())));
    const date = dates[i]!;
    bars.push({
      date,
      openKrw: open,
      highKrw: high,
      lowKrw: low,
      closeKrw: close,
      volume,
      tradeValueKrw: Math.round((volume * (open + high + low + close)) / 4),
    });
    flows.push(investorDay(date, close, volume, close / prev - 1, rng));
  }
  return { bars, flows };
}
