/**
 * bench:backtest — simulated trading days per wall-clock minute through the backtest: the replay of
 * a 20-symbol universe (simulator on a stepped clock → WebSocket → indicators → triggers → tick
 * writer → the live schedule) without the graphs, then the full backtest with the trading graph and
 * the offline policy (runtime/backtest.ts, no reflection). Gate, from issue 15: a week (5 trading
 * days) with the graphs in under 2 minutes, i.e. ≥ 2.5 simulated days per minute.
 * `npm run bench -- backtest [--days N] [--seed S]`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nextTradingDay } from "../venue/krx-calendar.js";
import { runBacktest } from "../runtime/backtest.js";
import { runReplay } from "../runtime/replay.js";
import type { BenchResult } from "./index.js";

const FROM = "20261019";
const ENV = { LLM_PROVIDER: "offline", LOG_LEVEL: "silent" };

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
}

async function inScratch<T>(f: (dataDir: string) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), "kis-agent-backtest-"));
  try {
    return await f(dataDir);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(args: string[]): Promise<BenchResult> {
  const days = option(args, "days", 5);
  const seed = option(args, "seed", 42);
  let to = FROM;
  for (let n = 1; n < days; n++) to = nextTradingDay(to);
  const market = await inScratch((dataDir) => runReplay({ days, seed, dataDir, startDate: FROM, withGraph: false, env: ENV }));
  const started = performance.now();
  const full = await inScratch((dataDir) => runBacktest({ from: FROM, to, seed, dataDir, env: ENV }));
  const fullSeconds = (performance.now() - started) / 1_000;
  const perMinute = (seconds: number) => Math.round((days / (seconds / 60)) * 100) / 100;
  return {
    name: "backtest",
    pass: perMinute(fullSeconds) >= 2.5,
    seed,
    period: `${FROM}–${to}`,
    days,
    symbols: full.benchmarks.symbols,
    withoutGraph: { wallSeconds: market.wallSeconds, daysPerMinute: perMinute(market.wallSeconds), ticksRecorded: market.ticks.recorded },
    withGraph: {
      wallSeconds: Math.round(fullSeconds * 10) / 10,
      daysPerMinute: perMinute(fullSeconds),
      tradingRuns: full.runs.trading,
      trades: full.trades.executions,
    },
    gates: { withGraph: ">= 2.5 simulated days per minute (a 5-day week in under 2 minutes)" },
  };
}
