/**
 * Real-time record layouts: column names in KIS order (reference §7). The simulator writes and the
 * feed reads records by these positions; a record whose width differs is schema drift.
 */

/** H0STCNT0 국내주식 실시간체결가, 46 fields. */
export const H0STCNT0_FIELDS = [
  "MKSC_SHRN_ISCD",
  "STCK_CNTG_HOUR",
  "STCK_PRPR",
  "PRDY_VRSS_SIGN",
  "PRDY_VRSS",
  "PRDY_CTRT",
  "WGHN_AVRG_STCK_PRC",
  "STCK_OPRC",
  "STCK_HGPR",
  "STCK_LWPR",
  "ASKP1",
  "BIDP1",
  "CNTG_VOL",
  "ACML_VOL",
  "ACML_TR_PBMN",
  "SELN_CNTG_CSNU",
  "SHNU_CNTG_CSNU",
  "NTBY_CNTG_CSNU",
  "CTTR",
  "SELN_CNTG_SMTN",
  "SHNU_CNTG_SMTN",
  "CCLD_DVSN",
  "SHNU_RATE",
  "PRDY_VOL_VRSS_ACML_VOL_RATE",
  "OPRC_HOUR",
  "OPRC_VRSS_PRPR_SIGN",
  "OPRC_VRSS_PRPR",
  "HGPR_HOUR",
  "HGPR_VRSS_PRPR_SIGN",
  "HGPR_VRSS_PRPR",
  "LWPR_HOUR",
  "LWPR_VRSS_PRPR_SIGN",
  "LWPR_VRSS_PRPR",
  "BSOP_DATE",
  "NEW_MKOP_CLS_CODE",
  "TRHT_YN",
  "ASKP_RSQN1",
  "BIDP_RSQN1",
  "TOTAL_ASKP_RSQN",
  "TOTAL_BIDP_RSQN",
  "VOL_TNRT",
  "PRDY_SMNS_HOUR_ACML_VOL",
  "PRDY_SMNS_HOUR_ACML_VOL_RATE",
  "HOUR_CLS_CODE",
  "MRKT_TRTM_CLS_CODE",
  "VI_STND_PRC",
] as const;

/** H0STASP0 국내주식 실시간호가, 59 fields. */
export const H0STASP0_FIELDS = [
  "MKSC_SHRN_ISCD",
  "BSOP_HOUR",
  "HOUR_CLS_CODE",
  "ASKP1",
  "ASKP2",
  "ASKP3",
  "ASKP4",
  "ASKP5",
  "ASKP6",
  "ASKP7",
  "ASKP8",
  "ASKP9",
  "ASKP10",
  "BIDP1",
  "BIDP2",
  "BIDP3",
  "BIDP4",
  "BIDP5",
  "BIDP6",
  "BIDP7",
  "BIDP8",
  "BIDP9",
  "BIDP10",
  "ASKP_RSQN1",
  "ASKP_RSQN2",
  "ASKP_RSQN3",
  "ASKP_RSQN4",
  "ASKP_RSQN5",
  "ASKP_RSQN6",
  "ASKP_RSQN7",
  "ASKP_RSQN8",
  "ASKP_RSQN9",
  "ASKP_RSQN10",
  "BIDP_RSQN1",
  "BIDP_RSQN2",
  "BIDP_RSQN3",
  "BIDP_RSQN4",
  "BIDP_RSQN5",
  "BIDP_RSQN6",
  "BIDP_RSQN7",
  "BIDP_RSQN8",
  "BIDP_RSQN9",
  "BIDP_RSQN10",
  "TOTAL_ASKP_RSQN",
  "TOTAL_BIDP_RSQN",
  "OVTM_TOTAL_ASKP_RSQN",
  "OVTM_TOTAL_BIDP_RSQN",
  "ANTC_CNPR",
  "ANTC_CNQN",
  "ANTC_VOL",
  "ANTC_CNTG_VRSS",
  "ANTC_CNTG_VRSS_SIGN",
  "ANTC_CNTG_PRDY_CTRT",
  "ACML_VOL",
  "TOTAL_ASKP_RSQN_ICDC",
  "TOTAL_BIDP_RSQN_ICDC",
  "OVTM_TOTAL_ASKP_ICDC",
  "OVTM_TOTAL_BIDP_ICDC",
  "STCK_DEAL_CLS_CODE",
] as const;

/** H0STCNI0 (real) / H0STCNI9 (paper) 실시간체결통보, 26 fields, AES-256-CBC encrypted. */
export const H0STCNI0_FIELDS = [
  "CUST_ID",
  "ACNT_NO",
  "ODER_NO",
  "OODER_NO",
  "SELN_BYOV_CLS",
  "RCTF_CLS",
  "ODER_KIND",
  "ODER_COND",
  "STCK_SHRN_ISCD",
  "CNTG_QTY",
  "CNTG_UNPR",
  "STCK_CNTG_HOUR",
  "RFUS_YN",
  "CNTG_YN",
  "ACPT_YN",
  "BRNC_NO",
  "ODER_QTY",
  "ACNT_NAME",
  "ORD_COND_PRC",
  "ORD_EXG_GB",
  "POPUP_YN",
  "FILLER",
  "CRDT_CLS",
  "CRDT_LOAN_DATE",
  "CNTG_ISNM40",
  "ODER_PRC",
] as const;

