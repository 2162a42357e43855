/**
 * The health monitor over a runtime: gathers what risk/health.ts judges — today's P&L, the losing
 * streak, the KIS client's call window, the feed, the token, and (through probes the `start`
 * process gives it) queue backlog and worker heartbeats — then halts trading on a failing halting
 * check (the same trading-state repository `kis-agent halt` writes) and alerts on every problem.
 */
import { ApiCallWindow } from "../broker/api-calls.js";
import { kstParts } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import { sessionPhase } from "../venue/krx.js";
import {
  DEFAULT_HEALTH_THRESHOLDS,
  evaluateHealth,
  haltingFailures,
  type HealthCheck,
  type HealthInputs,
  type HealthReport,
} from "../risk/health.js";
import type { Runtime } from "./create-runtime.js";
import { closedBySell, consecutiveLosses } from "../ledger/round-trips.js";
import { createRiskLedger } from "./risk-ledger.js";

export interface HealthProbes {
  /** the live feed of this process */
  feed?: () => { state: string; lastTickMs?: number };
  /** waiting jobs per queue */
  queues?: () => Promise<Record<string, number>>;
  /** last heartbeat (epoch ms) of each `start` process */
  heartbeats?: () => Promise<number[]>;
}

export interface HealthOutcome extends HealthReport {
  /** the reason trading was halted by this check, if it was */
  halted?: string;
  /** the KIS calls and errors by tr_id the error rate was judged on (the console's /metrics exports them) */
  api?: HealthInputs["api"];
}

type MonitorRuntime = Pick<Runtime, "repos" | "kis" | "clock" | "limits" | "config" | "log"> & { apiCalls: ApiCallWindow };

/** Today's realised P&L plus unrealised against cost basis (ledger/), total assets and the day's opening equity, as risk judges them. */
async function todaysPnl(rt: MonitorRuntime): Promise<HealthInputs["pnl"]> {
  const nowMs = rt.clock.now();
  const balance = await rt.kis.getBalance();
  const held = balance.holdings.filter((h) => h.quantity > 0);
  const quotes = await Promise.all(held.map((h) => rt.kis.getQuote(h.symbol)));
  const ledger = createRiskLedger(rt.repos);
  const unrealized = ledger.unrealizedPnlKrw?.(held, Object.fromEntries(quotes.map((q) => [q.symbol, q]))) ?? 0;
  const opening = ledger.openingEquityKrw?.(nowMs);
  return {
    todayKrw: ledger.realizedPnlTodayKrw(nowMs) + unrealized,
    totalAssetsKrw: balance.summary.totalValueKrw,
    ...(opening !== undefined ? { openingEquityKrw: opening } : {}),
  };
}

/** The losing streak and how many losing sells closed since the trading state last changed. */
function losses(rt: MonitorRuntime, sinceMs: number): HealthInputs["losses"] {
  const { trips } = createRiskLedger(rt.repos).ledger();
  return {
    streak: consecutiveLosses(trips),
    sinceStateChange: closedBySell(trips).filter((s) => s.exit.timestampMs >= sinceMs && s.pnlKrw < 0).length,
  };
}

async function optional<T>(rt: MonitorRuntime, what: string, read: (() => Promise<T>) | undefined): Promise<T | undefined> {
  if (!read) return undefined;
  try {
    return await read();
  } catch (err) {
    rt.log.warn(`health: ${what} not read`, { error: errorMessage(err) });
    return undefined;
  }
}

const ALERT_CODE: Record<HealthCheck["name"], string> = {
  dailyLoss: "HEALTH_DAILY_LOSS",
  consecutiveLosses: "HEALTH_CONSECUTIVE_LOSSES",
  apiErrorRate: "HEALTH_KIS_ERROR_RATE",
  feed: "HEALTH_FEED_STALE",
  token: "HEALTH_TOKEN",
  queues: "HEALTH_QUEUE_BACKLOG",
  workers: "HEALTH_WORKERS",
};

export function createHealthMonitor(rt: MonitorRuntime, probes: HealthProbes = {}) {
  const thresholds = {
    ...DEFAULT_HEALTH_THRESHOLDS,
    apiErrorRate: rt.config.health.apiErrorRate,
    dailyLossLimitRate: rt.limits.dailyLossLimitRate,
    maxConsecutiveLosses: rt.limits.maxConsecutiveLosses,
  };

  async function gather(): Promise<HealthInputs> {
    const nowMs = rt.clock.now();
    const state = rt.repos.tradingState.get();
    const api = rt.apiCalls.summary(state.updatedAtMs);
    const [pnl, queues, heartbeats] = await Promise.all([
      optional(rt, "account", () => todaysPnl(rt)),
      optional(rt, "queues", probes.queues),
      optional(rt, "heartbeats", probes.heartbeats),
    ]);
    const feed = probes.feed?.();
    const tokenExpiresAtMs = rt.kis.auth.tokenExpiresAtMs();
    return {
      nowMs,
      stateChangedAtMs: state.updatedAtMs,
      losses: losses(rt, state.updatedAtMs),
      api,
      marketOpen: sessionPhase(nowMs) === "CONTINUOUS",
      ...(pnl ? { pnl } : {}),
      ...(queues ? { queues } : {}),
      ...(heartbeats ? { heartbeats } : {}),
      ...(feed ? { feed } : {}),
      ...(tokenExpiresAtMs !== undefined ? { tokenExpiresAtMs } : {}),
    };
  }

  /** Halts on the first halting failure (unless already halted) and stores one alert per problem. */
  function act(report: HealthReport): string | undefined {
    const nowMs = report.checkedAtMs;
    const { date } = kstParts(nowMs);
    const failures = haltingFailures(report);
    let halted: string | undefined;
    if (failures.length > 0 && rt.repos.tradingState.get().state !== "HALTED") {
      halted = `health: ${failures.map((f) => f.message).join("; ")}`;
      rt.repos.tradingState.set("HALTED", halted, nowMs, "health");
      rt.log.error("health monitor halted trading", { reason: halted });
    }
    for (const c of report.checks.filter((x) => x.status === "fail" || x.status === "warn")) {
      rt.repos.alerts.insert(
        {
          severity: c.halts ? "critical" : c.status === "fail" ? "warn" : "info",
          source: "health",
          code: ALERT_CODE[c.name],
          message: `health: ${c.name} ${c.status}${c.halts ? " — trading HALTED" : ""}: ${c.message}`,
          details: { check: c.name, status: c.status, halts: c.halts, dedupeKey: `health|${c.name}|${c.status}|${date}` },
        },
        nowMs,
      );
    }
    return halted;
  }

  return {
    async check(): Promise<HealthOutcome> {
      const inputs = await gather();
      const report = evaluateHealth(inputs, thresholds);
      const halted = act(report);
      return { ...report, api: inputs.api, ...(halted ? { halted } : {}) };
    },
  };
}

export type HealthMonitor = ReturnType<typeof createHealthMonitor>;
