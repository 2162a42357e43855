/**
 * Runs the trading graph against a runtime: wires the nodes' dependencies, opens the run in the
 * ledger, invokes on a thread named after the run (so a crash or an approval resumes the same run)
 * and reports what happened in one plain object for the CLI, jobs and tests.
 */
import { Command, isInterrupted, INTERRUPT } from "@langchain/langgraph";
import { randomBytes } from "node:crypto";
import { kstParts } from "../core/clock.js";
import { errorMessage, isAppError, type ErrorCode } from "../core/errors.js";
import { createDailyPortfolioWriter } from "../db/daily-portfolio-repo.js";
import { createRunRecorder } from "../db/run-recorder.js";
import type { Trade } from "../db/trades-repo.js";
import { createFillTracker } from "../execution/fill-tracker.js";
import { createOrderRouter } from "../execution/order-router.js";
import { createReconciler } from "../execution/reconciler.js";
import { buildTradingGraph, type TradingGraphDeps } from "../graphs/trading.js";
import type { LiveSnapshotSource } from "../nodes/analyze.js";
import type { ApprovalAnswer, ApprovalRequest } from "../nodes/approve.js";
import { createModelInvestigator } from "../llm/investigator.js";
import { createOfflineTradingInvestigator } from "../llm/offline-investigation.js";
import { acceptsRegularOrders, type SessionPhase } from "../venue/krx.js";
import type { Trigger, TradingStateValue } from "../state/trading-state.js";
import { tradingInvestigationBrief } from "../prompts/render-investigation.js";
import { createInvestigationTools } from "../tools/toolset.js";
import { sendGuard, withAccountLease, type HeldLeases, type LeaseDeps } from "./account-lease.js";
import { createLlmLedger } from "./llm-ledger.js";
import { readOnlyBroker } from "./mcp.js";
import { createToolLedger } from "./tool-ledger.js";
import type { RedisLeaseStore } from "./redis-lease.js";
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

/** The leases this runtime's runs hold, by run id: what the router's send guard fences on. */
const heldByRuntime = new WeakMap<Runtime, HeldLeases>();
function heldLeases(rt: Runtime): HeldLeases {
  const held = heldByRuntime.get(rt) ?? new Map();
  heldByRuntime.set(rt, held);
  return held;
}

/** Set by `start`: its runs also take the account's lease in Redis. */
const redisLeases = new WeakMap<Runtime, RedisLeaseStore>();
export function useRedisLeases(rt: Runtime, store: RedisLeaseStore): void {
  redisLeases.set(rt, store);
}

function leaseDeps(rt: Runtime): LeaseDeps {
  const redis = redisLeases.get(rt);
  return {
    leases: rt.repos.leases,
    account: `${rt.config.credentials.accountNo}${rt.config.credentials.productCode}`,
    settings: rt.config.lease,
    ...(redis ? { redis } : {}),
  };
}

/** Runs `fn` holding the account's lease for `runId` (one run per account, across processes). */
export function withRunLease<T>(rt: Runtime, runId: string, fn: () => Promise<T>): Promise<T> {
  return withAccountLease(leaseDeps(rt), heldLeases(rt), runId, fn);
}

export interface TradingDepsOptions {
  /** Studio drives the graph itself (no runTrading): take the lease around execute instead. */
  leaseAtExecute?: boolean;
}

