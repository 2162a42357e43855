/**
 * The job handlers over an agent: each queue's work as a thin call into the graphs, the order path
 * and the ledger. `start`'s workers and the replay run these same handlers. Hooks connect the jobs
 * to the live feed (picks at P2, scanner finds at P3) and to what only `start` sees (health probes).
 */
import { AppError } from "../core/errors.js";
import { runDailyAnalysis } from "../jobs/daily-analysis.js";
import { finalizeDay } from "../jobs/finalize.js";
import { backfillPnl } from "../jobs/pnl-backfill.js";
import { runIdFor, triggerFor, type JobContext, type JobHandler, type JobHandlers } from "../jobs/processor.js";
import type { Agent } from "./agent.js";
import { createHealthMonitor, type HealthOutcome, type HealthProbes } from "./health-monitor.js";
import { createLlmLedger } from "./llm-ledger.js";
import { orderPath } from "./order-path.js";

export interface HandlerHooks {
  /** replaces the built-in pre-market analysis (07:20) */
  dailyAnalysis?: JobHandler;
  /** where the pre-market picks go (the live feed's subscription budget, priority 2) */
  onPicks?: (symbols: string[]) => void;
  /** where the market scan's finds go (the live feed's subscription budget, priority 3) */
  onScanFinds?: (symbols: string[]) => void;
  /** what only the `start` process can see for the health monitor, and where its report goes */
  health?: HealthProbes & { publish?: (report: HealthOutcome) => Promise<void> };
}

export function createJobHandlers(agent: Agent, hooks: HandlerHooks = {}): JobHandlers {
  const rt = agent.runtime;
  const { repos, db, kis: broker, clock, log } = rt;
  const { fillTracker, reconciler } = orderPath(rt);
  const portfolio = repos.portfolio;
  const health = createHealthMonitor(rt, hooks.health);

  const handlers: JobHandlers = {
    async "trading-run"(ctx) {
      const result = await agent.runTrading({ runId: runIdFor(ctx, "trading"), trigger: triggerFor(ctx) });
      // A failed run is retried with backoff from its last checkpoint, unless its error says retrying cannot help.
      if (result.status === "failed") {
        const message = `trading run ${result.runId} failed: ${result.error ?? "unknown error"}`;
        throw result.errorCode && result.retryable === false ? new AppError(result.errorCode, message) : new Error(message);
      }
      return { runId: result.runId, status: result.status, orders: result.orders.length };
    },
    async "reflection-run"(ctx) {
      const result = await agent.runReflection({ runId: runIdFor(ctx, "reflection"), trigger: triggerFor(ctx) });
      if (result.status === "failed") throw new Error(`reflection run ${result.runId} failed: ${result.error ?? "unknown error"}`);
      return { runId: result.runId, status: result.status, proposedVersion: result.proposedVersion };
    },
    "daily-analysis":
      hooks.dailyAnalysis ??
      (async () => {
        const result = await runDailyAnalysis({
          market: broker,
          picks: repos.dailyPicks,
          clock,
          universe: () => rt.config.watchlist,
          ...(hooks.onPicks ? { onPicks: hooks.onPicks } : {}),
          ...(rt.chatModel
            ? {
                model: {
                  chat: rt.chatModel,
                  name: rt.config.llm.model,
                  provider: rt.config.llm.provider,
                  timeoutMs: rt.config.llm.timeoutMs,
                  ledger: createLlmLedger(db, repos, clock),
                },
              }
            : {}),
        });
        return { date: result.date, picks: result.picks.map((p) => p.symbol), skipped: result.skipped };
      }),
    async "market-scan"() {
      const [volume, risers] = await Promise.all([
        broker.getVolumeRanking({ limit: 10 }),
        broker.getChangeRanking({ direction: "up", limit: 10 }),
      ]);
      const symbols = [...new Set([...volume, ...risers].map((e) => e.symbol))];
      hooks.onScanFinds?.(symbols);
      return { symbols };
    },
    async finalize() {
      const result = await finalizeDay({
        broker,
        cancelStale: (ms) => fillTracker.cancelStale(ms),
        portfolio,
        runs: repos.runs,
        trades: repos.trades,
        intents: repos.intents,
        alerts: repos.alerts,
        clock,
        log,
      });
      return {
        date: result.date,
        totalValueKrw: result.portfolio.totalValueKrw,
        cancelled: result.cancelledIntents.length,
        report: result.report,
      };
    },
    async "pnl-backfill"() {
      return backfillPnl({ trades: repos.trades, market: broker, clock });
    },
    async health() {
      const report = await health.check();
      await hooks.health?.publish?.(report);
      return {
        ok: report.ok,
        ...(report.halted ? { halted: report.halted } : {}),
        problems: report.checks.filter((c) => c.status === "fail" || c.status === "warn").map((c) => `${c.name} ${c.status}`),
      };
    },
    async reconcile() {
      const report = await reconciler.reconcile();
      return {
        matched: report.matched.length,
        rejected: report.rejected.length,
        updated: report.updated.length,
        pending: report.pending.length,
      };
    },
  };
  return rt.followClock ? followingClock(handlers, rt.followClock) : handlers;
}

/** A stepped simulator's time is read before each job: the driver moved it since this process last looked. */
function followingClock(handlers: JobHandlers, follow: () => Promise<void>): JobHandlers {
  const entries = Object.entries(handlers).map(([queue, handle]) => [queue, async (ctx: JobContext) => (await follow(), handle(ctx))]);
  return Object.fromEntries(entries) as JobHandlers;
}
