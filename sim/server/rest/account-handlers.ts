/**
 * Balance, buying power, sellable quantity, asset composition and period P&L (reference
 * §4.5–4.9). Cash settles at once in the simulator, so D+1 and D+2 cash equal the account's
 * cash and D+0 adds back today's net trading outflow.
 */
import { kstParts } from "../../../core/clock.js";
import type { AccountView, Holding, SimFill, SymbolState } from "../../exchange.js";
import { badParam } from "./kis-errors.js";
import { paginate } from "./paging.js";
import { readAccount, readSymbol, type RestContext, type RestReply } from "./rest-context.js";
import { changeRate, int, lastPrice, pct } from "./wire-values.js";

/** Commission allowance used to size cash-only buys (KIS includes fees in nrcvb_buy_qty). */
export const BUY_FEE_ALLOWANCE_RATE = 0.0005;
const BALANCE_PAGE = { real: 50, paper: 20 } as const;

const avg = (n: number) => n.toFixed(4);

interface Valued {
  h: Holding;
  s: SymbolState | undefined;
  priceKrw: number;
  valueKrw: number;
  pnlKrw: number;
}

export function valueHoldings(ctx: RestContext, account: AccountView): Valued[] {
  return account.holdings.map((h) => {
    const s = ctx.exchange.symbol(h.code);
    const priceKrw = s ? lastPrice(s) : h.averagePriceKrw;
    const valueKrw = priceKrw * h.quantity;
    return { h, s, priceKrw, valueKrw, pnlKrw: valueKrw - h.purchaseAmountKrw };
  });
}

function todaysTrading(ctx: RestContext, accountId: string) {
  const today = kstParts(ctx.clock.now()).date;
  const sum = (fills: SimFill[], pick: (f: SimFill) => number) => fills.reduce((t, f) => t + pick(f), 0);
  const fills = ctx.exchange.fills(accountId, today, today);
  const buys = fills.filter((f) => f.side === "buy");
  const sells = fills.filter((f) => f.side === "sell");
  return {
    buyKrw: sum(buys, (f) => f.priceKrw * f.quantity),
    sellKrw: sum(sells, (f) => f.priceKrw * f.quantity),
    costsKrw: sum(fills, (f) => f.feeKrw + f.taxKrw),
  };
}

function holdingRow({ h, s, priceKrw, valueKrw, pnlKrw }: Valued): Record<string, string> {
  return {
    pdno: h.code,
    prdt_name: s?.info.name ?? h.code,
    trad_dvsn_name: "현금",
    bfdy_buy_qty: "0",
    bfdy_sll_qty: "0",
    thdt_buyqty: int(h.boughtToday),
    thdt_sll_qty: int(h.soldToday),
    hldg_qty: int(h.quantity),
    ord_psbl_qty: int(h.sellableQuantity),
    pchs_avg_pric: avg(h.averagePriceKrw),
    pchs_amt: int(h.purchaseAmountKrw),
    prpr: int(priceKrw),
    evlu_amt: int(valueKrw),
    evlu_pfls_amt: int(pnlKrw),
    evlu_pfls_rt: pct(h.purchaseAmountKrw > 0 ? (pnlKrw / h.purchaseAmountKrw) * 100 : 0),
    evlu_erng_rt: "0.00000000",
    loan_dt: "",
    loan_amt: "0",
    stln_slng_chgs: "0",
    expd_dt: "",
    fltt_rt: pct(s ? changeRate(priceKrw, s.basePriceKrw) : 0),
    bfdy_cprs_icdc: int(s ? priceKrw - s.basePriceKrw : 0),
    item_mgna_rt_name: "20%",
    grta_rt_name: "",
    sbst_pric: "0",
    stck_loan_unpr: "0",
  };
}

function balanceSummary(ctx: RestContext, accountId: string, account: AccountView, rows: Valued[]): Record<string, string> {
  const t = todaysTrading(ctx, accountId);
  const securities = rows.reduce((n, r) => n + r.valueKrw, 0);
  const purchase = rows.reduce((n, r) => n + r.h.purchaseAmountKrw, 0);
  const total = securities + account.cashKrw;
  return {
    dnca_tot_amt: int(account.cashKrw + t.buyKrw - t.sellKrw + t.costsKrw),
    nxdy_excc_amt: int(account.cashKrw),
    prvs_rcdl_excc_amt: int(account.cashKrw),
    cma_evlu_amt: "0",
    bfdy_buy_amt: "0",
    thdt_buy_amt: int(t.buyKrw),
    nxdy_auto_rdpt_amt: "0",
    bfdy_sll_amt: "0",
    thdt_sll_amt: int(t.sellKrw),
    d2_auto_rdpt_amt: "0",
    bfdy_tlex_amt: "0",
    thdt_tlex_amt: int(t.costsKrw),
    tot_loan_amt: "0",
    scts_evlu_amt: int(securities),
    tot_evlu_amt: int(total),
    nass_amt: int(total),
    fncg_gld_auto_rdpt_yn: "N",
    pchs_amt_smtl_amt: int(purchase),
    evlu_amt_smtl_amt: int(securities),
    evlu_pfls_smtl_amt: int(securities - purchase),
    tot_stln_slng_chgs: "0",
    bfdy_tot_asst_evlu_amt: "0",
    asst_icdc_amt: "0",
    asst_icdc_erng_rt: "0.00000000",
  };
}

