/** A backtest report as `kis-agent backtest` writes it (two days), for the console's tests. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "../../backtest/metrics.js";
import type { BacktestReport } from "../../backtest/report.js";

export const REPORT: BacktestReport = {
  data: "generated",
  seed: 42,
  from: "20261019",
  to: "20261020",
  days: ["20261019", "20261020"],
  prompt: { version: 2, source: "v2 of data/demo" },
  account: { startKrw: 100_000_000, endKrw: 100_830_618 },
  performance: performance({ startValueKrw: 100_000_000, closesKrw: [100_500_000, 100_830_618], trips: [], tradedValueKrw: 28_000_000 }),
  benchmarks: { buyAndHoldPct: 0.61, kospiPct: -3.9, symbols: 20 },
  trades: { executions: 6, buys: 6, sells: 0, tradedValueKrw: 28_000_000 },
  model: { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
  runs: { trading: 36, failed: 0 },
  equity: [
    { date: "start", strategy: 1, buyAndHold: 1, kospi: 1 },
    { date: "20261019", strategy: 1.005, buyAndHold: 1.004, kospi: 0.97 },
    { date: "20261020", strategy: 1.0083, buyAndHold: 1.0061, kospi: 0.961 },
  ],
  wallSeconds: 501.3,
};

/** Writes REPORT where `kis-agent backtest` puts it by default: DATA_DIR/backtest/report.json. */
export function writeBacktestReport(dataDir: string, body: string = JSON.stringify(REPORT)): string {
  mkdirSync(join(dataDir, "backtest"), { recursive: true });
  const file = join(dataDir, "backtest", "report.json");
  writeFileSync(file, body);
  return file;
}
