/**
 * Pre-trade risk: `evaluate(plan, context, limits, nowMs)` is pure (no I/O, no clock). Every check runs
 * on every action so the result lists every limit that fired; an action with any denial is not sent.
 * Actions are judged in plan order, so cumulative limits (cash, sellable, weight, count) see earlier ones.
 */
import { ACTION_CHECKS, ORDER_CHECKS, type PlanUsage } from "./checks.js";
import type { RiskLimits } from "./limits.js";
import { draftOrder, type OrderDraft } from "./order-draft.js";
import type { Plan, PlannedAction } from "./plan.js";
import type { RiskContext } from "./risk-context.js";
import type { RiskEvent, RiskFinding, RiskResult } from "./risk-result.js";

const isFinding = (f: RiskFinding | undefined): f is RiskFinding => f !== undefined;

function newUsage(): PlanUsage {
  return { cashReservedKrw: 0, approvedOrders: 0, soldQuantity: new Map(), boughtKrw: new Map(), sides: new Set() };
}

function recordUsage(usage: PlanUsage, draft: OrderDraft): void {
  const { order } = draft;
  usage.approvedOrders += 1;
  usage.sides.add(`${order.symbol}:${order.side}`);
  if (order.side === "buy") {
    usage.cashReservedKrw += order.quantity * draft.reservePriceKrw;
    usage.boughtKrw.set(order.symbol, (usage.boughtKrw.get(order.symbol) ?? 0) + order.quantity * draft.exposurePriceKrw);
  } else {
    usage.soldQuantity.set(order.symbol, (usage.soldQuantity.get(order.symbol) ?? 0) + order.quantity);
  }
}

function toEvents(action: PlannedAction, findings: RiskFinding[], draft?: OrderDraft): RiskEvent[] {
  return findings.map((f) => (draft ? { ...f, action, adjustedOrder: draft.order } : { ...f, action }));
}

export function evaluate(plan: Plan, context: RiskContext, limits: RiskLimits, nowMs: number): RiskResult {
  const result: RiskResult = { approved: [], denied: [], events: [] };
  const usage = newUsage();
  for (const action of plan.actions) {
    const base = { action, context, limits, nowMs };
    const accountDenials = ACTION_CHECKS.map((check) => check(base)).filter(isFinding);
    const drafted = draftOrder(action, context);
    if (!drafted.ok) {
      const denials = [...accountDenials, ...drafted.denials];
      result.denied.push({ action, denials, adjustments: [] });
      result.events.push(...toEvents(action, denials));
      continue;
    }
    const { draft } = drafted;
    const orderDenials = ORDER_CHECKS.map((check) => check({ ...base, draft, usage })).filter(isFinding);
    const denials = [...accountDenials, ...orderDenials];
    result.events.push(...toEvents(action, [...draft.adjustments, ...denials], draft));
    if (denials.length > 0) {
      result.denied.push({ action, denials, adjustments: draft.adjustments });
      continue;
    }
    recordUsage(usage, draft);
    result.approved.push({
      action,
      order: draft.order,
      notionalKrw: draft.order.quantity * draft.exposurePriceKrw,
      adjustments: draft.adjustments,
    });
  }
  return result;
}
