/** Asset composition (CTRP6548R) and daily realised P&L over a period (TTTC8708R), both real only. */
import { kstParts } from "../../../core/clock.js";
import type { DailyPnl } from "../../exchange.js";
import { valueHoldings } from "./account-handlers.js";
import { badParam } from "./kis-errors.js";
import { paginate } from "./paging.js";
import { readAccount, type RestContext, type RestReply } from "./rest-context.js";
import { int, pct } from "./wire-values.js";

/** The fixed asset-class rows of inquire-account-balance output1 (reference §4.6). */
const ASSET_CLASSES = 20;
const STOCK_ROW = 0;
const DEPOSIT_ROW = 17;
const TOTAL_ROW = 19;
const PROFIT_PAGE = 100;
const kstDate = (ms: number) => kstParts(ms).date;

function assetRow(purchaseKrw: number, valueKrw: number, totalKrw: number): Record<string, string> {
  return {
    pchs_amt: int(purchaseKrw),
    evlu_amt: int(valueKrw),
    evlu_pfls_amt: int(valueKrw - purchaseKrw),
    crdt_lnd_amt: "0",
    real_nass_amt: int(valueKrw),
    whol_weit_rt: pct(totalKrw > 0 ? (valueKrw / totalKrw) * 100 : 0),
  };
}

export function accountAssets(ctx: RestContext): RestReply {
  const accountId = readAccount(ctx);
  ctx.req.required("INQR_DVSN_1", false);
  ctx.req.required("BSPR_BF_DT_APLY_YN", false);
  const account = ctx.exchange.account(accountId);
  const rows = valueHoldings(ctx, account);
  const stockKrw = rows.reduce((n, r) => n + r.valueKrw, 0);
  const purchaseKrw = rows.reduce((n, r) => n + r.h.purchaseAmountKrw, 0);
  const totalKrw = stockKrw + account.cashKrw;
  const output1 = Array.from({ length: ASSET_CLASSES }, () => assetRow(0, 0, totalKrw));
  output1[STOCK_ROW] = assetRow(purchaseKrw, stockKrw, totalKrw);
  output1[DEPOSIT_ROW] = assetRow(account.cashKrw, account.cashKrw, totalKrw);
  output1[TOTAL_ROW] = assetRow(purchaseKrw + account.cashKrw, totalKrw, totalKrw);
  const output2 = {
    pchs_amt_smtl: int(purchaseKrw),
    nass_tot_amt: int(totalKrw),
    loan_amt_smtl: "0",
    evlu_pfls_amt_smtl: int(stockKrw - purchaseKrw),
    evlu_amt_smtl: int(stockKrw),
    tot_asst_amt: int(totalKrw),
    tot_lnda_tot_ulst_lnda: "0",
    cma_auto_loan_amt: "0",
    tot_mgln_amt: "0",
    stln_evlu_amt: "0",
    crdt_fncg_amt: "0",
    ocl_apl_loan_amt: "0",
    pldg_stup_amt: "0",
    frcr_evlu_tota: "0",
    tot_dncl_amt: int(account.cashKrw),
    cma_evlu_amt: "0",
    dncl_amt: int(account.cashKrw),
    tot_sbst_amt: "0",
    thdt_rcvb_amt: "0",
  };
  return { body: { output1, output2 } };
}

/** Realised P&L as a percent of the cost of what was sold. */
const pnlRate = (d: Pick<DailyPnl, "sellAmountKrw" | "realizedPnlKrw">) => {
  const cost = d.sellAmountKrw - d.realizedPnlKrw;
  return pct(cost > 0 ? (d.realizedPnlKrw / cost) * 100 : 0);
};

