/**
 * The Prompts page: every version with its results and the change against the version before it,
 * and one version with its unified diff (rendered side by side by diff2html in the page), the rules
 * it added with the reflection's evidence for each, the rules it retired and validation's verdicts,
 * and the side-by-side evaluations stored with it (`prompts eval`, the activation gate).
 */
import { tradesRealMoney } from "../runtime/mode.js";
import { resultsByVersion, type VersionResults } from "../runtime/prompt-review.js";
import { createPromptEvalsRepo } from "../db/prompt-evals-repo.js";
import { createPromptVersionsRepo } from "../db/prompt-versions-repo.js";
import type { ConsoleContext } from "./context.js";

const perTrade = (r: VersionResults | undefined) => (r && r.closed > 0 ? Math.round(r.realisedPnlKrw / r.closed) : null);

export function listPrompts(ctx: ConsoleContext) {
  const results = resultsByVersion(ctx.prompts, ctx.repos, createPromptVersionsRepo(ctx.db).usageByVersion());
  return ctx.prompts.list().map((v) => {
    const own = results.get(v.version);
    const parent = v.parentVersion === null ? undefined : results.get(v.parentVersion);
    const [mine, theirs] = [perTrade(own), perTrade(parent)];
    return {
      version: v.version,
      parentVersion: v.parentVersion,
      status: v.status,
      statusReason: v.statusReason,
      author: v.author,
      createdAtMs: v.createdAtMs,
      activatedAtMs: v.activatedAtMs ?? null,
      changeLog: v.changeLog,
      rulesAdded: v.rulesAdded.length,
      rulesRetired: v.rulesRetired.length,
      results: { ...own, pnlPerTradeKrw: mine },
      // P&L per closed trade against the parent's: the one figure comparable across versions of different age.
      vsPrevious:
        mine !== null && theirs !== null
          ? { pnlPerTradeKrw: mine - theirs, winRatePct: (own?.winRatePct ?? 0) - (parent?.winRatePct ?? 0) }
          : null,
    };
  });
}

export function promptDetail(ctx: ConsoleContext, version: number) {
  const v = ctx.prompts.record(version);
  if (!v) return undefined;
  return {
    version: v.version,
    parentVersion: v.parentVersion,
    status: v.status,
    statusReason: v.statusReason,
    author: v.author,
    changeLog: v.changeLog,
    reflectionRunId: v.reflectionRunId ?? null,
    createdAtMs: v.createdAtMs,
    diff: v.diff,
    text: v.text,
    rulesAdded: v.rulesAdded,
    rulesRetired: v.rulesRetired,
    verdicts: v.verdicts,
    /** newest first: the gate's evaluation against the active version is what a reviewer approves on */
    evaluations: createPromptEvalsRepo(ctx.db)
      .forVersion(v.version)
      .map((e) => ({ id: e.id, purpose: e.purpose, verdict: e.verdict, createdAtMs: e.createdAtMs, ...e.comparison })),
    /** a real account asks the person to type the version before it changes what trades */
    confirmWith: tradesRealMoney(ctx.config) ? `v${v.version}` : null,
  };
}
