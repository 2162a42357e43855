/** `kis-agent run trading [--json]`: one trading-graph run against KIS_ENV (sim by default, in-process). */
import { parseArgs } from "node:util";
import { AppError, errorMessage } from "../core/errors.js";
import { createRuntime } from "../runtime/create-runtime.js";
import { runTrading, type TradingRunResult } from "../runtime/trading.js";
import type { Command } from "./index.js";

const USAGE = `usage: kis-agent run trading [--json]

Runs the trading graph once (diagnose → analyze → plan → riskCheck → approve → execute → record)
against KIS_ENV (sim by default: the simulator starts in-process) and prints the run summary.

options:
  --json    print one JSON document: runId, status, actions, riskEvents, orders, alerts, report
  --help    show this help`;

export function printRun(result: TradingRunResult, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  console.log(result.report || `run ${result.runId}: ${result.status}`);
  if (result.status === "interrupted") console.log(`\nwaiting for approval: kis-agent runs approve ${result.runId}  (or: runs reject ${result.runId})`);
  if (result.error) console.log(`\nerror: ${result.error}`);
}

export const command: Command = {
  summary: "run one trading (or reflection) graph",
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { json: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } } });
    } catch (err) {
      throw new AppError("DATA_INVALID", errorMessage(err));
    }
    const [graph] = parsed.positionals;
    if (parsed.values.help || !graph) {
      console.log(USAGE);
      return parsed.values.help ? 0 : 2;
    }
    if (graph !== "trading") throw new AppError("DATA_INVALID", `Unknown graph '${graph}'; expected 'trading'`);
    const rt = await createRuntime();
    try {
      const result = await runTrading(rt);
      printRun(result, parsed.values.json);
      return result.status === "failed" ? 1 : 0;
    } finally {
      await rt.close();
    }
  },
};
