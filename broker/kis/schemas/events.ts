/** Raw KIS news-title (FHKST01011800) and VI-status (FHPST01390000) responses. */
import { z } from "zod";
import { envelope, known, numeric, text } from "./common.js";

export const NewsTitlesResponse = envelope({
  output: z.array(
    z.object({
      cntt_usiq_srno: text,
      data_dt: text,
      data_tm: text,
      hts_pbnt_titl_cntt: text,
      iscd1: text.optional(),
      ...known(
        "news_ofer_entp_code",
        "news_lrdv_code",
        "dorg",
        "iscd2",
        "iscd3",
        "iscd4",
        "iscd5",
        "iscd6",
        "iscd7",
        "iscd8",
        "iscd9",
        "iscd10",
        "kor_isnm1",
        "kor_isnm2",
        "kor_isnm3",
        "kor_isnm4",
        "kor_isnm5",
        "kor_isnm6",
        "kor_isnm7",
        "kor_isnm8",
        "kor_isnm9",
        "kor_isnm10",
      ),
    }),
  ),
});

export const ViStatusResponse = envelope({
  output: z.array(
    z.object({
      mksc_shrn_iscd: text,
      bsop_date: text,
      cntg_vi_hour: text,
      vi_cncl_hour: text,
      vi_kind_code: text,
      vi_prc: numeric,
      vi_stnd_prc: numeric,
      vi_dmc_stnd_prc: numeric,
      ...known("hts_kor_isnm", "vi_cls_code", "vi_dprt", "vi_dmc_dprt", "vi_count"),
    }),
  ),
});
