/**
 * The job handlers over a runtime: each queue's work as a thin call into the graphs, execution and
 * the ledger. Hooks connect the jobs to the live feed (picks at P2, scanner finds at P3).
 */
import { AppError } from "../core/errors.js";
import { createFillTracker } from "../execution/fill-tracker.js";
import { createReconciler } from "../execution/reconciler.js";
import { createLlmLedger } from "../runtime/llm-ledger.js";
import type { LiveSnapshotSource } from "../nodes/analyze.js";
import type { Runtime } from "../runtime/create-runtime.js";
import { createHealthMonitor, type HealthOutcome, type HealthProbes } from "../runtime/health-monitor.js";
import { compileReflectionGraph, runReflection } from "../runtime/reflection.js";
import { compileTradingGraph, runTrading } from "../runtime/trading.js";
import type { Trigger } from "../state/trading-state.js";
import { runDailyAnalysis } from "./daily-analysis.js";
import { finalizeDay } from "./finalize.js";
import { backfillPnl } from "./pnl-backfill.js";
import type { JobContext, JobHandler, JobHandlers } from "./processor.js";
import { slotKey } from "./schedules.js";

export interface HandlerHooks {
  /** live indicators for the analyze node, when the tick feed runs */
  live?: LiveSnapshotSource;
  /** replaces the built-in pre-market analysis (07:20) */
  dailyAnalysis?: JobHandler;
  /** where the pre-market picks go (the live feed's subscription budget, priority 2) */
  onPicks?: (symbols: string[]) => void;
  /** where the market scan's finds go (the live feed's subscription budget, priority 3) */
  onScanFinds?: (symbols: string[]) => void;
  /** what only the `start` process can see for the health monitor, and where its report goes */
  health?: HealthProbes & { publish?: (report: HealthOutcome) => Promise<void> };
}

/** A slot's job and a retry of it share one run id, so a retry resumes the run's own thread. */
export function runIdFor(ctx: JobContext, graph: "trading" | "reflection"): string {
  return ctx.runId ?? (ctx.slot ? slotKey(ctx.slot) : `${graph}-job-${ctx.jobId}`);
}

export function triggerFor(ctx: JobContext): Trigger {
  return ctx.trigger ?? (ctx.slot ? { kind: "schedule", detail: slotKey(ctx.slot) } : { kind: "manual", detail: `job ${ctx.jobId}` });
}


export function createRuntimeHandlers(rt: Runtime, hooks: HandlerHooks = {}): JobHandlers {
  const { repos, db, kis: broker, clock, log } = rt;
  const common = { db, intents: repos.intents, trades: repos.trades, broker, clock, logger: log };
  const fillTracker = createFillTracker({ ...common, fills: repos.fills });
  const reconciler = createReconciler({ ...common, fillTracker });
  const portfolio = repos.portfolio;
  const trading = compileTradingGraph(rt, hooks.live);
  const reflection = compileReflectionGraph(rt);
  const health = createHealthMonitor(rt, hooks.health);

  return {
    async "trading-run"(ctx) {
      const result = await runTrading(rt, { runId: runIdFor(ctx, "trading"), trigger: triggerFor(ctx), graph: trading });
      // A failed run is retried with backoff from its last checkpoint, unless its error says retrying cannot help.
      if (result.status === "failed") {
        const message = `trading run ${result.runId} failed: ${result.error ?? "unknown error"}`;
        throw result.errorCode && result.retryable === false ? new AppError(result.errorCode, message) : new Error(message);
      }
      return { runId: result.runId, status: result.status, orders: result.orders.length };
    },
    async "reflection-run"(ctx) {
      const result = await runReflection(rt, { runId: runIdFor(ctx, "reflection"), trigger: triggerFor(ctx), graph: reflection });
      if (result.status === "failed") throw new Error(`reflection run ${result.runId} failed: ${result.error ?? "unknown error"}`);
      return { runId: result.runId, status: result.status, proposedVersion: result.proposedVersion };
    },
    "daily-analysis": hooks.dailyAnalysis ?? (async () => {
      const result = await runDailyAnalysis({
        market: broker, picks: repos.dailyPicks, clock, universe: () => rt.config.watchlist, ...(hooks.onPicks ? { onPicks: hooks.onPicks } : {}),
        ...(rt.chatModel ? { model: { chat: rt.chatModel, name: rt.config.llm.model, provider: rt.config.llm.provider, timeoutMs: rt.config.llm.timeoutMs, ledger: createLlmLedger(db, repos, clock) } } : {}),
      });
      return { date: result.date, picks: result.picks.map((p) => p.symbol), skipped: result.skipped };
    }),
    async "market-scan"() {
      const [volume, risers] = await Promise.all([broker.getVolumeRanking({ limit: 10 }), broker.getChangeRanking({ direction: "up", limit: 10 })]);
      const symbols = [...new Set([...volume, ...risers].map((e) => e.symbol))];
      hooks.onScanFinds?.(symbols);
      return { symbols };
    },
    async finalize() {
      const result = await finalizeDay({ broker, cancelStale: (ms) => fillTracker.cancelStale(ms), portfolio, runs: repos.runs, trades: repos.trades, intents: repos.intents, alerts: repos.alerts, clock, log });
      return { date: result.date, totalValueKrw: result.portfolio.totalValueKrw, cancelled: result.cancelledIntents.length, report: result.report };
    },
    async "pnl-backfill"() {
      return backfillPnl({ trades: repos.trades, market: broker, clock });
    },
    async health() {
      const report = await health.check();
      await hooks.health?.publish?.(report);
      return { ok: report.ok, ...(report.halted ? { halted: report.halted } : {}), problems: report.checks.filter((c) => c.status === "fail" || c.status === "warn").map((c) => `${c.name} ${c.status}`) };
    },
    async reconcile() {
      const report = await reconciler.reconcile();
      return { matched: report.matched.length, rejected: report.rejected.length, updated: report.updated.length, pending: report.pending.length };
    },
  };
}
