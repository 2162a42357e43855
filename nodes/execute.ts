/**
 * execute: hands the approved orders to the order router — the only code that places orders. Safe
 * to run again after a crash or a resume: the router keys every order by run, symbol, side,
 * quantity and price, and never sends an intent twice.
 */
import type { OrderRouter, RouteOrder } from "../execution/order-router.js";
import type { ExecutionOutcome, TradingStateUpdate, TradingStateValue } from "../state/trading-state.js";

export interface ExecuteDeps {
  router: Pick<OrderRouter, "submit">;
}

export function createExecute(deps: ExecuteDeps) {
  return async function execute(state: TradingStateValue): Promise<TradingStateUpdate> {
    const approved = state.risk?.approved ?? [];
    if (approved.length === 0 || state.approval?.decision === "rejected") return { executions: [] };
    const portfolioBefore = state.account && {
      cashKrw: state.account.cashKrw,
      totalAssetsKrw: state.account.totalAssetsKrw,
      holdings: state.account.holdings.map((h) => ({ symbol: h.symbol, quantity: h.quantity, averagePriceKrw: h.averagePriceKrw })),
    };
    const orders: RouteOrder[] = approved.map((a) => ({
      order: a.order,
      trade: {
        justificationText: `${a.action.reason}\n\n${state.decision?.justification ?? ""}`.trim(),
        marketSnapshot: { symbol: state.market?.symbols.find((s) => s.symbol === a.order.symbol) ?? null, kospi: state.market?.kospi ?? null, asOfMs: state.market?.asOfMs ?? null },
        portfolioBefore,
        referencePriceKrw: a.order.limitPriceKrw ?? Math.round(a.notionalKrw / a.order.quantity),
      },
    }));
    const results = await deps.router.submit({ runId: state.runId, promptVersion: String(state.promptVersion) }, orders);
    const executions: ExecutionOutcome[] = results.map((r, i) => {
      const order = approved[i]?.order;
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
    return { executions, ...(troubled.length > 0 ? { alerts: troubled.map((e) => `execute: ${e.side} ${e.symbol} ${e.status}: ${e.message}`) } : {}) };
  };
}
