/**
 * The send-time re-check, pure: the orders approved at plan time are judged again by the whole risk
 * engine against a context read just before the send. An order that still passes is kept; one that
 * fails only on size (cash, weight, order value, sellable shares) is cut to the largest lot count that
 * passes; anything else is dropped. Quantities only ever go down and prices never change.
 */
import type { OrderRequest } from "../core/types.js";
import type { RiskLimits } from "./limits.js";
import type { PlannedAction } from "./plan.js";
import type { RiskContext } from "./risk-context.js";
import { evaluate } from "./risk-engine.js";
import type { ApprovedOrder, RiskCode, RiskEvent, RiskFinding } from "./risk-result.js";

/** Denials that a smaller quantity can cure. */
const SIZE_CODES: ReadonlySet<RiskCode> = new Set<RiskCode>([
  "INSUFFICIENT_CASH",
  "MAX_POSITION_WEIGHT",
  "MAX_ORDER_NOTIONAL",
  "INSUFFICIENT_SELLABLE",
]);

export interface RecheckResult {
  /** the orders to send, in the approved order, some with a smaller quantity */
  kept: ApprovedOrder[];
  /** one SEND_RECHECK_REDUCED or SEND_RECHECK_DROPPED event per order that changed */
  events: RiskEvent[];
}

/** The approved order as an action: its final (tick-rounded) price and quantity. */
function asAction(approved: ApprovedOrder, quantity: number): PlannedAction {
  const { order, action } = approved;
  const { side, symbol, reason } = action;
  const stop = action.invalidationPriceKrw !== undefined ? { invalidationPriceKrw: action.invalidationPriceKrw } : {};
  return { side, symbol, reason, quantity, ...stop, ...(order.limitPriceKrw !== undefined ? { limitPriceKrw: order.limitPriceKrw } : {}) };
}

type Trial = { ok: true; approved: ApprovedOrder } | { ok: false; denials: RiskFinding[] };

/** Judges `candidate` after the orders already kept, exactly as riskCheck judges a plan. */
function trial(kept: readonly PlannedAction[], candidate: PlannedAction, context: RiskContext, limits: RiskLimits, nowMs: number): Trial {
  const result = evaluate({ runId: "send-recheck", actions: [...kept, candidate] }, context, limits, nowMs);
  const approved = result.approved.find((a) => a.action === candidate);
  if (approved) return { ok: true, approved };
  return { ok: false, denials: result.denied.find((d) => d.action === candidate)?.denials ?? [] };
}

/** The largest multiple of `lot` below `quantity` that passes, by bisection (every size check is monotone). */
function largestPassing(
  approved: ApprovedOrder,
  kept: readonly PlannedAction[],
  context: RiskContext,
  limits: RiskLimits,
  nowMs: number,
): ApprovedOrder | undefined {
  const lot = Math.max(1, context.quotes[approved.order.symbol]?.lotSize ?? 1);
  // Invariant: `low` lots pass (0 = none known), `high + 1` lots fail.
  let low = 0;
  let high = Math.floor(approved.order.quantity / lot) - 1;
  let best: ApprovedOrder | undefined;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    const t = trial(kept, asAction(approved, mid * lot), context, limits, nowMs);
    if (t.ok) {
      low = mid;
      best = t.approved;
    } else {
      high = mid - 1;
    }
  }
  return best;
}

const describe = (denials: readonly RiskFinding[]) => denials.map((d) => `${d.code}: ${d.reason}`).join("; ");
const orderText = (o: OrderRequest) => `${o.side} ${o.symbol} ${o.quantity} @ ${o.limitPriceKrw ?? "market"}`;

export function recheckAtSend(approved: readonly ApprovedOrder[], context: RiskContext, limits: RiskLimits, nowMs: number): RecheckResult {
  const kept: ApprovedOrder[] = [];
  const keptActions: PlannedAction[] = [];
  const events: RiskEvent[] = [];
  const keep = (original: ApprovedOrder, passed: ApprovedOrder) => {
    kept.push({ ...passed, action: original.action, adjustments: original.adjustments });
    keptActions.push(passed.action);
  };
  for (const item of approved) {
    const full = trial(keptActions, asAction(item, item.order.quantity), context, limits, nowMs);
    if (full.ok) {
      keep(item, full.approved);
      continue;
    }
    const reducible = full.denials.length > 0 && full.denials.every((d) => SIZE_CODES.has(d.code));
    const smaller = reducible ? largestPassing(item, keptActions, context, limits, nowMs) : undefined;
    if (smaller) {
      keep(item, smaller);
      events.push({
        kind: "adjustment",
        code: "SEND_RECHECK_REDUCED",
        action: item.action,
        adjustedOrder: smaller.order,
        reason: `At the send ${orderText(item.order)} no longer passed (${describe(full.denials)}); reduced to ${smaller.order.quantity}`,
      });
      continue;
    }
    events.push({
      kind: "denial",
      code: "SEND_RECHECK_DROPPED",
      action: item.action,
      reason: `At the send ${orderText(item.order)} no longer passed (${describe(full.denials)}); dropped`,
    });
  }
  return { kept, events };
}