/** The investigation loop of a trading run: the read tools (over a broker that cannot order) and who calls them. */
function investigationDeps(rt: Runtime, llmCalls: ReturnType<typeof createLlmLedger>): Pick<TradingGraphDeps, "investigate" | "tools"> {
  const budget = rt.config.investigation;
  const tools = createInvestigationTools({ market: rt.kis, broker: readOnlyBroker(rt.kis) });
  return {
    investigate: {
      investigator: rt.chatModel ? createModelInvestigator(rt.chatModel, tools, rt.config.llm) : createOfflineTradingInvestigator(),
      budget, llmCalls,
      skip: (s) => !s.account || !s.market || s.tradingState === "HALTED" || !acceptsRegularOrders(s.market.phase as SessionPhase),
      // skip() has ruled out a missing account or market.
      brief: (s) => (s.account && s.market ? tradingInvestigationBrief(s.account, s.market, budget) : []),
      promptVersion: (s) => s.promptVersion,
      afterCut: budget.onBudget === "decide" ? "plan decides with the evidence gathered" : "no trade this run",
    },
    tools: {
      tools, budget, ledger: createToolLedger(rt.repos.toolCalls, rt.clock),
      universe: (s) => new Set([...(s.account?.holdings.map((h) => h.symbol) ?? []), ...(s.market?.symbols.map((m) => m.symbol) ?? [])]),
    },
  };
}

