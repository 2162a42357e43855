/**
 * The trading graph over a runtime: wires the nodes' dependencies, and runs it through the run
 * driver (run-driver.ts) under the account's lease, reporting what happened in one plain object
 * for the CLI, jobs and tests.
 */
import { errorMessage, isAppError, type ErrorCode } from "../core/errors.js";
import { createRunRecorder } from "../db/run-recorder.js";
import type { Trade } from "../db/trades-repo.js";
import { buildTradingGraph, type TradingGraphDeps } from "../graphs/trading.js";
import type { LiveSnapshotSource } from "../nodes/analyze.js";
import type { ApprovalAnswer, ApprovalRequest } from "../nodes/approve.js";
import { createRunContext, type RunContext } from "../nodes/run-context.js";
import { createModelInvestigator, type Investigator } from "../llm/investigator.js";
import { createOfflineTradingInvestigator } from "../llm/offline-investigation.js";
import { acceptsRegularOrders, type SessionPhase } from "../venue/krx.js";
import type { Trigger, TradingStateValue } from "../state/trading-state.js";
import { tradingInvestigationBrief } from "../prompts/render-investigation.js";
import { createInvestigationTools } from "../tools/toolset.js";
import { createLlmLedger } from "./llm-ledger.js";
import { readOnlyBroker } from "./mcp.js";
import { orderPath, withRunLease } from "./order-path.js";
import { newRunId, resumeRun, startRun, type RunReading } from "./run-driver.js";
import { createToolLedger } from "./tool-ledger.js";
import { createRiskLedger } from "./risk-ledger.js";
import type { Runtime } from "./create-runtime.js";

const TAKE_PROFIT_TAG = "절반 이익실현";

/** Held symbols whose position already sold its half at the take-profit level (since its last buy). */
function profitTaken(trades: Trade[]): string[] {
  const taken = new Set<string>();
  for (const t of trades) {
    if (t.action === "buy") taken.delete(t.ticker);
    else if (t.action === "sell" && t.justificationText.startsWith(TAKE_PROFIT_TAG)) taken.add(t.ticker);
  }
  return [...taken];
}

export interface TradingDepsOptions {
  /** Studio drives the graph itself (no runTrading): take the lease around execute instead. */
  leaseAtExecute?: boolean;
}

/** The offline investigator reads the run's market context, which the state names by reference. */
function offlineInvestigator(context: RunContext): Investigator<TradingStateValue> {
  const offline = createOfflineTradingInvestigator();
  return { provider: offline.provider, next: (messages, s) => offline.next(messages, { market: context.market(s) }) };
}

/** The investigation loop of a trading run: the read tools (over a broker that cannot order) and who calls them. */
function investigationDeps(
  rt: Runtime,
  llmCalls: ReturnType<typeof createLlmLedger>,
  context: RunContext,
): Pick<TradingGraphDeps, "investigate" | "tools"> {
  const budget = rt.config.investigation;
  const tools = createInvestigationTools({ market: rt.kis, broker: readOnlyBroker(rt.kis) });
  return {
    investigate: {
      investigator: rt.chatModel ? createModelInvestigator(rt.chatModel, tools, rt.config.llm) : offlineInvestigator(context),
      budget,
      llmCalls,
      skip: (s) => !s.accountRef || !s.marketRef || s.tradingState === "HALTED" || !acceptsRegularOrders(s.marketRef.phase as SessionPhase),
      brief: (s) => {
        const account = context.account(s);
        const market = context.market(s);
        // skip() has ruled out a missing account or market.
        return account && market ? tradingInvestigationBrief(account, market, budget) : [];
      },
      promptVersion: (s) => s.promptVersion,
      afterCut: budget.onBudget === "decide" ? "plan decides with the evidence gathered" : "no trade this run",
      context,
    },
    tools: {
      tools,
      budget,
      ledger: createToolLedger(rt.repos.toolCalls, rt.clock),
      universe: (s) => new Set([...(s.accountRef?.heldSymbols ?? []), ...(context.market(s)?.symbols.map((m) => m.symbol) ?? [])]),
      context,
    },
  };
}

