/** The run ledger (graph_runs): one row per graph run with its trigger, prompt version, LLM usage, cost and orders. */
import type { Db } from "./database.js";

export type RunGraph = "trading" | "reflection";
export type RunTrigger = "schedule" | "event" | "manual" | "replay";
/** expired: a trading run whose approval came too late; it sent nothing (migration 0007) */
export type RunStatus = "running" | "succeeded" | "failed" | "interrupted" | "expired";

export interface GraphRun {
  runId: string;
  graph: RunGraph;
  trigger: RunTrigger;
  status: RunStatus;
  promptVersion?: string;
  llmCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsdMicros: number;
  orders: number;
  summary: string;
  error?: string;
  startedAtMs: number;
  endedAtMs?: number;
}

export interface RunUsage {
  llmCalls?: number;
  inputTokens?: number;
  outputTokens?: number;
  costUsdMicros?: number;
  orders?: number;
}

interface RunRow {
  run_id: string;
  graph: RunGraph;
  trigger: RunTrigger;
  status: RunStatus;
  prompt_version: string | null;
  llm_calls: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd_micros: number;
  orders: number;
  summary: string;
  error: string | null;
  started_at_ms: number;
  ended_at_ms: number | null;
}

export function toGraphRun(row: RunRow): GraphRun {
  const run: GraphRun = {
    runId: row.run_id,
    graph: row.graph,
    trigger: row.trigger,
    status: row.status,
    llmCalls: row.llm_calls,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    costUsdMicros: row.cost_usd_micros,
    orders: row.orders,
    summary: row.summary,
    startedAtMs: row.started_at_ms,
  };
  if (row.prompt_version !== null) run.promptVersion = row.prompt_version;
  if (row.error !== null) run.error = row.error;
  if (row.ended_at_ms !== null) run.endedAtMs = row.ended_at_ms;
  return run;
}

export type RunsRepo = ReturnType<typeof createRunsRepo>;

export function createRunsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO graph_runs (run_id, graph, trigger, status, prompt_version, started_at_ms)
     VALUES (@run_id, @graph, @trigger, 'running', @prompt_version, @now)`,
  );
  const addUsage = db.prepare(
    `UPDATE graph_runs SET llm_calls = llm_calls + @llm_calls, input_tokens = input_tokens + @input_tokens,
       output_tokens = output_tokens + @output_tokens, cost_usd_micros = cost_usd_micros + @cost, orders = orders + @orders
     WHERE run_id = @run_id`,
  );
  const finish = db.prepare(
    "UPDATE graph_runs SET status = @status, summary = @summary, error = @error, ended_at_ms = @now WHERE run_id = @run_id",
  );
  const byId = db.prepare<[string], RunRow>("SELECT * FROM graph_runs WHERE run_id = ?");
  const recent = db.prepare<[number], RunRow>("SELECT * FROM graph_runs ORDER BY started_at_ms DESC, run_id DESC LIMIT ?");

  return {
    start(run: { runId: string; graph: RunGraph; trigger: RunTrigger; promptVersion?: string }, nowMs: number): void {
      insert.run({ run_id: run.runId, graph: run.graph, trigger: run.trigger, prompt_version: run.promptVersion ?? null, now: nowMs });
    },
    /** Adds to the run's counters (each LLM call or order adds its share). */
    addUsage(runId: string, usage: RunUsage): void {
      addUsage.run({
        run_id: runId,
        llm_calls: usage.llmCalls ?? 0,
        input_tokens: usage.inputTokens ?? 0,
        output_tokens: usage.outputTokens ?? 0,
        cost: usage.costUsdMicros ?? 0,
        orders: usage.orders ?? 0,
      });
    },
    finish(runId: string, outcome: { status: Exclude<RunStatus, "running">; summary?: string; error?: string }, nowMs: number): void {
      finish.run({ run_id: runId, status: outcome.status, summary: outcome.summary ?? "", error: outcome.error ?? null, now: nowMs });
    },
    get(runId: string): GraphRun | undefined {
      const row = byId.get(runId);
      return row && toGraphRun(row);
    },
    /** Newest first. */
    listRecent(limit = 20): GraphRun[] {
      return recent.all(limit).map(toGraphRun);
    },
  };
}