/** H0STPGM0 실시간프로그램매매, 11 fields. */
export const H0STPGM0_FIELDS = [
  "MKSC_SHRN_ISCD",
  "STCK_CNTG_HOUR",
  "SELN_CNQN",
  "SELN_TR_PBMN",
  "SHNU_CNQN",
  "SHNU_TR_PBMN",
  "NTBY_CNQN",
  "NTBY_TR_PBMN",
  "SELN_RSQN",
  "SHNU_RSQN",
  "WHOL_NTBY_QTY",
] as const;

/**
 * H0NXCNT0 (NXT) and H0UNCNT0 (통합) 실시간체결가, 46 fields: the H0STCNT0 columns, #21 named
 * CNTG_CLS_CODE (domestic_stock_functions_ws.py, ccnl_nxt / ccnl_total).
 */
export const H0UNCNT0_FIELDS = H0STCNT0_FIELDS.map((f) => (f === "CCLD_DVSN" ? "CNTG_CLS_CODE" : f));

/** H0NXASP0 (NXT) and H0UNASP0 (통합) 실시간호가, 65 fields: H0STASP0 plus the KRX and NXT mid-point (중간가) columns. */
export const H0UNASP0_FIELDS = [
  ...H0STASP0_FIELDS,
  "KMID_PRC",
  "KMID_TOTAL_RSQN",
  "KMID_CLS_CODE",
  "NMID_PRC",
  "NMID_TOTAL_RSQN",
  "NMID_CLS_CODE",
] as const;

/** H0STANC0 실시간예상체결 (KRX), 45 fields: H0UNCNT0's first 45 (no VI_STND_PRC). */
export const H0STANC0_FIELDS = H0UNCNT0_FIELDS.slice(0, 45);

/** H0STMKO0 장운영정보 (KRX), 11 fields. */
export const H0STMKO0_FIELDS = [
  "MKSC_SHRN_ISCD",
  "TRHT_YN",
  "TR_SUSP_REAS_CNTT",
  "MKOP_CLS_CODE",
  "ANTC_MKOP_CLS_CODE",
  "MRKT_TRTM_CLS_CODE",
  "DIVI_APP_CLS_CODE",
  "ISCD_STAT_CLS_CODE",
  "VI_CLS_CODE",
  "OVTM_VI_CLS_CODE",
  "EXCH_CLS_CODE",
] as const;

/** H0UPCNT0 국내지수 실시간체결, 30 fields (tr_key: index code, e.g. 0001). */
export const H0UPCNT0_FIELDS = [
  "BSTP_CLS_CODE",
  "BSOP_HOUR",
  "PRPR_NMIX",
  "PRDY_VRSS_SIGN",
  "BSTP_NMIX_PRDY_VRSS",
  "ACML_VOL",
  "ACML_TR_PBMN",
  "PCAS_VOL",
  "PCAS_TR_PBMN",
  "PRDY_CTRT",
  "OPRC_NMIX",
  "NMIX_HGPR",
  "NMIX_LWPR",
  "OPRC_VRSS_NMIX_PRPR",
  "OPRC_VRSS_NMIX_SIGN",
  "HGPR_VRSS_NMIX_PRPR",
  "HGPR_VRSS_NMIX_SIGN",
  "LWPR_VRSS_NMIX_PRPR",
  "LWPR_VRSS_NMIX_SIGN",
  "PRDY_CLPR_VRSS_OPRC_RATE",
  "PRDY_CLPR_VRSS_HGPR_RATE",
  "PRDY_CLPR_VRSS_LWPR_RATE",
  "UPLM_ISSU_CNT",
  "ASCN_ISSU_CNT",
  "STNR_ISSU_CNT",
  "DOWN_ISSU_CNT",
  "LSLM_ISSU_CNT",
  "QTQT_ASCN_ISSU_CNT",
  "QTQT_DOWN_ISSU_CNT",
  "TICK_VRSS",
] as const;

/** Every real-time layout by tr_id. */
export const LAYOUTS = {
  // The feed's own three first: the decoder looks tr_ids up in this order.
  H0STCNT0: H0STCNT0_FIELDS,
  H0STASP0: H0STASP0_FIELDS,
  H0STPGM0: H0STPGM0_FIELDS,
  H0NXCNT0: H0UNCNT0_FIELDS,
  H0UNCNT0: H0UNCNT0_FIELDS,
  H0NXASP0: H0UNASP0_FIELDS,
  H0UNASP0: H0UNASP0_FIELDS,
  H0STANC0: H0STANC0_FIELDS,
  H0STMKO0: H0STMKO0_FIELDS,
  H0UPCNT0: H0UPCNT0_FIELDS,
  H0STCNI0: H0STCNI0_FIELDS,
  H0STCNI9: H0STCNI0_FIELDS,
} as const satisfies Record<string, readonly string[]>;

export const FIELD_COUNT = Object.fromEntries(Object.entries(LAYOUTS).map(([trId, fields]) => [trId, fields.length])) as Record<
  keyof typeof LAYOUTS,
  number
>;

export type RealtimeTrId = keyof typeof FIELD_COUNT;

/** Index of a named column, resolved at module load so hot paths use plain numbers. */
export function fieldIndex(fields: readonly string[], name: string): number {
  const i = fields.indexOf(name);
  if (i < 0) throw new Error(`Unknown real-time field ${name}`);
  return i;
}
