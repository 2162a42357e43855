/**
 * Seeded history before the simulation starts: daily bars ending exactly at each symbol's
 * previous close, and the investor-class flows of each day (individual, foreign, institution
 * net quantities that sum to zero).
 */
import { addDays } from "../../core/clock.js";
import { isKrxTradingDay, priceLimits, roundDownToTick, roundUpToTick } from "../../market/krx.js";
import type { Bar, InvestorDay, SymbolInfo } from "../exchange.js";
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

/** Closes walk backwards from the previous close so the last bar ends exactly on it. */
export function seedHistory(info: SymbolInfo, params: SymbolParams, dates: readonly string[], rng: Rng): SeededHistory {
  const n = dates.length;
  const closes = new Array<number>(n + 1);
  closes[n] = info.previousCloseKrw;
  for (let i = n; i > 0; i--) {
    const r = clamp(params.dailySigma * rng.normal(), -0.2, 0.2);
    const next = closes[i]!;
    closes[i - 1] = toGridInBand(next / (1 + r), UNBOUNDED);
  }
  const bars: Bar[] = [];
  const flows: InvestorDay[] = [];
  const typicalVolume = params.tradesPerDay * params.meanQuantity * 1.03;
  for (let i = 0; i < n; i++) {
    const prev = closes[i]!;
    const close = closes[i + 1]!;
    const { upperKrw, lowerKrw } = priceLimits(prev);
    const band = { upperKrw, lowerKrw };
    const open = toGridInBand(prev * (1 + 0.3 * params.dailySigma * rng.normal()), band);
    const spread = 1 + Math.abs(rng.normal()) * params.dailySigma * 0.4;
    const high = Math.min(upperKrw, Math.max(open, close, roundDownToTick(Math.max(open, close) * spread)));
    const low = Math.max(lowerKrw, Math.min(open, close, roundUpToTick(Math.min(open, close) / spread)));
    const volume = Math.max(1, Math.round(typicalVolume * Math.exp(0.35 * rng.normal())));
    const date = dates[i]!;
    bars.push({
      date, openKrw: open, highKrw: high, lowKrw: low, closeKrw: close, volume,
      tradeValueKrw: Math.round((volume * (open + high + low + close)) / 4),
    });
    flows.push(investorDay(date, close, volume, close / prev - 1, rng));
  }
  return { bars, flows };
}
