/**
 * `kis-agent prompts`: the decision prompt's versions. `log` lists them with status, rules changed
 * and how each did (runs, trades, realised P&L, win rate, LLM cost); `show <v>`, `diff <a> <b>`
 * (coloured on a TTY); `eval <a> <b>` backtests both side by side (cli/prompts-eval.ts);
 * `shadow <v> | status | stop` runs a version beside the active one without orders (cli/prompts-shadow.ts);
 * `approve|reject <v>` decide a proposed version; `rollback <v>` makes an earlier version active again.
 * `log` and `show` include each version's stored evaluations (the activation gate's among them). Every subcommand takes --json and then prints one JSON document.
 */
import { formatKstIso, systemClock } from "../core/clock.js";
import { loadCommandConfig } from "../core/accounts.js";
import { AppError } from "../core/errors.js";
import { comparisonLine, type PromptComparison } from "../backtest/compare.js";
import { createPromptEvalsRepo, type PromptEvalsRepo } from "../db/prompt-evals-repo.js";
import { createPromptVersionsRepo, type PromptVersionRecord, type VersionUsage } from "../db/prompt-versions-repo.js";
import { createVersionedPromptStore, type VersionedPromptStore } from "../prompts/prompt-versions.js";
import { unifiedDiff } from "../prompts/unified-diff.js";
import { openLedger, promptSeed } from "../runtime/paths.js";
import { decidePromptVersion, resultsByVersion, type PromptDecision } from "../runtime/prompt-review.js";
import type { Repos } from "../runtime/repos.js";
import type { Command } from "./index.js";
import { parseCommandArgs, printJson, printTable } from "./output.js";
import { runPromptsEval } from "./prompts-eval.js";
import { runPromptsShadow, shadowDocument, shadowLines } from "./prompts-shadow.js";

const USAGE = `usage: kis-agent prompts log [--json]
       kis-agent prompts show <v> [--json]
       kis-agent prompts diff <a> <b> [--json]
       kis-agent prompts eval <a> <b> [--days N | --from YYYYMMDD --to YYYYMMDD] [--seeds K] [--json]
       kis-agent prompts shadow <v> [--days N] | status | stop [--json]
       kis-agent prompts approve <v> [--note <text>] [--json]
       kis-agent prompts reject <v> [--note <text>] [--json]
       kis-agent prompts rollback <v> [--note <text>] [--json]`;

const summary = (v: PromptVersionRecord) => ({
  version: v.version,
  parentVersion: v.parentVersion,
  status: v.status,
  statusReason: v.statusReason,
  author: v.author,
  reflectionRunId: v.reflectionRunId ?? null,
  createdAt: formatKstIso(v.createdAtMs),
  activatedAt: v.activatedAtMs ? formatKstIso(v.activatedAtMs) : null,
  rulesAdded: v.rulesAdded,
  rulesRetired: v.rulesRetired,
  changeLog: v.changeLog,
});

/** Red and green on a terminal; the diff itself otherwise. */
export function colourDiff(diff: string, tty: boolean): string {
  if (!tty) return diff;
  const paint = (line: string) =>
    line.startsWith("+++") || line.startsWith("---")
      ? `\x1b[1m${line}\x1b[0m`
      : line.startsWith("+")
        ? `\x1b[32m${line}\x1b[0m`
        : line.startsWith("-")
          ? `\x1b[31m${line}\x1b[0m`
          : line.startsWith("@@")
            ? `\x1b[36m${line}\x1b[0m`
            : line;
  return diff.split("\n").map(paint).join("\n");
}

function versionArg(text: string | undefined, name = "<v>"): number {
  const v = Number(text?.replace(/^v/, ""));
  if (!text || !Number.isInteger(v) || v <= 0)
    throw new AppError("DATA_INVALID", `Expected a version number for ${name}, received '${text ?? ""}'\n${USAGE}`);
  return v;
}

function mustGet(store: VersionedPromptStore, version: number): PromptVersionRecord {
  const found = store.record(version);
  if (!found) throw new AppError("NOT_FOUND", `No prompt version v${version}`);
  return found;
}

function log(
  store: VersionedPromptStore,
  repos: Repos,
  usage: ReadonlyMap<number, VersionUsage>,
  evals: PromptEvalsRepo<PromptComparison>,
  json: boolean,
): number {
  const results = resultsByVersion(store, repos, usage);
  const rows = store.list().map((v) => ({ ...summary(v), results: results.get(v.version), evaluations: evaluationsOf(evals, v.version) }));
  if (json) {
    printJson(rows);
    return 0;
  }
  printTable(
    [
      "v",
      "parent",
      "status",
      "author",
      "created (KST)",
      "+rules",
      "-rules",
      "runs",
      "trades",
      "P&L KRW",
      "win %",
      "cost $",
      "eval vs parent",
    ],
    rows.map((r) => [
      r.version,
      r.parentVersion ?? "-",
      r.status,
      r.author,
      r.createdAt.slice(0, 19),
      r.rulesAdded.length,
      r.rulesRetired.length,
      r.results?.runs ?? 0,
      r.results?.trades ?? 0,
      r.results?.realisedPnlKrw ?? 0,
      r.results?.winRatePct ?? "-",
      (r.results?.costUsd ?? 0).toFixed(4),
      evalCell(r.evaluations, r.version),
    ]),
  );
  // Why a version is not (or no longer) in force: a reviewer, the activation gate, a lost race.
  for (const r of rows.filter(
    (x) => x.status === "rejected" || x.statusReason.startsWith("evaluation") || x.statusReason.includes("; evaluation"),
  ))
    console.log(`v${r.version} ${r.status}: ${r.statusReason}`);
  return 0;
}

