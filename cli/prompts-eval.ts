/**
 * `kis-agent prompts eval <a> <b> [--days N | --from D --to D] [--seeds K] [--json]`: backtests
 * both versions over the same generated markets (seeds KIS_SIM_SEED … +K−1, the same days), prints
 * them side by side with the difference of their daily returns and its bootstrap interval, and
 * stores the evaluation with the versions (prompt_evals), where `prompts log` shows it.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { comparisonLine, type PromptComparison } from "../backtest/compare.js";
import { systemClock } from "../core/clock.js";
import { loadCommandConfig } from "../core/accounts.js";
import { AppError } from "../core/errors.js";
import { createPromptEvalsRepo } from "../db/prompt-evals-repo.js";
import { createPromptVersionsRepo } from "../db/prompt-versions-repo.js";
import { nextTradingDay } from "../venue/krx-calendar.js";
import { openLedger } from "../runtime/paths.js";
import { evaluatePrompts } from "../runtime/prompt-eval.js";
import { dateArg } from "./backtest.js";
import { DEMO_START, wholeNumber } from "./demo.js";
import { marketDataArg, DATA_USAGE } from "./market-data-arg.js";
import { parseCommandArgs, printJson, printTable } from "./output.js";

export const EVAL_USAGE = `usage: kis-agent prompts eval <a> <b> [--days N | --from YYYYMMDD --to YYYYMMDD] [--seeds K] [--data SOURCE] [--json]

Backtests versions a and b of the decision prompt over the same market — the same generated seeds
and days, or the same recorded period (--data) — with no reflection, side by side, with the mean difference of their daily returns (b − a)
and its 95% bootstrap interval (2,000 resamples, seeded). The result is stored with the versions.

options:
  --days N              trading days from ${DEMO_START}             default 5
  --from/--to YYYYMMDD  the period instead
  --seeds K             markets: seeds KIS_SIM_SEED … +K−1          default 1 (a recording is one market)
${DATA_USAGE}
  --json                print one JSON document`;

function period(values: { days?: string; from?: string; to?: string }): { from: string; to: string } {
  if (values.from !== undefined || values.to !== undefined) {
    if (values.days !== undefined) throw new AppError("DATA_INVALID", "prompts eval: give --days or --from/--to, not both");
    return { from: dateArg("from", values.from), to: dateArg("to", values.to) };
  }
  const days = wholeNumber("days", values.days, 5, 60);
  let to = DEMO_START;
  for (let n = 1; n < days; n++) to = nextTradingDay(to);
  return { from: DEMO_START, to };
}

const verdictOf = (c: PromptComparison) =>
  c.difference.highPct < 0
    ? `v${c.b} is worse than v${c.a}`
    : c.difference.lowPct > 0
      ? `v${c.b} is better than v${c.a}`
      : "no difference shown (the interval contains 0)";

function printComparison(c: PromptComparison): void {
  console.log(
    `v${c.a} vs v${c.b} over ${c.from}–${c.to} (${c.days} trading day(s)) on ${c.market && c.market !== "generated" ? `the recorded market (${c.market})` : `${c.seeds.length} generated market(s)`}`,
  );
  const pct = (n: number | null) => (n === null ? "-" : `${n}`);
  printTable(
    ["seed", `v${c.a} return %`, `v${c.b} return %`, `v${c.a} trips`, `v${c.b} trips`, `v${c.a} win %`, `v${c.b} win %`],
    c.runs.map((r) => [
      r.seed,
      r.a.totalReturnPct,
      r.b.totalReturnPct,
      r.a.roundTrips,
      r.b.roundTrips,
      pct(r.a.winRatePct),
      pct(r.b.winRatePct),
    ]),
  );
  const d = c.difference;
  console.log(`mean return: v${c.a} ${c.meanReturnPct.a}%, v${c.b} ${c.meanReturnPct.b}%`);
  console.log(
    `difference of daily returns (v${c.b} − v${c.a}): mean ${d.meanDailyPct} pp, ${Math.round(d.confidence * 100)}% interval [${d.lowPct}, ${d.highPct}] over ${d.samples} paired day(s), ${d.resamples} resamples; total ${d.totalReturnPct} pp`,
  );
  console.log(verdictOf(c));
}

export async function runPromptsEval(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    days: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    seeds: { type: "string" },
    data: { type: "string" },
    history: { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    console.log(EVAL_USAGE);
    return 0;
  }
  const [a, b] = positionals.slice(0, 2).map((p) => Number(p.replace(/^v/, "")));
  if (positionals.length < 2 || !Number.isInteger(a) || !Number.isInteger(b) || (a ?? 0) <= 0 || (b ?? 0) <= 0) {
    throw new AppError("DATA_INVALID", `prompts eval: expected two version numbers, received '${positionals.join(" ")}'\n${EVAL_USAGE}`);
  }
  const { from, to } = period(values);
  const config = loadCommandConfig();
  const market = marketDataArg(values, positionals.slice(2), config);
  const seeds = Array.from({ length: wholeNumber("seeds", values.seeds, 1, 20) }, (_, i) => config.sim.seed + i);
  const ledger = openLedger(config);
  try {
    const versions = createPromptVersionsRepo(ledger.db);
    const [va, vb] = [versions.get(a as number), versions.get(b as number)];
    if (!va || !vb) throw new AppError("NOT_FOUND", `No prompt version v${va ? b : a} in ${config.dataDir}`);
    const workDir = join(config.dataDir, "evals", `eval-v${a}-v${b}-${process.pid}`);
    const comparison = await evaluatePrompts({
      a: { version: va.version, text: va.text, source: `v${a}` },
      b: { version: vb.version, text: vb.text, source: `v${b}` },
      from,
      to,
      seeds,
      market,
      workDir,
      env: { ...process.env, LOG_LEVEL: "silent" },
      onProgress: (done, total) => {
        if (!values.json) process.stderr.write(`prompts eval: backtest ${done}/${total} done\n`);
      },
    }).finally(() => rmSync(workDir, { recursive: true, force: true }));
    const id = createPromptEvalsRepo(ledger.db).insert({
      purpose: "manual",
      reflectionRunId: null,
      verdict: null,
      comparison,
      createdAtMs: systemClock.now(),
    });
    if (values.json) printJson({ id, ...comparison, summary: comparisonLine(comparison), verdict: verdictOf(comparison) });
    else printComparison(comparison);
    return 0;
  } finally {
    ledger.close();
  }
}
