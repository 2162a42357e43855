/**
 * A person's review of the decision prompt's versions, shared by `kis-agent prompts` and the web
 * console: each version's trading results, and approve / reject / roll back with the reflection
 * run that waits on the version closed in the ledger.
 */
import { systemClock } from "../core/clock.js";
import type { ActivationResult, PromptVersionRecord, VersionUsage } from "../db/prompt-versions-repo.js";
import type { Trade } from "../db/trades-repo.js";
import { buildLedger, execution, intentFills, realizedPnlKrw, type FillSources } from "../ledger/round-trips.js";
import type { VersionedPromptStore } from "../prompts/prompt-versions.js";
import type { Repos } from "./repos.js";

export interface VersionResults {
  runs: number;
  trades: number;
  closed: number;
  realisedPnlKrw: number;
  winRatePct: number | null;
  llmCalls: number;
  costUsd: number;
}

/** Each version's trading results: runs and cost from the run ledger, round trips by the entry's version. */
export function resultsByVersion(
  store: VersionedPromptStore,
  repos: Repos,
  usage: ReadonlyMap<number, VersionUsage>,
): Map<number, VersionResults> {
  const trades: Trade[] = repos.trades.listBetween(0, Number.MAX_SAFE_INTEGER);
  const sources: FillSources = { byIntentKey: intentFills(repos.intents) };
  const trips = buildLedger(trades, sources).trips;
  const results = new Map<number, VersionResults>();
  for (const v of store.list()) {
    const own = trips.filter((t) => Number(t.entry.promptVersion) === v.version);
    const wins = own.filter((t) => t.pnlKrw > 0).length;
    const u = usage.get(v.version);
    results.set(v.version, {
      runs: u?.runs ?? 0,
      trades: trades.filter((t) => Number(t.promptVersion) === v.version && execution(t, sources)).length,
      closed: own.length,
      realisedPnlKrw: realizedPnlKrw(own, 0),
      winRatePct: own.length > 0 ? Math.round((wins / own.length) * 1000) / 10 : null,
      llmCalls: u?.llmCalls ?? 0,
      costUsd: (u?.costUsdMicros ?? 0) / 1_000_000,
    });
  }
  return results;
}

export type PromptDecision = "approve" | "reject" | "rollback";

export interface PromptDecisionOutcome {
  ok: boolean;
  command: PromptDecision;
  version: number;
  status: PromptVersionRecord["status"];
  activeVersion: number;
  reason?: string;
}

/** approve / reject / rollback one version; `via` names who asked ("kis-agent prompts approve", "the web console"). */
export function decidePromptVersion(
  store: VersionedPromptStore,
  repos: Repos,
  sub: PromptDecision,
  record: PromptVersionRecord,
  note: string | undefined,
  via: string,
): PromptDecisionOutcome {
  const version = record.version;
  const by = `by a person (${via})${note ? `: ${note}` : ""}`;
  const result: ActivationResult =
    sub === "approve"
      ? store.activate(version, record.parentVersion, `approved ${by}`)
      : sub === "reject"
        ? store.reject(version, `rejected ${by}`)
        : store.rollback(version, `rolled back to ${by}`);
  const waiting = record.reflectionRunId ? repos.runs.get(record.reflectionRunId) : undefined;
  if (result.ok && waiting?.status === "interrupted" && sub !== "rollback") {
    repos.runs.finish(
      waiting.runId,
      { status: "succeeded", summary: `${waiting.summary}\nv${version} ${sub === "approve" ? "approved" : "rejected"} ${by}` },
      systemClock.now(),
    );
  }
  const after = store.record(version);
  return {
    ok: result.ok,
    command: sub,
    version,
    status: after?.status ?? record.status,
    activeVersion: store.active().version,
    ...(result.ok ? {} : { reason: result.reason }),
  };
}
