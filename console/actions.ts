/**
 * What a person changes from the console, through the same functions as the CLI: halting (the
 * trading-state repository `kis-agent halt` writes), answering a waiting run (answerApproval /
 * answerReflectionApproval, as `kis-agent runs approve|reject`), and deciding a prompt version
 * (decidePromptVersion, as `kis-agent prompts approve|reject|rollback`).
 */
import { systemClock } from "../core/clock.js";
import { AppError } from "../core/errors.js";
import { answerReflectionApproval } from "../runtime/reflection.js";
import { tradesRealMoney } from "../runtime/mode.js";
import { decidePromptVersion, type PromptDecision } from "../runtime/prompt-review.js";
import { answerApproval } from "../runtime/trading.js";
import type { ConsoleContext } from "./context.js";

const VIA = "the web console";

/** Runs being answered now: a second click while the first resumes the graph is refused, not queued. */
const answering = new Set<string>();

export function haltTrading(ctx: ConsoleContext, reason: string) {
  const nowMs = systemClock.now();
  ctx.repos.tradingState.set("HALTED", reason, nowMs);
  ctx.repos.alerts.insert({ severity: "critical", source: "console", code: "TRADING_HALTED", message: `halt: ${reason}` }, nowMs);
  return ctx.repos.tradingState.get();
}

export async function answerRun(ctx: ConsoleContext, runId: string, approve: boolean, note: string | undefined) {
  const run = ctx.repos.runs.get(runId);
  if (!run) throw new AppError("NOT_FOUND", `No run ${runId}`);
  if (run.status !== "interrupted") throw new AppError("DATA_INVALID", `Run ${runId} is ${run.status}, not waiting for approval`);
  if (answering.has(runId)) throw new AppError("DATA_INVALID", `Run ${runId} is being answered already`);
  answering.add(runId);
  try {
    const rt = await ctx.runtime();
    const answer = { approve, note: `${note ? `${note} ` : ""}(${VIA})` };
    if (run.graph === "reflection") {
      const result = await answerReflectionApproval(rt, runId, answer);
      return { runId, status: result.status, report: result.report };
    }
    const result = await answerApproval(rt, runId, answer);
    return { runId, status: result.status, report: result.report, orders: result.orders, ...(result.error ? { error: result.error } : {}) };
  } finally {
    answering.delete(runId);
  }
}

/** In real mode the person types the version ("v3") to confirm; elsewhere a click is enough. */
export function decidePrompt(
  ctx: ConsoleContext,
  sub: PromptDecision,
  version: number,
  note: string | undefined,
  confirm: string | undefined,
) {
  const record = ctx.prompts.record(version);
  if (!record) throw new AppError("NOT_FOUND", `No prompt version v${version}`);
  if (tradesRealMoney(ctx.config) && confirm !== `v${version}`)
    throw new AppError("DATA_INVALID", `Type v${version} to confirm: this account trades real money`);
  return decidePromptVersion(ctx.prompts, ctx.repos, sub, record, note, `${VIA}: ${sub}`);
}
