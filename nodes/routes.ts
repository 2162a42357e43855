/** Pure routing functions for the trading graph's conditional edges; unit-tested without a graph. */
import type { TradingStateValue } from "../state/trading-state.js";

export type AfterDiagnose = "analyze" | "record";
export type AfterPlan = "riskCheck" | "record";
export type AfterRisk = "approve" | "record";
export type AfterApprove = "execute" | "record";

/** A halted account places nothing: straight to the record. */
export function routeAfterDiagnose(state: TradingStateValue): AfterDiagnose {
  return state.tradingState === "HALTED" ? "record" : "analyze";
}

export function routeAfterPlan(state: TradingStateValue): AfterPlan {
  return state.planError === null && (state.decision?.actions.length ?? 0) > 0 ? "riskCheck" : "record";
}

export function routeAfterRisk(state: TradingStateValue): AfterRisk {
  return (state.risk?.approved.length ?? 0) > 0 ? "approve" : "record";
}

export function routeAfterApprove(state: TradingStateValue): AfterApprove {
  const decision = state.approval?.decision;
  return decision === "rejected" || decision === "expired" ? "record" : "execute";
}
