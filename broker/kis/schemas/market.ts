/** Raw KIS quotation responses (reference §4.10–§4.19), as KIS sends them: every number a string. */
import { z } from "zod";
import { envelope, known, numeric, text } from "./common.js";

export const QuoteResponse = envelope({
  output: z.object({
    stck_prpr: numeric,
    prdy_vrss: numeric,
    prdy_ctrt: numeric,
    acml_vol: numeric,
    acml_tr_pbmn: numeric,
    stck_oprc: numeric,
    stck_hgpr: numeric,
    stck_lwpr: numeric,
    stck_mxpr: numeric,
    stck_llam: numeric,
    stck_sdpr: numeric,
    aspr_unit: numeric,
    hts_deal_qty_unit_val: numeric.optional(),
    hts_kor_isnm: text.optional(),
    stck_shrn_iscd: text.optional(),
    temp_stop_yn: text.optional(),
    iscd_stat_cls_code: text.optional(),
    rprs_mrkt_kor_name: text.optional(),
    ...known(
      "prdy_vrss_sign", "wghn_avrg_stck_prc", "vi_cls_code", "ovtm_vi_cls_code", "mrkt_warn_cls_code", "short_over_yn",
      "sltr_yn", "mang_issu_cls_code", "invt_caful_yn", "marg_rate", "crdt_able_yn", "ssts_yn", "lstn_stcn", "hts_avls",
      "per", "pbr", "eps", "bps", "stck_fcam", "stck_sspr", "w52_hgpr", "w52_hgpr_date", "w52_hgpr_vrss_prpr_ctrt", "w52_hgpr_vrss_prpr_rate", "w52_lwpr_vrss_prpr_rate",
      "w52_lwpr", "w52_lwpr_date", "w52_lwpr_vrss_prpr_ctrt", "d250_hgpr", "d250_hgpr_date", "d250_hgpr_vrss_prpr_rate",
      "d250_lwpr", "d250_lwpr_date", "d250_lwpr_vrss_prpr_rate", "stck_dryy_hgpr", "stck_dryy_lwpr", "dryy_hgpr_date",
      "dryy_lwpr_date", "dryy_hgpr_vrss_prpr_rate", "dryy_lwpr_vrss_prpr_rate", "frgn_ntby_qty", "pgtr_ntby_qty",
      "hts_frgn_ehrt", "frgn_hldn_qty", "bstp_kor_isnm", "pvt_scnd_dmrs_prc", "pvt_frst_dmrs_prc", "pvt_pont_val",
      "pvt_frst_dmsp_prc", "pvt_scnd_dmsp_prc", "dmrs_val", "dmsp_val", "cpfn", "rstc_wdth_prc", "prdy_vrss_vol_rate",
      "new_hgpr_lwpr_cls_code", "stac_month", "elw_pblc_yn", "vol_tnrt", "whol_loan_rmnd_rate", "cpfn_cnnm",
      "stck_prdy_clpr", "apprch_rate", "grmn_rate_cls_code", "clpr_rang_cont_yn", "fcam_cnnm",
      "last_ssts_cntg_qty", "oprc_rang_cont_yn", "stck_prdy_hgpr", "stck_prdy_lwpr", "stck_prdy_oprc",
    ),
  }),
});

export const RecentTicksResponse = envelope({
  output: z.array(
    z.object({
      stck_cntg_hour: text,
      stck_prpr: numeric,
      cntg_vol: numeric,
      prdy_ctrt: numeric,
      tday_rltv: numeric,
      ...known("prdy_vrss", "prdy_vrss_sign"),
    }),
  ),
});

const CHART_HEADER = known(
  "prdy_vrss", "prdy_vrss_sign", "prdy_ctrt", "stck_prdy_clpr", "acml_vol", "acml_tr_pbmn", "hts_kor_isnm", "stck_prpr",
  "stck_shrn_iscd", "prdy_vol", "stck_mxpr", "stck_llam", "stck_oprc", "stck_hgpr", "stck_lwpr", "stck_prdy_oprc",
  "stck_prdy_hgpr", "stck_prdy_lwpr", "askp", "bidp", "prdy_vrss_vol", "vol_tnrt", "stck_fcam", "lstn_stcn", "cpfn",
  "hts_avls", "per", "eps", "pbr", "itewhol_loan_rmnd_ratem",
);

/** Days without data come back as rows of empty strings; parse drops them. */
export const DailyBarsResponse = envelope({
  output1: z.object(CHART_HEADER).optional(),
  output2: z.array(
    z.object({
      stck_bsop_date: text,
      stck_oprc: numeric,
      stck_hgpr: numeric,
      stck_lwpr: numeric,
      stck_clpr: numeric,
      acml_vol: numeric,
      acml_tr_pbmn: numeric,
      ...known("flng_cls_code", "prtt_rate", "mod_yn", "prdy_vrss_sign", "prdy_vrss", "revl_issu_reas"),
    }),
  ),
});

/** 국내주식업종기간별시세: output1 is today's index block (unread here), output2 the bars newest first. */
export const IndexDailyBarsResponse = envelope({
  output1: z.record(z.string(), z.unknown()).optional(),
  output2: z.array(
    z.object({
      stck_bsop_date: text,
      bstp_nmix_prpr: numeric,
      ...known("bstp_nmix_oprc", "bstp_nmix_hgpr", "bstp_nmix_lwpr", "acml_vol", "acml_tr_pbmn", "mod_yn"),
    }),
  ),
});

export const MinuteBarsResponse = envelope({
  output1: z.object(CHART_HEADER).optional(),
  output2: z.array(
    z.object({
      stck_bsop_date: text,
      stck_cntg_hour: text,
      stck_prpr: numeric,
      stck_oprc: numeric,
      stck_hgpr: numeric,
      stck_lwpr: numeric,
      cntg_vol: numeric,
      acml_tr_pbmn: numeric,
    }),
  ),
});

