/**
 * Closes a trading run in the ledger in one transaction: its risk events, its alerts, its order
 * count and summary. Idempotent: a run that already succeeded is left as it is, so a record node
 * that runs again after a crash writes nothing twice.
 */
import type { AlertsRepo, NewAlert } from "./alerts-repo.js";
import { type Db, writeTransaction } from "./database.js";
import type { NewRiskEvent, RiskEventsRepo } from "./risk-events-repo.js";
import type { RunsRepo } from "./runs-repo.js";

export interface RunClose {
  runId: string;
  summary: string;
  orders: number;
  riskEvents: NewRiskEvent[];
  alerts: NewAlert[];
}

export type RunRecorder = ReturnType<typeof createRunRecorder>;

export function createRunRecorder(db: Db, repos: { runs: RunsRepo; riskEvents: RiskEventsRepo; alerts: AlertsRepo }) {
  const close = writeTransaction(db, (run: RunClose, nowMs: number): boolean => {
    const current = repos.runs.get(run.runId);
    // A failed run that a retry resumed is closed too; only a succeeded run is final.
    if (current?.status === "succeeded") return false;
    repos.riskEvents.insertMany(run.riskEvents, nowMs);
    for (const alert of run.alerts) repos.alerts.insert(alert, nowMs);
    if (!current) repos.runs.start({ runId: run.runId, graph: "trading", trigger: "manual" }, nowMs);
    repos.runs.addUsage(run.runId, { orders: run.orders });
    repos.runs.finish(run.runId, { status: "succeeded", summary: run.summary }, nowMs);
    return true;
  });
  return {
    /** false when the run was already closed */
    close(run: RunClose, nowMs: number): boolean {
      return close(run, nowMs);
    },
  };
}
