/**
 * Trading graph: diagnose → analyze → investigate ⇄ tools → plan → riskCheck → (approve) → execute → record
 * → (shadow). shadow runs only while a candidate prompt version is shadowed, after the run's orders.
 * investigate ⇄ tools is the bounded loop where the model calls the read-only tools (its own nodes,
 * so Studio shows each turn); plan then decides with the evidence.
 * `buildTradingGraph(deps)` is all this file exports: the runtime (runtime/agent.ts) gives it its
 * dependencies and compiles it for the CLI, the jobs and Studio (langgraph.json → runtime/studio.ts).
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
import { createShadow, routeAfterRecord, type ShadowDeps } from "../nodes/shadow.js";
import { routeAfterApprove, routeAfterDiagnose, routeAfterPlan, routeAfterRisk } from "../nodes/routes.js";
import { TradingState, type TradingStateValue } from "../state/trading-state.js";

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
  shadow: ShadowDeps;
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
    .addNode("shadow", createShadow(deps.shadow))
    .addEdge(START, "diagnose")
    .addConditionalEdges("diagnose", routeAfterDiagnose, ["analyze", "record"])
    .addEdge("analyze", "investigate")
    .addConditionalEdges("investigate", routeAfterInvestigate("plan"), ["tools", "plan"])
    .addEdge("tools", "investigate")
    .addConditionalEdges("plan", routeAfterPlan, ["riskCheck", "record"])
    .addConditionalEdges("riskCheck", routeAfterRisk, ["approve", "record"])
    .addConditionalEdges("approve", routeAfterApprove, ["execute", "record"])
    .addEdge("execute", "record")
    .addConditionalEdges("record", routeAfterRecord(deps.shadow), ["shadow", END])
    .addEdge("shadow", END);
}
