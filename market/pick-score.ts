/**
 * The offline pre-market score of a symbol from its daily bars (pure, documented):
 *   trend    = close / MA20 − 1                       (above its month average)
 *   momentum = MA5 / MA20 − 1                         (the week leads the month)
 *   volume   = mean volume of 5 days / of 20 days − 1 (interest is rising)
 *   rsiFit   = 1 − |RSI14 − 60| / 40, floored at 0    (strength without being overbought)
 *   score    = 40·trend + 40·momentum + 10·volume + rsiFit
 * Needs 21 closes; fewer → null (not scored).
 */
import type { Bar } from "../core/types.js";
import { sma, wilderRsi } from "./daily-stats.js";

export interface PickScore {
  score: number;
  reason: string;
}

export function scoreFromBars(bars: readonly Bar[]): PickScore | null {
  if (bars.length < 21) return null;
  const closes = bars.map((b) => b.closeKrw);
  const volumes = bars.map((b) => b.volume);
  const close = closes.at(-1) ?? 0;
  const ma5 = sma(closes, 5) ?? 0;
  const ma20 = sma(closes, 20) ?? 0;
  const rsi = wilderRsi(closes.slice(-60)) ?? 50;
  const vol5 = sma(volumes, 5) ?? 0;
  const vol20 = sma(volumes, 20) ?? 0;
  if (ma20 <= 0 || vol20 <= 0) return null;
  const trend = close / ma20 - 1;
  const momentum = ma5 / ma20 - 1;
  const volume = vol5 / vol20 - 1;
  const rsiFit = Math.max(0, 1 - Math.abs(rsi - 60) / 40);
  const score = 40 * trend + 40 * momentum + 10 * volume + rsiFit;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return { score, reason: `종가/MA20 ${pct(trend)}, MA5/MA20 ${pct(momentum)}, 거래량 5일/20일 ${pct(volume)}, RSI14 ${rsi.toFixed(1)}` };
}
