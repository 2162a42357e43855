/**
 * The reflection graph over a runtime: wires its nodes, and runs it through the run driver
 * (run-driver.ts) with the parent prompt version, reporting what it found in one plain object.
 */
import { formatKstIso } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import { buildReflectionGraph, type ReflectionGraphDeps } from "../graphs/reflection.js";
import { createChatModel } from "../llm/create-chat-model.js";
import type { PromptApprovalAnswer, PromptApprovalRequest } from "../nodes/reflection/activate.js";
import type { RuleVerdict } from "../rules/rule-schema.js";
import type { ReflectionStats, ReflectionStateValue } from "../state/reflection-state.js";
import type { Trigger } from "../state/trading-state.js";
import type { Runtime } from "./create-runtime.js";
import { createPromptVersionsRepo } from "../db/prompt-versions-repo.js";
import { createModelInvestigator } from "../llm/investigator.js";
import { createOfflineReflectionInvestigator } from "../llm/offline-investigation.js";
import { reflectionInvestigationBrief } from "../prompts/render-investigation.js";
import { createLedgerTools } from "../tools/ledger-toolset.js";
import { createLlmLedger } from "./llm-ledger.js";
import { createRunContext } from "../nodes/run-context.js";
import { createToolLedger } from "./tool-ledger.js";
import { noVersionReason, type NoVersionReason } from "./no-version-reason.js";
import { newRunId, resumeRun, startRun, type RunReading } from "./run-driver.js";
import { createPromptGate } from "./prompt-eval.js";

export function createReflectionGraphDeps(rt: Runtime): ReflectionGraphDeps {
  const chat = createChatModel(rt.config.llm);
  const budget = rt.config.investigation;
  const llmCalls = createLlmLedger(rt.db, rt.repos, rt.clock);
  const tools = createLedgerTools({ ...rt.repos, promptVersions: createPromptVersionsRepo(rt.db) });
  const gate = createPromptGate(rt);
  const context = createRunContext(rt.repos.runContext, () => rt.clock.now());
  return {
    investigate: {
      investigator: chat ? createModelInvestigator(chat, tools, rt.config.llm) : createOfflineReflectionInvestigator(),
      budget,
      llmCalls,
      brief: (s) => reflectionInvestigationBrief(s.stats, budget),
      promptVersion: (s) => s.parentVersion,
      afterCut: "the analysis goes on with the evidence gathered",
      context,
    },
    tools: { tools, budget, ledger: createToolLedger(rt.repos.toolCalls, rt.clock), context },
    aggregate: {
      trades: rt.repos.trades,
      broker: rt.kis,
      market: rt.kis,
      clock: rt.clock,
      runTrigger: (runId) => rt.repos.runs.get(runId)?.trigger,
    },
    analyze: {
      llmCalls,
      context,
      ...(chat
        ? { model: { chat, provider: rt.config.llm.provider, modelName: rt.config.llm.model, timeoutMs: rt.config.llm.timeoutMs } }
        : {}),
    },
    rewritePrompt: { store: rt.prompts },
    activate: { store: rt.prompts, mode: rt.config.promptActivation, ...(gate ? { gate } : {}) },
  };
}

/** The reflection graph over the runtime's checkpointer; for Studio (`studio`) over the server's own. */
export function compileReflectionGraph(rt: Runtime, studio = false) {
  return buildReflectionGraph(createReflectionGraphDeps(rt)).compile(studio ? {} : { checkpointer: rt.checkpointer });
}

export type CompiledReflection = ReturnType<typeof compileReflectionGraph>;

export interface ReflectionRunResult {
  runId: string;
  status: "succeeded" | "interrupted" | "failed";
  parentVersion: number;
  proposedVersion: number | null;
  activation: ReflectionStateValue["activation"];
  stats: ReflectionStats | null;
  analysis: ReflectionStateValue["analysis"];
  patterns: Array<{
    kind: string;
    label: string;
    condition: string | null;
    support: number;
    winRatePct: number;
    totalPnlKrw: number;
    source: string;
  }>;
  verdicts: RuleVerdict[];
  /** why no version was written (which threshold, which counts); null when one was */
  noVersionReason: NoVersionReason | null;
  alerts: string[];
  approvalRequest?: PromptApprovalRequest;
  report: string;
  error?: string;
}

