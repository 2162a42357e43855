/**
 * Trading graph: diagnose → analyze → investigate ⇄ tools → plan → riskCheck → (approve) → execute → record.
 * investigate ⇄ tools is the bounded loop where the model calls the read-only tools (its own nodes,
 * so Studio shows each turn); plan then decides with the evidence.
 * `buildTradingGraph(deps)` for the CLI, jobs and tests; `graph` for langgraph.json (Studio), which
 * builds the sim-mode runtime lazily on first use and lets the server supply its own checkpointer.
 */
import { END, START, StateGraph } from "@langchain/langgraph";
import { createAnalyze, type AnalyzeDeps } from "../nodes/analyze.js";
import { createApprove, type ApproveDeps } from "../nodes/approve.js";
import { createDiagnose, type DiagnoseDeps } from "../nodes/diagnose.js";
import { createExecute, type ExecuteDeps } from "../nodes/execute.js";
import { createInvestigate, routeAfterInvestigate, type InvestigateDeps } from "../nodes/investigation/investigate.js";
import { InvestigationToolNode, type InvestigationToolsDeps } from "../nodes/investigation/tool-node.js";
import { createPlan, type PlanDeps } from "../nodes/plan.js";
import { createRecord, type RecordDeps } from "../nodes/record.js";
import { createRiskCheck, type RiskCheckDeps } from "../nodes/risk-check.js";
import { routeAfterApprove, routeAfterDiagnose, routeAfterPlan, routeAfterRisk } from "../nodes/routes.js";
import { TradingState, type TradingStateValue } from "../state/trading-state.js";
import { lazyGraph } from "./lazy-graph.js";

export interface TradingGraphDeps {
  diagnose: DiagnoseDeps;
  analyze: AnalyzeDeps;
  investigate: InvestigateDeps<TradingStateValue>;
  tools: InvestigationToolsDeps<TradingStateValue>;
  plan: PlanDeps;
  riskCheck: RiskCheckDeps;
  approve: ApproveDeps;
  execute: ExecuteDeps;
  record: RecordDeps;
}

export function buildTradingGraph(deps: TradingGraphDeps) {
  return new StateGraph(TradingState)
    .addNode("diagnose", createDiagnose(deps.diagnose))
    .addNode("analyze", createAnalyze(deps.analyze))
    .addNode("investigate", createInvestigate(deps.investigate))
    .addNode("tools", new InvestigationToolNode(deps.tools))
    .addNode("plan", createPlan(deps.plan))
    .addNode("riskCheck", createRiskCheck(deps.riskCheck))
    .addNode("approve", createApprove(deps.approve))
    .addNode("execute", createExecute(deps.execute)) // no retry policy: orders are routed once
    .addNode("record", createRecord(deps.record))
    .addEdge(START, "diagnose")
    .addConditionalEdges("diagnose", routeAfterDiagnose, ["analyze", "record"])
    .addEdge("analyze", "investigate")
    .addConditionalEdges("investigate", routeAfterInvestigate("plan"), ["tools", "plan"])
    .addEdge("tools", "investigate")
    .addConditionalEdges("plan", routeAfterPlan, ["riskCheck", "record"])
    .addConditionalEdges("riskCheck", routeAfterRisk, ["approve", "record"])
    .addConditionalEdges("approve", routeAfterApprove, ["execute", "record"])
    .addEdge("execute", "record")
    .addEdge("record", END);
}

/** langgraph.json's entry: the sim-mode Studio runtime, imported lazily (the runtime imports this file). */
export const graph = lazyGraph(() => import("../runtime/studio.js").then((m) => m.studioTradingGraph()));