export function periodProfit(ctx: RestContext): RestReply {
  const accountId = readAccount(ctx);
  const req = ctx.req;
  const code = req.required("PDNO", false);
  if (code !== "") req.stockCode("PDNO");
  const from = req.date("INQR_STRT_DT");
  const to = req.date("INQR_END_DT");
  if (from > to) throw badParam("INQR_STRT_DT", "after INQR_END_DT");
  const oldestFirst = req.oneOf("SORT_DVSN", ["00", "01", "02"] as const) === "01";
  req.oneOf("INQR_DVSN", ["00"] as const);
  req.oneOf("CBLC_DVSN", ["00"] as const);
  const fills = ctx.exchange.fills(accountId, from, to).filter((f) => code === "" || f.code === code);
  const quantity = (date: string, side: "buy" | "sell") =>
    fills.filter((f) => f.side === side && kstDate(f.timeMs) === date).reduce((n, f) => n + f.quantity, 0);
  const days = ctx.exchange
    .dailyPnl(accountId, from, to)
    .sort((a, b) => (oldestFirst ? a.date.localeCompare(b.date) : b.date.localeCompare(a.date)));
  const page = paginate(req, days, PROFIT_PAGE, `${accountId}${from}${to}`);
  const output1 = page.rows.map((d) => ({
    trad_dt: d.date,
    buy_amt: int(d.buyAmountKrw),
    sll_amt: int(d.sellAmountKrw),
    rlzt_pfls: int(d.realizedPnlKrw),
    fee: int(d.feeKrw),
    loan_int: "0",
    tl_tax: int(d.taxKrw),
    pfls_rt: pnlRate(d),
    sll_qty1: int(quantity(d.date, "sell")),
    buy_qty1: int(quantity(d.date, "buy")),
  }));
  const total = (pick: (d: DailyPnl) => number) => days.reduce((n, d) => n + pick(d), 0);
  const sellQty = fills.filter((f) => f.side === "sell").reduce((n, f) => n + f.quantity, 0);
  const buyQty = fills.filter((f) => f.side === "buy").reduce((n, f) => n + f.quantity, 0);
  const output2 = {
    sll_qty_smtl: int(sellQty),
    sll_tr_amt_smtl: int(total((d) => d.sellAmountKrw)),
    sll_fee_smtl: int(fills.filter((f) => f.side === "sell").reduce((n, f) => n + f.feeKrw, 0)),
    sll_tltx_smtl: int(total((d) => d.taxKrw)),
    sll_excc_amt_smtl: int(total((d) => d.sellAmountKrw - d.taxKrw)),
    buy_qty_smtl: int(buyQty),
    buy_tr_amt_smtl: int(total((d) => d.buyAmountKrw)),
    buy_fee_smtl: int(fills.filter((f) => f.side === "buy").reduce((n, f) => n + f.feeKrw, 0)),
    buy_tax_smtl: "0",
    buy_excc_amt_smtl: int(total((d) => d.buyAmountKrw)),
    tot_qty: int(sellQty + buyQty),
    tot_tr_amt: int(total((d) => d.buyAmountKrw + d.sellAmountKrw)),
    tot_fee: int(total((d) => d.feeKrw)),
    tot_tltx: int(total((d) => d.taxKrw)),
    tot_excc_amt: int(total((d) => d.sellAmountKrw - d.buyAmountKrw - d.feeKrw - d.taxKrw)),
    tot_rlzt_pfls: int(total((d) => d.realizedPnlKrw)),
    loan_int: "0",
  };
  return { body: { ...page.cursor, output1, output2 }, trCont: page.trCont };
}

interface StockDay {
  date: string;
  code: string;
  buyQty: number;
  buyKrw: number;
  sellQty: number;
  sellKrw: number;
  costKrw: number;
  feeKrw: number;
  sellFeeKrw: number;
  taxKrw: number;
  holdingAfter: number;
  averageCostKrw: number;
}

/**
 * Every fill of the account replayed in time order with the exchange's own cost rule (the sold
 * share of the purchase amount), grouped by trade date and stock.
 */
function stockDays(ctx: RestContext, accountId: string, to: string): StockDay[] {
  // fills() lists newest first; reversed, a stable sort keeps same-millisecond fills in booking order.
  const fills = ctx.exchange
    .fills(accountId, "00000101", to)
    .reverse()
    .sort((a, b) => a.timeMs - b.timeMs);
  const positions = new Map<string, { quantity: number; purchaseKrw: number }>();
  const days = new Map<string, StockDay>();
  for (const f of fills) {
    const date = kstDate(f.timeMs);
    const pos = positions.get(f.code) ?? { quantity: 0, purchaseKrw: 0 };
    const key = `${date}${f.code}`;
    const day = days.get(key) ?? {
      date,
      code: f.code,
      buyQty: 0,
      buyKrw: 0,
      sellQty: 0,
      sellKrw: 0,
      costKrw: 0,
      feeKrw: 0,
      sellFeeKrw: 0,
      taxKrw: 0,
      holdingAfter: 0,
      averageCostKrw: 0,
    };
    const amount = f.quantity * f.priceKrw;
    if (f.side === "buy") {
      pos.quantity += f.quantity;
      pos.purchaseKrw += amount;
      day.buyQty += f.quantity;
      day.buyKrw += amount;
    } else {
      const cost = pos.quantity > 0 ? Math.round((pos.purchaseKrw * f.quantity) / pos.quantity) : 0;
      pos.quantity -= f.quantity;
      pos.purchaseKrw -= cost;
      day.sellQty += f.quantity;
      day.sellKrw += amount;
      day.costKrw += cost;
      day.sellFeeKrw += f.feeKrw;
    }
    day.feeKrw += f.feeKrw;
    day.taxKrw += f.taxKrw;
    day.holdingAfter = pos.quantity;
    day.averageCostKrw = pos.quantity > 0 ? pos.purchaseKrw / pos.quantity : day.costKrw / Math.max(1, day.sellQty);
    positions.set(f.code, pos);
    days.set(key, day);
  }
  return [...days.values()];
}

