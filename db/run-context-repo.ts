/**
 * What a run stored once and its checkpoints name by reference (run_context): the account snapshot,
 * the market context, each turn of the investigation. A body is written once per (run, ref) and never
 * changed: a node that runs again (a resumed or retried run) gets back what its first attempt stored.
 * Plain `?` SQL with no SQLite-only functions, so that a PostgreSQL backend runs the same statements.
 */
import type { Db } from "./database.js";

export type RunContextRepo = ReturnType<typeof createRunContextRepo>;

export function createRunContextRepo(db: Db) {
  const insert = db.prepare(
    "INSERT INTO run_context (run_id, ref, kind, body, created_at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (run_id, ref) DO NOTHING",
  );
  const select = db.prepare<[string, string], { body: string }>("SELECT body FROM run_context WHERE run_id = ? AND ref = ?");
  const get = (runId: string, ref: string): unknown => {
    const row = select.get(runId, ref);
    return row ? (JSON.parse(row.body) as unknown) : undefined;
  };
  return {
    /** Stores `value` under (run, ref) unless something is already stored there; returns what is stored. */
    put(runId: string, ref: string, kind: string, value: unknown, nowMs: number): unknown {
      insert.run(runId, ref, kind, JSON.stringify(value), nowMs);
      return get(runId, ref);
    },
    /** The stored body, or undefined when the run stored nothing under `ref`. */
    get,
  };
}
