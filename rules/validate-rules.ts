/**
 * Turns rule candidates (from statistics or a model) into the next rule set, strictly: a candidate
 * with an unknown key, an unparsable condition or an unknown field, unsafe text, a category that
 * does not allow its action, a duplicate or a contradiction is rejected or merged, each with a
 * recorded reason. Learned risk-management rules are never retired automatically.
 */
import { errorMessage } from "../core/errors.js";
import { formatCondition, parseCondition } from "./condition.js";
import { CATEGORY_ACTIONS, RuleCandidate, type LearnedRule, type RuleVerdict } from "./rule-schema.js";
import { unsafeTextReason } from "./safety.js";

/** More rules than this dilute the prompt; the lowest-priority candidates wait for a later week. */
export const MAX_RULES = 20;

export interface RuleSetChange {
  /** the rules in force in the new version */
  rules: LearnedRule[];
  added: LearnedRule[];
  retired: string[];
  /** merged-into rules, after the merge */
  updated: LearnedRule[];
  verdicts: RuleVerdict[];
}

const negationOf = (condition: string) => formatCondition(parseCondition(`not (${condition})`));

/** The per-candidate checks: schema, safe text, category vs action, a parsable condition (canonicalised). */
export function checkCandidate(raw: unknown): { ok: true; candidate: RuleCandidate } | { ok: false; reason: string } {
  const parsed = RuleCandidate.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      reason: `does not match the rule schema: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
        .join("; ")}`,
    };
  }
  const c = parsed.data;
  for (const [name, text] of [
    ["text", c.text],
    ["rationale", c.rationale],
  ] as const) {
    const unsafe = unsafeTextReason(text);
    if (unsafe) return { ok: false, reason: `${name} ${unsafe}` };
  }
  if (!CATEGORY_ACTIONS[c.category].includes(c.action))
    return { ok: false, reason: `category ${c.category} does not allow action ${c.action}` };
  try {
    return { ok: true, candidate: { ...c, condition: formatCondition(parseCondition(c.condition)) } };
  } catch (err) {
    return { ok: false, reason: errorMessage(err) };
  }
}

/** Applies candidates to the parent's rules; ids of new rules are `R{version}.{n}`. */
export function applyRuleCandidates(parentRules: readonly LearnedRule[], raw: readonly unknown[], version: number): RuleSetChange {
  const verdicts: RuleVerdict[] = [];
  const rules = new Map(parentRules.map((r) => [r.id, r]));
  const added: LearnedRule[] = [];
  const retired: string[] = [];
  const updated = new Map<string, LearnedRule>();
  const checked = raw.map((candidate) => ({ raw: candidate, result: checkCandidate(candidate) }));
  // Strongest evidence first, so when the section is full the weaker candidates wait.
  checked.sort((a, b) => (b.result.ok ? b.result.candidate.priority : 0) - (a.result.ok ? a.result.candidate.priority : 0));
  for (const { raw: candidate, result } of checked) {
    if (!result.ok) {
      verdicts.push({ outcome: "rejected", reason: result.reason, candidate });
      continue;
    }
    const c = result.candidate;
    for (const id of c.retires) {
      const target = rules.get(id);
      if (!target)
        verdicts.push({ outcome: "rejected", reason: `cannot retire ${id}: not a rule of the parent version`, candidate: { retire: id } });
      else if (target.category === "risk_management")
        verdicts.push({
          outcome: "rejected",
          reason: `cannot retire ${id}: only a person may retire a risk_management rule`,
          candidate: { retire: id },
        });
      else {
        rules.delete(id);
        retired.push(id);
        verdicts.push({ outcome: "accepted", reason: `retired ${id}`, candidate: { retire: id } });
      }
    }
    const same = [...rules.values()].find((r) => r.condition === c.condition && r.action === c.action);
    if (same) {
      const merged = {
        ...same,
        priority: Math.max(same.priority, c.priority),
        evidence: c.evidence.support > same.evidence.support ? c.evidence : same.evidence,
      };
      rules.set(same.id, merged);
      if (parentRules.some((r) => r.id === same.id)) updated.set(same.id, merged);
      else
        added.splice(
          added.findIndex((r) => r.id === same.id),
          1,
          merged,
        );
      verdicts.push({ outcome: "merged", reason: `duplicate of ${same.id} (same condition and action): merged`, candidate });
      continue;
    }
    const conflict = [...rules.values()].find(
      (r) =>
        (r.condition === c.condition && r.category === c.category) || (r.action === c.action && r.condition === negationOf(c.condition)),
    );
    if (conflict) {
      const why =
        conflict.condition === c.condition
          ? `gives ${conflict.category} a different action (${conflict.action})`
          : "has the negated condition: together they match every snapshot";
      verdicts.push({ outcome: "rejected", reason: `contradicts ${conflict.id}, which ${why}`, candidate });
      continue;
    }
    if (rules.size >= MAX_RULES) {
      verdicts.push({ outcome: "rejected", reason: `the rules section already holds ${MAX_RULES} rules`, candidate });
      continue;
    }
    const rule: LearnedRule = {
      id: `R${version}.${added.length + 1}`,
      category: c.category,
      text: c.text,
      condition: c.condition,
      action: c.action,
      priority: c.priority,
      rationale: c.rationale,
      evidence: c.evidence,
    };
    rules.set(rule.id, rule);
    added.push(rule);
    verdicts.push({ outcome: "accepted", reason: `added as ${rule.id}`, candidate });
  }
  return { rules: [...rules.values()], added, retired, updated: [...updated.values()], verdicts };
}
