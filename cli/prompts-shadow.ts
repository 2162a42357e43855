/**
 * `kis-agent prompts shadow <v> [--days N]`, `prompts shadow [status]`, `prompts shadow stop`:
 * shadow mode. Version v decides beside the active version in every live trading run for N KRX
 * trading days (from today, or the next trading day), without orders; both decisions are stored
 * per run and `status` (and `prompts show <v>`) compares them.
 */
import { formatKstIso, kstParts, systemClock } from "../core/clock.js";
import { AppError } from "../core/errors.js";
import type { PromptShadow, PromptShadowsRepo } from "../db/prompt-shadows-repo.js";
import { summarizeShadow, type ShadowSummary } from "../ledger/shadow-summary.js";
import type { VersionedPromptStore } from "../prompts/prompt-versions.js";
import { isKrxTradingDay, nextTradingDay } from "../venue/krx-calendar.js";
import { wholeNumber } from "./demo.js";
import { printJson } from "./output.js";

export const SHADOW_USAGE = `usage: kis-agent prompts shadow <v> [--days N] [--json]   shadow v for N trading days (default 5)
       kis-agent prompts shadow [status] [--json]         the running (or last) shadowing and how v compared
       kis-agent prompts shadow stop [--json]`;

/** The last of `days` KRX trading days counted from today (or the next trading day). */
export function shadowUntil(nowMs: number, days: number): string {
  const today = kstParts(nowMs).date;
  let day = isKrxTradingDay(today) ? today : nextTradingDay(today);
  for (let n = 1; n < days; n++) day = nextTradingDay(day);
  return day;
}

export function shadowDocument(shadow: PromptShadow, repo: PromptShadowsRepo): PromptShadow & { summary: ShadowSummary } {
  return { ...shadow, summary: summarizeShadow(repo.decisions(shadow.id)) };
}

/** A shadowing and its comparison as lines of text. */
export function shadowLines(doc: ReturnType<typeof shadowDocument>, limit = 10): string[] {
  const s = doc.summary;
  const state = doc.stoppedAtMs === null ? "running" : `stopped ${formatKstIso(doc.stoppedAtMs).slice(0, 16)} (${doc.stopReason ?? "-"})`;
  return [
    `shadow v${doc.version}: from ${formatKstIso(doc.startedAtMs).slice(0, 16)} until ${doc.untilDate}, ${state}`,
    `runs ${s.runs}: v${doc.version} decided ${s.candidateDecided} (${s.candidateErrors} without a decision); agreed with the active version in ${s.agreed}${s.agreementPct === null ? "" : ` (${s.agreementPct}%)`}`,
    `orders it would have proposed: ${s.candidate.buys} buys, ${s.candidate.sells} sells; the active version proposed ${s.active.buys} buys, ${s.active.sells} sells`,
    ...(s.disagreements.length > 0
      ? [`runs where they differed (newest first${s.disagreements.length > limit ? `, ${limit} of ${s.disagreements.length}` : ""}):`]
      : []),
    ...s.disagreements
      .slice(0, limit)
      .map((d) => `  ${formatKstIso(d.decidedAtMs).slice(0, 16)} ${d.runId}  active: ${d.active}  |  v${doc.version}: ${d.candidate}`),
  ];
}

export function runPromptsShadow(
  positionals: string[],
  values: { json: boolean; days?: string | undefined },
  store: VersionedPromptStore,
  repo: PromptShadowsRepo,
): number {
  const [what = "status"] = positionals;
  const now = systemClock.now();
  const print = (doc: ReturnType<typeof shadowDocument> | null, none: string) => {
    if (values.json) printJson(doc);
    else console.log(doc ? shadowLines(doc).join("\n") : none);
    return 0;
  };
  if (what === "status") {
    const shown = repo.current(kstParts(now).date, now) ?? repo.list()[0] ?? null;
    return print(shown && shadowDocument(shown, repo), "no shadowing yet: kis-agent prompts shadow <v> [--days N]");
  }
  if (what === "stop") {
    const stopped = repo.stop("stopped by kis-agent prompts shadow stop", now);
    return print(stopped && shadowDocument(stopped, repo), "no shadowing is running");
  }
  const version = Number(what.replace(/^v/, ""));
  if (!Number.isInteger(version) || version <= 0)
    throw new AppError("DATA_INVALID", `prompts shadow: expected a version, status or stop, received '${what}'\n${SHADOW_USAGE}`);
  if (!store.record(version)) throw new AppError("NOT_FOUND", `No prompt version v${version}`);
  if (store.active().version === version)
    throw new AppError("DATA_INVALID", `v${version} is the active version: it already trades; shadow another version`);
  const started = repo.start(version, shadowUntil(now, wholeNumber("days", values.days, 5, 60)), now);
  return print(shadowDocument(started, repo), "");
}
