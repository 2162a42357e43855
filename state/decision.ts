/**
 * The decision model's output contract (the prompt's protected `output-contract` section in
 * code). Nullable instead of optional so that OpenAI's strict json_schema mode accepts it.
 */
import { z } from "zod";

export const ProposedAction = z.object({
  side: z.enum(["buy", "sell"]),
  symbol: z
    .string()
    .regex(/^[0-9A-Z]{6}$/)
    .describe("6-character KRX stock code, e.g. 005930"),
  quantity: z.number().int().positive().describe("number of shares, a positive integer"),
  limitPriceKrw: z.number().int().positive().nullable().describe("limit price in KRW on the tick grid; null for a market order"),
  reason: z.string().min(1).max(500),
  invalidationPriceKrw: z.number().int().positive().nullable().describe("price at which this idea is wrong; null if none"),
});
export type ProposedAction = z.infer<typeof ProposedAction>;

export const Decision = z.object({
  actions: z.array(ProposedAction).max(20),
  justification: z.string().min(1).max(2_000),
  riskAssessment: z.string().min(1).max(1_000),
});
export type Decision = z.infer<typeof Decision>;
