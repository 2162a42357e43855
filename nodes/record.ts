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
import type { TradingStateUpdate, TradingStateValue } from "../state/trading-state.js";

export interface RecordDeps {
  recorder: Pick<RunRecorder, "close">;
  clock: Clock;
}

function riskEvents(state: TradingStateValue): NewRiskEvent[] {
  return (state.risk?.events ?? []).map((e) => ({
    runId: state.runId, symbol: e.action.symbol, side: e.action.side, kind: e.kind, code: e.code, reason: e.reason,
    originalOrder: e.action, ...(e.adjustedOrder ? { adjustedOrder: e.adjustedOrder } : {}),
  }));
}

function alerts(state: TradingStateValue): NewAlert[] {
  return state.alerts.map((message) => {
    const source = message.split(":")[0] ?? "trading";
    const critical = /HALTED|UNKNOWN/.test(message);
    return { severity: critical ? "critical" : "warn", source, code: critical ? "TRADING_ATTENTION" : "TRADING_NOTICE", message, details: { runId: state.runId } };
  });
}

export function renderReport(state: TradingStateValue): string {
  const lines = [`run ${state.runId} (${state.trigger.kind}${state.trigger.detail ? ` ${state.trigger.detail}` : ""}) prompt v${state.promptVersion} · ${state.tradingState}`];
  if (state.account) {
    lines.push(`account ${formatKstIso(state.account.readAtMs)}: total ${state.account.totalAssetsKrw.toLocaleString("en-US")} KRW, orderable ${state.account.orderableCashKrw.toLocaleString("en-US")} KRW, ${state.account.holdings.length} holding(s)`);
  }
  if (state.reconciliation && !state.reconciliation.ok) lines.push(`reconciliation: ${state.reconciliation.unexplained.join("; ")}`);
  if (state.planError) lines.push(`plan: no trade — ${state.planError}`);
  else if (state.decision) lines.push(`plan: ${state.decision.actions.length} action(s) — ${state.decision.justification.slice(0, 200)}`);
  if (state.risk) {
    const codes = [...new Set(state.risk.events.map((e) => e.code))];
    lines.push(`risk: ${state.risk.approved.length} approved, ${state.risk.denied.length} denied${codes.length > 0 ? ` (${codes.join(", ")})` : ""}`);
  }
  if (state.approval?.required) lines.push(`approval: ${state.approval.decision} — ${state.approval.note}`);
  for (const e of state.executions) lines.push(`order: ${e.side} ${e.symbol} ${e.quantity} @ ${e.limitPriceKrw ?? "market"} → ${e.status}${e.orderNo ? ` #${e.orderNo}` : ""}`);
  for (const a of state.alerts) lines.push(`alert: ${a}`);
  return lines.join("\n");
}

export function createRecord(deps: RecordDeps) {
  return function record(state: TradingStateValue): TradingStateUpdate {
    const report = renderReport(state);
    deps.recorder.close(
      { runId: state.runId, summary: report, orders: state.executions.filter((e) => e.status !== "REJECTED").length, riskEvents: riskEvents(state), alerts: alerts(state) },
      deps.clock.now(),
    );
    return { report };
  };
}