const evaluationsOf = (evals: PromptEvalsRepo<PromptComparison>, version: number) =>
  evals.forVersion(version).map((e) => ({
    id: e.id,
    purpose: e.purpose,
    verdict: e.verdict,
    reflectionRunId: e.reflectionRunId,
    createdAt: formatKstIso(e.createdAtMs),
    summary: comparisonLine(e.comparison),
    comparison: e.comparison,
  }));

/** The newest evaluation of this version as b: its total-return difference and the gate's verdict. */
function evalCell(evaluations: ReturnType<typeof evaluationsOf>, version: number): string {
  const e = evaluations.find((x) => x.comparison.b === version);
  if (!e) return "-";
  const d = e.comparison.difference.totalReturnPct;
  return `${d >= 0 ? "+" : ""}${d} pp vs v${e.comparison.a}${e.verdict ? ` (${e.verdict})` : ""}`;
}

/** approve / reject / rollback through the review function the web console uses too. */
function decide(
  store: VersionedPromptStore,
  repos: Repos,
  sub: PromptDecision,
  version: number,
  note: string | undefined,
  json: boolean,
): number {
  const doc = decidePromptVersion(store, repos, sub, mustGet(store, version), note, `kis-agent prompts ${sub}`);
  if (json) printJson(doc);
  else console.log(doc.ok ? `v${version} is ${doc.status}; active: v${doc.activeVersion}` : `cannot ${sub} v${version}: ${doc.reason}`);
  return doc.ok ? 0 : 1;
}

export const command: Command = {
  async run(args) {
    if (args[0] === "eval") return runPromptsEval(args.slice(1));
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: "boolean", default: false },
      note: { type: "string" },
      days: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    });
    const [sub, a, b] = positionals;
    if (values.help || !sub) {
      console.log(USAGE);
      return values.help ? 0 : 2;
    }
    const config = loadCommandConfig();
    const ledger = openLedger(config);
    try {
      const repo = createPromptVersionsRepo(ledger.db);
      const store = createVersionedPromptStore({ repo, clock: systemClock, dataDir: config.dataDir, ...promptSeed(config) });
      store.active(); // version 1 exists from the first use on
      switch (sub) {
        case "log":
          return log(store, ledger.repos, repo.usageByVersion(), createPromptEvalsRepo<PromptComparison>(ledger.db), values.json);
        case "show": {
          const v = mustGet(store, versionArg(a));
          const evaluations = evaluationsOf(createPromptEvalsRepo<PromptComparison>(ledger.db), v.version);
          const shadows = ledger.repos.shadows
            .list()
            .filter((s) => s.version === v.version)
            .map((s) => shadowDocument(s, ledger.repos.shadows));
          if (values.json) printJson({ ...summary(v), text: v.text, diff: v.diff, verdicts: v.verdicts, evaluations, shadows });
          else {
            process.stdout.write(v.text);
            // The reviewer's evidence beside the text, on stderr so the text stays a clean prompt file.
            for (const e of evaluations)
              process.stderr.write(
                `evaluation ${e.createdAt.slice(0, 16)} (${e.purpose}${e.verdict ? `, ${e.verdict}` : ""}): ${e.summary}\n`,
              );
            for (const s of shadows) process.stderr.write(`${shadowLines(s, 3).join("\n")}\n`);
          }
          return 0;
        }
        case "diff": {
          const [from, to] = [mustGet(store, versionArg(a, "<a>")), mustGet(store, versionArg(b, "<b>"))];
          const diff = unifiedDiff(from.text, to.text, { from: `v${from.version}`, to: `v${to.version}` });
          if (values.json) printJson({ from: from.version, to: to.version, identical: diff === "", diff });
          else process.stdout.write(colourDiff(diff, process.stdout.isTTY === true));
          return 0;
        }
        case "shadow":
          return runPromptsShadow(positionals.slice(1), values, store, ledger.repos.shadows);
        case "approve":
        case "reject":
        case "rollback":
          return decide(store, ledger.repos, sub, versionArg(a), values.note, values.json);
        default:
          throw new AppError("DATA_INVALID", `Unknown prompts subcommand '${sub}'\n${USAGE}`);
      }
    } finally {
      ledger.close();
    }
  },
};
