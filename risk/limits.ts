/** Risk limits: a strict zod schema (unknown keys are rejected) with documented defaults. */
import { z } from "zod";
import { AppError } from "../core/errors.js";

export const RiskLimits = z.strictObject({
  /**
   * Largest value of one symbol (held + bought in this plan) as a fraction of total assets.
   * @defaultValue 0.10
   */
  maxPositionWeight: z.number().gt(0).max(1).default(0.1),
  /**
   * Buying stops once today's realised P&L plus unrealised P&L against cost basis (ledger/) loses this
   * fraction of the day's opening equity (total assets when no daily snapshot exists yet).
   * @defaultValue 0.02
   */
  dailyLossLimitRate: z.number().gt(0).max(1).default(0.02),
  /**
   * Largest value of a single order (quantity × limit price, or × last price for a market order).
   * @defaultValue 5,000,000 KRW
   */
  maxOrderNotionalKrw: z.number().int().positive().default(5_000_000),
  /**
   * Orders sent per KST day, counting the ones already sent.
   * @defaultValue 20
   */
  maxOrdersPerDay: z.number().int().nonnegative().default(20),
  /**
   * Oldest quote an order may be sized from.
   * @defaultValue 60,000 ms
   */
  maxQuoteAgeMs: z.number().int().positive().default(60_000),
  /**
   * Buying stops after this many losing trades in a row.
   * @defaultValue 3
   */
  maxConsecutiveLosses: z.number().int().positive().default(3),
});
export type RiskLimits = z.infer<typeof RiskLimits>;

/** Parses limits from config or a file; anything unknown or out of range is a CONFIG_INVALID error. */
export function parseRiskLimits(input: unknown = {}): RiskLimits {
  const parsed = RiskLimits.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new AppError("CONFIG_INVALID", `Invalid risk limits: ${issues}`);
  }
  return parsed.data;
}

export const DEFAULT_RISK_LIMITS: RiskLimits = parseRiskLimits({});

/** The daily loss limit in KRW: a share of the day's opening equity, or of total assets before the first daily snapshot. */
export function dailyLossLimitKrw(rate: number, equity: { openingEquityKrw?: number; totalAssetsKrw: number }): number {
  return rate * (equity.openingEquityKrw ?? equity.totalAssetsKrw);
}
