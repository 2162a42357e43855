/** Every risk limit that fired, per run: the code, the reason, the order as planned and as adjusted. */
import type { Side } from "../core/types.js";
import { type Db, writeTransaction } from "./database.js";

export type RiskEventKind = "denial" | "adjustment";

export interface RiskEventRecord {
  id: number;
  runId: string;
  symbol: string;
  side: Side;
  kind: RiskEventKind;
  code: string;
  reason: string;
  originalOrder: unknown;
  adjustedOrder?: unknown;
  createdAtMs: number;
}

export type NewRiskEvent = Omit<RiskEventRecord, "id" | "createdAtMs">;

interface RiskEventRow {
  id: number;
  run_id: string;
  symbol: string;
  side: Side;
  kind: RiskEventKind;
  code: string;
  reason: string;
  original_order_json: string;
  adjusted_order_json: string | null;
  created_at_ms: number;
}

export function toRiskEventRecord(row: RiskEventRow): RiskEventRecord {
  const event: RiskEventRecord = {
    id: row.id,
    runId: row.run_id,
    symbol: row.symbol,
    side: row.side,
    kind: row.kind,
    code: row.code,
    reason: row.reason,
    originalOrder: JSON.parse(row.original_order_json) as unknown,
    createdAtMs: row.created_at_ms,
  };
  if (row.adjusted_order_json !== null) event.adjustedOrder = JSON.parse(row.adjusted_order_json) as unknown;
  return event;
}

export type RiskEventsRepo = ReturnType<typeof createRiskEventsRepo>;

export function createRiskEventsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO risk_events (run_id, symbol, side, kind, code, reason, original_order_json, adjusted_order_json, created_at_ms)
     VALUES (@run_id, @symbol, @side, @kind, @code, @reason, @original, @adjusted, @now)`,
  );
  const byRun = db.prepare<[string], RiskEventRow>("SELECT * FROM risk_events WHERE run_id = ? ORDER BY id");
  const insertAll = writeTransaction(db, (events: readonly NewRiskEvent[], nowMs: number) => {
    for (const e of events) {
      insert.run({
        run_id: e.runId,
        symbol: e.symbol,
        side: e.side,
        kind: e.kind,
        code: e.code,
        reason: e.reason,
        original: JSON.stringify(e.originalOrder),
        adjusted: e.adjustedOrder === undefined ? null : JSON.stringify(e.adjustedOrder),
        now: nowMs,
      });
    }
  });
  return {
    /** All or nothing. */
    insertMany(events: readonly NewRiskEvent[], nowMs: number): void {
      insertAll(events, nowMs);
    },
    listByRun(runId: string): RiskEventRecord[] {
      return byRun.all(runId).map(toRiskEventRecord);
    },
  };
}
