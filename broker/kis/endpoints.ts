/**
 * Every KIS REST endpoint the product uses: method, path and tr_id per environment, in one table
 * (reference §3.5, §4). `paper: null` means KIS offers no paper version. The simulator answers
 * both columns; the client picks one by environment. Sim uses the real tr_ids unless told otherwise.
 */
import { AppError } from "../../core/errors.js";
import type { FeedKind, FeedSubscription } from "../../core/market-events.js";

export type KisWireEnv = "real" | "paper";

export interface EndpointSpec {
  method: "GET" | "POST";
  path: string;
  trId: { real: string; paper: string | null };
  /** Older tr_ids KIS still accepts for the same service (reference §3.5); clients never send them. */
  legacyTrId?: { real: string; paper: string | null };
  /** Response pages through tr_cont / ctx_area_*. */
  paged?: boolean;
}

const Q = "/uapi/domestic-stock/v1/quotations";
const T = "/uapi/domestic-stock/v1/trading";

export const ENDPOINTS = {
  orderCashSell: {
    method: "POST",
    path: `${T}/order-cash`,
    trId: { real: "TTTC0011U", paper: "VTTC0011U" },
    legacyTrId: { real: "TTTC0801U", paper: "VTTC0801U" },
  },
  orderCashBuy: {
    method: "POST",
    path: `${T}/order-cash`,
    trId: { real: "TTTC0012U", paper: "VTTC0012U" },
    legacyTrId: { real: "TTTC0802U", paper: "VTTC0802U" },
  },
  orderModifyCancel: {
    method: "POST",
    path: `${T}/order-rvsecncl`,
    trId: { real: "TTTC0013U", paper: "VTTC0013U" },
    legacyTrId: { real: "TTTC0803U", paper: "VTTC0803U" },
  },
  openOrders: {
    method: "GET",
    path: `${T}/inquire-psbl-rvsecncl`,
    trId: { real: "TTTC0084R", paper: null },
    legacyTrId: { real: "TTTC8036R", paper: null },
    paged: true,
  },
  dailyOrdersRecent: {
    method: "GET",
    path: `${T}/inquire-daily-ccld`,
    trId: { real: "TTTC0081R", paper: "VTTC0081R" },
    legacyTrId: { real: "TTTC8001R", paper: "VTTC8001R" },
    paged: true,
  },
  dailyOrdersOld: {
    method: "GET",
    path: `${T}/inquire-daily-ccld`,
    trId: { real: "CTSC9215R", paper: "VTSC9215R" },
    legacyTrId: { real: "CTSC9115R", paper: "VTSC9115R" },
    paged: true,
  },
  balance: { method: "GET", path: `${T}/inquire-balance`, trId: { real: "TTTC8434R", paper: "VTTC8434R" }, paged: true },
  balanceRealizedPnl: { method: "GET", path: `${T}/inquire-balance-rlz-pl`, trId: { real: "TTTC8494R", paper: null }, paged: true },
  accountAssets: { method: "GET", path: `${T}/inquire-account-balance`, trId: { real: "CTRP6548R", paper: null } },
  buyingPower: { method: "GET", path: `${T}/inquire-psbl-order`, trId: { real: "TTTC8908R", paper: "VTTC8908R" } },
  sellableQuantity: { method: "GET", path: `${T}/inquire-psbl-sell`, trId: { real: "TTTC8408R", paper: null } },
  integratedMargin: { method: "GET", path: `${T}/intgr-margin`, trId: { real: "TTTC0869R", paper: null } },
  periodProfit: { method: "GET", path: `${T}/inquire-period-profit`, trId: { real: "TTTC8708R", paper: null }, paged: true },
  periodTradeProfit: { method: "GET", path: `${T}/inquire-period-trade-profit`, trId: { real: "TTTC8715R", paper: null }, paged: true },
  reserveOrder: { method: "POST", path: `${T}/order-resv`, trId: { real: "CTSC0008U", paper: null } },
  reservedOrders: { method: "GET", path: `${T}/order-resv-ccnl`, trId: { real: "CTSC0004R", paper: null }, paged: true },
  reservedOrderCancel: { method: "POST", path: `${T}/order-resv-rvsecncl`, trId: { real: "CTSC0009U", paper: null } },
  reservedOrderModify: { method: "POST", path: `${T}/order-resv-rvsecncl`, trId: { real: "CTSC0013U", paper: null } },
  quote: { method: "GET", path: `${Q}/inquire-price`, trId: { real: "FHKST01010100", paper: "FHKST01010100" } },
  quote2: { method: "GET", path: `${Q}/inquire-price-2`, trId: { real: "FHPST01010000", paper: null } },
  recentTicks: { method: "GET", path: `${Q}/inquire-ccnl`, trId: { real: "FHKST01010300", paper: "FHKST01010300" } },
  orderBook: { method: "GET", path: `${Q}/inquire-asking-price-exp-ccn`, trId: { real: "FHKST01010200", paper: "FHKST01010200" } },
  dailyBars: { method: "GET", path: `${Q}/inquire-daily-itemchartprice`, trId: { real: "FHKST03010100", paper: "FHKST03010100" } },
  dailyPrices: { method: "GET", path: `${Q}/inquire-daily-price`, trId: { real: "FHKST01010400", paper: "FHKST01010400" } },
  minuteBars: { method: "GET", path: `${Q}/inquire-time-itemchartprice`, trId: { real: "FHKST03010200", paper: "FHKST03010200" } },
  minuteBarsOfDay: { method: "GET", path: `${Q}/inquire-time-dailychartprice`, trId: { real: "FHKST03010230", paper: null } },
  volumeRanking: { method: "GET", path: `${Q}/volume-rank`, trId: { real: "FHPST01710000", paper: null } },
  changeRanking: { method: "GET", path: "/uapi/domestic-stock/v1/ranking/fluctuation", trId: { real: "FHPST01700000", paper: null } },
  indexQuote: { method: "GET", path: `${Q}/inquire-index-price`, trId: { real: "FHPUP02100000", paper: null } },
  indexDailyBars: { method: "GET", path: `${Q}/inquire-daily-indexchartprice`, trId: { real: "FHKUP03500100", paper: "FHKUP03500100" } },
  indexMinuteBars: { method: "GET", path: `${Q}/inquire-time-indexchartprice`, trId: { real: "FHKUP03500200", paper: null } },
  investorFlows: { method: "GET", path: `${Q}/inquire-investor`, trId: { real: "FHKST01010900", paper: "FHKST01010900" } },
  programTrades: {
    method: "GET",
    path: `${Q}/program-trade-by-stock`,
    trId: { real: "FHPPG04650101", paper: null },
    legacyTrId: { real: "FHPPG04650100", paper: null },
  },
  programTradesDaily: {
    method: "GET",
    path: `${Q}/program-trade-by-stock-daily`,
    trId: { real: "FHPPG04650201", paper: null },
    legacyTrId: { real: "FHPPG04650200", paper: null },
  },
  viStatus: { method: "GET", path: `${Q}/inquire-vi-status`, trId: { real: "FHPST01390000", paper: null } },
  newsTitles: { method: "GET", path: `${Q}/news-title`, trId: { real: "FHKST01011800", paper: null } },
  productInfo: { method: "GET", path: `${Q}/search-info`, trId: { real: "CTPF1604R", paper: null } },
  stockInfo: { method: "GET", path: `${Q}/search-stock-info`, trId: { real: "CTPF1002R", paper: null } },
  marketTime: { method: "GET", path: `${Q}/market-time`, trId: { real: "HHMCM000002C0", paper: null } },
  holidays: { method: "GET", path: `${Q}/chk-holiday`, trId: { real: "CTCA0903R", paper: null }, paged: true },
} as const satisfies Record<string, EndpointSpec>;

