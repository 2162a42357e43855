/** Valid parameters for every endpoint of the shared table and the keys its answer must carry (reference §4). */
import type { EndpointName } from "../../../broker/kis/endpoints.js";
import { balanceParams, CANO, orderBody, PRODUCT } from "./harness.js";

export const ACCOUNT = { CANO, ACNT_PRDT_CD: PRODUCT };
export const STOCK = { FID_COND_MRKT_DIV_CODE: "J", FID_INPUT_ISCD: "005930" };
export const CURSOR = { CTX_AREA_FK100: "", CTX_AREA_NK100: "" };

/** Valid parameters for every endpoint and the keys its answer must carry (reference §4). */
export type Case = { params: Record<string, string>; keys: string[]; firstRow?: [string, string[]] };
export const cases = (restingKrw: number): Record<EndpointName, Case> => ({
  orderCashSell: { params: orderBody({ ORD_QTY: "1", ORD_UNPR: String(restingKrw) }), keys: ["output"] },
  orderCashBuy: { params: orderBody({ ORD_QTY: "1", ORD_UNPR: String(restingKrw) }), keys: ["output"] },
  orderModifyCancel: {
    // a partial cancel of the resting buy: the order stays open for the next run
    params: { ...ACCOUNT, KRX_FWDG_ORD_ORGNO: "91252", ORGN_ODNO: "0000000001", ORD_DVSN: "00", RVSE_CNCL_DVSN_CD: "02", ORD_QTY: "1", ORD_UNPR: "0", QTY_ALL_ORD_YN: "N" },
    keys: ["output"],
  },
  openOrders: { params: { ...ACCOUNT, ...CURSOR, INQR_DVSN_1: "0", INQR_DVSN_2: "0" }, keys: ["output", "ctx_area_fk100", "ctx_area_nk100"], firstRow: ["output", ["odno", "psbl_qty", "ord_gno_brno"]] },
  dailyOrdersRecent: {
    params: { ...ACCOUNT, ...CURSOR, INQR_STRT_DT: "20261101", INQR_END_DT: "20261123", SLL_BUY_DVSN_CD: "00", INQR_DVSN: "00", PDNO: "", CCLD_DVSN: "00", ORD_GNO_BRNO: "", ODNO: "", INQR_DVSN_3: "00", INQR_DVSN_1: "" },
    keys: ["output1", "output2"],
    firstRow: ["output1", ["ord_dt", "odno", "ord_qty", "tot_ccld_qty", "avg_prvs", "rmn_qty", "excg_id_dvsn_Cd"]],
  },
  dailyOrdersOld: {
    params: { ...ACCOUNT, ...CURSOR, INQR_STRT_DT: "20260101", INQR_END_DT: "20260801", SLL_BUY_DVSN_CD: "00", INQR_DVSN: "00", PDNO: "", CCLD_DVSN: "00", ORD_GNO_BRNO: "", ODNO: "", INQR_DVSN_3: "00", INQR_DVSN_1: "" },
    keys: ["output1", "output2"],
  },
  balance: { params: balanceParams(), keys: ["output1", "output2", "ctx_area_fk100", "ctx_area_nk100"] },
  accountAssets: { params: { ...ACCOUNT, INQR_DVSN_1: "", BSPR_BF_DT_APLY_YN: "" }, keys: ["output1", "output2"], firstRow: ["output1", ["pchs_amt", "evlu_amt", "whol_weit_rt"]] },
  buyingPower: { params: { ...ACCOUNT, PDNO: "005930", ORD_UNPR: "", ORD_DVSN: "01", CMA_EVLU_AMT_ICLD_YN: "N", OVRS_ICLD_YN: "N" }, keys: ["output"] },
  sellableQuantity: { params: { ...ACCOUNT, PDNO: "005930" }, keys: ["output"] },
  periodProfit: {
    params: { ...ACCOUNT, ...CURSOR, PDNO: "", INQR_STRT_DT: "20261101", INQR_END_DT: "20261123", SORT_DVSN: "00", INQR_DVSN: "00", CBLC_DVSN: "00" },
    keys: ["output1", "output2"],
  },
  quote: { params: STOCK, keys: ["output"] },
  recentTicks: { params: STOCK, keys: ["output"], firstRow: ["output", ["stck_cntg_hour", "stck_prpr", "cntg_vol", "tday_rltv"]] },
  orderBook: { params: STOCK, keys: ["output1", "output2"] },
  dailyBars: { params: { ...STOCK, FID_INPUT_DATE_1: "20261001", FID_INPUT_DATE_2: "20261123", FID_PERIOD_DIV_CODE: "D", FID_ORG_ADJ_PRC: "0" }, keys: ["output1", "output2"], firstRow: ["output2", ["stck_bsop_date", "stck_clpr", "acml_vol"]] },
  minuteBars: { params: { ...STOCK, FID_INPUT_HOUR_1: "153000", FID_PW_DATA_INCU_YN: "N", FID_ETC_CLS_CODE: "" }, keys: ["output1", "output2"], firstRow: ["output2", ["stck_cntg_hour", "stck_prpr", "cntg_vol"]] },
  volumeRanking: {
    params: { FID_COND_MRKT_DIV_CODE: "J", FID_COND_SCR_DIV_CODE: "20171", FID_INPUT_ISCD: "0000", FID_DIV_CLS_CODE: "0", FID_BLNG_CLS_CODE: "0", FID_TRGT_CLS_CODE: "111111111", FID_TRGT_EXLS_CLS_CODE: "0000000000", FID_INPUT_PRICE_1: "", FID_INPUT_PRICE_2: "", FID_VOL_CNT: "", FID_INPUT_DATE_1: "" },
    keys: ["output"],
    firstRow: ["output", ["mksc_shrn_iscd", "data_rank", "acml_vol", "vol_inrt"]],
  },
  changeRanking: {
    params: { fid_cond_mrkt_div_code: "J", fid_cond_scr_div_code: "20170", fid_input_iscd: "0000", fid_rank_sort_cls_code: "0", fid_input_cnt_1: "0", fid_prc_cls_code: "0", fid_input_price_1: "", fid_input_price_2: "", fid_vol_cnt: "", fid_trgt_cls_code: "0", fid_trgt_exls_cls_code: "0", fid_div_cls_code: "0", fid_rsfl_rate1: "", fid_rsfl_rate2: "" },
    keys: ["output"],
    firstRow: ["output", ["stck_shrn_iscd", "data_rank", "prdy_ctrt", "cnnt_ascn_dynu"]],
  },
  indexQuote: { params: { FID_COND_MRKT_DIV_CODE: "U", FID_INPUT_ISCD: "0001" }, keys: ["output"] },
  investorFlows: { params: STOCK, keys: ["output"], firstRow: ["output", ["stck_bsop_date", "prsn_ntby_qty", "frgn_ntby_qty", "orgn_ntby_qty"]] },
  programTrades: { params: STOCK, keys: ["output"], firstRow: ["output", ["bsop_hour", "whol_smtn_ntby_qty", "whol_ntby_vol_icdc"]] },
  holidays: { params: { BASS_DT: "20261123", CTX_AREA_FK: "", CTX_AREA_NK: "" }, keys: ["output", "ctx_area_fk", "ctx_area_nk"], firstRow: ["output", ["bass_dt", "opnd_yn", "bzdy_yn"]] },
  balanceRealizedPnl: { params: { ...balanceParams({ INQR_DVSN: "00" }), COST_ICLD_YN: "N" }, keys: ["output1", "output2", "ctx_area_fk100", "ctx_area_nk100"], firstRow: ["output2", ["rlzt_pfls", "real_evlu_pfls"]] },
  integratedMargin: { params: { ...ACCOUNT, CMA_EVLU_AMT_ICLD_YN: "N", WCRC_FRCR_DVSN_CD: "01", FWEX_CTRT_FRCR_DVSN_CD: "01" }, keys: ["output"] },
  periodTradeProfit: {
    params: { ...ACCOUNT, ...CURSOR, PDNO: "", INQR_STRT_DT: "20261101", INQR_END_DT: "20261123", SORT_DVSN: "02", CBLC_DVSN: "00" },
    keys: ["output1", "output2"],
    firstRow: ["output1", ["trad_dt", "pdno", "buy_qty", "rlzt_pfls"]],
  },
  reserveOrder: { params: { ...ACCOUNT, PDNO: "005930", ORD_QTY: "1", ORD_UNPR: "70000", SLL_BUY_DVSN_CD: "02", ORD_DVSN_CD: "00", ORD_OBJT_CBLC_DVSN_CD: "10" }, keys: ["output"] },
  reservedOrders: { params: { ...ACCOUNT, RSVN_ORD_ORD_DT: "20261101", RSVN_ORD_END_DT: "20261130", TMNL_MDIA_KIND_CD: "00", PRCS_DVSN_CD: "0", CNCL_YN: "Y", RSVN_ORD_SEQ: "", PDNO: "", SLL_BUY_DVSN_CD: "", CTX_AREA_FK200: "", CTX_AREA_NK200: "" }, keys: ["output"] },
  reservedOrderCancel: { params: { ...ACCOUNT, RSVN_ORD_SEQ: "1", RSVN_ORD_ORGNO: "123", RSVN_ORD_ORD_DT: "20261124" }, keys: ["output"] },
  reservedOrderModify: { params: { ...ACCOUNT, RSVN_ORD_SEQ: "1", RSVN_ORD_ORGNO: "123", RSVN_ORD_ORD_DT: "20261124" }, keys: ["output"] },
  quote2: { params: STOCK, keys: ["output"] },
  dailyPrices: { params: { ...STOCK, FID_PERIOD_DIV_CODE: "D", FID_ORG_ADJ_PRC: "1" }, keys: ["output"], firstRow: ["output", ["stck_bsop_date", "stck_clpr", "hts_frgn_ehrt"]] },
  minuteBarsOfDay: { params: { ...STOCK, FID_INPUT_HOUR_1: "130000", FID_INPUT_DATE_1: "20261120", FID_PW_DATA_INCU_YN: "N", FID_FAKE_TICK_INCU_YN: "" }, keys: ["output1", "output2"], firstRow: ["output2", ["stck_cntg_hour", "stck_prpr", "cntg_vol"]] },
  indexDailyBars: { params: { FID_COND_MRKT_DIV_CODE: "U", FID_INPUT_ISCD: "0001", FID_INPUT_DATE_1: "20261001", FID_INPUT_DATE_2: "20261123", FID_PERIOD_DIV_CODE: "D" }, keys: ["output1", "output2"], firstRow: ["output2", ["stck_bsop_date", "bstp_nmix_prpr"]] },
  indexMinuteBars: { params: { FID_COND_MRKT_DIV_CODE: "U", FID_ETC_CLS_CODE: "0", FID_INPUT_ISCD: "0001", FID_INPUT_HOUR_1: "60", FID_PW_DATA_INCU_YN: "N" }, keys: ["output1", "output2"] },
  programTradesDaily: { params: { ...STOCK, FID_INPUT_DATE_1: "" }, keys: ["output"], firstRow: ["output", ["stck_bsop_date", "whol_smtn_ntby_qty", "whol_ntby_tr_pbmn_icdc2"]] },
  viStatus: { params: { FID_DIV_CLS_CODE: "0", FID_COND_SCR_DIV_CODE: "20139", FID_MRKT_CLS_CODE: "0", FID_INPUT_ISCD: "", FID_RANK_SORT_CLS_CODE: "0", FID_INPUT_DATE_1: "20261123", FID_TRGT_CLS_CODE: "", FID_TRGT_EXLS_CLS_CODE: "" }, keys: ["output"] },
  newsTitles: { params: { FID_NEWS_OFER_ENTP_CODE: "", FID_COND_MRKT_CLS_CODE: "", FID_INPUT_ISCD: "", FID_TITL_CNTT: "", FID_INPUT_DATE_1: "", FID_INPUT_HOUR_1: "", FID_RANK_SORT_CLS_CODE: "", FID_INPUT_SRNO: "" }, keys: ["output"] },
  productInfo: { params: { PDNO: "005930", PRDT_TYPE_CD: "300" }, keys: ["output"] },
  stockInfo: { params: { PRDT_TYPE_CD: "300", PDNO: "005930" }, keys: ["output"] },
  marketTime: { params: {}, keys: ["output1"] },
});
/** Reservations are taken only outside 07:30–15:40: their own tests run on an evening clock. */
export const EVENING_ONLY = new Set<EndpointName>(["reserveOrder", "reservedOrderCancel", "reservedOrderModify"]);
