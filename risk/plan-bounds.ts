/**
 * The bounds the planner is given up front (DESIGN §1 plan): which actions are allowed now, and
 * the most shares per symbol and side that could pass the risk limits. A plan that exceeds them is
 * invalid as a whole — no trade plus an alert — rather than trimmed.
 */
import type { TradingState } from "../core/types.js";
import type { PlanBounds } from "../llm/offline-policy.js";
import type { AccountSnapshot } from "../state/account-snapshot.js";
import type { MarketContext } from "../state/market-context.js";
import type { ProposedAction } from "../prompts/decision-schema.js";
import type { RiskLimits } from "./limits.js";

export function planBounds(tradingState: TradingState, account: AccountSnapshot, market: MarketContext, limits: RiskLimits): PlanBounds {
  const allowedActions: PlanBounds["allowedActions"] = tradingState === "HALTED" ? [] : tradingState === "REDUCE_ONLY" ? ["sell"] : ["buy", "sell"];
  const maxQuantity: PlanBounds["maxQuantity"] = {};
  for (const s of market.symbols) {
    const holding = account.holdings.find((h) => h.symbol === s.symbol);
    const heldValue = (holding?.quantity ?? 0) * s.priceKrw;
    const room = Math.min(limits.maxPositionWeight * account.totalAssetsKrw - heldValue, account.orderableCashKrw, limits.maxOrderNotionalKrw);
    maxQuantity[s.symbol] = {
      buy: allowedActions.includes("buy") && s.priceKrw > 0 ? Math.max(0, Math.floor(room / s.priceKrw)) : 0,
      sell: allowedActions.includes("sell") ? (holding?.sellableQuantity ?? 0) : 0,
    };
  }
  return { allowedActions, maxQuantity };
}

/** Every way an action leaves the bounds; empty means the plan is within them. */
export function boundViolations(actions: readonly ProposedAction[], bounds: PlanBounds, market: MarketContext): string[] {
  const violations: string[] = [];
  const perSymbol = new Map<string, number>();
  for (const a of actions) {
    const key = `${a.symbol}:${a.side}`;
    const total = (perSymbol.get(key) ?? 0) + a.quantity;
    perSymbol.set(key, total);
    const symbol = market.symbols.find((s) => s.symbol === a.symbol);
    const max = bounds.maxQuantity[a.symbol]?.[a.side];
    if (!bounds.allowedActions.includes(a.side)) violations.push(`${a.side} ${a.symbol}: ${a.side} is not an allowed action now`);
    else if (!symbol || max === undefined) violations.push(`${a.side} ${a.symbol}: not in this run's universe`);
    else if (total > max) violations.push(`${a.side} ${a.symbol}: quantity ${total} exceeds the bound ${max}`);
    if (symbol && a.limitPriceKrw !== null && (a.limitPriceKrw > symbol.upperLimitKrw || a.limitPriceKrw < symbol.lowerLimitKrw)) {
      violations.push(`${a.side} ${a.symbol}: limit ${a.limitPriceKrw} is outside today's band ${symbol.lowerLimitKrw}–${symbol.upperLimitKrw}`);
    }
  }
  return violations;
}
