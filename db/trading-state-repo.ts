/** The persisted trading state (ACTIVE / REDUCE_ONLY / HALTED): a restart never clears a halt. */
import type { TradingState } from "../core/types.js";
import { writeTransaction, type Db } from "./database.js";

export interface TradingStateRecord {
  state: TradingState;
  reason: string;
  updatedAtMs: number;
}

interface TradingStateRow {
  state: TradingState;
  reason: string;
  updated_at_ms: number;
}

export const toTradingStateRecord = (row: TradingStateRow): TradingStateRecord => ({
  state: row.state,
  reason: row.reason,
  updatedAtMs: row.updated_at_ms,
});

export type TradingStateRepo = ReturnType<typeof createTradingStateRepo>;

export function createTradingStateRepo(db: Db) {
  const select = db.prepare<[], TradingStateRow>("SELECT state, reason, updated_at_ms FROM trading_state WHERE id = 1");
  const update = db.prepare("UPDATE trading_state SET state = ?, reason = ?, updated_at_ms = ? WHERE id = 1");
  const audit = db.prepare("INSERT INTO trading_state_changes (state, reason, actor, changed_at_ms) VALUES (?, ?, ?, ?)");
  const history = db.prepare<[number], { state: TradingState; reason: string; actor: string; changed_at_ms: number }>(
    "SELECT state, reason, actor, changed_at_ms FROM trading_state_changes ORDER BY id DESC LIMIT ?",
  );
  const setWithAudit = writeTransaction(db, (state: TradingState, reason: string, nowMs: number, actor: string) => {
    update.run(state, reason, nowMs);
    audit.run(state, reason, actor, nowMs);
  });
  return {
    get(): TradingStateRecord {
      const row = select.get();
      // 0001 seeds the row; a missing one means the schema was tampered with, and halting is the safe answer.
      return row ? toTradingStateRecord(row) : { state: "HALTED", reason: "trading_state row missing", updatedAtMs: 0 };
    },
    /** Sets the state and keeps who (`actor`: "cli:<user>", "health", "diagnose"…), when and why. */
    set(state: TradingState, reason: string, nowMs: number, actor = "agent"): void {
      setWithAudit(state, reason, nowMs, actor);
    },
    /** The newest changes first. */
    changes(limit = 20): Array<{ state: TradingState; reason: string; actor: string; changedAtMs: number }> {
      return history.all(limit).map((r) => ({ state: r.state, reason: r.reason, actor: r.actor, changedAtMs: r.changed_at_ms }));
    },
  };
}
