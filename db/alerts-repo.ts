/** Alerts for the operator: invalid model output, reconciliation mismatches, halts. */
import type { Db } from "./database.js";

export type AlertSeverity = "info" | "warn" | "critical";

export interface Alert {
  id: number;
  createdAtMs: number;
  severity: AlertSeverity;
  source: string;
  code: string;
  message: string;
  details: unknown;
}

export type NewAlert = Omit<Alert, "id" | "createdAtMs" | "details"> & { details?: unknown };

interface AlertRow {
  id: number;
  created_at_ms: number;
  severity: AlertSeverity;
  source: string;
  code: string;
  message: string;
  details_json: string;
}

export const toAlert = (row: AlertRow): Alert => ({
  id: row.id,
  createdAtMs: row.created_at_ms,
  severity: row.severity,
  source: row.source,
  code: row.code,
  message: row.message,
  details: JSON.parse(row.details_json) as unknown,
});

export type AlertsRepo = ReturnType<typeof createAlertsRepo>;

export function createAlertsRepo(db: Db) {
  const insert = db.prepare<unknown[], { id: number }>(
    "INSERT INTO alerts (created_at_ms, severity, source, code, message, details_json) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
  );
  const recent = db.prepare<[number], AlertRow>("SELECT * FROM alerts ORDER BY created_at_ms DESC, id DESC LIMIT ?");
  // JSON operators differ between SQLite and PostgreSQL: LIKE narrows the rows, JSON.parse decides.
  const mentioning = db.prepare<[number, string], { details_json: string }>(
    "SELECT details_json FROM alerts WHERE created_at_ms >= ? AND details_json LIKE ?",
  );
  return {
    insert(alert: NewAlert, nowMs: number): number {
      const details = JSON.stringify(alert.details ?? {});
      return insert.get(nowMs, alert.severity, alert.source, alert.code, alert.message, details)!.id;
    },
    /** Newest first. */
    listRecent(limit = 50): Alert[] {
      return recent.all(limit).map(toAlert);
    },
    /** Whether an alert with `details.dedupeKey = key` was sent on (`details.notified`) at or after sinceMs, by any process. */
    notifiedSince(key: string, sinceMs: number): boolean {
      return mentioning.all(sinceMs, `%${JSON.stringify(key)}%`).some((row) => {
        const details = JSON.parse(row.details_json) as { dedupeKey?: unknown; notified?: unknown };
        return details.dedupeKey === key && details.notified === true;
      });
    },
  };
}
