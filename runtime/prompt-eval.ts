/**
 * Evaluates prompt version b against version a: a backtest of each over the same market — the same
 * generated seeds and days, or the same recorded period — then the comparison of backtest/compare.ts. Also the activation
 * gate the reflection graph calls: the candidate against the active version over the last trading
 * days before now, stored in prompt_evals, reused when a resumed run asks again.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { addDays, kstParts } from "../core/clock.js";
import type { Logger } from "../core/logger.js";
import { createPromptEvalsRepo } from "../db/prompt-evals-repo.js";
import { comparePrompts, gateVerdict, sideFigures, type PromptComparison, type SeedComparison } from "../backtest/compare.js";
import { isKrxTradingDay } from "../venue/krx-calendar.js";
import type { PromptGate } from "../nodes/reflection/activate.js";
import { marketSource, type MarketDataSpec } from "../sim/market/market-data.js";
import { runBacktest, tradingDaysBetween, type BacktestPrompt } from "./backtest.js";
import type { Runtime } from "./create-runtime.js";

export interface PromptEvalOptions {
  a: BacktestPrompt;
  b: BacktestPrompt;
  from: string;
  to: string;
  /** generated markets: one backtest pair per seed; a recorded market is one tape, so one pair */
  seeds: number[];
  /** the market both versions trade @defaultValue the seeded generator */
  market?: MarketDataSpec;
  /** where the backtests' ledgers go (each in its own fresh subdirectory, removed afterwards) */
  workDir: string;
  env?: Record<string, string | undefined>;
  stepMs?: number;
  log?: Logger;
  /** after each backtest: how many of the 2 × seeds are done */
  onProgress?: (done: number, total: number) => void;
}

export async function evaluatePrompts(options: PromptEvalOptions): Promise<PromptComparison> {
  const days = tradingDaysBetween(options.from, options.to);
  mkdirSync(options.workDir, { recursive: true });
  const runs: SeedComparison[] = [];
  const recorded = options.market !== undefined && options.market.kind !== "generated";
  const seeds = recorded ? options.seeds.slice(0, 1) : options.seeds;
  let done = 0;
  const backtest = async (prompt: BacktestPrompt, seed: number) => {
    const dataDir = mkdtempSync(join(options.workDir, `v${prompt.version}-s${seed}-`));
    try {
      const report = await runBacktest({
        from: options.from,
        to: options.to,
        seed,
        dataDir,
        prompt,
        ...(options.market ? { market: options.market } : {}),
        ...(options.env ? { env: options.env } : {}),
        ...(options.stepMs ? { stepMs: options.stepMs } : {}),
        ...(options.log ? { log: options.log } : {}),
      });
      options.onProgress?.(++done, seeds.length * 2);
      return sideFigures(report.performance);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
  for (const seed of seeds) runs.push({ seed, a: await backtest(options.a, seed), b: await backtest(options.b, seed) });
  return comparePrompts(
    {
      a: options.a.version,
      b: options.b.version,
      market: marketSource(options.market ?? { kind: "generated" }),
      from: days[0] as string,
      to: days.at(-1) as string,
      days: days.length,
      runs,
    },
    { seed: 1 },
  );
}

/** The `count` trading days that end on the last one before `nowMs` (KST). */
export function lastTradingDays(nowMs: number, count: number): { from: string; to: string } {
  let to = addDays(kstParts(nowMs).date, -1);
  while (!isKrxTradingDay(to)) to = addDays(to, -1);
  let from = to;
  for (let n = 1; n < count; n++) {
    from = addDays(from, -1);
    while (!isKrxTradingDay(from)) from = addDays(from, -1);
  }
  return { from, to };
}

/**
 * The gate over a runtime: evaluates the candidate against the active version with the configured
 * days and seeds (the configuration's seed first), in a scratch directory under DATA_DIR. The
 * nested backtests read the process environment (the LLM provider, limits) as the runtime did.
 */
export function createPromptGate(rt: Runtime): PromptGate | undefined {
  const settings = rt.config.promptEval;
  if (!settings.gate) return undefined;
  const evals = createPromptEvalsRepo<PromptComparison>(rt.db);
  return {
    async evaluate({ runId, active, candidate }) {
      const stored = evals.gateOf(runId, active, candidate);
      if (stored?.verdict)
        return { ...gateVerdict(stored.comparison, settings.tolerancePct), pass: stored.verdict === "pass", comparison: stored.comparison };
      const [a, b] = [rt.prompts.get(active), rt.prompts.get(candidate)];
      if (!a || !b) return { pass: true, reason: `evaluation skipped: v${a ? candidate : active} not found`, comparison: null };
      const seeds = Array.from({ length: settings.seeds }, (_, i) => rt.config.sim.seed + i);
      const workDir = join(rt.config.dataDir, "evals", runId);
      try {
        const comparison = await evaluatePrompts({
          a: { ...a, source: `active v${active}` },
          b: { ...b, source: `candidate v${candidate}` },
          ...lastTradingDays(rt.clock.now(), settings.days),
          seeds,
          workDir,
          env: { ...process.env, LOG_LEVEL: "silent" },
          log: rt.log,
        });
        const verdict = gateVerdict(comparison, settings.tolerancePct);
        evals.insert({
          purpose: "gate",
          reflectionRunId: runId,
          verdict: verdict.pass ? "pass" : "fail",
          comparison,
          createdAtMs: rt.clock.now(),
        });
        return { ...verdict, comparison };
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
    },
  };
}
