/**
 * Planners turn the decision prompt, the bounds and the context into a Decision, or a reason there
 * is none. The model planner calls the LLM with structured output; the offline planner applies the
 * documented rules policy. Both are judged afterwards by the same bounds and risk checks.
 */
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { LlmProvider } from "../core/config.js";
import { Decision } from "../state/decision.js";
import { renderDecisionPrompt, type DecisionPromptInput } from "../prompts/render-decision.js";
import { offlineDecision, type OfflinePolicyInput } from "./offline-policy.js";
import { callStructured, type LlmCallRecord } from "./structured-call.js";

export interface PlannerInput extends DecisionPromptInput, Omit<OfflinePolicyInput, "account" | "market" | "bounds"> {}

export type PlannerResult =
  { ok: true; decision: Decision; calls: LlmCallRecord[] } | { ok: false; reason: string; calls: LlmCallRecord[] };

export interface Planner {
  readonly provider: LlmProvider;
  readonly model: string;
  plan(input: PlannerInput): Promise<PlannerResult>;
}

export function createModelPlanner(model: BaseChatModel, settings: { provider: LlmProvider; model: string; timeoutMs: number }): Planner {
  return {
    provider: settings.provider,
    model: settings.model,
    async plan(input) {
      const prompt = renderDecisionPrompt(input);
      const messages = [new SystemMessage(prompt.system), new HumanMessage(prompt.user)];
      const result = await callStructured(model, Decision, messages, {
        name: "trading_decision",
        modelName: settings.model,
        timeoutMs: settings.timeoutMs,
      });
      return result.ok
        ? { ok: true, decision: result.value, calls: [result.call] }
        : { ok: false, reason: result.reason, calls: [result.call] };
    },
  };
}

export const offlinePlanner: Planner = {
  provider: "offline",
  model: "offline-rules-v1",
  async plan(input) {
    return { ok: true, decision: offlineDecision(input), calls: [] };
  },
};
