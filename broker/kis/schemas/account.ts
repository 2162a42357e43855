/** Raw KIS account and order responses (reference §4.1–§4.9), as KIS sends them: every number a string. */
import { z } from "zod";
import { CTX_100_FIELDS, envelope, known, numeric, objectOrRows, text } from "./common.js";

const sideCode = z.enum(["01", "02"]);

/** order-cash answers in upper case. */
export const OrderCashResponse = envelope({
  output: z.object({ KRX_FWDG_ORD_ORGNO: text, ODNO: z.string().min(1), ORD_TMD: text }),
});

/** order-rvsecncl answers in lower case. */
export const OrderModifyResponse = envelope({
  output: z.object({ krx_fwdg_ord_orgno: text, odno: z.string().min(1), ord_tmd: text }),
});

export const BalanceResponse = envelope({
  ...CTX_100_FIELDS,
  output1: z.array(
    z.object({
      pdno: text,
      prdt_name: text,
      hldg_qty: numeric,
      ord_psbl_qty: numeric,
      pchs_avg_pric: numeric,
      pchs_amt: numeric,
      prpr: numeric,
      evlu_amt: numeric,
      evlu_pfls_amt: numeric,
      evlu_pfls_rt: numeric,
      ...known(
        "trad_dvsn_name",
        "bfdy_buy_qty",
        "bfdy_sll_qty",
        "thdt_buyqty",
        "thdt_sll_qty",
        "evlu_erng_rt",
        "loan_dt",
        "loan_amt",
        "stln_slng_chgs",
        "expd_dt",
        "fltt_rt",
        "bfdy_cprs_icdc",
        "item_mgna_rt_name",
        "grta_rt_name",
        "sbst_pric",
        "stck_loan_unpr",
      ),
    }),
  ),
  output2: objectOrRows(
    z.object({
      dnca_tot_amt: numeric,
      prvs_rcdl_excc_amt: numeric,
      scts_evlu_amt: numeric,
      tot_evlu_amt: numeric,
      pchs_amt_smtl_amt: numeric,
      evlu_pfls_smtl_amt: numeric,
      ...known(
        "nxdy_excc_amt",
        "cma_evlu_amt",
        "bfdy_buy_amt",
        "thdt_buy_amt",
        "nxdy_auto_rdpt_amt",
        "bfdy_sll_amt",
        "thdt_sll_amt",
        "d2_auto_rdpt_amt",
        "bfdy_tlex_amt",
        "thdt_tlex_amt",
        "tot_loan_amt",
        "nass_amt",
        "fncg_gld_auto_rdpt_yn",
        "evlu_amt_smtl_amt",
        "tot_stln_slng_chgs",
        "bfdy_tot_asst_evlu_amt",
        "asst_icdc_amt",
        "asst_icdc_erng_rt",
      ),
    }),
  ),
});

export const AccountAssetsResponse = envelope({
  output1: z.array(z.object({ evlu_amt: numeric, ...known("pchs_amt", "evlu_pfls_amt", "crdt_lnd_amt", "real_nass_amt", "whol_weit_rt") })),
  output2: objectOrRows(
    z.object({
      tot_asst_amt: numeric,
      nass_tot_amt: numeric,
      tot_dncl_amt: numeric,
      ...known(
        "pchs_amt_smtl",
        "loan_amt_smtl",
        "evlu_pfls_amt_smtl",
        "evlu_amt_smtl",
        "tot_lnda_tot_ulst_lnda",
        "cma_auto_loan_amt",
        "tot_mgln_amt",
        "stln_evlu_amt",
        "crdt_fncg_amt",
        "ocl_apl_loan_amt",
        "pldg_stup_amt",
        "frcr_evlu_tota",
        "cma_evlu_amt",
        "dncl_amt",
        "tot_sbst_amt",
        "thdt_rcvb_amt",
        "ovrs_stck_evlu_amt1",
        "ovrs_bond_evlu_amt",
        "mmf_cma_mgge_loan_amt",
        "sbsc_dncl_amt",
        "pbst_sbsc_fnds_loan_use_amt",
        "etpr_crdt_grnt_loan_amt",
      ),
    }),
  ),
});

export const BuyingPowerResponse = envelope({
  output: z.object({
    ord_psbl_cash: numeric,
    nrcvb_buy_amt: numeric,
    nrcvb_buy_qty: numeric,
    max_buy_qty: numeric,
    ...known(
      "ord_psbl_sbst",
      "ruse_psbl_amt",
      "fund_rpch_chgs",
      "psbl_qty_calc_unpr",
      "max_buy_amt",
      "cma_evlu_amt",
      "ovrs_re_use_amt_wcrc",
      "ord_psbl_frcr_amt_wcrc",
    ),
  }),
});

