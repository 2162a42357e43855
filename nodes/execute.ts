/**
 * execute: hands the approved orders to the order router — the only code that places orders. Just
 * before the send it reads the world again (halt state, account, open and pending orders, quotes)
 * and runs the whole risk engine on the approved orders (risk/send-recheck.ts): what no longer
 * passes is reduced or dropped, never enlarged. Safe to run again after a crash or a resume: an
 * order this run already routed goes to the router as routed (which never sends an intent twice).
 */
import type { Broker, MarketData } from "../broker/ports.js";
import type { Clock } from "../core/clock.js";
import type { OrderRequest, TradingState } from "../core/types.js";
import type { OrderIntent } from "../db/intents-repo.js";
import type { OrderRouter, RouteOrder } from "../execution/order-router.js";
import type { PromptStore } from "../prompts/prompt-store.js";
import type { RiskLimits } from "../risk/limits.js";
import type { ApprovedOrder, RiskEvent } from "../risk/risk-result.js";
import { recheckAtSend } from "../risk/send-recheck.js";
import { toAccountSnapshot } from "../state/account-snapshot.js";
import type { MarketContext } from "../state/market-context.js";
import type { ExecutionOutcome, TradingStateUpdate, TradingStateValue } from "../state/trading-state.js";
import { buildRiskContext, freshQuotes, learnedEntryBlocks, type RiskLedger } from "./risk-inputs.js";
import type { RunContext } from "./run-context.js";

export interface SendRecheckDeps {
  broker: Pick<Broker, "getBalance" | "getOpenOrders" | "getBuyingPower"> & Pick<MarketData, "getQuote">;
  /** the persisted halt state, read again at the send */
  tradingState: { get(): { state: TradingState } };
  ledger: RiskLedger;
  limits: RiskLimits;
  clock: Clock;
  prompts: PromptStore;
  /** KIS's buying-power inquiry needs a stock code; orderable cash is the same for any */
  referenceSymbol: string;
  /** this run's order intents, of any status */
  ownIntents(runId: string): OrderIntent[];
}

export interface ExecuteDeps {
  router: Pick<OrderRouter, "submit">;
  recheck: SendRecheckDeps;
  /** the run's stored account and market, written with each trade */
  context: Pick<RunContext, "account" | "market">;
}

const routedOrder = (i: OrderIntent): OrderRequest =>
  i.limitPriceKrw !== undefined
    ? { symbol: i.symbol, side: i.side, quantity: i.quantity, type: i.type, limitPriceKrw: i.limitPriceKrw }
    : { symbol: i.symbol, side: i.side, quantity: i.quantity, type: i.type };

/** The run's state and the market context it planned on (for the learned entry blocks). */
interface RunView {
  state: TradingStateValue;
  market: MarketContext | null;
}

/** The world as it is now, judged by the same engine as at plan time. */
async function recheck(deps: SendRecheckDeps, { state, market }: RunView, orders: ApprovedOrder[], own: OrderIntent[]) {
  const [balance, openOrders] = await Promise.all([deps.broker.getBalance(), deps.broker.getOpenOrders()]);
  const buyingPower = await deps.broker.getBuyingPower(deps.referenceSymbol, 0, "market").then(
    (b) => b.orderableCashKrw,
    () => balance.summary.cashKrw,
  );
  const nowMs = deps.clock.now();
  const account = toAccountSnapshot(balance, openOrders, buyingPower, nowMs);
  const symbols = [...new Set([...orders.map((o) => o.order.symbol), ...account.holdings.map((h) => h.symbol)])];
  const { quotes, gaps } = await freshQuotes(deps.broker, symbols, "execute");
  const context = buildRiskContext({
    tradingState: deps.tradingState.get().state,
    account,
    quotes,
    ledger: deps.ledger,
    entryBlocks: learnedEntryBlocks(deps.prompts, state.promptVersion, market),
    nowMs,
    ownRunId: state.runId,
    ownOrderNos: new Set(own.flatMap((i) => (i.orderNo ? [i.orderNo] : []))),
  });
  return { ...recheckAtSend(orders, context, deps.limits, deps.clock.now()), gaps };
}

/** Orders this run already routed (a resumed run) keep their recorded size; the rest are re-checked. */
async function ordersToSend(deps: SendRecheckDeps, run: RunView, approved: ApprovedOrder[]) {
  const own = deps.ownIntents(run.state.runId);
  const routed = (a: ApprovedOrder) => own.find((i) => i.symbol === a.order.symbol && i.side === a.order.side);
  const fresh = approved.filter((a) => !routed(a));
  const checked = fresh.length > 0 ? await recheck(deps, run, fresh, own) : { kept: [], events: [] as RiskEvent[], gaps: [] as string[] };
  const send = approved.flatMap((a): ApprovedOrder[] => {
    const intent = routed(a);
    if (intent) return [{ ...a, order: routedOrder(intent) }];
    const kept = checked.kept.find((k) => k.action === a.action);
    return kept ? [kept] : [];
  });
  return { send, events: checked.events, gaps: checked.gaps };
}

export function createExecute(deps: ExecuteDeps) {
  return async function execute(state: TradingStateValue): Promise<TradingStateUpdate> {
    const approved = state.risk?.approved ?? [];
    const decision = state.approval?.decision;
    if (approved.length === 0 || decision === "rejected" || decision === "expired") return { executions: [] };
    const market = deps.context.market(state);
    const { send, events, gaps } = await ordersToSend(deps.recheck, { state, market }, approved);
    const risk = state.risk && events.length > 0 ? { risk: { ...state.risk, events: [...state.risk.events, ...events] } } : {};
    if (send.length === 0) return { executions: [], ...risk, ...(gaps.length > 0 ? { alerts: gaps } : {}) };
    const account = deps.context.account(state);
    const portfolioBefore = account && {
      cashKrw: account.cashKrw,
      totalAssetsKrw: account.totalAssetsKrw,
      holdings: account.holdings.map((h) => ({ symbol: h.symbol, quantity: h.quantity, averagePriceKrw: h.averagePriceKrw })),
    };
    const orders: RouteOrder[] = send.map((a) => ({
      order: a.order,
      trade: {
        justificationText: `${a.action.reason}\n\n${state.decision?.justification ?? ""}`.trim(),
        marketSnapshot: {
          symbol: market?.symbols.find((s) => s.symbol === a.order.symbol) ?? null,
          kospi: market?.kospi ?? null,
          asOfMs: market?.asOfMs ?? null,
        },
        portfolioBefore,
        referencePriceKrw: a.order.limitPriceKrw ?? Math.round(a.notionalKrw / a.order.quantity),
      },
    }));
    const results = await deps.router.submit({ runId: state.runId, promptVersion: String(state.promptVersion) }, orders);
    const executions: ExecutionOutcome[] = results.map((r, i) => {
      const order = send[i]?.order;
      return {
        intentKey: r.intentKey,
        symbol: order?.symbol ?? "",
        side: order?.side ?? "buy",
        quantity: order?.quantity ?? 0,
        limitPriceKrw: order?.limitPriceKrw ?? null,
        status: r.status,
        orderNo: r.orderNo ?? null,
        message: r.error ?? (r.sent ? "sent" : "already routed; not sent again"),
      };
    });
    const troubled = executions.filter((e) => e.status === "UNKNOWN" || e.status === "REJECTED");
    const alerts = [...gaps, ...troubled.map((e) => `execute: ${e.side} ${e.symbol} ${e.status}: ${e.message}`)];
    return { executions, ...risk, ...(alerts.length > 0 ? { alerts } : {}) };
  };
}
