/**
 * 주식통합증거금 현황 (TTTC0869R). Simulated accounts are cash accounts with 100 % margin and no
 * foreign-currency balance: every domestic "orderable" figure is the account's orderable cash (as
 * inquire-psbl-order's nrcvb_buy_amt), object and use amounts split cash between free and held by
 * open buys, and foreign-currency amounts are 0 at fixed first-posted rates.
 */
import { readAccount, type RestContext, type RestReply } from "./rest-context.js";
import { int } from "./wire-values.js";

const ORDERABLE = [
  "stck_cash_ord_psbl_amt",
  "stck_cash20_max_ord_psbl_amt",
  "stck_cash30_max_ord_psbl_amt",
  "stck_cash40_max_ord_psbl_amt",
  "stck_cash50_max_ord_psbl_amt",
  "stck_cash60_max_ord_psbl_amt",
  "stck_cash100_max_ord_psbl_amt",
  "stck_rsip100_max_ord_psbl_amt",
  "stck_itgr_cash20_ord_psbl_amt",
  "stck_itgr_cash30_ord_psbl_amt",
  "stck_itgr_cash40_ord_psbl_amt",
  "stck_itgr_cash50_ord_psbl_amt",
  "stck_itgr_cash60_ord_psbl_amt",
  "stck_itgr_cash100_ord_psbl_amt",
  "stck_itgr_100_ord_psbl_amt",
] as const;

const ZERO = [
  "stck_sbst_objt_amt",
  "stck_evlu_objt_amt",
  "stck_ruse_psbl_objt_amt",
  "stck_fund_rpch_chgs_objt_amt",
  "stck_fncg_rdpt_objt_atm",
  "bond_ruse_psbl_objt_amt",
  "stck_sbst_use_amt",
  "stck_evlu_use_amt",
  "stck_ruse_psbl_amt_use_amt",
  "stck_fund_rpch_chgs_use_amt",
  "stck_fncg_rdpt_amt_use_amt",
  "bond_ruse_psbl_amt_use_amt",
  "stck_sbst_ord_psbl_amt",
  "stck_evlu_ord_psbl_amt",
  "stck_ruse_psbl_ord_psbl_amt",
  "stck_fund_rpch_ord_psbl_amt",
  "bond_ruse_psbl_ord_psbl_amt",
  "rcvb_amt",
  "stck_loan_grta_ruse_psbl_amt",
  "bond_max_ord_psbl_amt",
  "stck_fncg45_max_ord_psbl_amt",
  "stck_fncg50_max_ord_psbl_amt",
  "stck_fncg60_max_ord_psbl_amt",
  "stck_fncg70_max_ord_psbl_amt",
  "stck_stln_max_ord_psbl_amt",
  "lmt_amt",
  "stck_itgr_fncg45_ord_psbl_amt",
  "stck_itgr_fncg50_ord_psbl_amt",
  "stck_itgr_fncg60_ord_psbl_amt",
  "stck_itgr_fncg70_ord_psbl_amt",
  "stck_itgr_stln_ord_psbl_amt",
  "bond_itgr_ord_psbl_amt",
  "stck_cash_ovrs_use_amt",
  "stck_sbst_ovrs_use_amt",
  "stck_evlu_ovrs_use_amt",
  "stck_re_use_amt_ovrs_use_amt",
  "stck_fund_rpch_ovrs_use_amt",
  "stck_fncg_rdpt_ovrs_use_amt",
  "bond_re_use_ovrs_use_amt",
  "hgkg_cny_re_use_amt",
] as const;

const CURRENCY_FIELDS = [
  "objt_amt",
  "use_amt",
  "ord_psbl_amt",
  "ruse_objt_amt",
  "ruse_amt",
  "ruse_ord_psbl_amt",
  "gnrl_ord_psbl_amt",
  "itgr_ord_psbl_amt",
  "oth_mket_use_amt",
  "re_use_oth_mket_use_amt",
] as const;
/** First-posted KRW rates per unit (JPY per 100), fixed: the simulator trades no foreign currency. */
const FIRST_POSTED_RATES = { usd: "1380.00", hkd: "176.50", jpy: "915.00", cny: "190.20" } as const;

export function integratedMargin(ctx: RestContext): RestReply {
  const accountId = readAccount(ctx);
  ctx.req.oneOf("CMA_EVLU_AMT_ICLD_YN", ["Y", "N"] as const);
  ctx.req.oneOf("WCRC_FRCR_DVSN_CD", ["01", "02"] as const);
  ctx.req.oneOf("FWEX_CTRT_FRCR_DVSN_CD", ["01", "02"] as const);
  const account = ctx.exchange.account(accountId);
  const output: Record<string, string> = {
    acmga_rt: "100.00",
    acmga_pct100_aptm_rson: "",
    stck_cash_objt_amt: int(account.cashKrw),
    stck_cash_use_amt: int(account.cashKrw - account.orderableCashKrw),
    ovrs_stck_itgr_mgna_dvsn_name: "미신청",
  };
  for (const name of ORDERABLE) output[name] = int(account.orderableCashKrw);
  for (const name of ZERO) output[name] = "0";
  for (const [currency, rate] of Object.entries(FIRST_POSTED_RATES)) {
    for (const field of CURRENCY_FIELDS) output[`${currency}_${field}`] = "0";
    output[`${currency}_frst_bltn_exrt`] = rate;
  }
  return { body: { output } };
}
