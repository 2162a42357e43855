/**
 * riskCheck: the deterministic, KRX-aware judge (risk/evaluate). Prices are re-read for the planned
 * symbols so that staleness is judged at decision time; what the database knows (orders today,
 * realised P&L, losing streak, orders still unsettled) comes from the ledger. No order is sent here.
 */
import type { MarketData } from "../broker/ports.js";
import type { Clock } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { Quote } from "../core/types.js";
import type { PromptStore } from "../prompts/prompt-store.js";
import { compileRules, entryBlocks } from "../prompts/rules/apply-rules.js";
import { rulesInPrompt } from "../prompts/rules/rules-section.js";
import type { RiskLimits } from "../risk/limits.js";
import type { Plan } from "../risk/plan.js";
import type { PendingOrder, RiskContext } from "../risk/risk-context.js";
import { evaluate } from "../risk/risk-engine.js";
import type { TradingStateUpdate, TradingStateValue } from "../state/trading-state.js";

/** What the database knows that the broker's snapshot does not. */
export interface RiskLedger {
  ordersPlacedToday(nowMs: number): number;
  realizedPnlTodayKrw(nowMs: number): number;
  consecutiveLosses(): number;
  /** intents that may be live at KIS (sent, unknown, acknowledged) */
  unsettledOrders(): PendingOrder[];
}

export interface RiskCheckDeps {
  market: MarketData;
  limits: RiskLimits;
  ledger: RiskLedger;
  clock: Clock;
  /** the run's prompt version carries the learned rules the engine enforces */
  prompts: PromptStore;
}

/** Learned block_entry rules that fire on this run's market context, by symbol. */
function learnedEntryBlocks(deps: RiskCheckDeps, state: TradingStateValue): Record<string, string> {
  if (!state.market) return {};
  const prompt = deps.prompts.get(state.promptVersion) ?? deps.prompts.active();
  return entryBlocks(compileRules(rulesInPrompt(prompt.text)), state.market);
}

async function freshQuotes(market: MarketData, symbols: string[]): Promise<{ quotes: Record<string, Quote>; gaps: string[] }> {
  const quotes: Record<string, Quote> = {};
  const gaps: string[] = [];
  for (const symbol of symbols) {
    try {
      quotes[symbol] = await market.getQuote(symbol);
    } catch (err) {
      // No quote → the engine denies the symbol as unknown: fail closed.
      gaps.push(`riskCheck: no quote for ${symbol}: ${errorMessage(err)}`);
    }
  }
  return { quotes, gaps };
}

export function createRiskCheck(deps: RiskCheckDeps) {
  return async function riskCheck(state: TradingStateValue): Promise<TradingStateUpdate> {
    const { account, decision } = state;
    if (!account || !decision) return { risk: { approved: [], denied: [], events: [] } };
    const nowMs = deps.clock.now();
    const symbols = [...new Set([...decision.actions.map((a) => a.symbol), ...account.holdings.map((h) => h.symbol)])];
    const { quotes, gaps } = await freshQuotes(deps.market, symbols);
    const context: RiskContext = {
      tradingState: state.tradingState,
      quotes,
      holdings: account.holdings,
      orderableCashKrw: account.orderableCashKrw,
      totalAssetsKrw: account.totalAssetsKrw,
      pendingOrders: [...account.openOrders.map((o) => ({ symbol: o.symbol, side: o.side })), ...deps.ledger.unsettledOrders()],
      ordersPlacedToday: deps.ledger.ordersPlacedToday(nowMs),
      realizedPnlTodayKrw: deps.ledger.realizedPnlTodayKrw(nowMs),
      // Positions held since yesterday moved by today's change; shares bought today are slightly overstated.
      unrealizedPnlTodayKrw: account.holdings.reduce((sum, h) => sum + (quotes[h.symbol]?.changeKrw ?? 0) * h.quantity, 0),
      consecutiveLosses: deps.ledger.consecutiveLosses(),
      entryBlocks: learnedEntryBlocks(deps, state),
    };
    const plan: Plan = {
      runId: state.runId,
      actions: decision.actions.map((a) => ({
        side: a.side, symbol: a.symbol, quantity: a.quantity, reason: a.reason,
        ...(a.limitPriceKrw !== null ? { limitPriceKrw: a.limitPriceKrw } : {}),
        ...(a.invalidationPriceKrw !== null ? { invalidationPriceKrw: a.invalidationPriceKrw } : {}),
      })),
    };
    const risk = evaluate(plan, context, deps.limits, nowMs);
    return { risk, ...(gaps.length > 0 ? { alerts: gaps } : {}) };
  };
}
