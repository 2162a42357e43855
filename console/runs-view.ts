/**
 * The Runs page's read models: the ledger filtered, and one run in full — a timeline by node built
 * from what each node left in the ledger (model calls from plan, risk events from riskCheck, order
 * intents from execute, trades from record), its LLM calls, tool calls (when the table exists),
 * risk events with the original and adjusted order, orders and their fills.
 */
import type { Db } from "../db/database.js";
import type { Fill } from "../db/fills-repo.js";
import { orderRefOf, type OrderIntent } from "../db/intents-repo.js";
import type { GraphRun } from "../db/runs-repo.js";
import type { Repos } from "../runtime/repos.js";

export interface RunFilter {
  graph?: string;
  status?: string;
  trigger?: string;
  /** matched against the run id, the summary and the error */
  q?: string;
  limit: number;
}

export interface TimelineEntry {
  atMs: number;
  node: string;
  what: string;
}

const runView = (r: GraphRun) => ({ ...r, costUsd: r.costUsdMicros / 1_000_000 });

export function listRuns(repos: Repos, filter: RunFilter) {
  const q = filter.q?.toLowerCase();
  // The ledger is read newest first; filters apply before the limit so a rare status is still found.
  return repos.runs
    .listRecent(100_000)
    .filter(
      (r) =>
        (!filter.graph || r.graph === filter.graph) &&
        (!filter.status || r.status === filter.status) &&
        (!filter.trigger || r.trigger === filter.trigger),
    )
    .filter((r) => !q || `${r.runId}\n${r.summary}\n${r.error ?? ""}`.toLowerCase().includes(q))
    .slice(0, filter.limit)
    .map(runView);
}

function ordersOf(repos: Repos, runId: string): Array<OrderIntent & { fills: Fill[] }> {
  return repos.intents.listByRun(runId).map((i) => {
    const order = orderRefOf(i);
    return { ...i, fills: order ? repos.fills.listByOrder(order) : [] };
  });
}

export function runDetail(db: Db, repos: Repos, runId: string) {
  const run = repos.runs.get(runId);
  if (!run) return undefined;
  const llmCalls = repos.llmCalls.listByRun(runId);
  const riskEvents = repos.riskEvents.listByRun(runId);
  const orders = ordersOf(repos, runId);
  const trades = repos.trades.listByRun(runId);
  // The rows as stored: the console shows their columns as they are.
  const toolCalls = db.prepare<[string], Record<string, unknown>>("SELECT * FROM tool_calls WHERE run_id = ? ORDER BY id").all(runId);
  const timeline: TimelineEntry[] = [
    { atMs: run.startedAtMs, node: "start", what: `${run.graph} run (${run.trigger}) on prompt v${run.promptVersion ?? "-"}` },
    ...llmCalls.map((c) => ({
      atMs: c.createdAtMs,
      node: c.node,
      what: `${c.provider}/${c.model} ${c.status}: ${c.inputTokens}+${c.outputTokens} tokens in ${c.latencyMs} ms`,
    })),
    ...riskEvents.map((e) => ({ atMs: e.createdAtMs, node: "riskCheck", what: `${e.kind} ${e.code} ${e.side} ${e.symbol}: ${e.reason}` })),
    ...orders.map((o) => ({
      atMs: o.createdAtMs,
      node: "execute",
      what: `${o.side} ${o.symbol} ${o.quantity} @ ${o.limitPriceKrw ?? "market"} → ${o.status}${o.orderNo ? ` (order ${o.orderNo})` : ""}`,
    })),
    ...trades.map((t) => ({
      atMs: t.createdAtMs,
      node: "record",
      what: `${t.action} ${t.ticker} ${t.quantity} @ ${t.priceKrw} ${t.executionStatus}`,
    })),
    ...(run.endedAtMs ? [{ atMs: run.endedAtMs, node: "end", what: run.status }] : []),
  ].sort((a, b) => a.atMs - b.atMs);
  return { run: runView(run), timeline, llmCalls, toolCalls, riskEvents, orders, trades };
}
