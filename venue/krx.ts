/**
 * KRX trading rules shared by the simulator and the risk engine: the tick grid (in force since
 * 2023-01-25, unified for KOSPI and KOSDAQ), the ±30 % daily band, session phases and the code
 * pattern. Pure functions over integer KRW; the trading days are in ./krx-calendar.ts.
 */
import { kstParts } from "../core/clock.js";
import { isKrxTradingDay } from "./krx-calendar.js";

/** [lower bound inclusive, tick]; a price exactly on a boundary belongs to the higher band. */
const TICK_BANDS: ReadonlyArray<readonly [number, number]> = [
  [500_000, 1_000],
  [200_000, 500],
  [50_000, 100],
  [20_000, 50],
  [5_000, 10],
  [2_000, 5],
  [0, 1],
];

export function tickSize(priceKrw: number): number {
  for (const [lower, tick] of TICK_BANDS) if (priceKrw >= lower) return tick;
  return 1;
}

export function isOnTickGrid(priceKrw: number): boolean {
  return Number.isInteger(priceKrw) && priceKrw > 0 && priceKrw % tickSize(priceKrw) === 0;
}

/** Largest on-grid price ≤ price (a buy never pays more than asked). */
export function roundDownToTick(priceKrw: number): number {
  const floored = Math.floor(priceKrw);
  return floored - (floored % tickSize(floored));
}

/** Smallest on-grid price ≥ price (a sell never accepts less than asked). */
export function roundUpToTick(priceKrw: number): number {
  const down = roundDownToTick(priceKrw);
  if (down === priceKrw) return down;
  // The next grid point above `down` uses the tick of `down`'s band; at a band edge that lands on the edge.
  return down + tickSize(down);
}

/** Moves `steps` ticks from an on-grid price (negative steps go down), honouring band edges. */
export function stepTicks(priceKrw: number, steps: number): number {
  let p = priceKrw;
  if (steps > 0) for (let i = 0; i < steps; i++) p += tickSize(p);
  else for (let i = 0; i < -steps; i++) p -= tickSize(p - 1);
  return p;
}

export const DAILY_LIMIT_RATE = 0.3;

/** Upper limit: largest on-grid price ≤ base × 1.3; lower: smallest on-grid price ≥ base × 0.7. */
export function priceLimits(basePriceKrw: number): { upperKrw: number; lowerKrw: number } {
  return {
    upperKrw: roundDownToTick(Math.floor(basePriceKrw * (1 + DAILY_LIMIT_RATE) + 1e-9)),
    lowerKrw: Math.max(1, roundUpToTick(Math.ceil(basePriceKrw * (1 - DAILY_LIMIT_RATE) - 1e-9))),
  };
}

export type SessionPhase =
  | "CLOSED" // no order entry
  | "PRE_OPEN_AUCTION" // 08:30–09:00 order entry, single price at 09:00
  | "CONTINUOUS" // 09:00–15:20 price-time priority
  | "CLOSING_AUCTION" // 15:20–15:30 order entry, single price at 15:30
  | "AFTER_HOURS"; // 15:30–18:00 closing-price and single-price sessions (not traded by this product)

const hms = (h: number, m: number) => h * 3600 + m * 60;
export const SESSION_TIMES = {
  preOpenStart: hms(8, 30),
  open: hms(9, 0),
  closingAuctionStart: hms(15, 20),
  close: hms(15, 30),
  afterHoursEnd: hms(18, 0),
} as const;

export function sessionPhase(ms: number, isTradingDay: (yyyymmdd: string) => boolean = isKrxTradingDay): SessionPhase {
  const { date, secondOfDay: s } = kstParts(ms);
  if (!isTradingDay(date)) return "CLOSED";
  if (s < SESSION_TIMES.preOpenStart) return "CLOSED";
  if (s < SESSION_TIMES.open) return "PRE_OPEN_AUCTION";
  if (s < SESSION_TIMES.closingAuctionStart) return "CONTINUOUS";
  if (s < SESSION_TIMES.close) return "CLOSING_AUCTION";
  if (s < SESSION_TIMES.afterHoursEnd) return "AFTER_HOURS";
  return "CLOSED";
}

/**
 * The off-hours sessions of a KRX day (reference §8.1), each with its order-entry window:
 * 장전 시간외 종가 08:30–08:40 at the previous close; 장후 시간외 종가 entry 15:30–16:00, matched
 * 15:40–16:00 at today's close; 시간외 단일가 16:00–18:00, a single price every 10 minutes within
 * ±10 % of the close.
 */
export type OffHoursSession = "PRE_OPEN_CLOSE" | "POST_CLOSE" | "SINGLE_PRICE";

export const OFF_HOURS_TIMES = {
  preOpenCloseEnd: hms(8, 40),
  postCloseMatchStart: hms(15, 40),
  singlePriceStart: hms(16, 0),
  singlePriceRoundSeconds: 600,
  /** the single-price session's band around the close */
  singlePriceBandRate: 0.1,
} as const;

const OFF_HOURS_ENTRY: Record<OffHoursSession, readonly [number, number]> = {
  PRE_OPEN_CLOSE: [SESSION_TIMES.preOpenStart, OFF_HOURS_TIMES.preOpenCloseEnd],
  POST_CLOSE: [SESSION_TIMES.close, OFF_HOURS_TIMES.singlePriceStart],
  SINGLE_PRICE: [OFF_HOURS_TIMES.singlePriceStart, SESSION_TIMES.afterHoursEnd],
};

/** The 시간외 단일가 band: ±10 % of today's close, inside the daily limits, on the grid. */
export function singlePriceBand(closeKrw: number, lowerLimitKrw: number, upperLimitKrw: number): { lowerKrw: number; upperKrw: number } {
  const rate = OFF_HOURS_TIMES.singlePriceBandRate;
  return {
    lowerKrw: Math.max(lowerLimitKrw, roundUpToTick(Math.ceil(closeKrw * (1 - rate) - 1e-9))),
    upperKrw: Math.min(upperLimitKrw, roundDownToTick(Math.floor(closeKrw * (1 + rate) + 1e-9))),
  };
}

/** True while `session` takes orders at `ms` (a trading day, inside its entry window). */
export function acceptsOffHoursOrders(
  session: OffHoursSession,
  ms: number,
  isTradingDay: (yyyymmdd: string) => boolean = isKrxTradingDay,
): boolean {
  const { date, secondOfDay: s } = kstParts(ms);
  const [from, to] = OFF_HOURS_ENTRY[session];
  return isTradingDay(date) && s >= from && s < to;
}

/** Regular-session phases in which limit and market orders are accepted. */
export function acceptsRegularOrders(phase: SessionPhase): boolean {
  return phase === "PRE_OPEN_AUCTION" || phase === "CONTINUOUS" || phase === "CLOSING_AUCTION";
}

/** KRX short codes: 6 characters, digits or A–Z since the 2024 code reform. */
export const KRX_CODE_PATTERN = /^[0-9A-Z]{6}$/;
