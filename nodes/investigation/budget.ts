/** The investigation budget: pure checks, so the cut is the same in a test, a replay and Studio. */
import type { InvestigationSettings } from "../../core/config.js";
import type { Investigation } from "../../state/investigation.js";

export const freshInvestigation = (startedAtMs: number): Investigation => ({
  rounds: 0,
  toolCalls: 0,
  inputTokens: 0,
  startedAtMs,
  cut: null,
  done: false,
});

/** Why the loop may not ask the model again, or null while it may. */
export function budgetCut(spent: Investigation, budget: InvestigationSettings, nowMs: number): string | null {
  if (spent.rounds >= budget.maxRounds) return `${spent.rounds} of ${budget.maxRounds} model rounds used`;
  if (spent.toolCalls >= budget.maxToolCalls) return `${spent.toolCalls} of ${budget.maxToolCalls} tool calls used`;
  if (spent.inputTokens >= budget.maxInputTokens) return `${spent.inputTokens} of ${budget.maxInputTokens} input tokens used`;
  if (nowMs - spent.startedAtMs >= budget.timeoutMs) return `${nowMs - spent.startedAtMs} of ${budget.timeoutMs} ms used`;
  return null;
}

/** How many of `wanted` tool calls still fit in the budget. */
export const toolCallsLeft = (spent: Investigation, budget: InvestigationSettings) => Math.max(0, budget.maxToolCalls - spent.toolCalls);
