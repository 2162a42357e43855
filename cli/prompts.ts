/**
 * `kis-agent prompts`: the decision prompt's versions. `log` lists them with status, rules changed
 * and how each did (runs, trades, realised P&L, win rate, LLM cost); `show <v>`, `diff <a> <b>`
 * (coloured on a TTY); `approve|reject <v>` decide a proposed version; `rollback <v>` makes an
 * earlier version active again. Every subcommand takes --json and then prints one JSON document.
 */
import { formatKstIso, systemClock } from "../core/clock.js";
import { loadConfig } from "../core/config.js";
import { AppError } from "../core/errors.js";
import { createPromptVersionsRepo, type ActivationResult, type PromptVersionRecord, type VersionUsage } from "../db/prompt-versions-repo.js";
import type { Trade } from "../db/trades-repo.js";
import { buildLedger, execution, intentFills, realizedPnlKrw, type FillSources } from "../ledger/round-trips.js";
import { createVersionedPromptStore, type VersionedPromptStore } from "../prompts/prompt-versions.js";
import { unifiedDiff } from "../prompts/unified-diff.js";
import { openLedger } from "../runtime/paths.js";
import type { Repos } from "../runtime/repos.js";
import type { Command } from "./index.js";
import { parseCommandArgs, printJson, printTable } from "./output.js";

const USAGE = `usage: kis-agent prompts log [--json]
       kis-agent prompts show <v> [--json]
       kis-agent prompts diff <a> <b> [--json]
       kis-agent prompts approve <v> [--note <text>] [--json]
       kis-agent prompts reject <v> [--note <text>] [--json]
       kis-agent prompts rollback <v> [--note <text>] [--json]`;

interface VersionResults {
  runs: number;
  trades: number;
  closed: number;
  realisedPnlKrw: number;
  winRatePct: number | null;
  llmCalls: number;
  costUsd: number;
}

/** Each version's trading results: runs and cost from the run ledger, round trips by the entry's version. */
export function resultsByVersion(store: VersionedPromptStore, repos: Repos, usage: ReadonlyMap<number, VersionUsage>): Map<number, VersionResults> {
  const trades: Trade[] = repos.trades.listBetween(0, Number.MAX_SAFE_INTEGER);
  const sources: FillSources = { byIntentKey: intentFills(repos.intents) };
  const trips = buildLedger(trades, sources).trips;
  const results = new Map<number, VersionResults>();
  for (const v of store.list()) {
    const own = trips.filter((t) => Number(t.entry.promptVersion) === v.version);
    const wins = own.filter((t) => t.pnlKrw > 0).length;
    const u = usage.get(v.version);
    results.set(v.version, {
      runs: u?.runs ?? 0,
      trades: trades.filter((t) => Number(t.promptVersion) === v.version && execution(t, sources)).length,
      closed: own.length,
      realisedPnlKrw: realizedPnlKrw(own, 0),
      winRatePct: own.length > 0 ? Math.round((wins / own.length) * 1000) / 10 : null,
      llmCalls: u?.llmCalls ?? 0,
      costUsd: (u?.costUsdMicros ?? 0) / 1_000_000,
    });
  }
  return results;
}

const summary = (v: PromptVersionRecord) => ({
  version: v.version, parentVersion: v.parentVersion, status: v.status, statusReason: v.statusReason, author: v.author,
  reflectionRunId: v.reflectionRunId ?? null, createdAt: formatKstIso(v.createdAtMs), activatedAt: v.activatedAtMs ? formatKstIso(v.activatedAtMs) : null,
  rulesAdded: v.rulesAdded, rulesRetired: v.rulesRetired, changeLog: v.changeLog,
});

/** Red and green on a terminal; the diff itself otherwise. */
export function colourDiff(diff: string, tty: boolean): string {
  if (!tty) return diff;
  const paint = (line: string) =>
    line.startsWith("+++") || line.startsWith("---") ? `\x1b[1m${line}\x1b[0m`
      : line.startsWith("+") ? `\x1b[32m${line}\x1b[0m`
        : line.startsWith("-") ? `\x1b[31m${line}\x1b[0m`
          : line.startsWith("@@") ? `\x1b[36m${line}\x1b[0m` : line;
  return diff.split("\n").map(paint).join("\n");
}