/** The balance query's parameters (reference §4.5); inquire-balance-rlz-pl adds COST_ICLD_YN and INQR_DVSN 00. */
function readBalanceQuery(ctx: RestContext, divisions: readonly string[]): string {
  const accountId = readAccount(ctx);
  const req = ctx.req;
  req.oneOf("AFHR_FLPR_YN", ["N", "Y", "X"] as const);
  req.oneOf("INQR_DVSN", divisions);
  req.oneOf("UNPR_DVSN", ["01"] as const);
  req.oneOf("FUND_STTL_ICLD_YN", ["N", "Y"] as const);
  req.oneOf("FNCG_AMT_AUTO_RDPT_YN", ["N", "Y"] as const);
  req.oneOf("PRCS_DVSN", ["00", "01"] as const);
  return accountId;
}

export function balance(ctx: RestContext): RestReply {
  const accountId = readBalanceQuery(ctx, ["01", "02"]);
  const account = ctx.exchange.account(accountId);
  const rows = valueHoldings(ctx, account);
  const page = paginate(ctx.req, rows, BALANCE_PAGE[ctx.env], accountId);
  return {
    body: { ...page.cursor, output1: page.rows.map(holdingRow), output2: [balanceSummary(ctx, accountId, account, rows)] },
    trCont: page.trCont,
  };
}

/** 주식잔고조회_실현손익 (TTTC8494R): the balance plus today's realised P&L and the P&L net of it. */
export function balanceRealizedPnl(ctx: RestContext): RestReply {
  const accountId = readBalanceQuery(ctx, ["00", "01", "02"]);
  ctx.req.oneOf("COST_ICLD_YN", ["Y", "N"] as const, "N");
  const account = ctx.exchange.account(accountId);
  const rows = valueHoldings(ctx, account);
  const page = paginate(ctx.req, rows, BALANCE_PAGE.real, accountId);
  const today = kstParts(ctx.clock.now()).date;
  const realized = ctx.exchange.dailyPnl(accountId, today, today).reduce((n, d) => n + d.realizedPnlKrw, 0);
  const sold = ctx.exchange.dailyPnl(accountId, today, today).reduce((n, d) => n + d.sellAmountKrw, 0);
  const summary = balanceSummary(ctx, accountId, account, rows);
  const purchase = rows.reduce((n, r) => n + r.h.purchaseAmountKrw, 0);
  const unrealized = Number(summary.evlu_pfls_smtl_amt);
  const output2 = {
    ...summary,
    rlzt_pfls: int(realized),
    rlzt_erng_rt: pct(sold - realized > 0 ? (realized / (sold - realized)) * 100 : 0),
    real_evlu_pfls: int(unrealized),
    real_evlu_pfls_erng_rt: pct(purchase > 0 ? (unrealized / purchase) * 100 : 0),
  };
  return { body: { ...page.cursor, output1: page.rows.map(holdingRow), output2: [output2] }, trCont: page.trCont };
}

/** Largest quantity whose cost plus the fee allowance fits in `cashKrw`. */
export function affordableQuantity(cashKrw: number, priceKrw: number): number {
  return priceKrw > 0 ? Math.max(0, Math.floor(cashKrw / (priceKrw * (1 + BUY_FEE_ALLOWANCE_RATE)))) : 0;
}

export function buyingPower(ctx: RestContext): RestReply {
  const accountId = readAccount(ctx);
  const s = readSymbol(ctx, "PDNO");
  const division = ctx.req.required("ORD_DVSN");
  if (!/^\d{2}$/.test(division)) throw badParam("ORD_DVSN", "2-digit code");
  const unitPrice = ctx.req.integer("ORD_UNPR", 0);
  ctx.req.oneOf("CMA_EVLU_AMT_ICLD_YN", ["Y", "N"] as const);
  ctx.req.oneOf("OVRS_ICLD_YN", ["Y", "N"] as const);
  // A market order reserves funds at the upper limit (reference §4.1).
  const priceKrw = division === "01" || unitPrice === 0 ? s.upperLimitKrw : unitPrice;
  const cash = ctx.exchange.account(accountId).orderableCashKrw;
  const quantity = affordableQuantity(cash, priceKrw);
  const output = {
    ord_psbl_cash: int(cash),
    ord_psbl_sbst: "0",
    ruse_psbl_amt: "0",
    fund_rpch_chgs: "0",
    psbl_qty_calc_unpr: int(priceKrw),
    nrcvb_buy_amt: int(quantity * priceKrw),
    nrcvb_buy_qty: int(quantity),
    max_buy_amt: int(quantity * priceKrw),
    max_buy_qty: int(quantity),
    cma_evlu_amt: "0",
    ovrs_re_use_amt_wcrc: "0",
    ord_psbl_frcr_amt_wcrc: "0",
  };
  return { body: { output } };
}

export function sellableQuantity(ctx: RestContext): RestReply {
  const accountId = readAccount(ctx);
  const s = readSymbol(ctx, "PDNO");
  const h = ctx.exchange.account(accountId).holdings.find((x) => x.code === s.info.code);
  const priceKrw = lastPrice(s);
  const quantity = h?.quantity ?? 0;
  const purchase = h?.purchaseAmountKrw ?? 0;
  const value = priceKrw * quantity;
  const output = {
    pdno: s.info.code,
    prdt_name: s.info.name,
    buy_qty: int(h?.boughtToday ?? 0),
    sll_qty: int(h?.soldToday ?? 0),
    cblc_qty: int(quantity),
    nsvg_qty: int(quantity),
    ord_psbl_qty: int(h?.sellableQuantity ?? 0),
    pchs_avg_pric: avg(h?.averagePriceKrw ?? 0),
    pchs_amt: int(purchase),
    now_pric: int(priceKrw),
    evlu_amt: int(value),
    evlu_pfls_amt: int(value - purchase),
    evlu_pfls_rt: pct(purchase > 0 ? ((value - purchase) / purchase) * 100 : 0),
  };
  return { body: { output } };
}