export function renderReflectionReport(runId: string, s: Partial<ReflectionStateValue>, error?: string): string {
  const lines = [`reflection ${runId} on prompt v${s.parentVersion ?? "?"}`];
  const st = s.stats;
  if (st) {
    lines.push(
      `period ${formatKstIso(st.fromMs)} → ${formatKstIso(st.toMs)}: ${st.trades} trade(s), ${st.closed} closed, realised ${st.realisedPnlKrw.toLocaleString("en-US")} KRW, win rate ${st.winRatePct ?? "-"}%, back-filled ${st.backfilled}`,
    );
    if (st.broker.realisedPnlKrw !== null)
      lines.push(
        `KIS: ${st.broker.orders} order(s), ${st.broker.filledOrders} filled, realised ${st.broker.realisedPnlKrw.toLocaleString("en-US")} KRW`,
      );
  }
  if (s.analysis) lines.push(`analysis (${s.analysis.source}): ${s.analysis.summary}`);
  for (const p of s.patterns ?? [])
    lines.push(
      `pattern ${p.kind}: ${p.label} — ${p.support} trade(s), win rate ${p.winRatePct}%, P&L ${p.totalPnlKrw.toLocaleString("en-US")} KRW`,
    );
  for (const v of s.verdicts ?? []) lines.push(`rule ${v.outcome}: ${v.reason}`);
  const why = noVersionReason(s, error);
  lines.push(
    why
      ? `no new version (${why.code}): ${why.message}`
      : `new version v${s.proposedVersion}: ${s.activation?.status ?? "proposed"} — ${s.activation?.note ?? ""}`,
  );
  for (const a of s.alerts ?? []) lines.push(`alert: ${a}`);
  return lines.join("\n");
}

function summarize(
  runId: string,
  s: Partial<ReflectionStateValue>,
  status: ReflectionRunResult["status"],
  error?: string,
): ReflectionRunResult {
  return {
    runId,
    status,
    parentVersion: s.parentVersion ?? 0,
    proposedVersion: s.proposedVersion ?? null,
    activation: s.activation ?? null,
    stats: s.stats ?? null,
    analysis: s.analysis ?? null,
    patterns: (s.patterns ?? []).map((p) => ({
      kind: p.kind,
      label: p.label,
      condition: p.condition,
      support: p.support,
      winRatePct: p.winRatePct,
      totalPnlKrw: p.totalPnlKrw,
      source: p.source,
    })),
    verdicts: s.verdicts ?? [],
    noVersionReason: noVersionReason(s, error),
    alerts: s.alerts ?? [],
    report: renderReflectionReport(runId, s, error),
  };
}

/** A new prompt version, with its diff summary (once per version). */
function alertNewVersion(rt: Runtime, runId: string, version: number): void {
  const record = rt.prompts.record(version);
  if (!record) return;
  const changed = record.diff.split("\n").filter((l) => /^[+-](?![+-])/.test(l));
  const added = changed.filter((l) => l.startsWith("+")).length;
  rt.repos.alerts.insert(
    {
      severity: "info",
      source: "reflection",
      code: "PROMPT_VERSION",
      message:
        `reflection: prompt v${version} (${record.status}) from v${record.parentVersion ?? "-"}: ${record.rulesAdded.length} rule(s) added, ${record.rulesRetired.length} retired, +${added}/-${changed.length - added} lines. ${record.changeLog.split("\n")[0] ?? ""}`.trim(),
      details: {
        runId,
        version,
        status: record.status,
        changeLog: record.changeLog,
        diff: record.diff.slice(0, 4_000),
        dedupeKey: `prompt-version|${version}`,
      },
    },
    rt.clock.now(),
  );
}

/** How a reflection run's state reads at each way it can stop; a new version is announced either way. */
function reading(rt: Runtime, runId: string): RunReading<ReflectionStateValue, ReflectionRunResult> {
  const announce = (state: ReflectionStateValue) => {
    if (state.proposedVersion) alertNewVersion(rt, runId, state.proposedVersion);
  };
  return {
    waiting: (state) => `v${state.proposedVersion} waiting for approval`,
    interrupted(state, request) {
      announce(state);
      return { ...summarize(runId, state, "interrupted"), ...(request ? { approvalRequest: request as PromptApprovalRequest } : {}) };
    },
    done(state) {
      announce(state);
      const result = summarize(runId, state, "succeeded");
      return { result, close: { status: "succeeded", summary: result.report } };
    },
    failed: (state, err) => ({ ...summarize(runId, state, "failed", errorMessage(err)), error: errorMessage(err) }),
  };
}

/** Starts a reflection run (or continues one when `runId` names an existing thread). */
export async function runReflection(
  rt: Runtime,
  options: { trigger?: Trigger; runId?: string; graph?: CompiledReflection } = {},
): Promise<ReflectionRunResult> {
  const runId = options.runId ?? newRunId("reflection", rt.clock.now());
  const graph = options.graph ?? compileReflectionGraph(rt);
  const run = {
    graph: "reflection" as const,
    runId,
    ...(options.trigger ? { trigger: options.trigger } : {}),
    input: (parentVersion: number) => ({ parentVersion }),
  };
  return startRun(rt, graph, run, reading(rt, runId));
}

/** Answers a reflection run waiting for a person to approve its version. */
export async function answerReflectionApproval(
  rt: Runtime,
  runId: string,
  answer: PromptApprovalAnswer,
  graph = compileReflectionGraph(rt),
): Promise<ReflectionRunResult> {
  return resumeRun(rt, graph, runId, answer, reading(rt, runId));
}