const SellableRow = z.object({
  ord_psbl_qty: numeric,
  ...known(
    "pdno",
    "prdt_name",
    "buy_qty",
    "sll_qty",
    "cblc_qty",
    "nsvg_qty",
    "pchs_avg_pric",
    "pchs_amt",
    "now_pric",
    "evlu_amt",
    "evlu_pfls_amt",
    "evlu_pfls_rt",
  ),
});

/** The portal names the output `output1`, the official sample reads `output`: accept either. */
export const SellableResponse = z.union([
  envelope({ output: objectOrRows(SellableRow) }),
  envelope({ output1: objectOrRows(SellableRow) }),
]);

export const OpenOrdersResponse = envelope({
  ...CTX_100_FIELDS,
  output: z.array(
    z.object({
      ord_gno_brno: text,
      odno: text,
      orgn_odno: text.optional(),
      pdno: text,
      prdt_name: text,
      ord_qty: numeric,
      ord_unpr: numeric,
      ord_tmd: text,
      tot_ccld_qty: numeric,
      psbl_qty: numeric,
      sll_buy_dvsn_cd: sideCode,
      ord_dvsn_cd: text,
      ...known(
        "ord_dvsn_name",
        "rvse_cncl_dvsn_name",
        "tot_ccld_amt",
        "mgco_aptm_odno",
        "excg_dvsn_cd",
        "excg_id_dvsn_cd",
        "excg_id_dvsn_name",
        "stpm_cndt_pric",
        "stpm_efct_occr_yn",
      ),
    }),
  ),
});

export const DailyOrdersResponse = envelope({
  ...CTX_100_FIELDS,
  output1: z.array(
    z.object({
      ord_dt: text,
      ord_gno_brno: text,
      odno: text,
      orgn_odno: text.optional(),
      sll_buy_dvsn_cd: sideCode,
      pdno: text,
      prdt_name: text,
      ord_qty: numeric,
      ord_unpr: numeric,
      ord_tmd: text,
      tot_ccld_qty: numeric,
      avg_prvs: numeric,
      cncl_yn: text,
      tot_ccld_amt: numeric,
      ord_dvsn_cd: text,
      rmn_qty: numeric,
      rjct_qty: numeric,
      ...known(
        "ord_dvsn_name",
        "sll_buy_dvsn_cd_name",
        "loan_dt",
        "ordr_empno",
        "cnc_cfrm_qty",
        "ccld_cndt_name",
        "inqr_ip_addr",
        "cpbc_ordp_ord_rcit_dvsn_cd",
        "cpbc_ordp_infm_mthd_dvsn_cd",
        "infm_tmd",
        "ctac_tlno",
        "prdt_type_cd",
        "excg_dvsn_cd",
        "cpbc_ordp_mtrl_dvsn_cd",
        "ord_orgno",
        "rsvn_ord_end_dt",
        "excg_id_dvsn_Cd",
        "stpm_cndt_pric",
        "stpm_efct_occr_dtmd",
      ),
    }),
  ),
  output2: objectOrRows(z.object(known("tot_ord_qty", "tot_ccld_qty", "tot_ccld_amt", "prsm_tlex_smtl", "pchs_avg_pric"))).optional(),
});

export const PeriodProfitResponse = envelope({
  ...CTX_100_FIELDS,
  output1: z.array(
    z.object({
      trad_dt: text,
      buy_amt: numeric,
      sll_amt: numeric,
      rlzt_pfls: numeric,
      fee: numeric,
      tl_tax: numeric,
      pfls_rt: numeric,
      ...known("loan_int", "sll_qty1", "buy_qty1"),
    }),
  ),
  output2: objectOrRows(
    z.object({
      tot_rlzt_pfls: numeric,
      tot_fee: numeric,
      tot_tltx: numeric,
      ...known(
        "sll_qty_smtl",
        "sll_tr_amt_smtl",
        "sll_fee_smtl",
        "sll_tltx_smtl",
        "sll_excc_amt_smtl",
        "buy_qty_smtl",
        "buy_tr_amt_smtl",
        "buy_fee_smtl",
        "buy_tax_smtl",
        "buy_excc_amt_smtl",
        "tot_qty",
        "tot_tr_amt",
        "tot_excc_amt",
        "loan_int",
      ),
    }),
  ),
});
