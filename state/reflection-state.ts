/**
 * State of one reflection-graph run: aggregate → investigate ⇄ tools → analyze → generateRules → rewritePrompt → activate.
 * Checkpointed, so plain JSON-serializable data; each node returns only its keys.
 */
import { StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { RuleVerdict } from "../rules/rule-schema.js";
import { RuleSnapshot } from "../rules/fields.js";
import { appendAlerts } from "./alerts.js";
import { investigationFields } from "./investigation.js";
import { Trigger } from "./trading-state.js";

/** A trade the aggregate node singled out, with what the decision said at the time. */
export const NotableTrade = z.object({
  tradeId: z.number(),
  symbol: z.string(),
  pnlKrw: z.number(),
  justification: z.string(),
  /** the market the decision saw, as the trade stored it */
  snapshot: RuleSnapshot,
});
export type NotableTrade = z.infer<typeof NotableTrade>;

export const ReflectionStats = z.object({
  fromMs: z.number(),
  toMs: z.number(),
  /** executed buys and sells in the period */
  trades: z.number(),
  /** round trips closed in the period */
  closed: z.number(),
  realisedPnlKrw: z.number(),
  wins: z.number(),
  losses: z.number(),
  winRatePct: z.number().nullable(),
  avgHoldingMs: z.number().nullable(),
  best: NotableTrade.nullable(),
  worst: NotableTrade.nullable(),
  /** KIS's own view of the period, when it answered */
  broker: z.object({ orders: z.number(), filledOrders: z.number(), realisedPnlKrw: z.number().nullable(), feeKrw: z.number().nullable() }),
  /** trades whose 7- or 30-day P&L was filled in by this run */
  backfilled: z.number(),
  gaps: z.array(z.string()),
});
export type ReflectionStats = z.infer<typeof ReflectionStats>;

/** One entry with a known outcome: what the analysis learns from. */
export const TradeSample = z.object({
  tradeId: z.number(),
  symbol: z.string(),
  entryAtMs: z.number(),
  pnlKrw: z.number(),
  /** null when the outcome is the 7-day mark rather than a sale */
  holdingMs: z.number().nullable(),
  trigger: z.string(),
  snapshot: RuleSnapshot,
});
export type TradeSample = z.infer<typeof TradeSample>;

export const Pattern = z.object({
  kind: z.enum(["failure", "success"]),
  /** what was grouped on: a field name, "trigger" or "holding" */
  feature: z.string(),
  label: z.string(),
  /** the bucket as a condition, when the feature is known at entry */
  condition: z.string().nullable(),
  support: z.number(),
  wins: z.number(),
  losses: z.number(),
  winRatePct: z.number(),
  totalPnlKrw: z.number(),
  tradeIds: z.array(z.number()),
  source: z.enum(["statistics", "model"]),
  /** a model's suggested rule for this pattern, as written: checked later like any other candidate */
  suggestion: z.unknown().optional(),
});
export type Pattern = z.infer<typeof Pattern>;

export const ReflectionState = new StateSchema({
  runId: z.string().default(""),
  trigger: Trigger.default({ kind: "manual", detail: "" }),
  startedAtMs: z.number().default(0),
  /** the version active when the run started: rules are added to it and activation is a CAS on it */
  parentVersion: z.number().int().default(0),
  stats: ReflectionStats.nullable().default(null),
  samples: z.array(TradeSample).default(() => []),
  /** investigate ⇄ tools over the ledger, before the analysis */
  ...investigationFields,
  patterns: z.array(Pattern).default(() => []),
  analysis: z
    .object({ source: z.enum(["model", "statistics"]), summary: z.string() })
    .nullable()
    .default(null),
  /**
   * candidates for rewritePrompt (the model's already screened, the statistics' as derived), which
   * checks each against the rule schema and the parent's rules and records a verdict: not parsed
   * here, so that a bad one is refused with a reason instead of failing the run at the state boundary
   */
  candidates: z.array(z.unknown()).default(() => []),
  /** every verdict on a candidate or a retirement, accepted or not, with its reason */
  verdicts: z.array(RuleVerdict).default(() => []),
  proposedVersion: z.number().int().nullable().default(null),
  activation: z
    .object({ status: z.enum(["active", "proposed", "rejected", "unchanged"]), note: z.string() })
    .nullable()
    .default(null),
  alerts: appendAlerts(),
});

export type ReflectionStateValue = typeof ReflectionState.State;
export type ReflectionStateUpdate = typeof ReflectionState.Update;