export function createTradingGraphDeps(rt: Runtime, live?: LiveSnapshotSource, options: TradingDepsOptions = {}): TradingGraphDeps {
  const { repos, db, kis: broker, clock, log, config } = rt;
  const common = { db, intents: repos.intents, trades: repos.trades, broker, clock, logger: log };
  const fillTracker = createFillTracker({ ...common, fills: repos.fills });
  const router = createOrderRouter({ ...common, fillTracker, guard: sendGuard({ tradingState: repos.tradingState, leases: repos.leases, held: heldLeases(rt) }) });
  const submit: typeof router.submit = (run, orders) => withRunLease(rt, run.runId, () => router.submit(run, orders));
  const reconciler = createReconciler({ ...common, fillTracker });
  const ledger = createRiskLedger({ ...repos, portfolio: createDailyPortfolioWriter(db) });
  const referenceSymbol = config.watchlist[0] ?? "005930";
  const llmCalls = createLlmLedger(db, repos, clock);
  return {
    ...investigationDeps(rt, llmCalls),
    diagnose: {
      broker, reconcile: () => reconciler.reconcile(), cancelStale: () => fillTracker.cancelStale(config.orderWindowMs), baseline: repos.baseline, tradingState: repos.tradingState, prompts: rt.prompts, clock,
      referenceSymbol,
    },
    analyze: { market: broker, clock, watchlist: config.watchlist, dailyCache: new Map(), ...(live ? { live } : {}) },
    plan: {
      planner: rt.planner, prompts: rt.prompts, limits: rt.limits, clock, llmCalls, onBudget: config.investigation.onBudget,
      profitTaken: () => profitTaken(repos.trades.listBetween(0, clock.now() + 1)),
    },
    riskCheck: { market: broker, limits: rt.limits, ledger, clock, prompts: rt.prompts },
    approve: {
      policy: { always: config.approval.mode === "always", notionalThresholdKrw: config.approval.notionalThresholdKrw, newPromptDays: config.approval.newPromptDays },
      promptActivatedAtMs: (version) => rt.prompts.record(version)?.activatedAtMs,
      ttlMs: config.approval.ttlSeconds * 1_000, clock,
    },
    execute: {
      router: options.leaseAtExecute ? { submit } : router,
      recheck: { broker, tradingState: repos.tradingState, ledger, limits: rt.limits, clock, prompts: rt.prompts, referenceSymbol, ownIntents: (runId) => repos.intents.listByRun(runId) },
    },
    record: { recorder: createRunRecorder(db, repos), clock },
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

function newRunId(nowMs: number): string {
  const { date, time } = kstParts(nowMs);
  return `trading-${date}-${time}-${randomBytes(3).toString("hex")}`;
}

function summarize(runId: string, state: Partial<TradingStateValue>, status: TradingRunResult["status"]): TradingRunResult {
  return {
    runId, status,
    promptVersion: state.promptVersion ?? 0,
    tradingState: state.tradingState ?? "ACTIVE",
    actions: state.decision?.actions ?? [],
    planError: state.planError ?? null,
    riskEvents: (state.risk?.events ?? []).map((e) => ({ symbol: e.action.symbol, side: e.action.side, kind: e.kind, code: e.code, reason: e.reason })),
    orders: state.executions ?? [],
    alerts: state.alerts ?? [],
    approval: state.approval ?? null,
    report: state.report ?? "",
  };
}

export function compileTradingGraph(rt: Runtime, live?: LiveSnapshotSource) {
  return buildTradingGraph(createTradingGraphDeps(rt, live)).compile({ checkpointer: rt.checkpointer });
}

type CompiledTrading = ReturnType<typeof compileTradingGraph>;

/** Tells the operator a run waits (once per run: the key dedupes a resumed run that waits again). */
function alertApprovalNeeded(rt: Runtime, request: ApprovalRequest): void {
  const orders = request.orders.map((o) => `${o.side} ${o.symbol} ${o.quantity} @ ${o.limitPriceKrw ?? "market"} (${o.notionalKrw.toLocaleString("en-US")} KRW)`);
  rt.repos.alerts.insert({
    severity: "warn", source: "approve", code: "APPROVAL_NEEDED",
    message: `approve: run ${request.runId} waits for approval of ${orders.join("; ")} — ${request.reasons.join("; ")}. Answer: kis-agent runs approve ${request.runId}`,
    details: { runId: request.runId, orders: request.orders, reasons: request.reasons, dedupeKey: `approval|${request.runId}` },
  }, rt.clock.now());
}

async function drive(rt: Runtime, graph: CompiledTrading, runId: string, input: Parameters<CompiledTrading["invoke"]>[0]): Promise<TradingRunResult> {
  const config = { configurable: { thread_id: runId } };
  try {
    const result = await graph.invoke(input, config);
    if (isInterrupted(result)) {
      const request = result[INTERRUPT][0]?.value as ApprovalRequest | undefined;
      rt.repos.runs.finish(runId, { status: "interrupted", summary: "waiting for approval" }, rt.clock.now());
      if (request) alertApprovalNeeded(rt, request);
      const state = (await graph.getState(config)).values as TradingStateValue;
      return { ...summarize(runId, state, "interrupted"), ...(request ? { approvalRequest: request } : {}) };
    }
    const done = result as TradingStateValue;
    if (done.approval?.decision === "expired") {
      rt.repos.runs.finish(runId, { status: "expired", summary: done.report }, rt.clock.now());
      return summarize(runId, done, "expired");
    }
    return summarize(runId, done, "succeeded");
  } catch (err) {
    rt.repos.runs.finish(runId, { status: "failed", error: errorMessage(err) }, rt.clock.now());
    const state = (await graph.getState(config).catch(() => undefined))?.values as Partial<TradingStateValue> | undefined;
    return { ...summarize(runId, state ?? {}, "failed"), error: errorMessage(err), ...(isAppError(err) ? { errorCode: err.code, retryable: err.retryable } : {}) };
  }
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
export async function runTrading(rt: Runtime, options: { trigger?: Trigger; runId?: string; graph?: CompiledTrading } = {}): Promise<TradingRunResult> {
  const graph = options.graph ?? compileTradingGraph(rt);
  const runId = options.runId ?? newRunId(rt.clock.now());
  return leased(rt, runId, async () => {
    const nowMs = rt.clock.now();
    const existing = rt.repos.runs.get(runId);
    if (existing) return drive(rt, graph, runId, null); // resume from the last checkpoint
    const promptVersion = rt.prompts.active().version;
    const trigger = options.trigger ?? { kind: "manual", detail: "" };
    rt.repos.runs.start({ runId, graph: "trading", trigger: trigger.kind, promptVersion: String(promptVersion) }, nowMs);
    return drive(rt, graph, runId, { runId, trigger, startedAtMs: nowMs, promptVersion });
  });
}

/** Answers a run waiting for approval. */
export async function answerApproval(rt: Runtime, runId: string, answer: ApprovalAnswer, graph = compileTradingGraph(rt)): Promise<TradingRunResult> {
  return leased(rt, runId, () => drive(rt, graph, runId, new Command({ resume: answer })));
}
