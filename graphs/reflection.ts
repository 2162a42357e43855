/**
 * Reflection graph (weekly): aggregate → investigate ⇄ tools → analyze → generateRules → rewritePrompt → activate.
 * investigate ⇄ tools is the bounded loop over the read-only ledger tools; analyze reads what it found.
 * `buildReflectionGraph(deps)` for the CLI, jobs and tests; `graph` for langgraph.json (Studio).
 */
import { END, START, StateGraph } from "@langchain/langgraph";
import { createActivate, type ActivateDeps } from "../nodes/reflection/activate.js";
import { createAggregate, type AggregateDeps } from "../nodes/reflection/aggregate.js";
import { createAnalyzePatterns, type AnalyzePatternsDeps } from "../nodes/reflection/analyze-patterns.js";
import { createGenerateRules } from "../nodes/reflection/generate-rules.js";
import { createInvestigate, routeAfterInvestigate, type InvestigateDeps } from "../nodes/investigation/investigate.js";
import { InvestigationToolNode, type InvestigationToolsDeps } from "../nodes/investigation/tool-node.js";
import { createRewritePrompt, type RewritePromptDeps } from "../nodes/reflection/rewrite-prompt.js";
import { ReflectionState, type ReflectionStateValue } from "../state/reflection-state.js";
import { lazyGraph } from "./lazy-graph.js";

export interface ReflectionGraphDeps {
  aggregate: AggregateDeps;
  investigate: InvestigateDeps<ReflectionStateValue>;
  tools: InvestigationToolsDeps<ReflectionStateValue>;
  analyze: AnalyzePatternsDeps;
  rewritePrompt: RewritePromptDeps;
  activate: ActivateDeps;
}

export function buildReflectionGraph(deps: ReflectionGraphDeps) {
  return new StateGraph(ReflectionState)
    .addNode("aggregate", createAggregate(deps.aggregate))
    .addNode("investigate", createInvestigate(deps.investigate))
    .addNode("tools", new InvestigationToolNode(deps.tools))
    .addNode("analyze", createAnalyzePatterns(deps.analyze))
    .addNode("generateRules", createGenerateRules())
    .addNode("rewritePrompt", createRewritePrompt(deps.rewritePrompt))
    .addNode("activate", createActivate(deps.activate))
    .addEdge(START, "aggregate")
    .addEdge("aggregate", "investigate")
    .addConditionalEdges("investigate", routeAfterInvestigate("analyze"), ["tools", "analyze"])
    .addEdge("tools", "investigate")
    .addEdge("analyze", "generateRules")
    .addEdge("generateRules", "rewritePrompt")
    .addEdge("rewritePrompt", "activate")
    .addEdge("activate", END);
}

/** langgraph.json's entry: the sim-mode Studio runtime, imported lazily (the runtime imports this file). */
export const graph = lazyGraph(() => import("../runtime/studio.js").then((m) => m.studioReflectionGraph()));
