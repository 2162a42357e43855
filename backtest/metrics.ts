/**
 * A backtest's figures from its equity curve and the one ledger's round trips: total return,
 * annualised Sharpe and Sortino of the daily returns (252 trading days a year), max drawdown, win
 * rate, profit factor and turnover. Pure: no I/O, no P&L of its own — realised P&L is the round
 * trips' (ledger/round-trips.ts), the account's value is what the broker reported each close.
 */
import type { RoundTrip } from "../ledger/round-trips.js";

export const TRADING_DAYS_PER_YEAR = 252;

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Day-over-day returns (fractions) of closing values, the first against `startValue`. */
export function dailyReturns(startValue: number, closes: readonly number[]): number[] {
  const out: number[] = [];
  let previous = startValue;
  for (const close of closes) {
    out.push(previous > 0 ? close / previous - 1 : 0);
    previous = close;
  }
  return out;
}

/** (end − start) ÷ start, in %; 0 without a start. */
export function totalReturnPct(startValue: number, endValue: number): number {
  return startValue > 0 ? round(((endValue - startValue) / startValue) * 100, 2) : 0;
}

/**
 * Annualised Sharpe ratio: mean excess daily return over its sample standard deviation, × √252.
 * Null with fewer than two returns or none that vary. `riskFreeAnnualPct` is spread evenly per day.
 */
export function sharpeRatio(returns: readonly number[], riskFreeAnnualPct = 0): number | null {
  if (returns.length < 2) return null;
  const excess = returns.map((r) => r - riskFreeAnnualPct / 100 / TRADING_DAYS_PER_YEAR);
  const m = mean(excess);
  const variance = excess.reduce((a, r) => a + (r - m) ** 2, 0) / (excess.length - 1);
  return variance > 0 ? round((m / Math.sqrt(variance)) * Math.sqrt(TRADING_DAYS_PER_YEAR), 2) : null;
}

/**
 * Annualised Sortino ratio: mean excess daily return over the downside deviation (root mean square
 * of the shortfalls below the risk-free rate, over all days), × √252. Null without a losing day.
 */
export function sortinoRatio(returns: readonly number[], riskFreeAnnualPct = 0): number | null {
  if (returns.length < 2) return null;
  const excess = returns.map((r) => r - riskFreeAnnualPct / 100 / TRADING_DAYS_PER_YEAR);
  const downside = Math.sqrt(excess.reduce((a, r) => a + Math.min(0, r) ** 2, 0) / excess.length);
  return downside > 0 ? round((mean(excess) / downside) * Math.sqrt(TRADING_DAYS_PER_YEAR), 2) : null;
}

/** The largest fall from a running peak, in % of that peak (0 when the curve never falls). */
export function maxDrawdownPct(values: readonly number[]): number {
  let peak = -Infinity;
  let worst = 0;
  for (const v of values) {
    peak = Math.max(peak, v);
    if (peak > 0) worst = Math.max(worst, (peak - v) / peak);
  }
  return round(worst * 100, 2);
}

export interface TripFigures {
  roundTrips: number;
  realisedPnlKrw: number;
  /** winning round trips ÷ round trips, %; null without one */
  winRatePct: number | null;
  /** gross profit ÷ gross loss; null without a loss (or without a trip) */
  profitFactor: number | null;
}

/** Win rate and profit factor of the ledger's round trips (a break-even trip is no win). */
export function tripFigures(trips: readonly RoundTrip[]): TripFigures {
  const wins = trips.filter((t) => t.pnlKrw > 0);
  const grossProfit = wins.reduce((a, t) => a + t.pnlKrw, 0);
  const grossLoss = -trips.filter((t) => t.pnlKrw < 0).reduce((a, t) => a + t.pnlKrw, 0);
  return {
    roundTrips: trips.length,
    realisedPnlKrw: trips.reduce((a, t) => a + t.pnlKrw, 0),
    winRatePct: trips.length > 0 ? round((wins.length / trips.length) * 100, 1) : null,
    profitFactor: grossLoss > 0 ? round(grossProfit / grossLoss, 2) : null,
  };
}

/** Traded value (buys and sells) ÷ the average daily account value: 2.0 is the account bought and sold once. */
export function turnover(tradedValueKrw: number, closes: readonly number[]): number {
  return closes.length > 0 && mean(closes) > 0 ? round(tradedValueKrw / mean(closes), 2) : 0;
}

export interface PerformanceInput {
  startValueKrw: number;
  /** the account's value at each day's close, oldest first */
  closesKrw: readonly number[];
  trips: readonly RoundTrip[];
  /** executed notional of every buy and sell */
  tradedValueKrw: number;
  riskFreeAnnualPct?: number;
}

export interface Performance extends TripFigures {
  totalReturnPct: number;
  sharpe: number | null;
  sortino: number | null;
  maxDrawdownPct: number;
  turnover: number;
  /** the daily returns behind the ratios, in % */
  dailyReturnsPct: number[];
}

export function performance(input: PerformanceInput): Performance {
  const returns = dailyReturns(input.startValueKrw, input.closesKrw);
  const rf = input.riskFreeAnnualPct ?? 0;
  return {
    totalReturnPct: totalReturnPct(input.startValueKrw, input.closesKrw.at(-1) ?? input.startValueKrw),
    sharpe: sharpeRatio(returns, rf),
    sortino: sortinoRatio(returns, rf),
    maxDrawdownPct: maxDrawdownPct([input.startValueKrw, ...input.closesKrw]),
    turnover: turnover(input.tradedValueKrw, input.closesKrw),
    dailyReturnsPct: returns.map((r) => round(r * 100, 6)),
    ...tripFigures(input.trips),
  };
}
