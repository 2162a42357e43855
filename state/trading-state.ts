/**
 * State of one trading-graph run: diagnose → analyze → investigate ⇄ tools → plan → riskCheck → approve → execute → record.
 * Checkpointed, so everything is plain JSON-serializable data; each node returns only its keys. The
 * large inputs (account, market, the investigation's messages) are stored once per run in run_context
 * and named here by reference, so that a checkpoint stays a few hundred bytes.
 */
import { StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { Decision } from "./decision.js";
import { RiskResult } from "../risk/risk-result.js";
import { AccountRef, Reconciliation } from "./account-snapshot.js";
import { appendAlerts } from "./alerts.js";
import { investigationFields } from "./investigation.js";
import { MarketRef } from "./market-context.js";

export const Trigger = z.object({
  kind: z.enum(["manual", "schedule", "event", "replay"]),
  /** schedule slot, event kind and symbol, … */
  detail: z.string(),
});
export type Trigger = z.infer<typeof Trigger>;

export const ExecutionOutcome = z.object({
  intentKey: z.string(),
  symbol: z.string(),
  side: z.enum(["buy", "sell"]),
  quantity: z.number().int(),
  limitPriceKrw: z.number().nullable(),
  /** the order intent's status after the router: ACKED, REJECTED, UNKNOWN, … */
  status: z.string(),
  orderNo: z.string().nullable(),
  message: z.string(),
});
export type ExecutionOutcome = z.infer<typeof ExecutionOutcome>;

export const Approval = z.object({
  required: z.boolean(),
  /** expired: the answer came after APPROVAL_TTL_SECONDS or outside the run's KRX session; nothing is sent */
  decision: z.enum(["auto", "approved", "rejected", "expired"]),
  /** why approval was (not) needed, or the reviewer's note */
  note: z.string(),
});
export type Approval = z.infer<typeof Approval>;

export const TradingState = new StateSchema({
  runId: z.string().default(""),
  trigger: Trigger.default({ kind: "manual", detail: "" }),
  startedAtMs: z.number().default(0),
  promptVersion: z.number().int().default(0),
  tradingState: z.enum(["ACTIVE", "REDUCE_ONLY", "HALTED"]).default("ACTIVE"),
  /** the account diagnose read, stored once in run_context (nodes/run-context.ts): a ref and a summary */
  accountRef: AccountRef.nullable().default(null),
  reconciliation: Reconciliation.nullable().default(null),
  /** the market context analyze built, stored the same way */
  marketRef: MarketRef.nullable().default(null),
  /** investigate ⇄ tools: refs to the model's tool calls and their answers, and the budget spent */
  ...investigationFields,
  decision: Decision.nullable().default(null),
  /** why planning produced no decision (invalid model output, timeout, …); means no trade */
  planError: z.string().nullable().default(null),
  risk: RiskResult.nullable().default(null),
  approval: Approval.nullable().default(null),
  executions: z.array(ExecutionOutcome).default(() => []),
  alerts: appendAlerts(),
  report: z.string().default(""),
});

export type TradingStateValue = typeof TradingState.State;
export type TradingStateUpdate = typeof TradingState.Update;