export function createTradingGraphDeps(rt: Runtime, live?: LiveSnapshotSource, options: TradingDepsOptions = {}): TradingGraphDeps {
  const { repos, db, kis: broker, clock, config } = rt;
  const { fillTracker, router, reconciler } = orderPath(rt);
  const submit: typeof router.submit = (run, orders) => withRunLease(rt, run.runId, () => router.submit(run, orders));
  const ledger = createRiskLedger(repos);
  const referenceSymbol = config.watchlist[0] ?? "005930";
  const llmCalls = createLlmLedger(db, repos, clock);
  const context = createRunContext(repos.runContext, () => clock.now());
  const plan = {
    planner: rt.planner,
    prompts: rt.prompts,
    limits: rt.limits,
    clock,
    llmCalls,
    onBudget: config.investigation.onBudget,
    profitTaken: () => profitTaken(repos.trades.listBetween(0, clock.now() + 1)),
    context,
  };
  return {
    ...investigationDeps(rt, llmCalls, context),
    diagnose: {
      broker,
      reconcile: () => reconciler.reconcile(),
      cancelStale: () => fillTracker.cancelStale(config.orderWindowMs),
      baseline: repos.baseline,
      tradingState: repos.tradingState,
      prompts: rt.prompts,
      clock,
      referenceSymbol,
      context,
    },
    analyze: { market: broker, clock, watchlist: config.watchlist, dailyCache: new Map(), context, ...(live ? { live } : {}) },
    plan,
    riskCheck: { market: broker, limits: rt.limits, ledger, clock, prompts: rt.prompts, context },
    approve: {
      policy: {
        always: config.approval.mode === "always",
        notionalThresholdKrw: config.approval.notionalThresholdKrw,
        newPromptDays: config.approval.newPromptDays,
      },
      promptActivatedAtMs: (version) => rt.prompts.record(version)?.activatedAtMs,
      ttlMs: config.approval.ttlSeconds * 1_000,
      clock,
    },
    execute: {
      router: options.leaseAtExecute ? { submit } : router,
      recheck: {
        broker,
        tradingState: repos.tradingState,
        ledger,
        limits: rt.limits,
        clock,
        prompts: rt.prompts,
        referenceSymbol,
        ownIntents: (runId) => repos.intents.listByRun(runId),
      },
      context,
    },
    record: { recorder: createRunRecorder(db, repos), clock },
    shadow: { ...plan, shadows: repos.shadows },
  };
}

export interface TradingRunResult {
  runId: string;
  /** expired: approved too late (APPROVAL_TTL_SECONDS or a later KRX session); nothing was sent */
  status: "succeeded" | "interrupted" | "failed" | "expired";
  promptVersion: number;
  tradingState: string;
  actions: NonNullable<TradingStateValue["decision"]>["actions"];
  planError: string | null;
  riskEvents: Array<{ symbol: string; side: string; kind: string; code: string; reason: string }>;
  orders: TradingStateValue["executions"];
  alerts: string[];
  /** whether a person was asked, and what they (or the TTL) decided */
  approval: TradingStateValue["approval"];
  /** what the reviewer is asked when the run waits for approval */
  approvalRequest?: ApprovalRequest;
  report: string;
  error?: string;
  /** the AppError code of a failure, and whether trying again can help */
  errorCode?: ErrorCode;
  retryable?: boolean;
}

function summarize(runId: string, state: Partial<TradingStateValue>, status: TradingRunResult["status"]): TradingRunResult {
  return {
    runId,
    status,
    promptVersion: state.promptVersion ?? 0,
    tradingState: state.tradingState ?? "ACTIVE",
    actions: state.decision?.actions ?? [],
    planError: state.planError ?? null,
    riskEvents: (state.risk?.events ?? []).map((e) => ({
      symbol: e.action.symbol,
      side: e.action.side,
      kind: e.kind,
      code: e.code,
      reason: e.reason,
    })),
    orders: state.executions ?? [],
    alerts: state.alerts ?? [],
    approval: state.approval ?? null,
    report: state.report ?? "",
  };
}

