/**
 * Every endpoint of the shared KIS table (broker/kis/endpoints.ts) mapped to its handler. The
 * table is typed by endpoint name, so an endpoint added to the shared table without a handler
 * fails to compile. A request is routed by path, then by tr_id within the path.
 */
import { ENDPOINTS, type EndpointName, type EndpointSpec, type KisWireEnv } from "../../../broker/kis/endpoints.js";
import { balance, buyingPower, sellableQuantity } from "./account-handlers.js";
import { dailyBars, minuteBars } from "./chart-handlers.js";
import { holidays, indexQuote, investorFlows, programTrades } from "./market-handlers.js";
import { modifyOrCancel, orderCash } from "./order-handlers.js";
import { dailyOrders, openOrders } from "./order-query-handlers.js";
import { accountAssets, periodProfit } from "./profit-handlers.js";
import { orderBook, quote, recentTicks } from "./quote-handlers.js";
import { changeRanking, volumeRanking } from "./ranking-handlers.js";
import type { RestHandler } from "./rest-context.js";

export const HANDLERS: Record<EndpointName, RestHandler> = {
  orderCashSell: orderCash("sell"),
  orderCashBuy: orderCash("buy"),
  orderModifyCancel: modifyOrCancel,
  openOrders,
  dailyOrdersRecent: dailyOrders,
  dailyOrdersOld: dailyOrders,
  balance,
  accountAssets,
  buyingPower,
  sellableQuantity,
  periodProfit,
  quote,
  recentTicks,
  orderBook,
  dailyBars,
  minuteBars,
  volumeRanking,
  changeRanking,
  indexQuote,
  investorFlows,
  programTrades,
  holidays,
};

export interface Route {
  name: EndpointName;
  spec: EndpointSpec;
  env: KisWireEnv;
  handler: RestHandler;
}

const BY_PATH = new Map<string, EndpointName[]>();
for (const name of Object.keys(ENDPOINTS) as EndpointName[]) {
  const path = ENDPOINTS[name].path;
  BY_PATH.set(path, [...(BY_PATH.get(path) ?? []), name]);
}

export function isKnownPath(path: string): boolean {
  return BY_PATH.has(path);
}

export function methodOf(path: string): "GET" | "POST" | undefined {
  const name = BY_PATH.get(path)?.[0];
  return name ? ENDPOINTS[name].method : undefined;
}

/** The endpoint a (path, tr_id) pair names, or undefined when the tr_id does not belong to the path. */
export function resolveRoute(path: string, trId: string): Route | undefined {
  for (const name of BY_PATH.get(path) ?? []) {
    const spec: EndpointSpec = ENDPOINTS[name];
    if (spec.trId.real === trId) return { name, spec, env: "real", handler: HANDLERS[name] };
    if (spec.trId.paper === trId) return { name, spec, env: "paper", handler: HANDLERS[name] };
  }
  return undefined;
}
