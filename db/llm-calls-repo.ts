/** One row per LLM call: node, model, tokens, cost and latency, for the run ledger and cost reports. */
import type { Db } from "./database.js";

export interface LlmCallRecord {
  id: number;
  runId?: string;
  node: string;
  provider: string;
  model: string;
  promptVersion?: string;
  promptText: string;
  responseText: string;
  inputTokens: number;
  outputTokens: number;
  costUsdMicros: number;
  latencyMs: number;
  status: "ok" | "error";
  error?: string;
  createdAtMs: number;
}

export type NewLlmCall = Omit<LlmCallRecord, "id" | "createdAtMs">;

interface LlmCallRow {
  id: number;
  run_id: string | null;
  node: string;
  provider: string;
  model: string;
  prompt_version: string | null;
  prompt_text: string;
  response_text: string;
  input_tokens: number;
  output_tokens: number;
  cost_usd_micros: number;
  latency_ms: number;
  status: "ok" | "error";
  error: string | null;
  created_at_ms: number;
}

export function toLlmCallRecord(row: LlmCallRow): LlmCallRecord {
  const call: LlmCallRecord = {
    id: row.id,
    node: row.node,
    provider: row.provider,
    model: row.model,
    promptText: row.prompt_text,
    responseText: row.response_text,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    costUsdMicros: row.cost_usd_micros,
    latencyMs: row.latency_ms,
    status: row.status,
    createdAtMs: row.created_at_ms,
  };
  if (row.run_id !== null) call.runId = row.run_id;
  if (row.prompt_version !== null) call.promptVersion = row.prompt_version;
  if (row.error !== null) call.error = row.error;
  return call;
}

export type LlmCallsRepo = ReturnType<typeof createLlmCallsRepo>;

export function createLlmCallsRepo(db: Db) {
  const insert = db.prepare<unknown[], { id: number }>(
    `INSERT INTO llm_calls (run_id, node, provider, model, prompt_version, prompt_text, response_text, input_tokens, output_tokens, cost_usd_micros, latency_ms, status, error, created_at_ms)
     VALUES (@run_id, @node, @provider, @model, @prompt_version, @prompt_text, @response_text, @input_tokens, @output_tokens, @cost, @latency_ms, @status, @error, @now) RETURNING id`,
  );
  const byRun = db.prepare<[string], LlmCallRow>("SELECT * FROM llm_calls WHERE run_id = ? ORDER BY id");
  return {
    insert(call: NewLlmCall, nowMs: number): number {
      return Number(
        insert.get({
          run_id: call.runId ?? null,
          node: call.node,
          provider: call.provider,
          model: call.model,
          prompt_version: call.promptVersion ?? null,
          prompt_text: call.promptText,
          response_text: call.responseText,
          input_tokens: call.inputTokens,
          output_tokens: call.outputTokens,
          cost: call.costUsdMicros,
          latency_ms: call.latencyMs,
          status: call.status,
          error: call.error ?? null,
          now: nowMs,
        })!.id,
      );
    },
    listByRun(runId: string): LlmCallRecord[] {
      return byRun.all(runId).map(toLlmCallRecord);
    },
  };
}
