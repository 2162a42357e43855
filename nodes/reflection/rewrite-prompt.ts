/**
 * rewritePrompt: the rule candidates applied to the parent version's rules (duplicates merged,
 * contradictions refused, retirements checked) and rendered into the prompt's `rules` section as a
 * NEW proposed version with a unified diff against its parent. Every other byte of the prompt — the
 * protected sections above all — must come out identical, or nothing is stored.
 */
import type { VersionedPromptStore } from "../../prompts/prompt-versions.js";
import { parsePrompt, renderPrompt, replaceSection } from "../../prompts/sections.js";
import { renderRulesSection, rulesInPrompt, structureChange } from "../../prompts/rules-section.js";
import type { RuleVerdict } from "../../rules/rule-schema.js";
import { applyRuleCandidates } from "../../rules/validate-rules.js";
import { unifiedDiff } from "../../prompts/unified-diff.js";
import type { ReflectionStateUpdate, ReflectionStateValue } from "../../state/reflection-state.js";

export interface RewritePromptDeps {
  store: Pick<VersionedPromptStore, "get" | "propose" | "findByRun">;
}

function changeLog(added: string[], retired: string[], merged: string[], refused: number): string {
  return [
    added.length > 0 ? `added ${added.join(", ")}` : "",
    retired.length > 0 ? `retired ${retired.join(", ")}` : "",
    merged.length > 0 ? `merged into ${merged.join(", ")}` : "",
    refused > 0 ? `${refused} candidate(s) refused` : "",
  ]
    .filter(Boolean)
    .join("; ");
}

export function createRewritePrompt(deps: RewritePromptDeps) {
  return function rewritePrompt(state: ReflectionStateValue): ReflectionStateUpdate {
    const existing = deps.store.findByRun(state.runId);
    if (existing) return { proposedVersion: existing.version }; // a resumed run keeps its proposal
    const parent = deps.store.get(state.parentVersion);
    if (!parent) return { proposedVersion: null, alerts: `rewritePrompt: parent version v${state.parentVersion} not found` };
    let verdicts: RuleVerdict[] = state.verdicts;
    let refusal: string | null = null;
    const version = deps.store.propose((next) => {
      const change = applyRuleCandidates(rulesInPrompt(parent.text), state.candidates, next);
      verdicts = [...state.verdicts, ...change.verdicts];
      if (change.added.length === 0 && change.retired.length === 0 && change.updated.length === 0) return null;
      const text = renderPrompt(replaceSection(parsePrompt(parent.text), "rules", renderRulesSection(change.rules)));
      refusal = structureChange(parent.text, text);
      if (refusal) return null;
      const refused = verdicts.filter((v) => v.outcome === "rejected").length;
      return {
        parentVersion: parent.version,
        text,
        diff: unifiedDiff(parent.text, text, { from: `v${parent.version}`, to: `v${next}` }),
        rulesAdded: change.added,
        rulesRetired: change.retired,
        reflectionRunId: state.runId,
        author: "reflection",
        changeLog: changeLog(
          change.added.map((r) => r.id),
          change.retired,
          change.updated.map((r) => r.id),
          refused,
        ),
        verdicts,
      };
    });
    const alerts = refusal ? [`rewritePrompt: refused — ${refusal}`] : [];
    return { proposedVersion: version, verdicts, ...(alerts.length > 0 ? { alerts } : {}) };
  };
}
