/**
 * Reflection graph (weekly): aggregate → investigate ⇄ tools → analyze → generateRules → rewritePrompt → activate.
 * investigate ⇄ tools is the bounded loop over the read-only ledger tools; analyze reads what it found.
 * `buildReflectionGraph(deps)` is all this file exports: runtime/agent.ts compiles it for the CLI, the jobs
 * and Studio (langgraph.json → runtime/studio.ts).
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
