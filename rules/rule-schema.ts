/**
 * A learned rule: what the weekly reflection adds to the decision prompt's `rules` section. Every
 * action only ever tightens trading (block an entry, exit a position, halve a size); nothing a rule
 * can say widens a limit. Strict schemas: unknown keys are rejected.
 */
import { z } from "zod";

export const RuleCategory = z.enum(["risk_management", "entry_criteria", "exit_criteria", "position_sizing"]);
export type RuleCategory = z.infer<typeof RuleCategory>;

/**
 * - `block_entry`: no new buy of a symbol whose snapshot matches
 * - `exit_position`: sell a held symbol whose snapshot matches
 * - `halve_size`: a matching entry buys half the usual quantity
 */
export const RuleAction = z.enum(["block_entry", "exit_position", "halve_size"]);
export type RuleAction = z.infer<typeof RuleAction>;

/** Which actions each category may take. */
export const CATEGORY_ACTIONS: Record<RuleCategory, readonly RuleAction[]> = {
  risk_management: ["block_entry", "exit_position"],
  entry_criteria: ["block_entry"],
  exit_criteria: ["exit_position"],
  position_sizing: ["halve_size"],
};

export const RuleEvidence = z.strictObject({
  /** trades the pattern was measured on */
  support: z.number().int().min(0),
  wins: z.number().int().min(0),
  losses: z.number().int().min(0),
  totalPnlKrw: z.number().int(),
  /** ids of the trades behind the numbers (at most 20) */
  tradeIds: z.array(z.number().int().positive()).max(20),
});
export type RuleEvidence = z.infer<typeof RuleEvidence>;

const fields = {
  category: RuleCategory,
  /** one line the decision model reads */
  text: z.string().min(1).max(200),
  /** in the condition language of condition.ts */
  condition: z.string().min(1).max(200),
  action: RuleAction,
  priority: z.number().int().min(1).max(10),
  rationale: z.string().min(1).max(300),
  evidence: RuleEvidence,
};

/** A rule in a prompt version; `id` is `R{version}.{n}`, unique across versions. */
export const LearnedRule = z.strictObject({ id: z.string().regex(/^R\d+\.\d+$/), ...fields });
export type LearnedRule = z.infer<typeof LearnedRule>;

/** A rule proposed by the analysis, before validation; it may retire rules of the parent version. */
export const RuleCandidate = z.strictObject({
  ...fields,
  retires: z.array(z.string()).max(10).default([]),
  source: z.enum(["statistics", "model"]),
});
export type RuleCandidate = z.infer<typeof RuleCandidate>;

/** What validation did with one candidate (or one retirement), and why. */
export const RuleVerdict = z.object({
  outcome: z.enum(["accepted", "merged", "rejected"]),
  reason: z.string(),
  /** the candidate as proposed: a refused one may be anything the model wrote */
  candidate: z.unknown(),
});
export type RuleVerdict = z.infer<typeof RuleVerdict>;
