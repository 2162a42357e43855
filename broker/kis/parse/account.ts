/** Raw KIS account and order responses → domain types. Pure. */
import type { z } from "zod";
import { AppError } from "../../../core/errors.js";
import type {
  AccountAssets,
  AccountSummary,
  BuyingPower,
  DailyOrder,
  DailyProfit,
  Holding,
  OpenOrder,
  OrderAck,
  PeriodProfit,
} from "../../../core/types.js";
import type {
  AccountAssetsResponse,
  BalanceResponse,
  BuyingPowerResponse,
  DailyOrdersResponse,
  OpenOrdersResponse,
  OrderCashResponse,
  OrderModifyResponse,
  PeriodProfitResponse,
  SellableResponse,
} from "../schemas/account.js";
import { optionalText, single, toInt, toNumber, toOrderType, toSide } from "./common.js";

type BalancePage = z.infer<typeof BalanceResponse>;

function summaryOf<T>(what: string, value: T | T[]): T {
  const summary = single(value);
  if (summary === undefined) throw new AppError("BROKER_RESPONSE_INVALID", `KIS ${what}: response field 'output2' is an empty array`);
  return summary;
}

export function parseOrderCash(raw: z.infer<typeof OrderCashResponse>): OrderAck {
  return { orderNo: raw.output.ODNO, orgNo: raw.output.KRX_FWDG_ORD_ORGNO, acceptedAt: raw.output.ORD_TMD };
}

export function parseOrderModify(raw: z.infer<typeof OrderModifyResponse>): OrderAck {
  return { orderNo: raw.output.odno, orgNo: raw.output.krx_fwdg_ord_orgno, acceptedAt: raw.output.ord_tmd };
}

/** Rows with zero quantity (sold out today, listed until D+2) are not holdings. */
export function parseHoldings(pages: BalancePage[]): Holding[] {
  return pages
    .flatMap((page) => page.output1)
    .filter((row) => toInt(row.hldg_qty) > 0)
    .map((row) => ({
      symbol: row.pdno,
      name: row.prdt_name.trim(),
      quantity: toInt(row.hldg_qty),
      sellableQuantity: toInt(row.ord_psbl_qty),
      averagePriceKrw: toInt(row.pchs_avg_pric),
      purchaseAmountKrw: toInt(row.pchs_amt),
      currentPriceKrw: toInt(row.prpr),
      evaluationAmountKrw: toInt(row.evlu_amt),
      unrealizedPnlKrw: toInt(row.evlu_pfls_amt),
      unrealizedPnlRate: toNumber(row.evlu_pfls_rt),
    }));
}

/** The summary repeats on every page; the last page's is the one to trust. */
export function parseAccountSummary(pages: BalancePage[]): AccountSummary {
  const last = pages[pages.length - 1];
  if (last === undefined) throw new AppError("BROKER_RESPONSE_INVALID", "KIS balance: no page returned");
  const s = summaryOf("balance", last.output2);
  return {
    cashKrw: toInt(s.dnca_tot_amt),
    cashD2Krw: toInt(s.prvs_rcdl_excc_amt),
    securitiesValueKrw: toInt(s.scts_evlu_amt),
    totalValueKrw: toInt(s.tot_evlu_amt),
    purchaseAmountKrw: toInt(s.pchs_amt_smtl_amt),
    unrealizedPnlKrw: toInt(s.evlu_pfls_smtl_amt),
  };
}

/** output1 rows are asset classes in a fixed order; the first is 주식 (stocks). */
export function parseAccountAssets(raw: z.infer<typeof AccountAssetsResponse>): AccountAssets {
  const totals = summaryOf("accountAssets", raw.output2);
  return {
    totalAssetsKrw: toInt(totals.tot_asst_amt),
    netAssetsKrw: toInt(totals.nass_tot_amt),
    depositKrw: toInt(totals.tot_dncl_amt),
    stockValueKrw: toInt(raw.output1[0]?.evlu_amt),
  };
}

export function parseBuyingPower(raw: z.infer<typeof BuyingPowerResponse>): BuyingPower {
  const o = raw.output;
  return {
    orderableCashKrw: toInt(o.ord_psbl_cash),
    cashOnlyQuantity: toInt(o.nrcvb_buy_qty),
    cashOnlyAmountKrw: toInt(o.nrcvb_buy_amt),
    maxQuantity: toInt(o.max_buy_qty),
  };
}

