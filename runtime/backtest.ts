/**
 * A backtest: the replay (runtime/replay.ts — the simulator, the tick pipeline, THE schedule, the
 * same graphs and jobs) over a period in a fresh data directory, trading with one fixed decision
 * prompt (no reflection), then the figures read back from what the replay left: the account's value
 * at every close (daily_portfolio, written by finalize), the one ledger's round trips, the run
 * ledger's model usage, and the universe's and KOSPI's bars over the same days.
 */
import { rmSync } from "node:fs";
import { AppError, errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { dailyTotalsBetween } from "../db/daily-portfolio-repo.js";
import { createPromptVersionsRepo } from "../db/prompt-versions-repo.js";
import { buildLedger, execution, intentFills, type FillSources } from "../ledger/round-trips.js";
import { isKrxTradingDay, nextTradingDay } from "../venue/krx-calendar.js";
import { addDays } from "../core/clock.js";
import type { Bar } from "../core/types.js";
import { buyAndHoldCurve, indexCurve } from "../backtest/benchmarks.js";
import { performance as measure, totalReturnPct } from "../backtest/metrics.js";
import type { BacktestReport } from "../backtest/report.js";
import type { Runtime } from "./create-runtime.js";
import { runReplay, type ReplayProgress } from "./replay.js";
import { loadMarketData, type MarketDataSpec } from "../sim/market/market-data.js";

export interface BacktestPrompt {
  version: number;
  text: string;
  /** where the text came from, for the report ("prompts/core-decision.md", "v3 of <ledger>") */
  source: string;
}

export interface BacktestOptions {
  /** first and last day, YYYYMMDD inclusive; non-trading days are skipped */
  from: string;
  to: string;
  /** the generated market's seed (ignored by a recorded market) */
  seed: number;
  /** the market to trade @defaultValue the seeded generator */
  market?: MarketDataSpec;
  /** the backtest's own ledger and simulator state: replaced once the period and market check out */
  dataDir: string;
  /** the decision prompt to trade with; the replay's seed version (prompts/core-decision.md) when absent */
  prompt?: BacktestPrompt;
  env?: Record<string, string | undefined>;
  riskFreeAnnualPct?: number;
  stepMs?: number;
  log?: Logger;
  onProgress?: (progress: ReplayProgress) => void;
}

/**
 * The environment a backtest runs under: the caller's (its LLM provider, limits, watchlist) without
 * the KIS account — a backtest trades the in-process simulator only, so keys of a real or paper
 * account never reach it, its files or its logs.
 */
export function backtestEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith("KIS_") || key.startsWith("KIS_SIM_")));
}

/** The KRX trading days from `from` to `to`, inclusive. */
export function tradingDaysBetween(from: string, to: string): string[] {
  if (!/^\d{8}$/.test(from) || !/^\d{8}$/.test(to))
    throw new AppError("DATA_INVALID", `Expected dates as YYYYMMDD, received '${from}' and '${to}'`);
  const days: string[] = [];
  for (let d = isKrxTradingDay(from) ? from : nextTradingDay(from); d <= to; d = nextTradingDay(d)) days.push(d);
  if (days.length === 0) throw new AppError("DATA_INVALID", `No KRX trading day from ${from} to ${to}`);
  return days;
}

/** What the backtest trades: the spec, its description for the report, and the watchlist it implies. */
interface TradedMarket {
  spec: MarketDataSpec;
  data: string;
  seed: number | null;
  /** WATCHLIST for the replay: the recorded codes (narrowed by the caller's WATCHLIST) */
  watchlist?: string;
}

/**
 * A recorded market must cover every trading day of the period (a day without prints would trade
 * nothing and read as a flat day in the figures) and every code the caller's WATCHLIST names.
 * Read once here to check; the simulator reads it again when it starts.
 */
export function tradedMarket(spec: MarketDataSpec | undefined, seed: number, days: string[], watchlist: string | undefined): TradedMarket {
  const recorded = spec && loadMarketData(spec);
  if (!spec || !recorded) return { spec: spec ?? { kind: "generated" }, data: "generated", seed };
  const recordedDays = [...new Set(recorded.days.filter((d) => d.prints.length > 0).map((d) => d.date))].sort();
  const missing = days.filter((d) => !recordedDays.includes(d));
  if (missing.length > 0)
    throw new AppError(
      "DATA_INVALID",
      `${recorded.source} has no prints for ${missing.join(", ")}; it covers ${recordedDays.length > 0 ? `${recordedDays[0]}–${recordedDays.at(-1)} (${recordedDays.length} day(s))` : "no day"}: narrow --from/--to`,
    );
  const codes = [...new Set(recorded.days.map((d) => d.code))].sort();
  const wanted = watchlist ? watchlist.split(",") : codes;
  const absent = wanted.filter((c) => !codes.includes(c));
  if (absent.length > 0)
    throw new AppError(
      "DATA_INVALID",
      `WATCHLIST names ${absent.join(", ")}, which ${recorded.source} does not hold (it holds ${codes.join(", ")})`,
    );
  return { spec, data: recorded.source, seed: null, watchlist: wanted.join(",") };
}

