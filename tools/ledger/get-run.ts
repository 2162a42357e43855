/** Read-only ledger tool: one run with its model calls, tool calls and the risk limits that fired. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { AppError } from "../../core/errors.js";
import { answer, table } from "../tool-result.js";
import type { LedgerReader } from "./ledger-port.js";
import { brief } from "./period.js";

const GetRunArgs = z.object({
  runId: z.string().min(1).max(80).describe("A run id as get_trades shows it, e.g. trading-20261123-100000-ab12cd"),
});

export function createGetRunTool({ ledger }: { ledger: LedgerReader }) {
  return tool(
    ({ runId }) =>
      answer(async () => {
        const run = ledger.runs.get(runId);
        if (!run) throw new AppError("NOT_FOUND", `no run ${runId}`);
        const llmCalls = ledger.llmCalls.listByRun(runId).map((c) => ({
          node: c.node,
          model: c.model,
          inputTokens: c.inputTokens,
          outputTokens: c.outputTokens,
          status: c.status,
          error: c.error ? brief(c.error) : null,
        }));
        const toolCalls = ledger.toolCalls
          .listByRun(runId)
          .map((c) => ({ tool: c.tool, args: brief(JSON.stringify(c.args), 60), error: c.error ? brief(c.error) : null }));
        const riskEvents = ledger.riskEvents
          .listByRun(runId)
          .map((e) => ({ symbol: e.symbol, side: e.side, kind: e.kind, code: e.code, reason: brief(e.reason) }));
        return {
          runId,
          graph: run.graph,
          trigger: run.trigger,
          status: run.status,
          promptVersion: run.promptVersion ?? null,
          orders: run.orders,
          summary: brief(run.summary, 400),
          llmCalls: table(llmCalls, ["node", "model", "inputTokens", "outputTokens", "status", "error"]),
          toolCalls: table(toolCalls, ["tool", "args", "error"]),
          riskEvents: table(riskEvents, ["symbol", "side", "kind", "code", "reason"]),
        };
      }),
    {
      name: "get_run",
      description:
        "One trading or reflection run: trigger, status, prompt version, summary, its model calls, tool calls and the risk limits that fired. Read-only.",
      schema: GetRunArgs,
    },
  );
}
