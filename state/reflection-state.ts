/**
 * State of one reflection-graph run: aggregate → investigate ⇄ tools → analyze → generateRules → rewritePrompt → activate.
 * Checkpointed, so plain JSON-serializable data; each node returns only its keys.
 */
import { StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import type { RuleVerdict } from "../rules/rule-schema.js";
import type { RuleSnapshot } from "../rules/fields.js";
import { appendAlerts } from "./alerts.js";
import { investigationFields } from "./investigation.js";
import { Trigger } from "./trading-state.js";

/** A trade the aggregate node singled out, with what the decision said at the time. */
export interface NotableTrade {
  tradeId: number;
  symbol: string;
  pnlKrw: number;
  justification: string;
  snapshot: unknown;
}

export interface ReflectionStats {
  fromMs: number;
  toMs: number;
  /** executed buys and sells in the period */
  trades: number;
  /** round trips closed in the period */
  closed: number;
  realisedPnlKrw: number;
  wins: number;
  losses: number;
  winRatePct: number | null;
  avgHoldingMs: number | null;
  best: NotableTrade | null;
  worst: NotableTrade | null;
  /** KIS's own view of the period, when it answered */
  broker: { orders: number; filledOrders: number; realisedPnlKrw: number | null; feeKrw: number | null };
  /** trades whose 7- or 30-day P&L was filled in by this run */
  backfilled: number;
  gaps: string[];
}

/** One entry with a known outcome: what the analysis learns from. */
export interface TradeSample {
  tradeId: number;
  symbol: string;
  entryAtMs: number;
  pnlKrw: number;
  /** null when the outcome is the 7-day mark rather than a sale */
  holdingMs: number | null;
  trigger: string;
  snapshot: RuleSnapshot;
}

export interface Pattern {
  kind: "failure" | "success";
  /** what was grouped on: a field name, "trigger" or "holding" */
  feature: string;
  label: string;
  /** the bucket as a condition, when the feature is known at entry */
  condition: string | null;
  support: number;
  wins: number;
  losses: number;
  winRatePct: number;
  totalPnlKrw: number;
  tradeIds: number[];
  source: "statistics" | "model";
  /** a model's suggested rule for this pattern (checked like any other candidate) */
  suggestion?: unknown;
}

export const ReflectionState = new StateSchema({
  runId: z.string().default(""),
  trigger: Trigger.default({ kind: "manual", detail: "" }),
  startedAtMs: z.number().default(0),
  /** the version active when the run started: rules are added to it and activation is a CAS on it */
  parentVersion: z.number().int().default(0),
  stats: z.custom<ReflectionStats>().nullable().default(null),
  samples: z.custom<TradeSample[]>().default(() => []),
  /** investigate ⇄ tools over the ledger, before the analysis */
  ...investigationFields,
  patterns: z.custom<Pattern[]>().default(() => []),
  analysis: z.object({ source: z.enum(["model", "statistics"]), summary: z.string() }).nullable().default(null),
  /** candidates that passed the per-rule checks, for rewritePrompt */
  candidates: z.custom<unknown[]>().default(() => []),
  /** every verdict on a candidate or a retirement, accepted or not, with its reason */
  verdicts: z.custom<RuleVerdict[]>().default(() => []),
  proposedVersion: z.number().int().nullable().default(null),
  activation: z
    .object({ status: z.enum(["active", "proposed", "rejected", "unchanged"]), note: z.string() })
    .nullable()
    .default(null),
  alerts: appendAlerts(),
});

export type ReflectionStateValue = typeof ReflectionState.State;
export type ReflectionStateUpdate = typeof ReflectionState.Update;
