/**
 * prompt_shadows and shadow_decisions (migration 0013): a candidate prompt version shadowing the
 * active one for a number of trading days, and each shadowed run's two decisions side by side.
 * At most one shadowing runs at a time; a run is shadowed once (a resumed run does not add a row).
 */
import type { Db } from "./database.js";

/** The part of a decision a comparison needs (state/decision.ts's Decision is one). */
export interface ShadowedDecision {
  actions: Array<{ side: "buy" | "sell"; symbol: string; quantity: number; limitPriceKrw: number | null }>;
  justification: string;
}

export interface PromptShadow {
  id: number;
  version: number;
  startedAtMs: number;
  /** last KST trading date (YYYYMMDD, inclusive) */
  untilDate: string;
  stoppedAtMs: number | null;
  stopReason: string | null;
}

export interface ShadowRecord {
  shadowId: number;
  runId: string;
  version: number;
  activeVersion: number;
  decidedAtMs: number;
  /** the candidate's decision, or why it has none */
  decision: ShadowedDecision | null;
  error: string | null;
  /** the active version's decision in the same run, or why it had none */
  activeDecision: ShadowedDecision | null;
  activeError: string | null;
}

interface ShadowRow {
  id: number;
  version: string;
  started_at_ms: number;
  until_date: string;
  stopped_at_ms: number | null;
  stop_reason: string | null;
}

interface DecisionRow {
  shadow_id: number;
  run_id: string;
  version: string;
  active_version: string;
  decided_at_ms: number;
  decision_json: string | null;
  error: string | null;
  active_decision_json: string | null;
  active_error: string | null;
}

const toShadow = (r: ShadowRow): PromptShadow => ({
  id: r.id,
  version: Number(r.version),
  startedAtMs: r.started_at_ms,
  untilDate: r.until_date,
  stoppedAtMs: r.stopped_at_ms,
  stopReason: r.stop_reason,
});

const parsed = (json: string | null) => (json === null ? null : (JSON.parse(json) as ShadowedDecision));

const toRecord = (r: DecisionRow): ShadowRecord => ({
  shadowId: r.shadow_id,
  runId: r.run_id,
  version: Number(r.version),
  activeVersion: Number(r.active_version),
  decidedAtMs: r.decided_at_ms,
  decision: parsed(r.decision_json),
  error: r.error,
  activeDecision: parsed(r.active_decision_json),
  activeError: r.active_error,
});

export type PromptShadowsRepo = ReturnType<typeof createPromptShadowsRepo>;

export function createPromptShadowsRepo(db: Db) {
  const insertShadow = db.prepare<[string, number, string], { id: number }>(
    "INSERT INTO prompt_shadows (version, started_at_ms, until_date) VALUES (?, ?, ?) RETURNING id",
  );
  const running = db.prepare<[], ShadowRow>("SELECT * FROM prompt_shadows WHERE stopped_at_ms IS NULL ORDER BY id DESC");
  const stop = db.prepare<[number, string, number]>(
    "UPDATE prompt_shadows SET stopped_at_ms = ?, stop_reason = ? WHERE id = ? AND stopped_at_ms IS NULL",
  );
  const all = db.prepare<[], ShadowRow>("SELECT * FROM prompt_shadows ORDER BY id DESC");
  const insertDecision = db.prepare(
    `INSERT INTO shadow_decisions (shadow_id, run_id, version, active_version, decided_at_ms, decision_json, error, active_decision_json, active_error)
     VALUES (@shadow_id, @run_id, @version, @active_version, @decided_at_ms, @decision_json, @error, @active_decision_json, @active_error)
     ON CONFLICT (shadow_id, run_id) DO NOTHING`,
  );
  const decisionsOf = db.prepare<[number], DecisionRow>("SELECT * FROM shadow_decisions WHERE shadow_id = ? ORDER BY decided_at_ms, id");

  /** Ends shadowings whose last day has passed, so "running" means running. */
  const expire = (todayKst: string, nowMs: number) => {
    for (const r of running.all()) if (r.until_date < todayKst) stop.run(nowMs, `ran its days (until ${r.until_date})`, r.id);
  };
  return {
    /** Starts shadowing `version` until `untilDate`, stopping any shadowing still running. */
    start: db.transaction((version: number, untilDate: string, nowMs: number): PromptShadow => {
      for (const r of running.all()) stop.run(nowMs, `replaced by v${version}`, r.id);
      const { id } = insertShadow.get(String(version), nowMs, untilDate) as { id: number };
      return { id, version, startedAtMs: nowMs, untilDate, stoppedAtMs: null, stopReason: null };
    }),
    /** The shadowing that runs on `todayKst`, if any. */
    current(todayKst: string, nowMs: number): PromptShadow | null {
      expire(todayKst, nowMs);
      const row = running.get();
      return row ? toShadow(row) : null;
    },
    /** Stops the running shadowing; null when none runs. */
    stop(reason: string, nowMs: number): PromptShadow | null {
      const row = running.get();
      if (!row) return null;
      stop.run(nowMs, reason, row.id);
      return { ...toShadow(row), stoppedAtMs: nowMs, stopReason: reason };
    },
    list: (): PromptShadow[] => all.all().map(toShadow),
    /** Records a shadowed run; false when this run was already recorded (a resumed run). */
    record(r: ShadowRecord): boolean {
      const json = (d: ShadowedDecision | null) => (d === null ? null : JSON.stringify(d));
      return (
        insertDecision.run({
          shadow_id: r.shadowId,
          run_id: r.runId,
          version: String(r.version),
          active_version: String(r.activeVersion),
          decided_at_ms: r.decidedAtMs,
          decision_json: json(r.decision),
          error: r.error,
          active_decision_json: json(r.activeDecision),
          active_error: r.activeError,
        }).changes === 1
      );
    },
    decisions: (shadowId: number): ShadowRecord[] => decisionsOf.all(shadowId).map(toRecord),
  };
}
