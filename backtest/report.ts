/**
 * A backtest's report: the figures (strategy against buy-and-hold of the universe and KOSPI, risk,
 * trades, the model's calls and cost) and the equity curve, rendered as text for a person. Pure.
 */
import type { Performance } from "./metrics.js";

export interface EquityPoint {
  /** YYYYMMDD; "start" for the value before the first day */
  date: string;
  strategy: number;
  buyAndHold: number;
  kospi: number;
}

export interface BacktestReport {
  /** the market traded: "generated" (seeded) or where the recording came from ("csv DIR", "tick store FILE", "history DIR") */
  data: string;
  /** the generator's seed; null when the market was recorded */
  seed: number | null;
  from: string;
  to: string;
  days: string[];
  prompt: { version: number; source: string };
  account: { startKrw: number; endKrw: number };
  performance: Performance;
  benchmarks: { buyAndHoldPct: number; kospiPct: number; symbols: number };
  trades: { executions: number; buys: number; sells: number; tradedValueKrw: number };
  model: { calls: number; inputTokens: number; outputTokens: number; costUsd: number };
  runs: { trading: number; failed: number };
  /** growth of 1 at the start, per day */
  equity: EquityPoint[];
  wallSeconds: number;
}

const signed = (n: number, unit = "%") => `${n >= 0 ? "+" : ""}${n}${unit}`;
const orDash = (n: number | null) => (n === null ? "-" : String(n));

export function renderBacktestReport(r: BacktestReport): string {
  const p = r.performance;
  const krw = (n: number) => `${Math.round(n).toLocaleString("en-US")} KRW`;
  return [
    `backtest ${r.from}–${r.to}: ${r.days.length} trading day(s), ${r.seed === null ? `recorded market (${r.data})` : `${r.data} market (seed ${r.seed})`}, prompt v${r.prompt.version} (${r.prompt.source}), ${r.wallSeconds} s`,
    `account        ${krw(r.account.startKrw)} → ${krw(r.account.endKrw)}`,
    `total return   ${signed(p.totalReturnPct)}   buy-and-hold (${r.benchmarks.symbols} symbols) ${signed(r.benchmarks.buyAndHoldPct)}   KOSPI ${signed(r.benchmarks.kospiPct)}`,
    `risk           Sharpe ${orDash(p.sharpe)}   Sortino ${orDash(p.sortino)}   max drawdown ${p.maxDrawdownPct}%   (annualised, daily returns, 252 days)`,
    `trades         ${r.trades.executions} executed (${r.trades.buys} buys, ${r.trades.sells} sells), turnover ${p.turnover}×`,
    `round trips    ${p.roundTrips}, realised ${krw(p.realisedPnlKrw)} (net of fees and tax), win rate ${p.winRatePct === null ? "-" : `${p.winRatePct}%`}, profit factor ${orDash(p.profitFactor)}`,
    `runs           ${r.runs.trading} trading, ${r.runs.failed} failed`,
    `model          ${r.model.calls} call(s), ${r.model.inputTokens} in / ${r.model.outputTokens} out tokens, $${r.model.costUsd.toFixed(4)}`,
  ].join("\n");
}
