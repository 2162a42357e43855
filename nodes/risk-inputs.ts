/**
 * What riskCheck and execute's send-time re-check both read to build a risk context: fresh quotes,
 * the learned entry blocks of the run's prompt, and the database's view of orders and P&L. One
 * builder, so the check at the send is exactly the check at the plan.
 */
import type { MarketData } from "../broker/ports.js";
import { errorMessage } from "../core/errors.js";
import type { Holding, Quote, TradingState } from "../core/types.js";
import { unrealizedPnlKrw } from "../ledger/round-trips.js";
import type { PromptStore } from "../prompts/prompt-store.js";
import { compileRules, entryBlocks } from "../rules/apply-rules.js";
import { rulesInPrompt } from "../prompts/rules-section.js";
import type { PendingOrder, RiskContext } from "../risk/risk-context.js";
import type { AccountSnapshot } from "../state/account-snapshot.js";
import type { MarketContext } from "../state/market-context.js";

/** What the database knows that the broker's snapshot does not. */
export interface RiskLedger {
  ordersPlacedToday(nowMs: number): number;
  /** today's realised P&L, net of fees and tax (ledger/) */
  realizedPnlTodayKrw(nowMs: number): number;
  /** the open lots' P&L at these quotes against their cost basis (ledger/) */
  unrealizedPnlKrw?(holdings: readonly Holding[], quotes: Readonly<Record<string, Quote>>): number;
  /** total assets at today's open, when a daily snapshot exists */
  openingEquityKrw?(nowMs: number): number | undefined;
  /** losing round trips in a row, most recent first (ledger/) */
  consecutiveLosses(): number;
  /** intents that may be live at KIS, or written today and not yet sent; `exceptRunId`'s own are left out */
  unsettledOrders(nowMs?: number, exceptRunId?: string): PendingOrder[];
}

/** Learned block_entry rules of the run's prompt version that fire on its market context, by symbol. */
export function learnedEntryBlocks(prompts: PromptStore, promptVersion: number, market: MarketContext | null): Record<string, string> {
  if (!market) return {};
  const prompt = prompts.get(promptVersion) ?? prompts.active();
  return entryBlocks(compileRules(rulesInPrompt(prompt.text)), market);
}

/** Quotes by symbol; a symbol that cannot be priced is left out (the engine then denies it: fail closed). */
export async function freshQuotes(
  market: Pick<MarketData, "getQuote">,
  symbols: readonly string[],
  node: string,
): Promise<{ quotes: Record<string, Quote>; gaps: string[] }> {
  const quotes: Record<string, Quote> = {};
  const gaps: string[] = [];
  for (const symbol of symbols) {
    try {
      quotes[symbol] = await market.getQuote(symbol);
    } catch (err) {
      gaps.push(`${node}: no quote for ${symbol}: ${errorMessage(err)}`);
    }
  }
  return { quotes, gaps };
}

/** KIS's open orders as pending: a buy's unfilled value is exposure; KIS has already reserved its cash. */
function openAtKis(account: AccountSnapshot, skipOrderNos: ReadonlySet<string>): PendingOrder[] {
  return account.openOrders
    .filter((o) => !skipOrderNos.has(o.orderNo))
    .map((o) => ({
      symbol: o.symbol,
      side: o.side,
      ...(o.side === "buy" ? { openBuyKrw: o.remainingQuantity * o.limitPriceKrw } : {}),
    }));
}

export interface ContextInputs {
  tradingState: TradingState;
  account: AccountSnapshot;
  quotes: Record<string, Quote>;
  ledger: RiskLedger;
  entryBlocks: Record<string, string>;
  nowMs: number;
  /** the run whose own orders are not "pending" to itself (the send-time re-check of a resumed run) */
  ownRunId?: string;
  /** KIS order numbers of that run's orders */
  ownOrderNos?: ReadonlySet<string>;
}

export function buildRiskContext(i: ContextInputs): RiskContext {
  const { account, quotes, ledger, nowMs } = i;
  const opening = ledger.openingEquityKrw?.(nowMs);
  return {
    tradingState: i.tradingState,
    quotes,
    holdings: account.holdings,
    orderableCashKrw: account.orderableCashKrw,
    totalAssetsKrw: account.totalAssetsKrw,
    ...(opening !== undefined ? { openingEquityKrw: opening } : {}),
    pendingOrders: [...openAtKis(account, i.ownOrderNos ?? new Set()), ...ledger.unsettledOrders(nowMs, i.ownRunId)],
    ordersPlacedToday: ledger.ordersPlacedToday(nowMs),
    realizedPnlTodayKrw: ledger.realizedPnlTodayKrw(nowMs),
    // Without the ledger's lots, KIS's own average price is the cost basis.
    unrealizedPnlKrw:
      ledger.unrealizedPnlKrw?.(account.holdings, quotes) ??
      unrealizedPnlKrw(
        new Map(),
        account.holdings,
        Object.fromEntries(account.holdings.map((h) => [h.symbol, quotes[h.symbol]?.priceKrw ?? h.currentPriceKrw])),
      ),
    consecutiveLosses: ledger.consecutiveLosses(),
    entryBlocks: i.entryBlocks,
  };
}