type Collected = Omit<BacktestReport, "data" | "seed" | "from" | "to" | "days" | "prompt" | "model" | "runs" | "wallSeconds">;

/** Everything the report needs from the replay's runtime, read before it closes. */
async function collect(rt: Runtime, days: string[], startKrw: number, riskFreeAnnualPct: number | undefined): Promise<Collected> {
  const [first, last] = [days[0] as string, days.at(-1) as string];
  const totals = new Map(dailyTotalsBetween(rt.db, first, last).map((t) => [t.date, t.totalValueKrw]));
  let value = startKrw;
  const closesKrw = days.map((d) => (value = totals.get(d) ?? value));
  const trades = rt.repos.trades.listBetween(0, Number.MAX_SAFE_INTEGER);
  const sources: FillSources = { byIntentKey: intentFills(rt.repos.intents) };
  const executed = trades.flatMap((t) => execution(t, sources) ?? []);
  const tradedValueKrw = executed.reduce((a, e) => a + e.quantity * e.priceKrw, 0);
  const bars = new Map<string, Bar[]>(rt.config.watchlist.map((code) => [code, rt.sim?.exchange.dailyBars(code, first, last) ?? []]));
  const universe = buyAndHoldCurve(days, bars);
  const kospiCloses = await rt.kis.getIndexDailyBars("0001", { from: addDays(first, -14), to: last }).catch((err: unknown) => {
    rt.log.warn("backtest: KOSPI daily closes unavailable", { error: errorMessage(err) });
    return [];
  });
  const kospi = indexCurve(days, kospiCloses);
  const pct = (v: number | undefined) => totalReturnPct(1, v ?? 1);
  return {
    account: { startKrw, endKrw: closesKrw.at(-1) ?? startKrw },
    performance: measure({
      startValueKrw: startKrw,
      closesKrw,
      trips: buildLedger(trades, sources).trips,
      tradedValueKrw,
      ...(riskFreeAnnualPct !== undefined ? { riskFreeAnnualPct } : {}),
    }),
    benchmarks: {
      buyAndHoldPct: pct(universe.values.at(-1)),
      kospiPct: kospi.series > 0 ? pct(kospi.values.at(-1)) : 0,
      symbols: universe.series,
    },
    trades: {
      executions: executed.length,
      buys: executed.filter((e) => e.trade.action === "buy").length,
      sells: executed.filter((e) => e.trade.action === "sell").length,
      tradedValueKrw,
    },
    equity: [
      { date: "start", strategy: 1, buyAndHold: 1, kospi: 1 },
      ...days.map((date, i) => ({
        date,
        strategy: (closesKrw[i] ?? startKrw) / startKrw,
        buyAndHold: universe.values[i] ?? 1,
        kospi: kospi.values[i] ?? 1,
      })),
    ],
  };
}

export async function runBacktest(options: BacktestOptions): Promise<BacktestReport> {
  const days = tradingDaysBetween(options.from, options.to);
  const env = backtestEnv(options.env ?? {});
  const market = tradedMarket(options.market, options.seed, days, env.WATCHLIST);
  rmSync(options.dataDir, { recursive: true, force: true });
  let startKrw = 0;
  let collected: Collected | undefined;
  const summary = await runReplay({
    days: days.length,
    seed: options.seed,
    dataDir: options.dataDir,
    startDate: days[0] as string,
    reflect: false,
    env: { ...env, ...(market.watchlist ? { WATCHLIST: market.watchlist } : {}) },
    market: market.spec,
    ...(options.stepMs ? { stepMs: options.stepMs } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    prepare: async (rt) => {
      // The prompt under test is the fresh ledger's first version, so every run trades with it.
      if (options.prompt) createPromptVersionsRepo(rt.db).seed(options.prompt.text, rt.clock.now());
      startKrw = (await rt.kis.getBalance()).summary.totalValueKrw;
    },
    inspect: async (rt) => {
      collected = await collect(rt, days, startKrw, options.riskFreeAnnualPct);
    },
  });
  if (!collected) throw new AppError("DATA_INVALID", "the backtest's replay ended before its ledger could be read");
  return {
    data: market.data,
    seed: market.seed,
    from: options.from,
    to: options.to,
    days,
    prompt: options.prompt
      ? { version: options.prompt.version, source: options.prompt.source }
      : { version: 1, source: "prompts/core-decision.md" },
    ...collected,
    model: summary.model,
    runs: { trading: summary.runs.trading, failed: summary.runs.failed },
    wallSeconds: summary.wallSeconds,
  };
}
