/** The tool calls of investigation loops (tool_calls), one row per call, listed by run. */
import type { Db } from "./database.js";

export interface ToolCallRow {
  id: number;
  runId: string;
  tool: string;
  args: unknown;
  latencyMs: number;
  resultChars: number;
  cached: boolean;
  error?: string;
  createdAtMs: number;
}

export type NewToolCall = Omit<ToolCallRow, "id" | "createdAtMs">;

interface Row {
  id: number;
  run_id: string;
  tool: string;
  args_json: string;
  latency_ms: number;
  result_chars: number;
  cached: number;
  error: string | null;
  created_at_ms: number;
}

function toToolCall(row: Row): ToolCallRow {
  const call: ToolCallRow = {
    id: row.id,
    runId: row.run_id,
    tool: row.tool,
    args: JSON.parse(row.args_json) as unknown,
    latencyMs: row.latency_ms,
    resultChars: row.result_chars,
    cached: row.cached === 1,
    createdAtMs: row.created_at_ms,
  };
  if (row.error !== null) call.error = row.error;
  return call;
}

export type ToolCallsRepo = ReturnType<typeof createToolCallsRepo>;

export function createToolCallsRepo(db: Db) {
  const insert = db.prepare<unknown[], { id: number }>(
    `INSERT INTO tool_calls (run_id, tool, args_json, latency_ms, result_chars, cached, error, created_at_ms)
     VALUES (@run_id, @tool, @args, @latency_ms, @result_chars, @cached, @error, @now) RETURNING id`,
  );
  const byRun = db.prepare<[string], Row>("SELECT * FROM tool_calls WHERE run_id = ? ORDER BY id");
  return {
    insert(call: NewToolCall, nowMs: number): number {
      return Number(
        insert.get({
          run_id: call.runId,
          tool: call.tool,
          args: JSON.stringify(call.args ?? null),
          latency_ms: call.latencyMs,
          result_chars: call.resultChars,
          cached: call.cached ? 1 : 0,
          error: call.error ?? null,
          now: nowMs,
        })!.id,
      );
    },
    listByRun(runId: string): ToolCallRow[] {
      return byRun.all(runId).map(toToolCall);
    },
  };
}