/** 기간별매매손익현황조회 (TTTC8715R): per trade date and stock, with totals and the period's return. */
export function periodTradeProfit(ctx: RestContext): RestReply {
  const accountId = readAccount(ctx);
  const req = ctx.req;
  const code = (req.optional("PDNO") ?? "").trim();
  if (code !== "") req.stockCode("PDNO");
  const from = req.date("INQR_STRT_DT");
  const to = req.date("INQR_END_DT");
  if (from > to) throw badParam("INQR_STRT_DT", "after INQR_END_DT");
  const oldestFirst = req.oneOf("SORT_DVSN", ["00", "01", "02"] as const) === "01";
  req.oneOf("CBLC_DVSN", ["00"] as const);
  const rows = stockDays(ctx, accountId, to)
    .filter((d) => d.date >= from && (code === "" || d.code === code))
    .sort((a, b) => (oldestFirst ? 1 : -1) * (a.date.localeCompare(b.date) || a.code.localeCompare(b.code)));
  // As the exchange books it: proceeds minus the sold cost basis, the sell commission and the tax.
  const realized = (d: StockDay) => (d.sellQty > 0 ? d.sellKrw - d.costKrw - d.sellFeeKrw - d.taxKrw : 0);
  const page = paginate(req, rows, PROFIT_PAGE, `${accountId}${from}${to}${code}`);
  const output1 = page.rows.map((d) => ({
    trad_dt: d.date,
    pdno: d.code,
    prdt_name: ctx.exchange.symbol(d.code)?.info.name ?? d.code,
    trad_dvsn_name: d.sellQty > 0 ? "매도" : "매수",
    loan_dt: "",
    hldg_qty: int(d.holdingAfter),
    pchs_unpr: int(d.averageCostKrw),
    buy_qty: int(d.buyQty),
    buy_amt: int(d.buyKrw),
    sll_pric: int(d.sellQty > 0 ? d.sellKrw / d.sellQty : 0),
    sll_qty: int(d.sellQty),
    sll_amt: int(d.sellKrw),
    rlzt_pfls: int(realized(d)),
    pfls_rt: pct(d.costKrw > 0 ? (realized(d) / d.costKrw) * 100 : 0),
    fee: int(d.feeKrw),
    tl_tax: int(d.taxKrw),
    loan_int: "0",
  }));
  const sum = (pick: (d: StockDay) => number) => rows.reduce((n, d) => n + pick(d), 0);
  const sellFee = sum((d) => d.sellFeeKrw);
  const totalRealized = sum(realized);
  const soldCost = sum((d) => d.costKrw);
  const output2 = {
    sll_qty_smtl: int(sum((d) => d.sellQty)),
    sll_tr_amt_smtl: int(sum((d) => d.sellKrw)),
    sll_fee_smtl: int(sellFee),
    sll_tltx_smtl: int(sum((d) => d.taxKrw)),
    sll_excc_amt_smtl: int(sum((d) => d.sellKrw - d.taxKrw) - sellFee),
    buyqty_smtl: int(sum((d) => d.buyQty)),
    buy_tr_amt_smtl: int(sum((d) => d.buyKrw)),
    buy_fee_smtl: int(sum((d) => d.feeKrw) - sellFee),
    buy_tax_smtl: "0",
    buy_excc_amt_smtl: int(sum((d) => d.buyKrw + d.feeKrw) - sellFee),
    tot_qty: int(sum((d) => d.buyQty + d.sellQty)),
    tot_tr_amt: int(sum((d) => d.buyKrw + d.sellKrw)),
    tot_fee: int(sum((d) => d.feeKrw)),
    tot_tltx: int(sum((d) => d.taxKrw)),
    tot_excc_amt: int(sum((d) => d.sellKrw - d.buyKrw - d.feeKrw - d.taxKrw)),
    tot_rlzt_pfls: int(totalRealized),
    loan_int: "0",
    tot_pftrt: pct(soldCost > 0 ? (totalRealized / soldCost) * 100 : 0),
  };
  return { body: { ...page.cursor, output1, output2 }, trCont: page.trCont };
}
