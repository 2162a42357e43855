/**
 * generateRules: concrete, numeric, machine-checkable rule candidates from the patterns. A
 * statistical failure pattern becomes "no new entries in this bucket"; a model's suggestion keeps
 * its wording only if it passes every check and the samples back it (enough support, a net loss).
 * Success patterns make no rule: learned rules only ever tighten. Every refusal is a verdict.
 */
import { checkCandidate } from "../../rules/validate-rules.js";
import type { RuleCandidate, RuleVerdict } from "../../rules/rule-schema.js";
import type { Pattern, ReflectionStateUpdate, ReflectionStateValue } from "../../state/reflection-state.js";
import { PATTERN_THRESHOLDS } from "./pattern-stats.js";

const won = (p: Pattern) =>
  `최근 ${p.support}건 중 ${p.wins}승 ${p.losses}패 (승률 ${p.winRatePct}%), 손익 ${p.totalPnlKrw.toLocaleString("en-US")}원`;
const evidence = (p: Pattern) => ({ support: p.support, wins: p.wins, losses: p.losses, totalPnlKrw: p.totalPnlKrw, tradeIds: p.tradeIds });

/** A bucket that only lost, on enough trades, is a risk-management rule; otherwise an entry criterion. */
function fromStatistics(p: Pattern & { condition: string }): RuleCandidate {
  const severe = p.wins === 0 && p.support >= 5;
  return {
    category: severe ? "risk_management" : "entry_criteria",
    text: `${p.label} 구간에서는 신규 매수하지 않습니다.`,
    condition: p.condition,
    action: "block_entry",
    priority: Math.min(9, 4 + Math.floor(p.support / 2) + (p.wins === 0 ? 2 : 0)),
    rationale: won(p),
    evidence: evidence(p),
    retires: [],
    source: "statistics",
  };
}

function fromModel(p: Pattern): unknown {
  const suggestion = (p.suggestion ?? {}) as Record<string, unknown>;
  return { ...suggestion, condition: p.condition, evidence: evidence(p), retires: suggestion.retires ?? [], source: "model" };
}

export function createGenerateRules(thresholds = PATTERN_THRESHOLDS) {
  return function generateRules(state: ReflectionStateValue): ReflectionStateUpdate {
    const candidates: RuleCandidate[] = [];
    const verdicts: RuleVerdict[] = [];
    for (const p of state.patterns) {
      if (p.source === "statistics") {
        if (p.kind === "failure" && p.condition !== null) candidates.push(fromStatistics({ ...p, condition: p.condition }));
        continue;
      }
      if (!p.suggestion) continue;
      const raw = fromModel(p);
      const checked = checkCandidate(raw);
      const reason =
        p.kind === "success"
          ? "a success pattern makes no rule: learned rules only tighten trading"
          : !checked.ok
            ? checked.reason
            : p.support < thresholds.minSupport || p.totalPnlKrw >= 0
              ? `not supported by the trades: ${p.support} matching, P&L ${p.totalPnlKrw} KRW`
              : null;
      if (reason === null && checked.ok) candidates.push(checked.candidate);
      else verdicts.push({ outcome: "rejected", reason: reason ?? "refused", candidate: raw });
    }
    const rejected = verdicts.length > 0 ? { alerts: verdicts.map((v) => `generateRules: candidate refused — ${v.reason}`) } : {};
    return { candidates, verdicts: [...state.verdicts, ...verdicts], ...rejected };
  };
}
