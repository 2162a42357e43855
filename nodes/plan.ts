/**
 * plan: the decision maker proposes; nothing here decides. The planner gets the bounds up front;
 * invalid output, a timeout, a provider error or a plan outside the bounds means no trade and an
 * alert — never a default action. What the investigation found goes in as fenced evidence; a run
 * whose investigation was cut decides with it, or not at all (INVESTIGATION_ON_BUDGET). Every model
 * call is written to the LLM ledger.
 */
import type { Clock } from "../core/clock.js";
import type { Planner } from "../llm/planner.js";
import type { LlmCallRecord } from "../llm/structured-call.js";
import { acceptsRegularOrders, type SessionPhase } from "../venue/krx.js";
import type { PromptStore, PromptVersion } from "../prompts/prompt-store.js";
import { renderEvidence } from "../prompts/render-investigation.js";
import { blockedBuys, compileRules } from "../rules/apply-rules.js";
import { rulesInPrompt } from "../prompts/rules-section.js";
import type { RiskLimits } from "../risk/limits.js";
import { boundViolations, planBounds } from "../risk/plan-bounds.js";
import type { Decision } from "../state/decision.js";
import type { TradingStateUpdate, TradingStateValue } from "../state/trading-state.js";
import type { RunContext } from "./run-context.js";

export interface LlmCallSink {
  record(call: LlmCallRecord & { runId: string; node: string; provider: string; promptVersion: number }): void;
}

export interface PlanDeps {
  planner: Planner;
  prompts: PromptStore;
  limits: RiskLimits;
  llmCalls: LlmCallSink;
  clock: Clock;
  /** what a run whose investigation was cut at its budget does: decide with what it has, or not trade */
  onBudget?: "decide" | "no-trade";
  /** held symbols whose position already took its half profit (offline policy) */
  profitTaken?: () => string[];
  /** the run's stored account, market and investigation */
  context: Pick<RunContext, "account" | "market" | "transcript">;
}

const noTrade = (justification: string): TradingStateUpdate => ({
  decision: { actions: [], justification, riskAssessment: "거래 없음" },
  planError: null,
});

/** Why this run does not ask the planner at all (no context, halted, market closed), else null. */
export function planSkipped(state: TradingStateValue): TradingStateUpdate | null {
  const { accountRef, marketRef: market } = state;
  if (!accountRef || !market) return { planError: "no account or market context to plan from", alerts: "plan: missing context" };
  if (state.tradingState === "HALTED") return noTrade("거래 중지(HALTED) 상태: 계획하지 않습니다.");
  if (!acceptsRegularOrders(market.phase as SessionPhase)) return noTrade(`장 운영 시간이 아닙니다 (${market.phase}): 계획하지 않습니다.`);
  return null;
}

export type Decided = { ok: true; decision: Decision } | { ok: false; reason: string };

/**
 * One prompt version's decision for this run: the planner with the run's context, bounds and
 * evidence, its calls written to the LLM ledger under `node`, the plan checked against its bounds
 * and the prompt's learned entry blocks. Callers have checked planSkipped first.
 */
export async function decideWith(deps: PlanDeps, state: TradingStateValue, prompt: PromptVersion, node: string): Promise<Decided> {
  const account = deps.context.account(state);
  const market = deps.context.market(state);
  if (!account || !market) return { ok: false, reason: "no account or market context to plan from" };
  const cut = state.investigation?.cut ?? null;
  const bounds = planBounds(state.tradingState, account, market.symbols, deps.limits);
  const learnedRules = rulesInPrompt(prompt.text);
  const result = await deps.planner.plan({
    promptText: prompt.text,
    account,
    market,
    bounds,
    profitTaken: deps.profitTaken?.() ?? [],
    learnedRules,
    evidence: renderEvidence(deps.context.transcript(state), cut),
  });
  for (const call of result.calls) {
    deps.llmCalls.record({ ...call, runId: state.runId, node, provider: deps.planner.provider, promptVersion: prompt.version });
  }
  if (!result.ok) return { ok: false, reason: result.reason };
  // Learned entry blocks bind a model's plan too, not only the offline policy.
  const violations = [
    ...boundViolations(result.decision.actions, bounds, market.symbols),
    ...blockedBuys(result.decision.actions, compileRules(learnedRules), market),
  ];
  if (violations.length > 0) return { ok: false, reason: `plan outside its bounds: ${violations.join("; ")}` };
  return { ok: true, decision: result.decision };
}

export function createPlan(deps: PlanDeps) {
  return async function plan(state: TradingStateValue): Promise<TradingStateUpdate> {
    const skipped = planSkipped(state);
    if (skipped) return skipped;
    const cut = state.investigation?.cut ?? null;
    if (cut && deps.onBudget === "no-trade") {
      const reason = `the investigation was cut at its budget (${cut}) and INVESTIGATION_ON_BUDGET=no-trade`;
      return { decision: null, planError: reason, alerts: `plan: no trade — ${reason}` };
    }
    const decided = await decideWith(deps, state, deps.prompts.get(state.promptVersion) ?? deps.prompts.active(), "plan");
    if (!decided.ok) return { decision: null, planError: decided.reason, alerts: `plan: no trade — ${decided.reason}` };
    return { decision: decided.decision, planError: null };
  };
}
