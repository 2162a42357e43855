/**
 * investigate: one turn of the bounded tool loop. Before each model call the budget is checked
 * (rounds, tool calls, input tokens, wall clock); a spent budget ends the loop with its reason and
 * an alert. The loop also ends when the model answers without tool calls. Nothing here decides:
 * text the model writes is evidence for the next node, never an action.
 */
import type { AIMessage, BaseMessage } from "@langchain/core/messages";
import type { InvestigationSettings } from "../../core/config.js";
import type { Investigator } from "../../llm/investigator.js";
import type { Investigation } from "../../state/investigation.js";
import type { LlmCallSink } from "../plan.js";
import type { RunContext } from "../run-context.js";
import { budgetCut, freshInvestigation } from "./budget.js";

/** What both graphs' states share for the loop. */
export interface InvestigationState {
  runId: string;
  /** run_context refs of the turns so far */
  transcript: string[];
  investigation: Investigation | null;
}

export interface InvestigationUpdate {
  transcript?: string[];
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
  /** where the turns are stored; the state keeps their refs */
  context: Pick<RunContext, "transcript" | "saveTurn">;
}

export function createInvestigate<S extends InvestigationState>(deps: InvestigateDeps<S>) {
  const now = deps.now ?? Date.now;
  return async function investigate(state: S): Promise<InvestigationUpdate> {
    const spent = state.investigation ?? freshInvestigation(now());
    if (spent.done) return {};
    if (deps.budget.maxRounds === 0 || deps.skip?.(state)) return { investigation: { ...spent, done: true } };
    const cut = budgetCut(spent, deps.budget, now());
    if (cut) return { investigation: { ...spent, cut, done: true }, alerts: `investigate: budget spent (${cut}); ${deps.afterCut}` };

    const history = deps.context.transcript(state);
    const opening = history.length === 0 ? deps.brief(state) : [];
    const turn = await deps.investigator.next([...history, ...opening], state);
    if (turn.call)
      deps.llmCalls.record({
        ...turn.call,
        runId: state.runId,
        node: "investigate",
        provider: deps.investigator.provider,
        promptVersion: deps.promptVersion(state),
      });
    // A turn stored by an earlier attempt of this step wins: the loop goes on with what the transcript says.
    const saved = deps.context.saveTurn(state, [...opening, turn.message]);
    const answer = saved.messages.at(-1) as AIMessage;
    const asked = (answer.tool_calls?.length ?? 0) + (answer.invalid_tool_calls?.length ?? 0);
    const investigation = {
      ...spent,
      rounds: spent.rounds + 1,
      inputTokens: spent.inputTokens + (turn.call?.inputTokens ?? 0),
      done: asked === 0 || turn.failure !== undefined,
    };
    return {
      transcript: [saved.ref],
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
