/**
 * The backtest's figures against hand-computed values. The equity curve 100 → 110 → 99 → 108.9 has
 * daily returns +10 %, −10 %, +10 %: mean 1/30, sample variance 0.02667/2 = 0.013333, so Sharpe is
 * (0.033333 / 0.115470) × √252 = 4.58; the downside deviation is √(0.01/3) = 0.057735, so Sortino is
 * (0.033333 / 0.057735) × √252 = 9.17; the worst fall is 110 → 99, 10 %.
 */
import { describe, expect, it } from "vitest";
import {
  dailyReturns,
  maxDrawdownPct,
  performance,
  sharpeRatio,
  sortinoRatio,
  totalReturnPct,
  tripFigures,
  turnover,
} from "../../backtest/metrics.js";
import type { Trade } from "../../db/trades-repo.js";
import { buildLedger } from "../../ledger/round-trips.js";

let nextId = 1;
function trade(ticker: string, action: "buy" | "sell", quantity: number, priceKrw: number, atMs: number): Trade {
  const id = nextId++;
  return {
    id,
    runId: "r",
    ticker,
    action,
    quantity,
    priceKrw,
    timestampMs: atMs,
    justificationText: "",
    marketSnapshot: {},
    portfolioBefore: {},
    executionStatus: "FILLED",
    createdAtMs: atMs,
    updatedAtMs: atMs,
  };
}

describe("backtest metrics", () => {
  const closes = [110, 99, 108.9];

  it("daily returns start from the starting value", () => {
    expect(dailyReturns(100, closes).map((r) => Math.round(r * 1e9) / 1e9)).toEqual([0.1, -0.1, 0.1]);
    expect(totalReturnPct(100, 108.9)).toBe(8.9);
  });

  it("annualises Sharpe and Sortino over 252 days, with a risk-free rate when given", () => {
    const r = dailyReturns(100, closes);
    expect(sharpeRatio(r)).toBe(4.58);
    expect(sortinoRatio(r)).toBe(9.17);
    // 25.2 % a year is 0.1 % a day: mean excess 0.032333; Sharpe (0.032333 / 0.115470) × √252 = 4.45.
    expect(sharpeRatio(r, 25.2)).toBe(4.45);
    expect(sharpeRatio([0.01])).toBeNull();
    expect(sharpeRatio([0.01, 0.01])).toBeNull();
    expect(sortinoRatio([0.01, 0.02])).toBeNull();
  });

  it("max drawdown is the largest fall from a running peak", () => {
    expect(maxDrawdownPct([100, ...closes])).toBe(10);
    expect(maxDrawdownPct([100, 80, 120, 60, 130])).toBe(50);
    expect(maxDrawdownPct([100, 101, 102])).toBe(0);
  });

  it("win rate, profit factor and realised P&L come from the ledger's round trips", () => {
    // Win: buy 10 × 70,000 (commission 105), sell 10 × 71,000 (106 + tax 1,420) → 10,000 − 1,631 = 8,369.
    // Loss: buy 10 × 70,000 (105), sell 10 × 69,000 (103 + tax 1,380) → −10,000 − 1,588 = −11,588.
    const { trips } = buildLedger([
      trade("005930", "buy", 10, 70_000, 1),
      trade("005930", "sell", 10, 71_000, 2),
      trade("000660", "buy", 10, 70_000, 3),
      trade("000660", "sell", 10, 69_000, 4),
    ]);
    expect(tripFigures(trips)).toEqual({ roundTrips: 2, realisedPnlKrw: 8_369 - 11_588, winRatePct: 50, profitFactor: 0.72 });
    expect(tripFigures([])).toEqual({ roundTrips: 0, realisedPnlKrw: 0, winRatePct: null, profitFactor: null });
  });

  it("turnover is traded value over the average account value", () => {
    // 200 ÷ ((110 + 99 + 108.9) / 3 = 105.9667) = 1.887
    expect(turnover(200, closes)).toBe(1.89);
    expect(turnover(200, [])).toBe(0);
  });

  it("performance puts them together", () => {
    const p = performance({ startValueKrw: 100, closesKrw: closes, trips: [], tradedValueKrw: 200 });
    expect(p).toMatchObject({
      totalReturnPct: 8.9,
      sharpe: 4.58,
      sortino: 9.17,
      maxDrawdownPct: 10,
      turnover: 1.89,
      roundTrips: 0,
      dailyReturnsPct: [10, -10, 10],
    });
  });
});
