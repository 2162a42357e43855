/** The persisted trading state (ACTIVE / REDUCE_ONLY / HALTED): a restart never clears a halt. */
import type { TradingState } from "../core/types.js";
import type { Db } from "./database.js";

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
  return {
    get(): TradingStateRecord {
      const row = select.get();
      // 0001 seeds the row; a missing one means the schema was tampered with, and halting is the safe answer.
      return row ? toTradingStateRecord(row) : { state: "HALTED", reason: "trading_state row missing", updatedAtMs: 0 };
    },
    set(state: TradingState, reason: string, nowMs: number): void {
      update.run(state, reason, nowMs);
    },
  };
}