export const VolumeRankingResponse = envelope({
  output: z.array(
    z.object({
      data_rank: numeric,
      mksc_shrn_iscd: text,
      hts_kor_isnm: text,
      stck_prpr: numeric,
      prdy_ctrt: numeric,
      acml_vol: numeric,
      acml_tr_pbmn: numeric,
      vol_inrt: numeric.optional(),
      ...known(
        "prdy_vrss_sign", "prdy_vrss", "prdy_vol", "lstn_stcn", "avrg_vol", "n_befr_clpr_vrss_prpr_rate", "vol_tnrt",
        "nday_vol_tnrt", "avrg_tr_pbmn", "tr_pbmn_tnrt", "nday_tr_pbmn_tnrt",
      ),
    }),
  ),
});

export const ChangeRankingResponse = envelope({
  output: z.array(
    z.object({
      data_rank: numeric,
      stck_shrn_iscd: text,
      hts_kor_isnm: text,
      stck_prpr: numeric,
      prdy_ctrt: numeric,
      acml_vol: numeric,
      ...known(
        "prdy_vrss", "prdy_vrss_sign", "stck_hgpr", "hgpr_hour", "acml_hgpr_date", "stck_lwpr", "lwpr_hour",
        "acml_lwpr_date", "lwpr_vrss_prpr_rate", "dsgt_date_clpr_vrss_prpr_rate", "cnnt_ascn_dynu", "hgpr_vrss_prpr_rate",
        "cnnt_down_dynu", "oprc_vrss_prpr_sign", "oprc_vrss_prpr", "oprc_vrss_prpr_rate", "prd_rsfl", "prd_rsfl_rate",
      ),
    }),
  ),
});

export const IndexResponse = envelope({
  output: z.object({
    bstp_nmix_prpr: numeric,
    bstp_nmix_prdy_vrss: numeric,
    bstp_nmix_prdy_ctrt: numeric,
    acml_vol: numeric,
    acml_tr_pbmn: numeric,
    ascn_issu_cnt: numeric,
    down_issu_cnt: numeric,
    stnr_issu_cnt: numeric,
    ...known(
      "prdy_vrss_sign", "prdy_vol", "prdy_tr_pbmn", "bstp_nmix_oprc", "prdy_nmix_vrss_nmix_oprc", "oprc_vrss_prpr_sign",
      "bstp_nmix_oprc_prdy_ctrt", "bstp_nmix_hgpr", "prdy_nmix_vrss_nmix_hgpr", "hgpr_vrss_prpr_sign",
      "bstp_nmix_hgpr_prdy_ctrt", "bstp_nmix_lwpr", "prdy_clpr_vrss_lwpr", "lwpr_vrss_prpr_sign", "prdy_clpr_vrss_lwpr_rate",
      "uplm_issu_cnt", "lslm_issu_cnt", "dryy_bstp_nmix_hgpr", "dryy_hgpr_vrss_nmix_rate", "dryy_bstp_nmix_hgpr_date",
      "dryy_bstp_nmix_lwpr", "dryy_lwpr_vrss_nmix_rate", "dryy_bstp_nmix_lwpr_date", "total_askp_rsqn", "total_bidp_rsqn",
      "seln_rsqn_rate", "shnu_rsqn_rate", "ntby_rsqn",
    ),
  }),
});

/** Today's row is all empty strings until the close; parse drops it. */
export const InvestorFlowsResponse = envelope({
  output: z.array(
    z.object({
      stck_bsop_date: text,
      stck_clpr: numeric,
      prsn_ntby_qty: numeric,
      frgn_ntby_qty: numeric,
      orgn_ntby_qty: numeric,
      prsn_ntby_tr_pbmn: numeric,
      frgn_ntby_tr_pbmn: numeric,
      orgn_ntby_tr_pbmn: numeric,
      ...known(
        "prdy_vrss", "prdy_vrss_sign", "prsn_shnu_vol", "frgn_shnu_vol", "orgn_shnu_vol", "prsn_shnu_tr_pbmn",
        "frgn_shnu_tr_pbmn", "orgn_shnu_tr_pbmn", "prsn_seln_vol", "frgn_seln_vol", "orgn_seln_vol", "prsn_seln_tr_pbmn",
        "frgn_seln_tr_pbmn", "orgn_seln_tr_pbmn",
      ),
    }),
  ),
});

export const ProgramTradesResponse = envelope({
  output: z.array(
    z.object({
      bsop_hour: text,
      stck_prpr: numeric,
      whol_smtn_seln_vol: numeric,
      whol_smtn_shnu_vol: numeric,
      whol_smtn_ntby_qty: numeric,
      whol_smtn_ntby_tr_pbmn: numeric,
      ...known(
        "prdy_vrss", "prdy_vrss_sign", "prdy_ctrt", "acml_vol", "whol_smtn_seln_tr_pbmn", "whol_smtn_shnu_tr_pbmn",
        "whol_ntby_vol_icdc", "whol_ntby_tr_pbmn_icdc",
      ),
    }),
  ),
});

export const HolidaysResponse = envelope({
  ctx_area_fk: text.optional(),
  ctx_area_nk: text.optional(),
  output: z.array(
    z.object({
      bass_dt: text,
      bzdy_yn: z.enum(["Y", "N"]),
      opnd_yn: z.enum(["Y", "N"]),
      sttl_day_yn: z.enum(["Y", "N"]),
      ...known("wday_dvsn_cd", "tr_day_yn"),
    }),
  ),
});
