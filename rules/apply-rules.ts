/**
 * Learned rules in force on a market snapshot: which entries they block, which holdings they exit,
 * which entries they halve. Used by the offline policy to act on them and by the plan node to hold
 * a model's plan to them. A rule whose condition does not parse is skipped, never guessed at.
 */
import { matches, parseCondition, type Condition } from "./condition.js";
import type { RuleSnapshot, RuleSymbol } from "./fields.js";
import type { LearnedRule, RuleAction } from "./rule-schema.js";

export interface CompiledRules {
  /** the highest-priority rule with this action that matches, if any */
  firing(action: RuleAction, snapshot: RuleSnapshot): LearnedRule | undefined;
}

export function compileRules(rules: readonly LearnedRule[]): CompiledRules {
  const compiled: Array<{ rule: LearnedRule; condition: Condition }> = [];
  for (const rule of rules) {
    try {
      compiled.push({ rule, condition: parseCondition(rule.condition) });
    } catch {
      continue;
    }
  }
  compiled.sort((a, b) => b.rule.priority - a.rule.priority);
  return {
    firing: (action, snapshot) => compiled.find((c) => c.rule.action === action && matches(c.condition, snapshot))?.rule,
  };
}

/** The snapshot of one symbol in this run's market context. */
export function snapshotOf(symbol: RuleSymbol, market: { kospi: { changeRate: number } | null; asOfMs: number }): RuleSnapshot {
  return { symbol, kospi: market.kospi, asOfMs: market.asOfMs };
}

type RuleMarket = { kospi: { changeRate: number } | null; asOfMs: number; symbols: ReadonlyArray<RuleSymbol & { symbol: string }> };

/** Symbols a learned block_entry rule closes to new buys on this snapshot → "R2.1 (condition)". */
export function entryBlocks(rules: CompiledRules, market: RuleMarket): Record<string, string> {
  const blocks: Record<string, string> = {};
  for (const s of market.symbols) {
    const rule = rules.firing("block_entry", snapshotOf(s, market));
    if (rule) blocks[s.symbol] = `${rule.id} (${rule.condition})`;
  }
  return blocks;
}

/** Buys in a plan that a learned block_entry rule forbids, as violation messages. */
export function blockedBuys(actions: ReadonlyArray<{ side: string; symbol: string }>, rules: CompiledRules, market: RuleMarket): string[] {
  const blocks = entryBlocks(rules, market);
  return actions.flatMap((a) =>
    a.side === "buy" && blocks[a.symbol] ? [`buy ${a.symbol} is blocked by learned rule ${blocks[a.symbol]}`] : [],
  );
}
