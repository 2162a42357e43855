/** Writes each LLM call to `llm_calls` and adds its tokens and cost to the run's ledger row, together. */
import type { Clock } from "../core/clock.js";
import { type Db, writeTransaction } from "../db/database.js";
import type { LlmCallsRepo } from "../db/llm-calls-repo.js";
import type { RunsRepo } from "../db/runs-repo.js";
import type { LlmCallSink } from "../nodes/plan.js";

export function createLlmLedger(db: Db, repos: { llmCalls: LlmCallsRepo; runs: RunsRepo }, clock: Clock): LlmCallSink {
  const write = writeTransaction(db, (call: Parameters<LlmCallSink["record"]>[0]) => {
    const costUsdMicros = Math.round(call.costUsd * 1_000_000);
    repos.llmCalls.insert(
      {
        runId: call.runId,
        node: call.node,
        provider: call.provider,
        model: call.model,
        promptVersion: String(call.promptVersion),
        promptText: call.promptText,
        responseText: call.responseText,
        inputTokens: call.inputTokens,
        outputTokens: call.outputTokens,
        costUsdMicros,
        latencyMs: call.latencyMs,
        status: call.ok ? "ok" : "error",
        ...(call.error ? { error: call.error } : {}),
      },
      clock.now(),
    );
    repos.runs.addUsage(call.runId, { llmCalls: 1, inputTokens: call.inputTokens, outputTokens: call.outputTokens, costUsdMicros });
  });
  return { record: (call) => write(call) };
}