/**
 * The trading graph over the runtime's checkpointer; for Studio (`studio`) without one — the
 * LangGraph server brings its own — and with the account's lease taken around execute.
 */
export function compileTradingGraph(rt: Runtime, live?: LiveSnapshotSource, studio = false) {
  return buildTradingGraph(createTradingGraphDeps(rt, live, { leaseAtExecute: studio })).compile(
    studio ? {} : { checkpointer: rt.checkpointer },
  );
}

export type CompiledTrading = ReturnType<typeof compileTradingGraph>;

/** Tells the operator a run waits (once per run: the key dedupes a resumed run that waits again). */
function alertApprovalNeeded(rt: Runtime, request: ApprovalRequest): void {
  const orders = request.orders.map(
    (o) => `${o.side} ${o.symbol} ${o.quantity} @ ${o.limitPriceKrw ?? "market"} (${o.notionalKrw.toLocaleString("en-US")} KRW)`,
  );
  rt.repos.alerts.insert(
    {
      severity: "warn",
      source: "approve",
      code: "APPROVAL_NEEDED",
      message: `approve: run ${request.runId} waits for approval of ${orders.join("; ")} — ${request.reasons.join("; ")}. Answer: kis-agent runs approve ${request.runId}`,
      details: { runId: request.runId, orders: request.orders, reasons: request.reasons, dedupeKey: `approval|${request.runId}` },
    },
    rt.clock.now(),
  );
}

/** How a trading run's state reads at each way it can stop. */
function reading(rt: Runtime, runId: string): RunReading<TradingStateValue, TradingRunResult> {
  return {
    waiting: () => "waiting for approval",
    interrupted(state, request) {
      const asked = request as ApprovalRequest | undefined;
      if (asked) alertApprovalNeeded(rt, asked);
      return { ...summarize(runId, state, "interrupted"), ...(asked ? { approvalRequest: asked } : {}) };
    },
    // record closes the ledger row of a run that ran through; an expired approval never reaches it.
    done: (state) =>
      state.approval?.decision === "expired"
        ? { result: summarize(runId, state, "expired"), close: { status: "expired", summary: state.report } }
        : { result: summarize(runId, state, "succeeded") },
    failed: (state, err) => ({
      ...summarize(runId, state, "failed"),
      error: errorMessage(err),
      ...(isAppError(err) ? { errorCode: err.code, retryable: err.retryable } : {}),
    }),
  };
}

/** A run that could not take its account's lease: nothing was started, the caller may try again. */
async function leased(rt: Runtime, runId: string, fn: () => Promise<TradingRunResult>): Promise<TradingRunResult> {
  try {
    return await withRunLease(rt, runId, fn);
  } catch (err) {
    if (!isAppError(err) || err.code !== "ACCOUNT_BUSY") throw err;
    return { ...summarize(runId, {}, "failed"), error: err.message, errorCode: err.code, retryable: true };
  }
}

/** Starts a new run (or continues a crashed one when `runId` names an existing thread). */
export async function runTrading(
  rt: Runtime,
  options: { trigger?: Trigger; runId?: string; graph?: CompiledTrading } = {},
): Promise<TradingRunResult> {
  const graph = options.graph ?? compileTradingGraph(rt);
  const runId = options.runId ?? newRunId("trading", rt.clock.now());
  const run = {
    graph: "trading" as const,
    runId,
    ...(options.trigger ? { trigger: options.trigger } : {}),
    input: (promptVersion: number) => ({ promptVersion }),
  };
  return leased(rt, runId, () => startRun(rt, graph, run, reading(rt, runId)));
}

/** Answers a run waiting for approval. */
export async function answerApproval(
  rt: Runtime,
  runId: string,
  answer: ApprovalAnswer,
  graph = compileTradingGraph(rt),
): Promise<TradingRunResult> {
  return leased(rt, runId, () => resumeRun(rt, graph, runId, answer, reading(rt, runId)));
}
