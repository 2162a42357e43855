/**
 * Every endpoint of the shared KIS table (broker/kis/endpoints.ts) mapped to its handler. The
 * table is typed by endpoint name, so an endpoint added to the shared table without a handler
 * fails to compile. A request is routed by path, then by tr_id within the path.
 */
import { ENDPOINTS, type EndpointName, type EndpointSpec, type KisWireEnv } from "../../../broker/kis/endpoints.js";
import { balance, balanceRealizedPnl, buyingPower, sellableQuantity } from "./account-handlers.js";
import { dailyBars, dailyPrices, minuteBars, minuteBarsOfDay } from "./chart-handlers.js";
import { indexDailyBars, indexMinuteBars, indexQuote } from "./index-handlers.js";
import { marketTime, newsTitles, productInfo, stockInfo, viStatus } from "./info-handlers.js";
import { integratedMargin } from "./margin-handler.js";
import { holidays, investorFlows, programTrades, programTradesDaily } from "./market-handlers.js";
import { modifyOrCancel, orderCash } from "./order-handlers.js";
import { dailyOrders, openOrders } from "./order-query-handlers.js";
import { accountAssets, periodProfit, periodTradeProfit } from "./profit-handlers.js";
import { orderBook, quote, quote2, recentTicks } from "./quote-handlers.js";
import { changeRanking, volumeRanking } from "./ranking-handlers.js";
import { reservedOrderChange, reservedOrders, reserveOrder } from "./reservation-handlers.js";
import type { RestHandler } from "./rest-context.js";

export const HANDLERS: Record<EndpointName, RestHandler> = {
  orderCashSell: orderCash("sell"),
  orderCashBuy: orderCash("buy"),
  orderModifyCancel: modifyOrCancel,
  openOrders,
  dailyOrdersRecent: dailyOrders,
  dailyOrdersOld: dailyOrders,
  balance,
  balanceRealizedPnl,
  accountAssets,
  buyingPower,
  sellableQuantity,
  integratedMargin,
  periodProfit,
  periodTradeProfit,
  reserveOrder,
  reservedOrders,
  reservedOrderCancel: reservedOrderChange("cancel"),
  reservedOrderModify: reservedOrderChange("modify"),
  quote,
  quote2,
  recentTicks,
  orderBook,
  dailyBars,
  dailyPrices,
  minuteBars,
  minuteBarsOfDay,
  volumeRanking,
  changeRanking,
  indexQuote,
  indexDailyBars,
  indexMinuteBars,
  investorFlows,
  programTrades,
  programTradesDaily,
  viStatus,
  newsTitles,
  productInfo,
  stockInfo,
  marketTime,
  holidays,
};

export interface Route {
  name: EndpointName;
  spec: EndpointSpec;
  env: KisWireEnv;
  /** the tr_id as the client sent it (a current or a legacy one) */
  trId: string;
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

/**
 * The endpoint a (path, tr_id) pair names, or undefined when the tr_id does not belong to the
 * path. The older tr_ids KIS still accepts (TTTC0802U…) reach the same handler.
 */
export function resolveRoute(path: string, trId: string): Route | undefined {
  for (const name of BY_PATH.get(path) ?? []) {
    const spec: EndpointSpec = ENDPOINTS[name];
    for (const ids of [spec.trId, spec.legacyTrId]) {
      if (ids?.real === trId) return { name, spec, env: "real", trId, handler: HANDLERS[name] };
      if (ids?.paper === trId) return { name, spec, env: "paper", trId, handler: HANDLERS[name] };
    }
  }
  return undefined;
}
