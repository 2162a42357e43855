/**
 * riskCheck: the deterministic, KRX-aware judge (risk/evaluate). Prices are re-read for the planned
 * symbols so that staleness is judged at decision time; what the database knows (orders today,
 * realised P&L, losing streak, orders still unsettled) comes from the ledger. No order is sent here.
 */
import type { MarketData } from "../broker/ports.js";
import type { Clock } from "../core/clock.js";
import type { PromptStore } from "../prompts/prompt-store.js";
import type { RiskLimits } from "../risk/limits.js";
import type { Plan } from "../risk/plan.js";
import { evaluate } from "../risk/risk-engine.js";
import type { TradingStateUpdate, TradingStateValue } from "../state/trading-state.js";
import { buildRiskContext, freshQuotes, learnedEntryBlocks, type RiskLedger } from "./risk-inputs.js";
import type { RunContext } from "./run-context.js";

export type { RiskLedger } from "./risk-inputs.js";

export interface RiskCheckDeps {
  market: MarketData;
  limits: RiskLimits;
  ledger: RiskLedger;
  clock: Clock;
  /** the run's prompt version carries the learned rules the engine enforces */
  prompts: PromptStore;
  /** the run's stored account and market */
  context: Pick<RunContext, "account" | "market">;
}

export function createRiskCheck(deps: RiskCheckDeps) {
  return async function riskCheck(state: TradingStateValue): Promise<TradingStateUpdate> {
    const { decision } = state;
    const account = deps.context.account(state);
    if (!account || !decision) return { risk: { approved: [], denied: [], events: [] } };
    const nowMs = deps.clock.now();
    const symbols = [...new Set([...decision.actions.map((a) => a.symbol), ...account.holdings.map((h) => h.symbol)])];
    const { quotes, gaps } = await freshQuotes(deps.market, symbols, "riskCheck");
    const context = buildRiskContext({
      tradingState: state.tradingState,
      account,
      quotes,
      ledger: deps.ledger,
      entryBlocks: learnedEntryBlocks(deps.prompts, state.promptVersion, deps.context.market(state)),
      nowMs,
    });
    const plan: Plan = {
      runId: state.runId,
      actions: decision.actions.map((a) => ({
        side: a.side,
        symbol: a.symbol,
        quantity: a.quantity,
        reason: a.reason,
        ...(a.limitPriceKrw !== null ? { limitPriceKrw: a.limitPriceKrw } : {}),
        ...(a.invalidationPriceKrw !== null ? { invalidationPriceKrw: a.invalidationPriceKrw } : {}),
      })),
    };
    const risk = evaluate(plan, context, deps.limits, nowMs);
    return { risk, ...(gaps.length > 0 ? { alerts: gaps } : {}) };
  };
}
