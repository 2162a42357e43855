/** `kis-agent run trading [--json]`: one trading-graph run against KIS_ENV (sim by default, in-process). */
import { parseArgs } from "node:util";
import { AppError, errorMessage } from "../core/errors.js";
import { createAgent } from "../runtime/agent.js";
import { createRuntime } from "../runtime/create-runtime.js";
import type { ReflectionRunResult } from "../runtime/reflection.js";
import type { TradingRunResult } from "../runtime/trading.js";
import type { Command } from "./index.js";

const USAGE = `usage: kis-agent run trading [--json]
       kis-agent run reflection [--json]

trading: runs the trading graph once (diagnose → analyze → plan → riskCheck → approve → execute →
record) against KIS_ENV (sim by default: the simulator starts in-process) and prints the run summary.
reflection: runs the reflection graph once (aggregate → analyze → generateRules → rewritePrompt →
activate) over the last 7 days and prints what it found and the prompt version it made.

options:
  --json    print one JSON document: runId, status, actions, riskEvents, orders, alerts, report
  --help    show this help`;

export function printRun(result: TradingRunResult, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  console.log(result.report || `run ${result.runId}: ${result.status}`);
  if (result.status === "interrupted")
    console.log(`\nwaiting for approval: kis-agent runs approve ${result.runId}  (or: runs reject ${result.runId})`);
  if (result.status === "expired")
    console.log(`\napproval expired: ${result.approval?.note ?? "too late"}. Nothing was sent; the run ended as expired.`);
  if (result.error) console.log(`\nerror: ${result.error}`);
}

export function printReflection(result: ReflectionRunResult, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  console.log(result.report);
  if (result.status === "interrupted")
    console.log(
      `\nwaiting for approval: kis-agent prompts diff ${result.parentVersion} ${result.proposedVersion}, then prompts approve|reject ${result.proposedVersion}`,
    );
  if (result.error) console.log(`\nerror: ${result.error}`);
}

export const command: Command = {
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        strict: true,
        options: { json: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
      });
    } catch (err) {
      throw new AppError("DATA_INVALID", errorMessage(err));
    }
    const [graph] = parsed.positionals;
    if (parsed.values.help || !graph) {
      console.log(USAGE);
      return parsed.values.help ? 0 : 2;
    }
    if (graph !== "trading" && graph !== "reflection")
      throw new AppError("DATA_INVALID", `Unknown graph '${graph}'; expected 'trading' or 'reflection'`);
    const rt = await createRuntime();
    try {
      const agent = createAgent(rt);
      if (graph === "trading") {
        const result = await agent.runTrading();
        printRun(result, parsed.values.json);
        return result.status === "failed" ? 1 : 0;
      }
      const result = await agent.runReflection();
      printReflection(result, parsed.values.json);
      return result.status === "failed" ? 1 : 0;
    } finally {
      await rt.close();
    }
  },
};
