/** The decision model's proposal as the risk engine reads it. Validated for shape upstream; judged here. */
import type { Side } from "../core/types.js";

export interface PlannedAction {
  side: Side;
  symbol: string;
  /** shares; the engine denies non-positive, fractional and off-lot quantities */
  quantity: number;
  /** absent → market order */
  limitPriceKrw?: number;
  reason: string;
  /** the price at which the thesis is wrong (a stop level the model commits to) */
  invalidationPriceKrw?: number;
}

export interface Plan {
  runId: string;
  actions: PlannedAction[];
}
