/**
 * investigate: one turn of the bounded tool loop. Before each model call the budget is checked
 * (rounds, tool calls, input tokens, wall clock); a spent budget ends the loop with its reason and
 * an alert. The loop also ends when the model answers without tool calls. Nothing here decides:
 * text the model writes is evidence for the next node, never an action.
 */
import type { BaseMessage } from "@langchain/core/messages";
import type { InvestigationSettings } from "../../core/config.js";
import type { Investigator } from "../../llm/investigator.js";
import type { Investigation } from "../../state/investigation.js";
import type { LlmCallSink } from "../plan.js";
import { budgetCut, freshInvestigation } from "./budget.js";

/** What both graphs' states share for the loop. */
export interface InvestigationState {
  runId: string;
  messages: BaseMessage[];
  investigation: Investigation | null;
}

export interface InvestigationUpdate {
  messages?: BaseMessage[];
  investigation?: Investigation;
  alerts?: string;
}

export interface InvestigateDeps<S extends InvestigationState> {
  investigator: Investigator<S>;
  budget: InvestigationSettings;
  llmCalls: LlmCallSink;
  /** the opening messages (instructions and the brief), from the state the loop starts on */
  brief(state: S): BaseMessage[];
  promptVersion(state: S): number;
  /** a state with nothing to investigate (e.g. the market is closed): the loop ends at once */
  skip?: (state: S) => boolean;
  /** what the graph does after a cut, for the alert */
  afterCut: string;
  /** wall clock for the time budget */
  now?: () => number;
}

export function createInvestigate<S extends InvestigationState>(deps: InvestigateDeps<S>) {
  const now = deps.now ?? Date.now;
  return async function investigate(state: S): Promise<InvestigationUpdate> {
    const spent = state.investigation ?? freshInvestigation(now());
    if (spent.done) return {};
    if (deps.budget.maxRounds === 0 || deps.skip?.(state)) return { investigation: { ...spent, done: true } };
    const cut = budgetCut(spent, deps.budget, now());
    if (cut) return { investigation: { ...spent, cut, done: true }, alerts: `investigate: budget spent (${cut}); ${deps.afterCut}` };

    const opening = state.messages.length === 0 ? deps.brief(state) : [];
    const turn = await deps.investigator.next([...state.messages, ...opening], state);
    if (turn.call)
      deps.llmCalls.record({
        ...turn.call,
        runId: state.runId,
        node: "investigate",
        provider: deps.investigator.provider,
        promptVersion: deps.promptVersion(state),
      });
    const asked = (turn.message.tool_calls?.length ?? 0) + (turn.message.invalid_tool_calls?.length ?? 0);
    const investigation = {
      ...spent,
      rounds: spent.rounds + 1,
      inputTokens: spent.inputTokens + (turn.call?.inputTokens ?? 0),
      done: asked === 0 || turn.failure !== undefined,
    };
    return {
      messages: [...opening, turn.message],
      investigation,
      ...(turn.failure ? { alerts: `investigate: ${turn.failure}` } : {}),
    };
  };
}

/** investigate → tools while the model asks for them, else on to the graph's next node. */
export const routeAfterInvestigate =
  <Next extends string>(next: Next) =>
  (state: InvestigationState): "tools" | Next =>
    state.investigation && !state.investigation.done ? "tools" : next;
