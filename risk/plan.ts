/** The decision model's proposal as the risk engine reads it. Validated for shape upstream; judged here. */
import { z } from "zod";
import { Side } from "../core/types.js";

/** zod so the risk result in the trading graph's state has a shape; bounds are the engine's to judge. */
export const PlannedAction = z.object({
  side: Side,
  symbol: z.string(),
  /** shares; the engine denies non-positive, fractional and off-lot quantities */
  quantity: z.number(),
  /** absent → market order */
  limitPriceKrw: z.number().optional(),
  reason: z.string(),
  /** the price at which the thesis is wrong (a stop level the model commits to) */
  invalidationPriceKrw: z.number().optional(),
});
export type PlannedAction = z.infer<typeof PlannedAction>;

export interface Plan {
  runId: string;
  actions: PlannedAction[];
}
