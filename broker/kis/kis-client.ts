/**
 * The KIS client for every environment (sim, paper, real): builds each request's parameters,
 * calls through KisHttp and parses into domain types. Where KIS has no paper endpoint, paper
 * substitutes per reference §4.3/§4.8 or fails with BROKER_UNSUPPORTED.
 */
import { addDays, type Clock, kstParts } from "../../core/clock.js";
import type { KisCredentials, KisEnv } from "../../core/config.js";
import { AppError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type {
  AccountAssets,
  Balance,
  Bar,
  BuyingPower,
  DailyOrder,
  IndexQuote,
  InvestorFlow,
  OpenOrder,
  OrderAck,
  OrderRef,
  OrderCondition,
  OrderRequest,
  OrderType,
  PeriodProfit,
  ProgramTrade,
  Quote,
  RankingEntry,
  RecentTick,
  TradingDayInfo,
} from "../../core/types.js";
import { KRX_CODE_PATTERN } from "../../venue/krx.js";
import { orderDivision } from "./order-division.js";
import type { Broker, MarketData } from "../ports.js";
import type { KisAuth } from "./auth.js";
import { ENDPOINTS, type EndpointName, type KisWireEnv } from "./endpoints.js";
import { CTX_HOLIDAY, type KisHttp } from "./http.js";
import { parseNews, parseViEvents, type NewsHeadline, type ViEvent } from "./parse/events.js";
import { NewsTitlesResponse, ViStatusResponse } from "./schemas/events.js";
import {
  dailyToOpenOrders,
  parseAccountAssets,
  parseAccountSummary,
  parseBuyingPower,
  parseDailyOrders,
  parseHoldings,
  parseOpenOrders,
  parseOrderCash,
  parseOrderModify,
  parsePeriodProfit,
  parseSellable,
} from "./parse/account.js";
import {
  parseChangeRanking,
  parseDailyBars,
  parseHolidays,
  parseIndex,
  parseIndexDailyBars,
  parseInvestorFlows,
  parseMinuteBars,
  parseProgramTrades,
  parseQuote,
  parseRecentTicks,
  parseVolumeRanking,
} from "./parse/market.js";
import {
  AccountAssetsResponse,
  BalanceResponse,
  BuyingPowerResponse,
  DailyOrdersResponse,
  OpenOrdersResponse,
  OrderCashResponse,
  OrderModifyResponse,
  PeriodProfitResponse,
  SellableResponse,
} from "./schemas/account.js";
import {
  ChangeRankingResponse,
  DailyBarsResponse,
  HolidaysResponse,
  IndexDailyBarsResponse,
  IndexResponse,
  InvestorFlowsResponse,
  MinuteBarsResponse,
  ProgramTradesResponse,
  QuoteResponse,
  RecentTicksResponse,
  VolumeRankingResponse,
} from "./schemas/market.js";

export interface KisClientDeps {
  http: KisHttp;
  auth: KisAuth;
  env: KisEnv;
  wireEnv: KisWireEnv;
  credentials: KisCredentials;
  clock: Clock;
  log: Logger;
}

/** KIS returns at most 100 daily bars and 30 minute bars per call (reference §4.12, §4.13). */
const DAILY_BARS_PER_CALL = 100;
const MINUTE_BARS_PER_CALL = 30;
/** 40 × 100 trading days ≈ 16 years; a full session is 13 pages of minute bars. */
const MAX_DAILY_BAR_CALLS = 40;
const MAX_MINUTE_BAR_CALLS = 14;
const SESSION_OPEN = "090000";
const DATE = /^\d{8}$/;
const TIME = /^\d{6}$/;

function checkSymbol(symbol: string): string {
  if (!KRX_CODE_PATTERN.test(symbol))
    throw new AppError("DATA_INVALID", `Expected a 6-character KRX code such as 005930, received '${symbol}'`);
  return symbol;
}

function checkRange(range: { from: string; to: string }): void {
  if (!DATE.test(range.from) || !DATE.test(range.to) || range.from > range.to) {
    throw new AppError("DATA_INVALID", `Expected YYYYMMDD dates with from <= to, received ${range.from}..${range.to}`);
  }
}

function checkCount(name: string, value: number, allowZero = false): string {
  if (!Number.isSafeInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new AppError("DATA_INVALID", `Expected ${name} to be a ${allowZero ? "non-negative" : "positive"} integer, received ${value}`);
  }
  return String(value);
}

/** ORD_DVSN and ORD_UNPR: only limit orders carry a price; market and best orders send "0". */
function priceFields(
  type: OrderType,
  limitPriceKrw: number | undefined,
  condition?: OrderCondition,
): { ORD_DVSN: string; ORD_UNPR: string } {
  const ORD_DVSN = orderDivision(type, condition);
  if (type !== "limit") return { ORD_DVSN, ORD_UNPR: "0" };
  return { ORD_DVSN, ORD_UNPR: checkCount("limitPriceKrw", limitPriceKrw ?? Number.NaN) };
}

/** YYYYMMDD `months` calendar months earlier, the day clamped to the month's length. */
export function monthsBefore(date: string, months: number): string {
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(4, 6)) - 1 - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(Number(date.slice(6, 8)), lastDay);
  return `${year}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}`;
}

