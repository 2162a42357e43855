/**
 * `kis-agent demo [--days N] [--seed S] [--json]`: replays simulated trading days at full speed —
 * the simulator, the live tick pipeline and triggers, the live schedule on the simulated clock, the
 * trading graph, finalize, then the weekly reflection — and reports what happened. Offline unless
 * an LLM is configured. Writes to DATA_DIR/demo, replaced on every run, and says how to open it.
 * The default period is fixed, so the same seed prints the same report on any day.
 */
import { rmSync } from "node:fs";
import { loadConfig, type AppConfig } from "../core/config.js";
import { AppError } from "../core/errors.js";
import { renderReplayReport } from "../runtime/replay-report.js";
import { simCommandPrefix } from "../runtime/mode.js";
import { demoDataDir } from "../runtime/paths.js";
import { runReplay } from "../runtime/replay.js";
import type { Command } from "./index.js";
import { parseCommandArgs, printJson } from "./output.js";
import { replayProgress } from "./progress.js";

/** Monday of two full KRX weeks with no holiday: the same seed gives the same report on any day. */
export const DEMO_START = "20261019";
export const DEMO_DAYS = 10;

const USAGE = `usage: kis-agent demo [--days N] [--seed S] [--start YYYYMMDD] [--json]

Replays N simulated KRX trading days at full speed through the same schedule, tick pipeline and
graphs that run live, then the weekly reflection, and prints a report: trades, P&L against
buy-and-hold of the universe, runs, model calls and cost, and the new prompt version's diff.

options:
  --days N          trading days to replay                   default ${DEMO_DAYS} (~12 s each; the weekly
                    reflection needs a week of outcomes to write a new prompt version)
  --seed S          seed of the simulated market              default KIS_SIM_SEED, else 42
  --start YYYYMMDD  first day (a KRX trading day)             default ${DEMO_START} (two KRX weeks, ${DEMO_START}–20261030)
  --json            print one JSON document instead of text

The demo's ledger stays in DATA_DIR/demo until the next demo: kis-agent --data-dir <it> prompts log | runs | trades.`;

export function wholeNumber(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new AppError("DATA_INVALID", `--${name}: expected a whole number from 1 to ${max}, received '${raw}'`);
  return n;
}

/** The commands that open the demo's ledger (sim mode: its files are named for it). */
export function ledgerCommands(config: AppConfig, dataDir: string): string[] {
  const prefix = `${simCommandPrefix(config)}kis-agent --data-dir ${dataDir}`;
  return [`${prefix} prompts log`, `${prefix} prompts diff 1 2`, `${prefix} runs`, `${prefix} trades`];
}

export const command: Command = {
  async run(args) {
    const { values } = parseCommandArgs(args, {
      days: { type: "string" },
      seed: { type: "string" },
      start: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const config = loadConfig();
    const days = wholeNumber("days", values.days, DEMO_DAYS, 60);
    const seed = values.seed === undefined ? config.sim.seed : wholeNumber("seed", values.seed, config.sim.seed, 2 ** 31);
    if (values.start !== undefined && !/^\d{8}$/.test(values.start))
      throw new AppError("DATA_INVALID", `--start: expected YYYYMMDD, received '${values.start}'`);
    const dataDir = demoDataDir(config);
    rmSync(dataDir, { recursive: true, force: true });
    const progress = replayProgress({ quiet: values.json });
    const summary = await runReplay({
      days,
      seed,
      dataDir,
      env: process.env,
      startDate: values.start ?? DEMO_START,
      onProgress: progress.onProgress,
    });
    progress.done();
    const ledger = { dataDir, commands: ledgerCommands(config, dataDir) };
    if (values.json) printJson({ ...summary, ledger });
    else
      console.log(
        [
          renderReplayReport(summary),
          "",
          `the demo's ledger is in ${dataDir}; open it with:`,
          ...ledger.commands.map((c) => `  ${c}`),
        ].join("\n"),
      );
    return 0;
  },
};
