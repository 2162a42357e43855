/**
 * The last backtest on the Overview page: `kis-agent backtest` writes DATA_DIR/backtest/report.json
 * (the default --out); when it exists, its headline figures and its equity curve (strategy,
 * buy-and-hold, KOSPI, in KRW from the starting value) are shown beside the account's own. A file
 * that cannot be read is reported, not shown half.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BacktestReport } from "../backtest/report.js";
import { errorMessage } from "../core/errors.js";

/** YYYYMMDD as YYYY-MM-DD (the console's dates); anything else as it is */
export const dashed = (d: string) => (/^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}` : d);

export interface BacktestSummary {
  file: string;
  from: string;
  to: string;
  data: string;
  seed: number | null;
  prompt: { version: number; source: string };
  totalReturnPct: number;
  buyAndHoldPct: number;
  kospiPct: number;
  maxDrawdownPct: number;
  trades: number;
  equity: { dates: string[]; account: number[]; buyAndHold: number[]; kospi: number[] };
}

export function lastBacktest(dataDir: string): { backtest: BacktestSummary | null; backtestError: string | null } {
  const file = join(dataDir, "backtest", "report.json");
  if (!existsSync(file)) return { backtest: null, backtestError: null };
  try {
    const r = JSON.parse(readFileSync(file, "utf8")) as BacktestReport;
    const start = r.account.startKrw;
    const krw = (k: "strategy" | "buyAndHold" | "kospi") => r.equity.map((p) => Math.round(p[k] * start));
    return {
      backtest: {
        file,
        from: r.from,
        to: r.to,
        data: r.data,
        seed: r.seed,
        prompt: r.prompt,
        totalReturnPct: r.performance.totalReturnPct,
        buyAndHoldPct: r.benchmarks.buyAndHoldPct,
        kospiPct: r.benchmarks.kospiPct,
        maxDrawdownPct: r.performance.maxDrawdownPct,
        trades: r.trades.executions,
        equity: {
          dates: r.equity.map((p) => dashed(p.date)),
          account: krw("strategy"),
          buyAndHold: krw("buyAndHold"),
          kospi: krw("kospi"),
        },
      },
      backtestError: null,
    };
  } catch (err) {
    return { backtest: null, backtestError: `${file}: ${errorMessage(err)}` };
  }
}
