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
  const days = ctx.exchange.dailyPnl(accountId, from, to).sort((a, b) => (oldestFirst ? a.date.localeCompare(b.date) : b.date.localeCompare(a.date)));
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