export type EndpointName = keyof typeof ENDPOINTS;

/** Auth endpoints: not wrapped in the rt_cd envelope, no tr_id. */
export const AUTH_PATHS = {
  token: "/oauth2/tokenP",
  revoke: "/oauth2/revokeP",
  approval: "/oauth2/Approval",
  hashkey: "/uapi/hashkey",
} as const;

/** Real-time TRs per feed kind; only the execution notice differs between real and paper. */
export const REALTIME_TR = {
  trade: { real: "H0STCNT0", paper: "H0STCNT0" },
  book: { real: "H0STASP0", paper: "H0STASP0" },
  program: { real: "H0STPGM0", paper: null },
  notice: { real: "H0STCNI0", paper: "H0STCNI9" },
} as const satisfies Record<FeedKind, { real: string; paper: string | null }>;

/** The tr_id of a feed; a feed KIS does not offer in `env` (program trading on paper) is a typed error. */
export function feedTrId(feed: FeedKind, env: KisWireEnv): string {
  const trId = REALTIME_TR[feed][env];
  if (trId === null) throw new AppError("FEED_ERROR", `KIS ${env} has no ${feed} feed`);
  return trId;
}

/** A registration as `status` shows it: "H0STCNT0 005930", or "H0STCNI0 notices" (the HTS ID stays out of sight). */
export function registrationLabel(subscription: FeedSubscription, env: KisWireEnv): string {
  const trId = feedTrId(subscription.feed, env);
  return subscription.feed === "notice" ? `${trId} notices` : `${trId} ${subscription.key}`;
}

/** The feed a tr_id carries, in either environment; undefined for TRs the product does not subscribe to. */
export function feedOfTrId(trId: string): FeedKind | undefined {
  return (Object.keys(REALTIME_TR) as FeedKind[]).find((feed) => REALTIME_TR[feed].real === trId || REALTIME_TR[feed].paper === trId);
}

/** Hosts per environment (reference §1). The simulator's come from its own start-up. */
export const KIS_HOSTS = {
  real: { rest: "https://openapi.koreainvestment.com:9443", ws: "ws://ops.koreainvestment.com:21000" },
  paper: { rest: "https://openapivts.koreainvestment.com:29443", ws: "ws://ops.koreainvestment.com:31000" },
} as const;

/** REST requests per second per app key (reference §5.1); sim's is configurable. */
export const KIS_RATE_LIMITS = { real: 18, paper: 1 } as const;
