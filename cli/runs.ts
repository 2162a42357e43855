/**
 * `kis-agent runs`: the run ledger. `runs [--limit N] [--json]` lists recent runs; `runs show <id>`
 * prints one with its report and its investigation's tool calls (`toolCalls` in --json); `runs approve|reject <id> [--note …]` answers a run waiting for approval.
 */
import { formatKstIso, kstParts } from "../core/clock.js";
import { loadCommandConfig } from "../core/accounts.js";
import { AppError } from "../core/errors.js";
import type { GraphRun } from "../db/runs-repo.js";
import type { ToolCallRow } from "../db/tool-calls-repo.js";
import { createAgent } from "../runtime/agent.js";
import { createRuntime } from "../runtime/create-runtime.js";
import { marketNow } from "../runtime/mode.js";
import { openLedger } from "../runtime/paths.js";
import type { Command } from "./index.js";
import { parseCommandArgs, printJson, printTable } from "./output.js";
import { printRun } from "./run.js";

const USAGE = `usage: kis-agent runs [--limit N] [--json]
       kis-agent runs show <run-id> [--json]
       kis-agent runs approve <run-id> [--note <text>] [--json]
       kis-agent runs reject <run-id> [--note <text>] [--json]`;

const view = (r: GraphRun) => ({
  ...r,
  costUsd: r.costUsdMicros / 1_000_000,
  startedAt: formatKstIso(r.startedAtMs),
  endedAt: r.endedAtMs ? formatKstIso(r.endedAtMs) : null,
});

/** A trading run waiting for approval: how old its decision is and how long an answer still counts. */
function pending(r: GraphRun, nowMs: number, ttlSeconds: number) {
  if (r.graph !== "trading" || r.status !== "interrupted") return null;
  const ageSeconds = Math.max(0, Math.round((nowMs - r.startedAtMs) / 1_000));
  return {
    ageSeconds,
    expiresInSeconds: Math.max(0, ttlSeconds - ageSeconds),
    sameDay: kstParts(nowMs).date === kstParts(r.startedAtMs).date,
  };
}

const waitingText = (p: ReturnType<typeof pending>) =>
  !p
    ? ""
    : p.expiresInSeconds > 0 && p.sameDay
      ? `${Math.floor(p.ageSeconds / 60)}m${p.ageSeconds % 60}s, ${p.expiresInSeconds}s left`
      : `${Math.floor(p.ageSeconds / 60)}m old: expired`;

/** The investigation's tool calls: what was asked, how long it took, how much came back, or why it failed. */
function printToolCalls(calls: ToolCallRow[]): void {
  console.log(`\ntool calls (${calls.length}):`);
  printTable(
    ["tool", "arguments", "ms", "chars", "result"],
    calls.map((c) => [
      c.tool,
      JSON.stringify(c.args).slice(0, 60),
      c.latencyMs,
      c.resultChars,
      c.error ? (c.error.split("\n")[0]?.slice(0, 80) ?? "") : c.cached ? "cached" : "ok",
    ]),
  );
}

async function answer(runId: string, approve: boolean, note: string | undefined, json: boolean): Promise<number> {
  const config = loadCommandConfig();
  const ledger = openLedger(config);
  const run = ledger.repos.runs.get(runId);
  ledger.close();
  if (!run) throw new AppError("NOT_FOUND", `No run ${runId}`);
  if (run.status !== "interrupted") throw new AppError("DATA_INVALID", `Run ${runId} is ${run.status}, not waiting for approval`);
  const rt = await createRuntime({ config });
  try {
    const agent = createAgent(rt);
    if (run.graph === "reflection") {
      const result = await agent.answerReflectionApproval(runId, { approve, ...(note ? { note } : {}) });
      if (json) printJson(result);
      else console.log(result.report);
      return result.status === "failed" ? 1 : 0;
    }
    const result = await agent.answerApproval(runId, { approve, ...(note ? { note } : {}) });
    printRun(result, json);
    return result.status === "failed" || result.status === "expired" ? 1 : 0;
  } finally {
    await rt.close();
  }
}

export const command: Command = {
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: "boolean", default: false },
      limit: { type: "string" },
      note: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const [sub, runId] = positionals;
    if (sub === "approve" || sub === "reject") {
      if (!runId) throw new AppError("DATA_INVALID", `runs ${sub} needs a run id\n${USAGE}`);
      return answer(runId, sub === "approve", values.note, values.json);
    }
    const config = loadCommandConfig();
    const ledger = openLedger(config);
    try {
      if (sub === "show") {
        const run = runId ? ledger.repos.runs.get(runId) : undefined;
        if (!run) throw new AppError("NOT_FOUND", `No run ${runId ?? "(missing id)"}`);
        const toolCalls = ledger.repos.toolCalls.listByRun(run.runId);
        if (values.json)
          printJson({
            ...view(run),
            llmCalls: ledger.repos.llmCalls.listByRun(run.runId),
            toolCalls,
            riskEvents: ledger.repos.riskEvents.listByRun(run.runId),
            trades: ledger.repos.trades.listByRun(run.runId),
          });
        else {
          console.log(
            `${run.runId} ${run.graph} ${run.status} (${run.trigger}) prompt v${run.promptVersion ?? "-"}\n\n${run.summary || run.error || ""}`,
          );
          if (toolCalls.length > 0) printToolCalls(toolCalls);
        }
        return 0;
      }
      if (sub !== undefined) throw new AppError("DATA_INVALID", `Unknown runs subcommand '${sub}'\n${USAGE}`);
      const limit = Number(values.limit ?? 20);
      if (!Number.isInteger(limit) || limit <= 0)
        throw new AppError("DATA_INVALID", `--limit: expected a positive whole number, received '${values.limit}'`);
      const runs = ledger.repos.runs.listRecent(limit);
      const { nowMs } = await marketNow(config);
      const ttl = config.approval.ttlSeconds;
      if (values.json) printJson(runs.map((r) => ({ ...view(r), pendingApproval: pending(r, nowMs, ttl) })));
      else
        printTable(
          ["started (KST)", "run", "graph", "trigger", "status", "approval wait", "prompt", "orders", "llm", "tokens in", "cost $"],
          runs.map((r) => [
            formatKstIso(r.startedAtMs).slice(0, 19),
            r.runId,
            r.graph,
            r.trigger,
            r.status,
            waitingText(pending(r, nowMs, ttl)) || "-",
            r.promptVersion ?? "-",
            r.orders,
            r.llmCalls,
            r.inputTokens,
            (r.costUsdMicros / 1e6).toFixed(4),
          ]),
        );
      return 0;
    } finally {
      ledger.close();
    }
  },
};
