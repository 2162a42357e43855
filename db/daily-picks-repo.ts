/** daily_picks: the pre-market analysis's ranked symbols per KST date; a re-run replaces the day. */
import { writeTransaction, type Db } from "./database.js";

export interface DailyPick {
  symbol: string;
  rank: number;
  score: number;
  reason: string;
  source: "offline" | "model";
}

export type DailyPicksRepo = ReturnType<typeof createDailyPicksRepo>;

export function createDailyPicksRepo(db: Db) {
  const clear = db.prepare("DELETE FROM daily_picks WHERE date = ?");
  const insert = db.prepare(
    "INSERT INTO daily_picks (date, symbol, rank, score, reason, source, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const byDate = db.prepare<[string], DailyPick>(
    "SELECT symbol, rank, score, reason, source FROM daily_picks WHERE date = ? ORDER BY rank",
  );
  const replace = writeTransaction(db, (date: string, picks: readonly DailyPick[], nowMs: number) => {
    clear.run(date);
    for (const p of picks) insert.run(date, p.symbol, p.rank, p.score, p.reason, p.source, nowMs);
  });
  return {
    replace(date: string, picks: readonly DailyPick[], nowMs: number): void {
      replace(date, picks, nowMs);
    },
    /** best first */
    list(date: string): DailyPick[] {
      return byDate.all(date);
    },
  };
}
