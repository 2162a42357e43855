import { describe, expect, it } from "vitest";
import { routeAfterApprove, routeAfterDiagnose, routeAfterPlan, routeAfterRisk } from "../../nodes/routes.js";
import type { TradingStateValue } from "../../state/trading-state.js";

const s = (o: Partial<TradingStateValue>) =>
  ({ planError: null, decision: null, risk: null, approval: null, tradingState: "ACTIVE", ...o }) as TradingStateValue;
const action = { side: "buy" as const, symbol: "005930", quantity: 1, limitPriceKrw: 70_000, reason: "r", invalidationPriceKrw: null };
const approvedOrder = {
  action: { ...action, limitPriceKrw: 70_000, invalidationPriceKrw: undefined },
  order: { symbol: "005930", side: "buy" as const, quantity: 1, type: "limit" as const, limitPriceKrw: 70_000 },
  notionalKrw: 70_000,
  adjustments: [],
};

describe("trading routes", () => {
  it("skips straight to the record when trading is halted", () => {
    expect(routeAfterDiagnose(s({ tradingState: "HALTED" }))).toBe("record");
    expect(routeAfterDiagnose(s({ tradingState: "REDUCE_ONLY" }))).toBe("analyze");
  });

  it("sends only a valid, non-empty plan to the risk check", () => {
    expect(routeAfterPlan(s({ decision: { actions: [action], justification: "j", riskAssessment: "r" } }))).toBe("riskCheck");
    expect(routeAfterPlan(s({ decision: { actions: [], justification: "j", riskAssessment: "r" } }))).toBe("record");
    expect(routeAfterPlan(s({ planError: "broken JSON" }))).toBe("record");
  });

  it("asks for approval only when something passed risk", () => {
    expect(routeAfterRisk(s({ risk: { approved: [approvedOrder], denied: [], events: [] } }))).toBe("approve");
    expect(routeAfterRisk(s({ risk: { approved: [], denied: [], events: [] } }))).toBe("record");
  });

  it("executes unless the reviewer rejected", () => {
    expect(routeAfterApprove(s({ approval: { required: true, decision: "rejected", note: "" } }))).toBe("record");
    expect(routeAfterApprove(s({ approval: { required: false, decision: "auto", note: "" } }))).toBe("execute");
  });
});