function versionArg(text: string | undefined, name = "<v>"): number {
  const v = Number(text?.replace(/^v/, ""));
  if (!text || !Number.isInteger(v) || v <= 0) throw new AppError("DATA_INVALID", `Expected a version number for ${name}, received '${text ?? ""}'\n${USAGE}`);
  return v;
}

function mustGet(store: VersionedPromptStore, version: number): PromptVersionRecord {
  const found = store.record(version);
  if (!found) throw new AppError("NOT_FOUND", `No prompt version v${version}`);
  return found;
}

function log(store: VersionedPromptStore, repos: Repos, usage: ReadonlyMap<number, VersionUsage>, json: boolean): number {
  const results = resultsByVersion(store, repos, usage);
  const rows = store.list().map((v) => ({ ...summary(v), results: results.get(v.version) }));
  if (json) printJson(rows);
  else printTable(["v", "parent", "status", "author", "created (KST)", "+rules", "-rules", "runs", "trades", "P&L KRW", "win %", "cost $"],
    rows.map((r) => [r.version, r.parentVersion ?? "-", r.status, r.author, r.createdAt.slice(0, 19), r.rulesAdded.length, r.rulesRetired.length,
      r.results?.runs ?? 0, r.results?.trades ?? 0, r.results?.realisedPnlKrw ?? 0, r.results?.winRatePct ?? "-", (r.results?.costUsd ?? 0).toFixed(4)]));
  return 0;
}

/** approve / reject / rollback: the outcome, and the reflection run waiting on it closed in the ledger. */
function decide(store: VersionedPromptStore, repos: Repos, sub: "approve" | "reject" | "rollback", version: number, note: string | undefined, json: boolean): number {
  const record = mustGet(store, version);
  const by = `by a person (kis-agent prompts ${sub})${note ? `: ${note}` : ""}`;
  const result: ActivationResult =
    sub === "approve" ? store.activate(version, record.parentVersion, `approved ${by}`)
      : sub === "reject" ? store.reject(version, `rejected ${by}`)
        : store.rollback(version, `rolled back to ${by}`);
  const waiting = record.reflectionRunId ? repos.runs.get(record.reflectionRunId) : undefined;
  if (result.ok && waiting?.status === "interrupted" && sub !== "rollback") {
    repos.runs.finish(waiting.runId, { status: "succeeded", summary: `${waiting.summary}\nv${version} ${sub === "approve" ? "approved" : "rejected"} ${by}` }, systemClock.now());
  }
  const after = mustGet(store, version);
  const doc = { ok: result.ok, command: sub, version, status: after.status, activeVersion: store.active().version, ...(result.ok ? {} : { reason: result.reason }) };
  if (json) printJson(doc);
  else console.log(result.ok ? `v${version} is ${after.status}; active: v${doc.activeVersion}` : `cannot ${sub} v${version}: ${result.reason}`);
  return result.ok ? 0 : 1;
}

export const command: Command = {
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: "boolean", default: false }, note: { type: "string" }, help: { type: "boolean", short: "h", default: false },
    });
    const [sub, a, b] = positionals;
    if (values.help || !sub) {
      console.log(USAGE);
      return values.help ? 0 : 2;
    }
    const config = loadConfig();
    const ledger = openLedger(config);
    try {
      const repo = createPromptVersionsRepo(ledger.db);
      const store = createVersionedPromptStore({ repo, clock: systemClock, dataDir: config.dataDir });
      store.active(); // version 1 exists from the first use on
      switch (sub) {
        case "log":
          return log(store, ledger.repos, repo.usageByVersion(), values.json);
        case "show": {
          const v = mustGet(store, versionArg(a));
          if (values.json) printJson({ ...summary(v), text: v.text, diff: v.diff, verdicts: v.verdicts });
          else process.stdout.write(v.text);
          return 0;
        }
        case "diff": {
          const [from, to] = [mustGet(store, versionArg(a, "<a>")), mustGet(store, versionArg(b, "<b>"))];
          const diff = unifiedDiff(from.text, to.text, { from: `v${from.version}`, to: `v${to.version}` });
          if (values.json) printJson({ from: from.version, to: to.version, identical: diff === "", diff });
          else process.stdout.write(colourDiff(diff, process.stdout.isTTY === true));
          return 0;
        }
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
