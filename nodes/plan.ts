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
import type { PromptStore } from "../prompts/prompt-store.js";
import { renderEvidence } from "../prompts/render-investigation.js";
import { blockedBuys, compileRules } from "../rules/apply-rules.js";
import { rulesInPrompt } from "../prompts/rules-section.js";
import type { RiskLimits } from "../risk/limits.js";
import { boundViolations, planBounds } from "../risk/plan-bounds.js";
import type { TradingStateUpdate, TradingStateValue } from "../state/trading-state.js";

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
}

const noTrade = (justification: string): TradingStateUpdate => ({
  decision: { actions: [], justification, riskAssessment: "거래 없음" },
  planError: null,
});

export function createPlan(deps: PlanDeps) {
  return async function plan(state: TradingStateValue): Promise<TradingStateUpdate> {
    const { account, market } = state;
    if (!account || !market) return { planError: "no account or market context to plan from", alerts: "plan: missing context" };
    if (state.tradingState === "HALTED") return noTrade("거래 중지(HALTED) 상태: 계획하지 않습니다.");
    if (!acceptsRegularOrders(market.phase as SessionPhase))
      return noTrade(`장 운영 시간이 아닙니다 (${market.phase}): 계획하지 않습니다.`);

    const cut = state.investigation?.cut ?? null;
    if (cut && deps.onBudget === "no-trade") {
      const reason = `the investigation was cut at its budget (${cut}) and INVESTIGATION_ON_BUDGET=no-trade`;
      return { decision: null, planError: reason, alerts: `plan: no trade — ${reason}` };
    }

    const prompt = deps.prompts.get(state.promptVersion) ?? deps.prompts.active();
    const bounds = planBounds(state.tradingState, account, market.symbols, deps.limits);
    const learnedRules = rulesInPrompt(prompt.text);
    const result = await deps.planner.plan({
      promptText: prompt.text,
      account,
      market,
      bounds,
      profitTaken: deps.profitTaken?.() ?? [],
      learnedRules,
      evidence: renderEvidence(state.messages, cut),
    });
    for (const call of result.calls) {
      deps.llmCalls.record({ ...call, runId: state.runId, node: "plan", provider: deps.planner.provider, promptVersion: prompt.version });
    }
    if (!result.ok) return { decision: null, planError: result.reason, alerts: `plan: no trade — ${result.reason}` };

    // Learned entry blocks bind a model's plan too, not only the offline policy.
    const violations = [
      ...boundViolations(result.decision.actions, bounds, market.symbols),
      ...blockedBuys(result.decision.actions, compileRules(learnedRules), market),
    ];
    if (violations.length > 0) {
      const reason = `plan outside its bounds: ${violations.join("; ")}`;
      return { decision: null, planError: reason, alerts: `plan: no trade — ${reason}` };
    }
    return { decision: result.decision, planError: null };
  };
}
