/**
 * record: closes the run — risk events (one per limit that fired, with the order as planned and as
 * adjusted), alerts, the ledger row — and writes a short human report. Trades themselves were
 * written by the order router before each request, so nothing here can lose one.
 */
import type { Clock } from "../core/clock.js";
import { formatKstIso } from "../core/clock.js";
import type { NewAlert } from "../db/alerts-repo.js";
import type { RunRecorder } from "../db/run-recorder.js";
import type { NewRiskEvent } from "../db/risk-events-repo.js";
import type { RiskEvent } from "../risk/risk-result.js";
import type { TradingStateUpdate, TradingStateValue } from "../state/trading-state.js";

export interface RecordDeps {
  recorder: Pick<RunRecorder, "close">;
  clock: Clock;
}

function riskEvents(state: TradingStateValue): NewRiskEvent[] {
  return (state.risk?.events ?? []).map((e) => ({
    runId: state.runId,
    symbol: e.action.symbol,
    side: e.action.side,
    kind: e.kind,
    code: e.code,
    reason: e.reason,
    originalOrder: e.action,
    ...(e.adjustedOrder ? { adjustedOrder: e.adjustedOrder } : {}),
  }));
}

const STATE_DENIALS = new Set(["TRADING_HALTED", "REDUCE_ONLY", "MARKET_CLOSED"]);

/** The alert code of a node's message: halts and unknown or rejected orders are called by name. */
function alertCode(message: string): { code: string; severity: NewAlert["severity"] } {
  if (/HALTED/.test(message)) return { code: "TRADING_HALTED", severity: "critical" };
  if (/ UNKNOWN\b/.test(message)) return { code: "ORDER_UNKNOWN", severity: "critical" };
  if (/ REJECTED\b/.test(message)) return { code: "ORDER_REJECTED", severity: "warn" };
  return { code: "TRADING_NOTICE", severity: "warn" };
}

const SEND_RECHECK = new Set(["SEND_RECHECK_REDUCED", "SEND_RECHECK_DROPPED"]);

/** An order the send-time re-check cut or dropped is an alert of its own code. */
function recheckAlert(runId: string, e: RiskEvent): NewAlert {
  const cut = e.adjustedOrder ? ` → ${e.adjustedOrder.quantity}` : "";
  return {
    severity: "warn",
    source: "execute",
    code: e.code,
    message: `execute: ${e.code} ${e.action.side} ${e.action.symbol} ${e.action.quantity}${cut} — ${e.reason}`,
    details: {
      runId,
      order: e.action,
      ...(e.adjustedOrder ? { adjustedOrder: e.adjustedOrder } : {}),
      dedupeKey: `recheck|${runId}|${e.code}|${e.action.side}|${e.action.symbol}`,
    },
  };
}

function alerts(state: TradingStateValue): NewAlert[] {
  const notices = state.alerts.map((message): NewAlert => ({
    ...alertCode(message),
    source: message.split(":")[0] ?? "trading",
    message,
    details: { runId: state.runId },
  }));
  const events = state.risk?.events ?? [];
  // Every limit that refused an order is an alert too; tick-grid adjustments and refusals that follow
  // from a state already alerted (halted, reduce-only, market closed) are not.
  const limits = events
    .filter((e) => e.kind === "denial" && !STATE_DENIALS.has(e.code) && !SEND_RECHECK.has(e.code))
    .map((e): NewAlert => ({
      severity: "warn",
      source: "riskCheck",
      code: "RISK_LIMIT",
      message: `riskCheck: ${e.code} refused ${e.action.side} ${e.action.symbol} ${e.action.quantity} — ${e.reason}`,
      details: { runId: state.runId, limit: e.code, order: e.action, dedupeKey: `risk|${e.code}|${e.action.side}|${e.action.symbol}` },
    }));
  return [...notices, ...limits, ...events.filter((e) => SEND_RECHECK.has(e.code)).map((e) => recheckAlert(state.runId, e))];
}

export function renderReport(state: TradingStateValue): string {
  const lines = [
    `run ${state.runId} (${state.trigger.kind}${state.trigger.detail ? ` ${state.trigger.detail}` : ""}) prompt v${state.promptVersion} · ${state.tradingState}`,
  ];
  const account = state.accountRef;
  if (account) {
    lines.push(
      `account ${formatKstIso(account.readAtMs)}: total ${account.totalAssetsKrw.toLocaleString("en-US")} KRW, orderable ${account.orderableCashKrw.toLocaleString("en-US")} KRW, ${account.heldSymbols.length} holding(s)`,
    );
  }
  if (state.reconciliation && !state.reconciliation.ok) lines.push(`reconciliation: ${state.reconciliation.unexplained.join("; ")}`);
  if (state.planError) lines.push(`plan: no trade — ${state.planError}`);
  else if (state.decision) lines.push(`plan: ${state.decision.actions.length} action(s) — ${state.decision.justification.slice(0, 200)}`);
  if (state.risk) {
    const codes = [...new Set(state.risk.events.map((e) => e.code))];
    lines.push(
      `risk: ${state.risk.approved.length} approved, ${state.risk.denied.length} denied${codes.length > 0 ? ` (${codes.join(", ")})` : ""}`,
    );
  }
  if (state.approval?.required) lines.push(`approval: ${state.approval.decision} — ${state.approval.note}`);
  for (const e of state.executions)
    lines.push(
      `order: ${e.side} ${e.symbol} ${e.quantity} @ ${e.limitPriceKrw ?? "market"} → ${e.status}${e.orderNo ? ` #${e.orderNo}` : ""}`,
    );
  for (const a of state.alerts) lines.push(`alert: ${a}`);
  return lines.join("\n");
}

export function createRecord(deps: RecordDeps) {
  return function record(state: TradingStateValue): TradingStateUpdate {
    const report = renderReport(state);
    deps.recorder.close(
      {
        runId: state.runId,
        summary: report,
        orders: state.executions.filter((e) => e.status !== "REJECTED").length,
        riskEvents: riskEvents(state),
        alerts: alerts(state),
      },
      deps.clock.now(),
    );
    return { report };
  };
}
