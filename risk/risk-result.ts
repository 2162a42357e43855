/**
 * What the risk engine returns: approved (possibly adjusted) orders, denied actions, and every limit
 * that fired. zod because it is the trading graph's `risk` state field, which Studio shows.
 */
import { z } from "zod";
import { OrderRequest } from "../core/types.js";
import { PlannedAction } from "./plan.js";

export const RiskCode = z.enum([
  "TRADING_HALTED",
  "REDUCE_ONLY",
  "MARKET_CLOSED",
  "UNKNOWN_SYMBOL",
  "INVALID_QUANTITY",
  "INVALID_PRICE",
  "STALE_PRICE",
  "SYMBOL_HALTED",
  "TICK_ROUNDED",
  "PRICE_OUT_OF_BAND",
  "LIMIT_UP_BUY",
  "LIMIT_DOWN_SELL",
  "DAILY_LOSS_LIMIT",
  "CONSECUTIVE_LOSSES",
  "LEARNED_RULE",
  "DUPLICATE_PENDING_ORDER",
  "MAX_ORDER_NOTIONAL",
  "MAX_ORDERS_PER_DAY",
  "INSUFFICIENT_CASH",
  "INSUFFICIENT_SELLABLE",
  "MAX_POSITION_WEIGHT",
  /** the send-time re-check cut an approved order down (risk/send-recheck.ts) */
  "SEND_RECHECK_REDUCED",
  /** the send-time re-check dropped an approved order */
  "SEND_RECHECK_DROPPED",
]);
export type RiskCode = z.infer<typeof RiskCode>;

/** A denial blocks the action; an adjustment changes the order and lets it through. */
export const RiskFinding = z.object({
  kind: z.enum(["denial", "adjustment"]),
  code: RiskCode,
  reason: z.string(),
});
export type RiskFinding = z.infer<typeof RiskFinding>;

/** One row of `risk_events`. */
export const RiskEvent = RiskFinding.extend({
  action: PlannedAction,
  /** the order after adjustments, when the action got that far */
  adjustedOrder: OrderRequest.optional(),
});
export type RiskEvent = z.infer<typeof RiskEvent>;

export const ApprovedOrder = z.object({
  action: PlannedAction,
  order: OrderRequest,
  /** quantity × limit price, or × last price for a market order */
  notionalKrw: z.number(),
  adjustments: z.array(RiskFinding),
});
export type ApprovedOrder = z.infer<typeof ApprovedOrder>;

export const DeniedAction = z.object({
  action: PlannedAction,
  denials: z.array(RiskFinding),
  adjustments: z.array(RiskFinding),
});
export type DeniedAction = z.infer<typeof DeniedAction>;

export const RiskResult = z.object({
  approved: z.array(ApprovedOrder),
  denied: z.array(DeniedAction),
  events: z.array(RiskEvent),
});
export type RiskResult = z.infer<typeof RiskResult>;
