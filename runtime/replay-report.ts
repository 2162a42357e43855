/**
 * What a replay produced, from the ledger and the simulator: the account against buy-and-hold of
 * the universe, trades, runs, model calls and cost, the reflection's new prompt version and its
 * diff, and how fast the days went by.
 */
import { formatKstIso } from "../core/clock.js";
import { SESSION_TIMES } from "../venue/krx.js";
import type { ReflectionStateValue } from "../state/reflection-state.js";
import type { Agent } from "./agent.js";
import type { Runtime } from "./create-runtime.js";
import { noVersionReason, type NoVersionReason } from "./no-version-reason.js";

const INITIAL_CASH_KRW = 100_000_000;
const SESSION_SECONDS = SESSION_TIMES.close - SESSION_TIMES.open;

export interface ReplayCounters {
  tradingRuns: number;
  reactiveRuns: number;
  jobs: number;
  jobFailures: number;
  triggers: number;
}

export interface ReplaySummary {
  seed: number;
  days: string[];
  withGraph: boolean;
  wallSeconds: number;
  /** regular-session seconds replayed per wall second */
  timesRealTime: number;
  account: { startKrw: number; endKrw: number; pnlKrw: number; returnPct: number; holdings: Array<{ symbol: string; quantity: number }> };
  buyAndHold: { returnPct: number; symbols: number };
  trades: Array<{ time: string; ticker: string; action: string; quantity: number; priceKrw: number; status: string }>;
  runs: { trading: number; reactive: number; reflection: number; failed: number; jobs: number; jobFailures: number };
  model: { calls: number; inputTokens: number; outputTokens: number; costUsd: number };
  ticks: { recorded: number; triggers: number };
  /** critical alerts (a health or reconciliation halt) in the order they fired, and the trading state at the end */
  halts: { alerts: Array<{ time: string; code: string; message: string }>; finalState: string };
  /** newVersion: the last version a reflection of the replay wrote, with its diff against its parent */
  prompt: { activeVersion: number; newVersion: number | null; status: string | null; diff: string; reflections: ReplayReflection[] };
}

export interface ReplayReflection {
  runId: string;
  at: string;
  newVersion: number | null;
  /** why this reflection wrote no version; null when it wrote one */
  noVersionReason: NoVersionReason | null;
}

const pct = (from: number, to: number) => (from > 0 ? Math.round(((to - from) / from) * 10_000) / 100 : 0);

/** Equal weight across the universe, bought at the first day's open, valued at the last day's close. */
function buyAndHold(rt: Runtime, days: string[]): ReplaySummary["buyAndHold"] {
  const first = days[0] ?? "";
  const last = days.at(-1) ?? "";
  const returns = rt.config.watchlist.flatMap((code) => {
    const bars = rt.sim?.exchange.dailyBars(code, first, last) ?? [];
    const open = bars[0]?.openKrw;
    const close = bars.at(-1)?.closeKrw;
    return open && close ? [(close - open) / open] : [];
  });
  const mean = returns.length > 0 ? returns.reduce((a, b) => a + b, 0) / returns.length : 0;
  return { returnPct: Math.round(mean * 10_000) / 100, symbols: returns.length };
}

/** Every reflection of the replay, oldest first, read back from its checkpointed state. */
async function reflections(
  { runtime: rt, reflection: graph }: Agent,
  runs: ReturnType<Runtime["repos"]["runs"]["listRecent"]>,
): Promise<ReplayReflection[]> {
  const out: ReplayReflection[] = [];
  for (const run of runs.filter((r) => r.graph === "reflection").reverse()) {
    const state = (await graph.getState({ configurable: { thread_id: run.runId } })).values as Partial<ReflectionStateValue>;
    const newVersion = rt.prompts.findByRun(run.runId)?.version ?? null;
    out.push({
      runId: run.runId,
      at: formatKstIso(run.startedAtMs),
      newVersion,
      noVersionReason: newVersion ? null : noVersionReason(state, run.error ?? undefined),
    });
  }
  return out;
}

