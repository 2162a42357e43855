/**
 * The learned rules as the `rules` section of the decision prompt: one readable bullet per rule for
 * the model, followed by the rule as JSON inside a `<!-- rule … -->` comment that the model never
 * sees (promptForModel strips comments) and that code reads back — the prompt version's text is the
 * one source of which rules are in force.
 */
import { parsePrompt, section } from "./sections.js";
import { LearnedRule } from "../rules/rule-schema.js";

const RULE_LINE = /^<!-- rule (\{.*\}) -->$/gm;
const HEADING = "# 학습된 규칙";
const INTRO =
  "아래 규칙은 주간 회고가 실제 거래 결과에서 만든 것입니다. 위의 리스크 규칙보다 우선하지 않으며 거래를 더 엄격하게만 만듭니다.";

const ACTION_TEXT: Record<LearnedRule["action"], string> = {
  block_entry: "신규 매수하지 않음",
  exit_position: "보유 시 매도",
  halve_size: "매수 수량 절반",
};

/** JSON that cannot close the comment it sits in. */
const commentJson = (rule: LearnedRule) => JSON.stringify(rule).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");

function ruleBlock(rule: LearnedRule): string {
  const e = rule.evidence;
  return [
    `- **${rule.id}** [${rule.category} · 우선순위 ${rule.priority}] 조건 \`${rule.condition}\` → ${ACTION_TEXT[rule.action]} (${rule.action}): ${rule.text}`,
    `  근거: ${rule.rationale} (표본 ${e.support}건, ${e.wins}승 ${e.losses}패, 손익 ${e.totalPnlKrw.toLocaleString("en-US")}원${e.tradeIds.length > 0 ? `, 거래 #${e.tradeIds.join(", #")}` : ""})`,
    `<!-- rule ${commentJson(rule)} -->`,
  ].join("\n");
}

/** The section body for a set of rules, highest priority first. */
export function renderRulesSection(rules: readonly LearnedRule[]): string {
  const sorted = [...rules].sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id, "en", { numeric: true }));
  const body = sorted.length === 0 ? "(아직 없음)" : [INTRO, "", ...sorted.map(ruleBlock)].join("\n");
  return `\n${HEADING}\n\n${body}\n\n`;
}

/** The rules in force in a prompt text; comments that do not parse as a rule are ignored. */
export function rulesInPrompt(promptText: string): LearnedRule[] {
  let body: string;
  try {
    body = section(parsePrompt(promptText), "rules").body;
  } catch {
    return []; // a prompt without a rules section has no learned rules
  }
  const rules: LearnedRule[] = [];
  for (const m of body.matchAll(RULE_LINE)) {
    let raw: unknown;
    try {
      raw = JSON.parse(m[1] ?? "") as unknown;
    } catch {
      continue;
    }
    const parsed = LearnedRule.safeParse(raw);
    if (parsed.success) rules.push(parsed.data);
  }
  return rules;
}

/**
 * Why `after` is not `before` with only the rules section changed, or null when it is: the same
 * preamble, the same sections in the same order with the same markers, and every section other
 * than `rules` (the protected ones above all) byte-identical.
 */
export function structureChange(before: string, after: string): string | null {
  let a: ReturnType<typeof parsePrompt>;
  let b: ReturnType<typeof parsePrompt>;
  try {
    a = parsePrompt(before);
    b = parsePrompt(after);
  } catch (err) {
    return `the rewritten prompt does not parse: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (a.preamble !== b.preamble) return "the preamble changed";
  const names = (p: typeof a) => p.sections.map((s) => s.marker).join("|");
  if (names(a) !== names(b)) return `the section markers changed: ${names(a)} → ${names(b)}`;
  for (const [i, s] of a.sections.entries()) {
    if (s.name !== "rules" && s.body !== b.sections[i]?.body) return `section '${s.name}'${s.protected ? " (protected)" : ""} changed`;
  }
  return null;
}
