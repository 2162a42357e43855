/**
 * Indicators over daily bars for the analyze node: simple moving averages, Wilder RSI(14) seeded
 * by the simple mean of the first 14 changes, and today's volume against the pro-rated 20-day
 * average. Pure; today's live price stands in for today's close.
 */
import { SESSION_TIMES } from "../venue/krx.js";

export function sma(values: readonly number[], period: number): number | null {
  if (values.length < period) return null;
  let sum = 0;
  for (let i = values.length - period; i < values.length; i++) sum += values[i] ?? 0;
  return sum / period;
}

export function wilderRsi(closes: readonly number[], period = 14): number | null {
  if (closes.length <= period) return null;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const change = (closes[i] ?? 0) - (closes[i - 1] ?? 0);
    if (change > 0) gain += change;
    else loss -= change;
  }
  gain /= period;
  loss /= period;
  for (let i = period + 1; i < closes.length; i++) {
    const change = (closes[i] ?? 0) - (closes[i - 1] ?? 0);
    gain = (gain * (period - 1) + Math.max(change, 0)) / period;
    loss = (loss * (period - 1) + Math.max(-change, 0)) / period;
  }
  if (loss === 0) return gain === 0 ? 50 : 100;
  return 100 - 100 / (1 + gain / loss);
}

const SESSION_SECONDS = SESSION_TIMES.close - SESSION_TIMES.open;

/**
 * Today's volume / (average daily volume × elapsed share of the session). Before 5 % of the
 * session has passed the ratio is too noisy to act on, so the elapsed share is floored there.
 */
export function volumeRatio(todayVolume: number, pastVolumes: readonly number[], secondOfDay: number): number | null {
  if (pastVolumes.length === 0) return null;
  const average = sma(pastVolumes, Math.min(20, pastVolumes.length));
  if (average === null || average <= 0) return null;
  const elapsed = Math.min(1, Math.max(0.05, (secondOfDay - SESSION_TIMES.open) / SESSION_SECONDS));
  return todayVolume / (average * elapsed);
}