export async function summarizeReplay(
  agent: Agent,
  input: { days: string[]; seed: number; withGraph: boolean; wallMs: number; counters: ReplayCounters },
): Promise<ReplaySummary> {
  const rt = agent.runtime;
  const balance = await rt.kis.getBalance();
  const runs = rt.repos.runs.listRecent(100_000);
  const trading = runs.filter((r) => r.graph === "trading");
  const sum = (f: (r: (typeof runs)[number]) => number) => runs.reduce((a, r) => a + f(r), 0);
  const reflected = await reflections(agent, runs);
  const lastNew = reflected.filter((r) => r.newVersion !== null).at(-1)?.newVersion;
  const proposed = lastNew ? rt.prompts.record(lastNew) : undefined;
  const ticks = rt.db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM ticks").get()?.n ?? 0;
  const endKrw = balance.summary.totalValueKrw;
  const wallSeconds = input.wallMs / 1_000;
  return {
    seed: input.seed,
    days: input.days,
    withGraph: input.withGraph,
    wallSeconds: Math.round(wallSeconds * 10) / 10,
    timesRealTime: Math.round((input.days.length * SESSION_SECONDS) / Math.max(wallSeconds, 1e-3)),
    account: {
      startKrw: INITIAL_CASH_KRW,
      endKrw,
      pnlKrw: endKrw - INITIAL_CASH_KRW,
      returnPct: pct(INITIAL_CASH_KRW, endKrw),
      holdings: balance.holdings.filter((h) => h.quantity > 0).map((h) => ({ symbol: h.symbol, quantity: h.quantity })),
    },
    buyAndHold: buyAndHold(rt, input.days),
    trades: rt.repos.trades.listBetween(0, Number.MAX_SAFE_INTEGER).map((t) => ({
      time: formatKstIso(t.timestampMs),
      ticker: t.ticker,
      action: t.action,
      quantity: t.quantity,
      priceKrw: t.priceKrw,
      status: t.executionStatus,
    })),
    runs: {
      trading: trading.length,
      reactive: trading.filter((r) => r.trigger === "event").length,
      reflection: runs.length - trading.length,
      failed: runs.filter((r) => r.status === "failed").length,
      jobs: input.counters.jobs,
      jobFailures: input.counters.jobFailures,
    },
    model: {
      calls: sum((r) => r.llmCalls),
      inputTokens: sum((r) => r.inputTokens),
      outputTokens: sum((r) => r.outputTokens),
      costUsd: sum((r) => r.costUsdMicros) / 1e6,
    },
    ticks: { recorded: ticks, triggers: input.counters.triggers },
    halts: {
      alerts: rt.repos.alerts
        .listRecent(100_000)
        .filter((a) => a.severity === "critical")
        .reverse()
        .map((a) => ({ time: formatKstIso(a.createdAtMs), code: a.code, message: a.message })),
      finalState: rt.repos.tradingState.get().state,
    },
    prompt: {
      activeVersion: rt.prompts.active().version,
      newVersion: proposed?.version ?? null,
      status: proposed?.status ?? null,
      diff: proposed?.diff ?? "",
      reflections: reflected,
    },
  };
}

export function renderReplayReport(s: ReplaySummary): string {
  const krw = (n: number) => `${n.toLocaleString("en-US")} KRW`;
  const lines = [
    `replay of ${s.days.length} simulated day(s) ${s.days[0]}–${s.days.at(-1)} (seed ${s.seed}) in ${s.wallSeconds} s — ${s.timesRealTime}× real time`,
    `account: ${krw(s.account.startKrw)} → ${krw(s.account.endKrw)} (${s.account.pnlKrw >= 0 ? "+" : ""}${krw(s.account.pnlKrw)}, ${s.account.returnPct}%)`,
    `buy-and-hold of the ${s.buyAndHold.symbols}-symbol universe: ${s.buyAndHold.returnPct}%`,
    `runs: ${s.runs.trading} trading (${s.runs.reactive} reactive), ${s.runs.reflection} reflection, ${s.runs.failed} failed; ${s.runs.jobs} jobs`,
    `model: ${s.model.calls} call(s), ${s.model.inputTokens} in / ${s.model.outputTokens} out tokens, $${s.model.costUsd.toFixed(4)}`,
    `ticks: ${s.ticks.recorded} recorded, ${s.ticks.triggers} trigger(s)`,
    `halts: ${s.halts.alerts.length === 0 ? "none" : s.halts.alerts.length}; trading ${s.halts.finalState} at the end`,
    ...s.halts.alerts.map((a) => `  ${a.time.slice(0, 16)} ${a.code}: ${a.message}`),
    `trades (${s.trades.length}):`,
    ...s.trades.map(
      (t) => `  ${t.time.slice(0, 16)} ${t.action.padEnd(4)} ${t.ticker} ${String(t.quantity).padStart(5)} @ ${t.priceKrw} ${t.status}`,
    ),
    ...s.prompt.reflections.map(
      (r) =>
        `reflection ${r.at.slice(0, 16)}: ${r.noVersionReason ? `no new version (${r.noVersionReason.code}): ${r.noVersionReason.message}` : `v${r.newVersion}`}`,
    ),
    s.prompt.newVersion
      ? `prompt: v${s.prompt.newVersion} ${s.prompt.status} (active v${s.prompt.activeVersion})`
      : `prompt: no new version (active v${s.prompt.activeVersion})`,
  ];
  if (s.prompt.diff) lines.push(s.prompt.diff);
  return lines.join("\n");
}
