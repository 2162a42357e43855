/**
 * prompt_evals (migration 0010): evaluations of prompt version b against version a over the same
 * simulated markets, stored with the versions so `prompts log`, `prompts show` and the console can
 * show them. The evaluation document itself is JSON; the headline figures are columns.
 */
import type { Db } from "./database.js";

/** What the columns hold of an evaluation (backtest/compare.ts's PromptComparison); the whole document is kept as JSON. */
export interface EvalHeadline {
  a: number;
  b: number;
  from: string;
  to: string;
  seeds: number[];
  difference: { meanDailyPct: number; lowPct: number; highPct: number; totalReturnPct: number };
}

export interface PromptEvalRecord<C extends EvalHeadline = EvalHeadline> {
  id: number;
  purpose: "manual" | "gate";
  reflectionRunId: string | null;
  verdict: "pass" | "fail" | null;
  comparison: C;
  createdAtMs: number;
}

interface Row {
  id: number;
  purpose: "manual" | "gate";
  reflection_run_id: string | null;
  verdict: "pass" | "fail" | null;
  result_json: string;
  created_at_ms: number;
}

const toRecord = <C extends EvalHeadline>(r: Row): PromptEvalRecord<C> => ({
  id: r.id,
  purpose: r.purpose,
  reflectionRunId: r.reflection_run_id,
  verdict: r.verdict,
  comparison: JSON.parse(r.result_json) as C,
  createdAtMs: r.created_at_ms,
});

export type PromptEvalsRepo<C extends EvalHeadline = EvalHeadline> = ReturnType<typeof createPromptEvalsRepo<C>>;

/** `C` is the evaluation document's type, owned by the layer that computes it. */
export function createPromptEvalsRepo<C extends EvalHeadline = EvalHeadline>(db: Db) {
  const insert = db.prepare<unknown[], { id: number }>(
    `INSERT INTO prompt_evals (version_a, version_b, purpose, reflection_run_id, from_date, to_date, seeds_json, mean_diff_pct, low_pct, high_pct,
       total_diff_pct, verdict, result_json, created_at_ms)
     VALUES (@a, @b, @purpose, @run, @from, @to, @seeds, @mean, @low, @high, @total, @verdict, @json, @now) RETURNING id`,
  );
  const ofVersion = db.prepare<[string, string], Row>("SELECT * FROM prompt_evals WHERE version_a = ? OR version_b = ? ORDER BY id DESC");
  const ofRun = db.prepare<[string, string, string], Row>(
    "SELECT * FROM prompt_evals WHERE reflection_run_id = ? AND version_a = ? AND version_b = ? AND purpose = 'gate' ORDER BY id DESC LIMIT 1",
  );
  return {
    insert(e: Omit<PromptEvalRecord<C>, "id">): number {
      const c = e.comparison;
      const d = c.difference;
      return Number(
        insert.get({
          a: String(c.a),
          b: String(c.b),
          purpose: e.purpose,
          run: e.reflectionRunId,
          from: c.from,
          to: c.to,
          seeds: JSON.stringify(c.seeds),
          mean: d.meanDailyPct,
          low: d.lowPct,
          high: d.highPct,
          total: d.totalReturnPct,
          verdict: e.verdict,
          json: JSON.stringify(c),
          now: e.createdAtMs,
        })!.id,
      );
    },
    /** Evaluations that name the version on either side, newest first. */
    forVersion: (version: number): PromptEvalRecord<C>[] => ofVersion.all(String(version), String(version)).map((r) => toRecord<C>(r)),
    /** The gate's evaluation for a reflection run's candidate against its parent (a resumed run reuses it). */
    gateOf(runId: string, active: number, candidate: number): PromptEvalRecord<C> | undefined {
      const row = ofRun.get(runId, String(active), String(candidate));
      return row && toRecord<C>(row);
    },
  };
}
