/**
 * The bounds the planner is given up front (DESIGN §1 plan): which actions are allowed now, and
 * the most shares per symbol and side that could pass the risk limits. A plan that exceeds them is
 * invalid as a whole — no trade plus an alert — rather than trimmed. Pure; structural inputs only.
 */
import type { Side, TradingState } from "../core/types.js";
import type { RiskLimits } from "./limits.js";

export interface PlanBounds {
  allowedActions: Side[];
  /** the most shares the plan may name per symbol and side */
  maxQuantity: Record<string, { buy: number; sell: number }>;
}

export interface BoundsAccount {
  totalAssetsKrw: number;
  orderableCashKrw: number;
  holdings: ReadonlyArray<{ symbol: string; quantity: number; sellableQuantity: number }>;
}

export interface BoundsSymbol {
  symbol: string;
  priceKrw: number;
  upperLimitKrw: number;
  lowerLimitKrw: number;
}

export interface BoundsAction {
  side: Side;
  symbol: string;
  quantity: number;
  limitPriceKrw: number | null;
}

export function planBounds(
  tradingState: TradingState,
  account: BoundsAccount,
  symbols: readonly BoundsSymbol[],
  limits: RiskLimits,
): PlanBounds {
  const allowedActions: Side[] = tradingState === "HALTED" ? [] : tradingState === "REDUCE_ONLY" ? ["sell"] : ["buy", "sell"];
  const maxQuantity: PlanBounds["maxQuantity"] = {};
  for (const s of symbols) {
    const holding = account.holdings.find((h) => h.symbol === s.symbol);
    const heldValue = (holding?.quantity ?? 0) * s.priceKrw;
    const room = Math.min(
      limits.maxPositionWeight * account.totalAssetsKrw - heldValue,
      account.orderableCashKrw,
      limits.maxOrderNotionalKrw,
    );
    maxQuantity[s.symbol] = {
      buy: allowedActions.includes("buy") && s.priceKrw > 0 ? Math.max(0, Math.floor(room / s.priceKrw)) : 0,
      sell: allowedActions.includes("sell") ? (holding?.sellableQuantity ?? 0) : 0,
    };
  }
  return { allowedActions, maxQuantity };
}

/** Every way the actions leave the bounds; empty means the plan is within them. */
export function boundViolations(actions: readonly BoundsAction[], bounds: PlanBounds, symbols: readonly BoundsSymbol[]): string[] {
  const violations: string[] = [];
  const perSymbol = new Map<string, number>();
  for (const a of actions) {
    const key = `${a.symbol}:${a.side}`;
    const total = (perSymbol.get(key) ?? 0) + a.quantity;
    perSymbol.set(key, total);
    const symbol = symbols.find((s) => s.symbol === a.symbol);
    const max = bounds.maxQuantity[a.symbol]?.[a.side];
    if (!bounds.allowedActions.includes(a.side)) violations.push(`${a.side} ${a.symbol}: ${a.side} is not an allowed action now`);
    else if (!symbol || max === undefined) violations.push(`${a.side} ${a.symbol}: not in this run's universe`);
    else if (total > max) violations.push(`${a.side} ${a.symbol}: quantity ${total} exceeds the bound ${max}`);
    if (symbol && a.limitPriceKrw !== null && (a.limitPriceKrw > symbol.upperLimitKrw || a.limitPriceKrw < symbol.lowerLimitKrw)) {
      violations.push(
        `${a.side} ${a.symbol}: limit ${a.limitPriceKrw} is outside today's band ${symbol.lowerLimitKrw}–${symbol.upperLimitKrw}`,
      );
    }
  }
  return violations;
}
