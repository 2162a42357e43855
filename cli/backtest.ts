/**
 * `kis-agent backtest --from D --to D [--seed N] [--prompt-version V [--from-ledger DIR]]
 * [--data generated|recorded [FILE]|csv DIR|history [DIR]] [--out DIR] [--json]`: the agent over a period through the same graphs, jobs
 * and schedule as live (the replay), in a fresh ledger under --out, trading with one prompt version;
 * prints the report and writes report.json and equity.html (uPlot inlined: no network needed).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadCommandConfig } from "../core/accounts.js";
import { loadConfig } from "../core/config.js";
import { AppError } from "../core/errors.js";
import { renderEquityHtml } from "../backtest/equity-html.js";
import { renderBacktestReport, type BacktestReport } from "../backtest/report.js";
import { createPromptVersionsRepo } from "../db/prompt-versions-repo.js";
import { runBacktest, type BacktestPrompt } from "../runtime/backtest.js";
import { databaseFile, openLedger } from "../runtime/paths.js";
import { wholeNumber } from "./demo.js";
import type { Command } from "./index.js";
import { parseCommandArgs, printJson } from "./output.js";
import { DATA_USAGE, marketDataArg } from "./market-data-arg.js";
import { replayProgress } from "./progress.js";

const USAGE = `usage: kis-agent backtest --from YYYYMMDD --to YYYYMMDD [options]

Runs the agent over the KRX trading days of the period through the same schedule, tick pipeline,
graphs and jobs that run live (the demo's replay, without its reflection), in a fresh ledger, and
reports total return against buy-and-hold of the universe and KOSPI, annualised Sharpe and Sortino,
max drawdown, win rate, profit factor, turnover, trades, model calls, tokens and cost.

options:
  --from YYYYMMDD       first day                                      required
  --to YYYYMMDD         last day (inclusive)                           required
  --seed N              seed of the generated market                   default KIS_SIM_SEED, else 42
  --prompt-version V    trade with version V of the decision prompt    default prompts/core-decision.md
  --from-ledger DIR     the data directory whose ledger holds V        default DATA_DIR (--data-dir)
${DATA_USAGE}
  --out DIR             report.json, equity.html and the ledger (DIR/ledger, replaced)
                                                                       default DATA_DIR/backtest
  --json                print one JSON document instead of text`;

const DATE = /^\d{8}$/;

export function dateArg(name: string, raw: string | undefined): string {
  if (raw === undefined) throw new AppError("DATA_INVALID", `--${name} YYYYMMDD is required\n${USAGE}`);
  if (!DATE.test(raw)) throw new AppError("DATA_INVALID", `--${name}: expected YYYYMMDD, received '${raw}'`);
  return raw;
}

/** Version V of the decision prompt as stored in the ledger of `dataDir`; NOT_FOUND when absent. */
export function promptFromLedger(dataDir: string, version: number): BacktestPrompt {
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir });
  if (!existsSync(databaseFile(config)))
    throw new AppError("NOT_FOUND", `No ledger at ${databaseFile(config)} (--from-ledger / --data-dir)`);
  const ledger = openLedger(config);
  try {
    const found = createPromptVersionsRepo(ledger.db).get(version);
    if (!found) throw new AppError("NOT_FOUND", `No prompt version v${version} in ${databaseFile(config)}`);
    return { version, text: found.text, source: `v${version} of ${resolve(dataDir)}` };
  } finally {
    ledger.close();
  }
}

const UPLOT = new URL("../node_modules/uplot/dist/", import.meta.url);

/** report.json and equity.html into `out`; returns their paths. */
export function writeBacktestFiles(out: string, report: BacktestReport): { report: string; equity: string } {
  const files = { report: join(out, "report.json"), equity: join(out, "equity.html") };
  const uplot = {
    js: readFileSync(new URL("uPlot.iife.min.js", UPLOT), "utf8"),
    css: readFileSync(new URL("uPlot.min.css", UPLOT), "utf8"),
  };
  writeFileSync(files.report, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files.equity, renderEquityHtml(report, uplot, renderBacktestReport(report)));
  return files;
}

export const command: Command = {
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      from: { type: "string" },
      to: { type: "string" },
      seed: { type: "string" },
      "prompt-version": { type: "string" },
      "from-ledger": { type: "string" },
      data: { type: "string" },
      history: { type: "string" },
      out: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const [from, to] = [dateArg("from", values.from), dateArg("to", values.to)];
    if (from > to) throw new AppError("DATA_INVALID", `--from ${from} is after --to ${to}`);
    const config = loadCommandConfig();
    const market = marketDataArg(values, positionals, config);
    const seed = wholeNumber("seed", values.seed, config.sim.seed, 2 ** 31);
    const version =
      values["prompt-version"] === undefined
        ? undefined
        : wholeNumber("prompt-version", values["prompt-version"].replace(/^v/, ""), 1, 1_000_000);
    if (values["from-ledger"] !== undefined && version === undefined)
      throw new AppError("DATA_INVALID", "--from-ledger needs --prompt-version");
    const prompt = version === undefined ? undefined : promptFromLedger(values["from-ledger"] ?? config.dataDir, version);
    const out = values.out ?? join(config.dataDir, "backtest");
    const dataDir = join(out, "ledger");
    const progress = replayProgress({ quiet: values.json, label: "backtest" });
    const report = await runBacktest({
      from,
      to,
      seed,
      dataDir,
      market,
      env: process.env,
      onProgress: progress.onProgress,
      ...(prompt ? { prompt } : {}),
    });
    progress.done();
    mkdirSync(out, { recursive: true });
    const files = writeBacktestFiles(out, report);
    if (values.json) printJson({ ...report, files: { ...files, ledger: dataDir } });
    else
      console.log(
        [
          renderBacktestReport(report),
          "",
          `equity curve: ${files.equity}`,
          `report: ${files.report}`,
          `ledger: kis-agent --data-dir ${dataDir} trades`,
        ].join("\n"),
      );
    return 0;
  },
};