function minuteBefore(time: string): string {
  const seconds = Number(time.slice(0, 2)) * 3600 + Number(time.slice(2, 4)) * 60 + Number(time.slice(4, 6)) - 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(seconds / 3600))}${pad(Math.floor((seconds % 3600) / 60))}${pad(seconds % 60)}`;
}

export class KisClient implements Broker, MarketData {
  readonly env: KisEnv;
  readonly auth: KisAuth;

  constructor(private readonly deps: KisClientDeps) {
    this.env = deps.env;
    this.auth = deps.auth;
  }

  async getQuote(symbol: string): Promise<Quote> {
    const { data } = await this.deps.http.call("quote", QuoteResponse, this.stock(symbol));
    return parseQuote(symbol, data, this.deps.clock.now());
  }

  async getRecentTicks(symbol: string): Promise<RecentTick[]> {
    return parseRecentTicks((await this.deps.http.call("recentTicks", RecentTicksResponse, this.stock(symbol))).data);
  }

  /** Pages back from `to`: each next call ends the day before the oldest bar received. */
  async getDailyBars(symbol: string, range: { from: string; to: string }): Promise<Bar[]> {
    checkRange(range);
    const bars = new Map<string, Bar>();
    let end = range.to;
    for (let call = 0; call < MAX_DAILY_BAR_CALLS && end >= range.from; call++) {
      const params = {
        ...this.stock(symbol),
        FID_INPUT_DATE_1: range.from,
        FID_INPUT_DATE_2: end,
        FID_PERIOD_DIV_CODE: "D",
        FID_ORG_ADJ_PRC: "0",
      };
      const rows = parseDailyBars((await this.deps.http.call("dailyBars", DailyBarsResponse, params)).data);
      const inRange = rows.filter((bar) => bar.date >= range.from && bar.date <= end);
      for (const bar of inRange) bars.set(bar.date, bar);
      if (rows.length < DAILY_BARS_PER_CALL || inRange.length === 0) break;
      end = addDays(
        inRange.reduce((oldest, bar) => (bar.date < oldest ? bar.date : oldest), end),
        -1,
      );
    }
    return [...bars.values()].sort((a, b) => a.date.localeCompare(b.date));
  }

  /** Pages back a minute before the oldest bar received, to the session open or `limit`. */
  async getMinuteBars(symbol: string, options: { until?: string; limit?: number } = {}): Promise<Bar[]> {
    let until = options.until ?? kstParts(this.deps.clock.now()).time;
    if (!TIME.test(until)) throw new AppError("DATA_INVALID", `Expected HHMMSS, received '${until}'`);
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const bars = new Map<string, Bar>();
    for (let call = 0; call < MAX_MINUTE_BAR_CALLS && bars.size < limit; call++) {
      const params = { ...this.stock(symbol), FID_ETC_CLS_CODE: "", FID_INPUT_HOUR_1: until, FID_PW_DATA_INCU_YN: "N" };
      const rows = parseMinuteBars((await this.deps.http.call("minuteBars", MinuteBarsResponse, params)).data);
      const inRange = rows.filter((bar) => (bar.time ?? "") <= until);
      for (const bar of inRange) bars.set(`${bar.date}${bar.time ?? ""}`, bar);
      const oldest = inRange.reduce((min, bar) => ((bar.time ?? min) < min ? (bar.time ?? min) : min), until);
      if (rows.length < MINUTE_BARS_PER_CALL || inRange.length === 0 || oldest <= SESSION_OPEN) break;
      until = minuteBefore(oldest);
    }
    const sorted = [...bars.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, bar]) => bar);
    return Number.isFinite(limit) ? sorted.slice(-limit) : sorted;
  }

  /**
   * The 1-minute bars of a past day (주식일별분봉조회, real only: BROKER_UNSUPPORTED on paper),
   * oldest first: pages back 120 bars a call from 15:30 to the session open.
   */
  async getMinuteBarsOfDay(symbol: string, date: string): Promise<Bar[]> {
    if (!/^\d{8}$/.test(date)) throw new AppError("DATA_INVALID", `Expected YYYYMMDD, received '${date}'`);
    const bars = new Map<string, Bar>();
    let until = "153000";
    for (let call = 0; call < MAX_MINUTE_BAR_CALLS; call++) {
      const params = {
        ...this.stock(symbol),
        FID_INPUT_HOUR_1: until,
        FID_INPUT_DATE_1: date,
        FID_PW_DATA_INCU_YN: "N",
        FID_FAKE_TICK_INCU_YN: "",
      };
      const rows = parseMinuteBars((await this.deps.http.call("minuteBarsOfDay", MinuteBarsResponse, params)).data).filter(
        (bar) => bar.date === date && (bar.time ?? "") <= until,
      );
      for (const bar of rows) bars.set(bar.time ?? "", bar);
      const oldest = rows.reduce((min, bar) => ((bar.time ?? min) < min ? (bar.time ?? min) : min), until);
      if (rows.length === 0 || oldest <= SESSION_OPEN) break;
      until = minuteBefore(oldest);
    }
    return [...bars.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, bar]) => bar);
  }

  async getVolumeRanking(options: { limit?: number } = {}): Promise<RankingEntry[]> {
    const params = {
      FID_COND_MRKT_DIV_CODE: "J",
      FID_COND_SCR_DIV_CODE: "20171",
      FID_INPUT_ISCD: "0000",
      FID_DIV_CLS_CODE: "0",
      FID_BLNG_CLS_CODE: "0",
      FID_TRGT_CLS_CODE: "111111111",
      FID_TRGT_EXLS_CLS_CODE: "0000000000",
      FID_INPUT_PRICE_1: "",
      FID_INPUT_PRICE_2: "",
      FID_VOL_CNT: "",
      FID_INPUT_DATE_1: "",
    };
    const ranking = parseVolumeRanking((await this.deps.http.call("volumeRanking", VolumeRankingResponse, params)).data);
    return ranking.slice(0, options.limit ?? ranking.length);
  }

  /** The fluctuation ranking documents its parameters in lower case. */
  async getChangeRanking(options: { direction: "up" | "down"; limit?: number }): Promise<RankingEntry[]> {
    const params = {
      fid_cond_mrkt_div_code: "J",
      fid_cond_scr_div_code: "20170",
      fid_input_iscd: "0000",
      fid_rank_sort_cls_code: options.direction === "up" ? "0" : "1",
      fid_input_cnt_1: "0",
      fid_prc_cls_code: "1",
      fid_input_price_1: "",
      fid_input_price_2: "",
      fid_vol_cnt: "",
      fid_trgt_cls_code: "0",
      fid_trgt_exls_cls_code: "0",
      fid_div_cls_code: "0",
      fid_rsfl_rate1: "",
      fid_rsfl_rate2: "",
    };
    const ranking = parseChangeRanking((await this.deps.http.call("changeRanking", ChangeRankingResponse, params)).data);
    return ranking.slice(0, options.limit ?? ranking.length);
  }

  async getIndex(code = "0001"): Promise<IndexQuote> {
    if (!/^\d{4}$/.test(code)) throw new AppError("DATA_INVALID", `Expected a 4-digit index code such as 0001, received '${code}'`);
    const { data } = await this.deps.http.call("indexQuote", IndexResponse, { FID_COND_MRKT_DIV_CODE: "U", FID_INPUT_ISCD: code });
    return parseIndex(code, data);
  }

  /** Daily closes of an index ("0001" = KOSPI) between two YYYYMMDD dates, oldest first (one page: up to 100 days). */
  async getIndexDailyBars(code: string, range: { from: string; to: string }): Promise<Array<{ date: string; close: number }>> {
    checkRange(range);
    const params = {
      FID_COND_MRKT_DIV_CODE: "U",
      FID_INPUT_ISCD: code,
      FID_INPUT_DATE_1: range.from,
      FID_INPUT_DATE_2: range.to,
      FID_PERIOD_DIV_CODE: "D",
    };
    return parseIndexDailyBars((await this.deps.http.call("indexDailyBars", IndexDailyBarsResponse, params)).data);
  }

  async getInvestorFlows(symbol: string): Promise<InvestorFlow[]> {
    return parseInvestorFlows((await this.deps.http.call("investorFlows", InvestorFlowsResponse, this.stock(symbol))).data);
  }

  async getProgramTrades(symbol: string): Promise<ProgramTrade[]> {
    return parseProgramTrades((await this.deps.http.call("programTrades", ProgramTradesResponse, this.stock(symbol))).data);
  }

  /** Market news titles, newest first: all, or those naming `symbol`; real only (BROKER_UNSUPPORTED on paper). */
  async getNews(options: { symbol?: string } = {}): Promise<NewsHeadline[]> {
    const params = {
      FID_NEWS_OFER_ENTP_CODE: "",
      FID_COND_MRKT_CLS_CODE: "",
      FID_INPUT_ISCD: options.symbol === undefined ? "" : checkSymbol(options.symbol),
      FID_TITL_CNTT: "",
      FID_INPUT_DATE_1: "",
      FID_INPUT_HOUR_1: "",
      FID_RANK_SORT_CLS_CODE: "",
      FID_INPUT_SRNO: "",
    };
    return parseNews((await this.deps.http.call("newsTitles", NewsTitlesResponse, params)).data);
  }

  /** The day's volatility interruptions (today when `date` is absent), newest first; real only. */
  async getViEvents(options: { date?: string; symbol?: string } = {}): Promise<ViEvent[]> {
    const date = options.date ?? kstParts(this.deps.clock.now()).date;
    checkRange({ from: date, to: date });
    const params = {
      FID_DIV_CLS_CODE: "0",
      FID_COND_SCR_DIV_CODE: "20139",
      FID_MRKT_CLS_CODE: "0",
      FID_INPUT_ISCD: options.symbol === undefined ? "" : checkSymbol(options.symbol),
      FID_RANK_SORT_CLS_CODE: "0",
      FID_INPUT_DATE_1: date,
      FID_TRGT_CLS_CODE: "",
      FID_TRGT_EXLS_CLS_CODE: "",
    };
    return parseViEvents((await this.deps.http.call("viStatus", ViStatusResponse, params)).data);
  }

  async getTradingCalendar(date: string): Promise<TradingDayInfo[]> {
    checkRange({ from: date, to: date });
    const pages = await this.deps.http.callPages("holidays", HolidaysResponse, { BASS_DT: date }, CTX_HOLIDAY);
    return pages.flatMap(parseHolidays);
  }

  async getBalance(): Promise<Balance> {
    const pages = await this.balancePages();
    return { holdings: parseHoldings(pages), summary: parseAccountSummary(pages) };
  }

  async getAccountAssets(): Promise<AccountAssets> {
    const params = { ...this.account(), INQR_DVSN_1: "", BSPR_BF_DT_APLY_YN: "" };
    return parseAccountAssets((await this.deps.http.call("accountAssets", AccountAssetsResponse, params)).data);
  }

  async getBuyingPower(symbol: string, priceKrw: number, type: OrderType = "limit"): Promise<BuyingPower> {
    const params = {
      ...this.account(),
      PDNO: checkSymbol(symbol),
      ORD_UNPR: checkCount("priceKrw", priceKrw, true),
      ORD_DVSN: orderDivision(type),
      CMA_EVLU_AMT_ICLD_YN: "N",
      OVRS_ICLD_YN: "N",
    };
    return parseBuyingPower((await this.deps.http.call("buyingPower", BuyingPowerResponse, params)).data);
  }

  /** Paper has no sellable-quantity inquiry: the balance's ord_psbl_qty stands in (reference §4.8). */
  async getSellableQuantity(symbol: string): Promise<number> {
    checkSymbol(symbol);
    if (!this.offers("sellableQuantity")) {
      return parseHoldings(await this.balancePages()).find((h) => h.symbol === symbol)?.sellableQuantity ?? 0;
    }
    const { data } = await this.deps.http.call("sellableQuantity", SellableResponse, { ...this.account(), PDNO: symbol });
    return parseSellable(data);
  }

  async placeOrder(request: OrderRequest): Promise<OrderAck> {
    const body = {
      ...this.account(),
      PDNO: checkSymbol(request.symbol),
      ...priceFields(request.type, request.limitPriceKrw, request.condition),
      ORD_QTY: checkCount("quantity", request.quantity),
      EXCG_ID_DVSN_CD: "KRX",
      SLL_TYPE: request.side === "sell" ? "01" : "",
      CNDT_PRIC: "",
    };
    const name = request.side === "buy" ? "orderCashBuy" : "orderCashSell";
    const ack = parseOrderCash((await this.deps.http.call(name, OrderCashResponse, body)).data);
    this.deps.log.info("order accepted", { symbol: request.symbol, side: request.side, quantity: request.quantity, orderNo: ack.orderNo });
    return ack;
  }

  async modifyOrder(
    ref: OrderRef,
    change: { quantity: number; type: OrderType; condition?: OrderCondition; limitPriceKrw?: number; all?: boolean },
  ): Promise<OrderAck> {
    const all = change.all ?? false;
    return this.modifyOrCancel(ref, {
      RVSE_CNCL_DVSN_CD: "01",
      ...priceFields(change.type, change.limitPriceKrw, change.condition),
      ORD_QTY: checkCount("quantity", change.quantity, all),
      QTY_ALL_ORD_YN: all ? "Y" : "N",
    });
  }

  /** Without a quantity the whole remaining quantity is cancelled. */
  async cancelOrder(ref: OrderRef, options: { quantity?: number } = {}): Promise<OrderAck> {
    return this.modifyOrCancel(ref, {
      RVSE_CNCL_DVSN_CD: "02",
      ORD_DVSN: "00",
      ORD_UNPR: "0",
      ORD_QTY: options.quantity === undefined ? "0" : checkCount("quantity", options.quantity),
      QTY_ALL_ORD_YN: options.quantity === undefined ? "Y" : "N",
    });
  }

  /** Paper has no open-order inquiry: today's unfilled daily orders stand in (reference §4.3). */
  async getOpenOrders(): Promise<OpenOrder[]> {
    if (!this.offers("openOrders")) {
      const today = kstParts(this.deps.clock.now()).date;
      return dailyToOpenOrders(await this.getDailyOrders({ from: today, to: today, status: "unfilled" }));
    }
    const params = { ...this.account(), INQR_DVSN_1: "0", INQR_DVSN_2: "0" };
    return parseOpenOrders(await this.deps.http.callPages("openOrders", OpenOrdersResponse, params));
  }

  /** Newest first. A range straddling the 3-month boundary is split between the two tr_ids. */
  async getDailyOrders(range: {
    from: string;
    to: string;
    symbol?: string;
    status?: "all" | "filled" | "unfilled";
  }): Promise<DailyOrder[]> {
    checkRange(range);
    const boundary = monthsBefore(kstParts(this.deps.clock.now()).date, 3);
    const segments: Array<{ name: EndpointName; from: string; to: string }> = [];
    if (range.to >= boundary)
      segments.push({ name: "dailyOrdersRecent", from: range.from > boundary ? range.from : boundary, to: range.to });
    if (range.from < boundary) {
      const lastOld = addDays(boundary, -1);
      segments.push({ name: "dailyOrdersOld", from: range.from, to: range.to < lastOld ? range.to : lastOld });
    }
    const status = { all: "00", filled: "01", unfilled: "02" }[range.status ?? "all"];
    const orders: DailyOrder[] = [];
    for (const segment of segments) {
      const params = {
        ...this.account(),
        INQR_STRT_DT: segment.from,
        INQR_END_DT: segment.to,
        SLL_BUY_DVSN_CD: "00",
        INQR_DVSN: "00",
        PDNO: range.symbol === undefined ? "" : checkSymbol(range.symbol),
        CCLD_DVSN: status,
        ORD_GNO_BRNO: "",
        ODNO: "",
        INQR_DVSN_3: "00",
        INQR_DVSN_1: "",
        EXCG_ID_DVSN_CD: "KRX",
      };
      orders.push(...parseDailyOrders(await this.deps.http.callPages(segment.name, DailyOrdersResponse, params)));
    }
    return orders;
  }

  async getPeriodProfit(range: { from: string; to: string }): Promise<PeriodProfit> {
    checkRange(range);
    const params = {
      ...this.account(),
      PDNO: "",
      INQR_STRT_DT: range.from,
      INQR_END_DT: range.to,
      SORT_DVSN: "00",
      INQR_DVSN: "00",
      CBLC_DVSN: "00",
    };
    return parsePeriodProfit(await this.deps.http.callPages("periodProfit", PeriodProfitResponse, params));
  }

  private async modifyOrCancel(ref: OrderRef, fields: Record<string, string>): Promise<OrderAck> {
    const body = {
      ...this.account(),
      KRX_FWDG_ORD_ORGNO: ref.orgNo,
      ORGN_ODNO: ref.orderNo,
      CNDT_PRIC: "",
      EXCG_ID_DVSN_CD: "KRX",
      ...fields,
    };
    return parseOrderModify((await this.deps.http.call("orderModifyCancel", OrderModifyResponse, body)).data);
  }

  private balancePages() {
    const params = {
      ...this.account(),
      AFHR_FLPR_YN: "N",
      OFL_YN: "",
      INQR_DVSN: "02",
      UNPR_DVSN: "01",
      FUND_STTL_ICLD_YN: "N",
      FNCG_AMT_AUTO_RDPT_YN: "N",
      PRCS_DVSN: "00",
    };
    return this.deps.http.callPages("balance", BalanceResponse, params);
  }

  private offers(name: EndpointName): boolean {
    return ENDPOINTS[name].trId[this.deps.wireEnv] !== null;
  }

  private account(): { CANO: string; ACNT_PRDT_CD: string } {
    return { CANO: this.deps.credentials.accountNo, ACNT_PRDT_CD: this.deps.credentials.productCode };
  }

  private stock(symbol: string): { FID_COND_MRKT_DIV_CODE: string; FID_INPUT_ISCD: string } {
    return { FID_COND_MRKT_DIV_CODE: "J", FID_INPUT_ISCD: checkSymbol(symbol) };
  }
}
