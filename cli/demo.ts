/**
 * `kis-agent demo [--days N] [--seed S] [--json]`: replays simulated trading days at full speed —
 * the simulator, the live tick pipeline and triggers, the live schedule on the simulated clock, the
 * trading graph, finalize, then the weekly reflection — and reports what happened. Offline unless
 * an LLM is configured. Writes to DATA_DIR/demo, replaced on every run.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../core/config.js";
import { AppError } from "../core/errors.js";
import { renderReplayReport } from "../runtime/replay-report.js";
import { runReplay, type ReplayProgress } from "../runtime/replay.js";
import type { Command } from "./index.js";
import { parseCommandArgs, printJson } from "./output.js";

const USAGE = `usage: kis-agent demo [--days N] [--seed S] [--start YYYYMMDD] [--json]

Replays N simulated KRX trading days at full speed through the same schedule, tick pipeline and
graphs that run live, then the weekly reflection, and prints a report: trades, P&L against
buy-and-hold of the universe, runs, model calls and cost, and the new prompt version's diff.

options:
  --days N          trading days to replay                   default 8 (~12 s each; the weekly
                    reflection needs a week of outcomes to write a new prompt version)
  --seed S          seed of the simulated market              default 42
  --start YYYYMMDD  first day (a KRX trading day)             default the next trading day
  --json            print one JSON document instead of text`;

function wholeNumber(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new AppError("DATA_INVALID", `--${name}: expected a whole number from 1 to ${max}, received '${raw}'`);
  return n;
}

function progressBar(p: ReplayProgress): void {
  const width = 30;
  const filled = Math.round(p.fraction * width);
  process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${(p.fraction * 100).toFixed(0).padStart(3)}%  day ${p.dayIndex + 1}/${p.days} ${p.simulatedTime.slice(11, 16)} KST  ${p.tradingRuns} run(s)`);
}

export const command: Command = {
  async run(args) {
    const { values } = parseCommandArgs(args, {
      days: { type: "string" }, seed: { type: "string" }, start: { type: "string" }, json: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const days = wholeNumber("days", values.days, 8, 60);
    const seed = wholeNumber("seed", values.seed, 42, 2 ** 31);
    if (values.start !== undefined && !/^\d{8}$/.test(values.start)) throw new AppError("DATA_INVALID", `--start: expected YYYYMMDD, received '${values.start}'`);
    const config = loadConfig();
    const dataDir = join(config.dataDir, "demo");
    rmSync(dataDir, { recursive: true, force: true });
    const tty = process.stderr.isTTY && !values.json;
    let lastPercent = -1;
    const summary = await runReplay({
      days, seed, dataDir, env: process.env, ...(values.start ? { startDate: values.start } : {}),
      onProgress: (p) => {
        const percent = Math.floor(p.fraction * 100);
        if (percent === lastPercent) return;
        lastPercent = percent;
        if (tty) progressBar(p);
        else if (!values.json && percent % 10 === 0) process.stderr.write(`${percent}% day ${p.dayIndex + 1}/${p.days} ${p.simulatedTime}\n`);
      },
    });
    if (tty) process.stderr.write("\n");
    if (values.json) printJson(summary);
    else console.log(renderReplayReport(summary));
    return 0;
  },
};