/** A symbol that is not held comes back as an empty output: nothing to sell. */
export function parseSellable(raw: z.infer<typeof SellableResponse>): number {
  const output = "output" in raw ? raw.output : raw.output1;
  return toInt(single(output)?.ord_psbl_qty);
}

/** The fields both order inquiries (open orders, daily orders) report the same way. */
interface OrderRow {
  odno: string;
  ord_gno_brno: string;
  orgn_odno?: string | undefined;
  pdno: string;
  prdt_name: string;
  sll_buy_dvsn_cd: "01" | "02";
  ord_dvsn_cd: string;
  ord_qty: string;
  ord_unpr: string;
  tot_ccld_qty: string;
}

function orderFields(row: OrderRow) {
  const originalOrderNo = optionalText(row.orgn_odno);
  return {
    orderNo: row.odno,
    orgNo: row.ord_gno_brno,
    ...(originalOrderNo ? { originalOrderNo } : {}),
    symbol: row.pdno,
    name: row.prdt_name.trim(),
    side: toSide(row.sll_buy_dvsn_cd),
    type: toOrderType(row.ord_dvsn_cd),
    quantity: toInt(row.ord_qty),
    limitPriceKrw: toInt(row.ord_unpr),
    filledQuantity: toInt(row.tot_ccld_qty),
  };
}

export function parseOpenOrders(pages: Array<z.infer<typeof OpenOrdersResponse>>): OpenOrder[] {
  return pages
    .flatMap((page) => page.output)
    .map((row) => ({ ...orderFields(row), remainingQuantity: toInt(row.psbl_qty), orderedAt: row.ord_tmd }));
}

export function parseDailyOrders(pages: Array<z.infer<typeof DailyOrdersResponse>>): DailyOrder[] {
  return pages
    .flatMap((page) => page.output1)
    .filter((row) => row.odno.trim() !== "")
    .map((row) => ({
      date: row.ord_dt,
      ...orderFields(row),
      averageFillPriceKrw: toInt(row.avg_prvs),
      filledAmountKrw: toInt(row.tot_ccld_amt),
      remainingQuantity: toInt(row.rmn_qty),
      cancelled: row.cncl_yn.trim() === "Y",
      rejectedQuantity: toInt(row.rjct_qty),
      orderedAt: row.ord_tmd,
    }));
}

/** Paper has no open-order inquiry: today's unfilled daily orders stand in (reference §4.3). */
export function dailyToOpenOrders(orders: DailyOrder[]): OpenOrder[] {
  return orders
    .filter((order) => !order.cancelled && order.remainingQuantity > 0)
    .map((order) => ({
      orderNo: order.orderNo,
      orgNo: order.orgNo,
      ...(order.originalOrderNo ? { originalOrderNo: order.originalOrderNo } : {}),
      symbol: order.symbol,
      name: order.name,
      side: order.side,
      type: order.type,
      quantity: order.quantity,
      limitPriceKrw: order.limitPriceKrw,
      filledQuantity: order.filledQuantity,
      remainingQuantity: order.remainingQuantity,
      orderedAt: order.orderedAt,
    }));
}

export function parsePeriodProfit(pages: Array<z.infer<typeof PeriodProfitResponse>>): PeriodProfit {
  const days: DailyProfit[] = pages
    .flatMap((page) => page.output1)
    .filter((row) => row.trad_dt.trim() !== "")
    .map((row) => ({
      date: row.trad_dt,
      buyAmountKrw: toInt(row.buy_amt),
      sellAmountKrw: toInt(row.sll_amt),
      realizedPnlKrw: toInt(row.rlzt_pfls),
      feeKrw: toInt(row.fee),
      taxKrw: toInt(row.tl_tax),
      pnlRate: toNumber(row.pfls_rt),
    }));
  const last = pages[pages.length - 1];
  const totals = last ? single(last.output2) : undefined;
  return {
    days,
    totalRealizedPnlKrw: toInt(totals?.tot_rlzt_pfls),
    totalFeeKrw: toInt(totals?.tot_fee),
    totalTaxKrw: toInt(totals?.tot_tltx),
  };
}
