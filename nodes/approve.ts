/**
 * approve: a human decides when the mode and thresholds require it (LangGraph interrupt; resumed by
 * `kis-agent runs approve|reject <run-id>`); small in-limit orders in sim and paper pass on their own.
 * Nothing with a side effect happens before interrupt(): on resume this node runs again from the top.
 */
import { interrupt } from "@langchain/langgraph";
import { kstParts, type Clock } from "../core/clock.js";
import { SESSION_TIMES } from "../venue/krx.js";
import type { TradingStateUpdate, TradingStateValue } from "../state/trading-state.js";

export interface ApprovalPolicy {
  /** every order needs a person (the default in real mode) */
  always: boolean;
  /** an order above this notional needs a person */
  notionalThresholdKrw: number;
  /** orders within this many days of the prompt version's activation need a person; 0 = off */
  newPromptDays: number;
}

export interface ApproveDeps {
  policy: ApprovalPolicy;
  /** when the run's prompt version became active (epoch ms), if known */
  promptActivatedAtMs?: (version: number) => number | undefined;
  /** an answer counts only this long after the run started (APPROVAL_TTL_SECONDS) */
  ttlMs: number;
  /** market time: the simulator's clock in sim mode */
  clock: Clock;
}

/** What the reviewer sees. */
export interface ApprovalRequest {
  runId: string;
  reasons: string[];
  orders: Array<{
    symbol: string;
    side: string;
    quantity: number;
    type: string;
    limitPriceKrw: number | null;
    notionalKrw: number;
    reason: string;
  }>;
}

export interface ApprovalAnswer {
  approve: boolean;
  note?: string;
}

export function approvalReasons(state: TradingStateValue, deps: ApproveDeps): string[] {
  const approved = state.risk?.approved ?? [];
  const reasons: string[] = [];
  if (deps.policy.always) reasons.push("every order needs approval in this mode");
  const large = approved.filter((a) => a.notionalKrw > deps.policy.notionalThresholdKrw);
  if (large.length > 0) reasons.push(`${large.length} order(s) above ${deps.policy.notionalThresholdKrw} KRW`);
  const activatedAt = deps.promptActivatedAtMs?.(state.promptVersion);
  if (
    deps.policy.newPromptDays > 0 &&
    activatedAt !== undefined &&
    state.startedAtMs - activatedAt < deps.policy.newPromptDays * 86_400_000
  ) {
    reasons.push(`prompt v${state.promptVersion} is in its first ${deps.policy.newPromptDays} day(s)`);
  }
  return reasons;
}

/**
 * Why an answer given now is too late for a run that started at `startedAtMs`, or undefined while it
 * is fresh: within the TTL and in the same KRX session (same trading day, before the close).
 */
export function staleness(startedAtMs: number, nowMs: number, ttlMs: number): string | undefined {
  const ageS = Math.round((nowMs - startedAtMs) / 1_000);
  const started = kstParts(startedAtMs);
  const now = kstParts(nowMs);
  if (now.date !== started.date || (now.secondOfDay >= SESSION_TIMES.close && started.secondOfDay < SESSION_TIMES.close)) {
    return `the answer came ${ageS} s after the decision, in a later KRX session (${started.date} → ${now.date} ${now.time})`;
  }
  if (nowMs - startedAtMs > ttlMs)
    return `the answer came ${ageS} s after the decision, over the ${Math.round(ttlMs / 1_000)} s approval TTL`;
  return undefined;
}

export function createApprove(deps: ApproveDeps) {
  return function approve(state: TradingStateValue): TradingStateUpdate {
    const approved = state.risk?.approved ?? [];
    const reasons = approvalReasons(state, deps);
    if (approved.length === 0 || reasons.length === 0) {
      return {
        approval: { required: false, decision: "auto", note: approved.length === 0 ? "nothing to approve" : "within automatic limits" },
      };
    }
    const request: ApprovalRequest = {
      runId: state.runId,
      reasons,
      orders: approved.map((a) => ({
        symbol: a.order.symbol,
        side: a.order.side,
        quantity: a.order.quantity,
        type: a.order.type,
        limitPriceKrw: a.order.limitPriceKrw ?? null,
        notionalKrw: a.notionalKrw,
        reason: a.action.reason,
      })),
    };
    const answer = interrupt<ApprovalRequest, ApprovalAnswer>(request);
    // A late answer approves nothing: the plan was made from a world that has moved on.
    const late = answer?.approve === true ? staleness(state.startedAtMs, deps.clock.now(), deps.ttlMs) : undefined;
    if (late) {
      return { approval: { required: true, decision: "expired", note: late }, alerts: `approve: approval expired, nothing sent — ${late}` };
    }
    const decision = answer?.approve === true ? "approved" : "rejected";
    return {
      approval: { required: true, decision, note: answer?.note ?? reasons.join("; ") },
      ...(decision === "rejected" ? { alerts: `approve: orders rejected by reviewer${answer?.note ? ` (${answer.note})` : ""}` } : {}),
    };
  };
}
