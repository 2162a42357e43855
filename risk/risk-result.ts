/** What the risk engine returns: approved (possibly adjusted) orders, denied actions, and every limit that fired. */
import type { OrderRequest } from "../core/types.js";
import type { PlannedAction } from "./plan.js";

export type RiskCode =
  | "TRADING_HALTED"
  | "REDUCE_ONLY"
  | "MARKET_CLOSED"
  | "UNKNOWN_SYMBOL"
  | "INVALID_QUANTITY"
  | "INVALID_PRICE"
  | "STALE_PRICE"
  | "SYMBOL_HALTED"
  | "TICK_ROUNDED"
  | "PRICE_OUT_OF_BAND"
  | "LIMIT_UP_BUY"
  | "LIMIT_DOWN_SELL"
  | "DAILY_LOSS_LIMIT"
  | "CONSECUTIVE_LOSSES"
  | "LEARNED_RULE"
  | "DUPLICATE_PENDING_ORDER"
  | "MAX_ORDER_NOTIONAL"
  | "MAX_ORDERS_PER_DAY"
  | "INSUFFICIENT_CASH"
  | "INSUFFICIENT_SELLABLE"
  | "MAX_POSITION_WEIGHT"
  /** the send-time re-check cut an approved order down (risk/send-recheck.ts) */
  | "SEND_RECHECK_REDUCED"
  /** the send-time re-check dropped an approved order */
  | "SEND_RECHECK_DROPPED";

/** A denial blocks the action; an adjustment changes the order and lets it through. */
export interface RiskFinding {
  kind: "denial" | "adjustment";
  code: RiskCode;
  reason: string;
}

/** One row of `risk_events`. */
export interface RiskEvent extends RiskFinding {
  action: PlannedAction;
  /** the order after adjustments, when the action got that far */
  adjustedOrder?: OrderRequest;
}

export interface ApprovedOrder {
  action: PlannedAction;
  order: OrderRequest;
  /** quantity × limit price, or × last price for a market order */
  notionalKrw: number;
  adjustments: RiskFinding[];
}

export interface DeniedAction {
  action: PlannedAction;
  denials: RiskFinding[];
  adjustments: RiskFinding[];
}

export interface RiskResult {
  approved: ApprovedOrder[];
  denied: DeniedAction[];
  events: RiskEvent[];
}
