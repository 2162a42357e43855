/** Raw KIS quotation responses → domain types. Pure. */
import type { z } from "zod";
import type { Bar, IndexQuote, InvestorFlow, ProgramTrade, Quote, RankingEntry, RecentTick, TradingDayInfo } from "../../../core/types.js";
import type {
  ChangeRankingResponse,
  DailyBarsResponse,
  HolidaysResponse,
  IndexDailyBarsResponse,
  IndexResponse,
  InvestorFlowsResponse,
  MinuteBarsResponse,
  ProgramTradesResponse,
  QuoteResponse,
  RecentTicksResponse,
  VolumeRankingResponse,
} from "../schemas/market.js";
import { optionalText, toInt, toMarket, toNumber } from "./common.js";

/** 종목상태 58 = 거래정지 (halted). */
const HALTED_STATUS = "58";

export function parseQuote(symbol: string, raw: z.infer<typeof QuoteResponse>, receivedAtMs: number): Quote {
  const o = raw.output;
  const market = toMarket(o.rprs_mrkt_kor_name);
  return {
    symbol,
    name: o.hts_kor_isnm?.trim() ?? "",
    priceKrw: toInt(o.stck_prpr),
    changeKrw: toInt(o.prdy_vrss),
    changeRate: toNumber(o.prdy_ctrt),
    openKrw: toInt(o.stck_oprc),
    highKrw: toInt(o.stck_hgpr),
    lowKrw: toInt(o.stck_lwpr),
    volume: toInt(o.acml_vol),
    tradeValueKrw: toInt(o.acml_tr_pbmn),
    basePriceKrw: toInt(o.stck_sdpr),
    upperLimitKrw: toInt(o.stck_mxpr),
    lowerLimitKrw: toInt(o.stck_llam),
    tickSizeKrw: toInt(o.aspr_unit),
    lotSize: toInt(o.hts_deal_qty_unit_val) || 1,
    halted: o.temp_stop_yn === "Y" || o.iscd_stat_cls_code === HALTED_STATUS,
    ...(market ? { market } : {}),
    receivedAtMs,
  };
}

export function parseRecentTicks(raw: z.infer<typeof RecentTicksResponse>): RecentTick[] {
  return raw.output
    .filter((row) => row.stck_cntg_hour.trim() !== "")
    .map((row) => ({
      time: row.stck_cntg_hour,
      priceKrw: toInt(row.stck_prpr),
      volume: toInt(row.cntg_vol),
      changeRate: toNumber(row.prdy_ctrt),
      buyPower: toNumber(row.tday_rltv),
    }));
}

/** Rows as KIS sent them (order unspecified), empty rows dropped. */
export function parseDailyBars(raw: z.infer<typeof DailyBarsResponse>): Bar[] {
  return raw.output2
    .filter((row) => row.stck_bsop_date.trim() !== "")
    .map((row) => ({
      date: row.stck_bsop_date,
      openKrw: toInt(row.stck_oprc),
      highKrw: toInt(row.stck_hgpr),
      lowKrw: toInt(row.stck_lwpr),
      closeKrw: toInt(row.stck_clpr),
      volume: toInt(row.acml_vol),
      tradeValueKrw: toInt(row.acml_tr_pbmn),
    }));
}

export function parseMinuteBars(raw: z.infer<typeof MinuteBarsResponse>): Bar[] {
  return raw.output2
    .filter((row) => row.stck_cntg_hour.trim() !== "")
    .map((row) => ({
      date: row.stck_bsop_date,
      time: row.stck_cntg_hour,
      openKrw: toInt(row.stck_oprc),
      highKrw: toInt(row.stck_hgpr),
      lowKrw: toInt(row.stck_lwpr),
      closeKrw: toInt(row.stck_prpr),
      volume: toInt(row.cntg_vol),
      tradeValueKrw: toInt(row.acml_tr_pbmn),
    }));
}

export function parseVolumeRanking(raw: z.infer<typeof VolumeRankingResponse>): RankingEntry[] {
  return raw.output.map((row) => {
    const increase = optionalText(row.vol_inrt);
    return {
      rank: toInt(row.data_rank),
      symbol: row.mksc_shrn_iscd,
      name: row.hts_kor_isnm.trim(),
      priceKrw: toInt(row.stck_prpr),
      changeRate: toNumber(row.prdy_ctrt),
      volume: toInt(row.acml_vol),
      tradeValueKrw: toInt(row.acml_tr_pbmn),
      ...(increase !== undefined ? { volumeIncreaseRate: toNumber(increase) } : {}),
    };
  });
}

export function parseChangeRanking(raw: z.infer<typeof ChangeRankingResponse>): RankingEntry[] {
  return raw.output.map((row) => ({
    rank: toInt(row.data_rank),
    symbol: row.stck_shrn_iscd,
    name: row.hts_kor_isnm.trim(),
    priceKrw: toInt(row.stck_prpr),
    changeRate: toNumber(row.prdy_ctrt),
    volume: toInt(row.acml_vol),
  }));
}

/** Index closes by day, oldest first (rows without a date are days without data). */
export function parseIndexDailyBars(raw: z.infer<typeof IndexDailyBarsResponse>): Array<{ date: string; close: number }> {
  return raw.output2
    .filter((row) => row.stck_bsop_date.trim() !== "")
    .map((row) => ({ date: row.stck_bsop_date, close: toNumber(row.bstp_nmix_prpr) }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

export function parseIndex(code: string, raw: z.infer<typeof IndexResponse>): IndexQuote {
  const o = raw.output;
  return {
    code,
    value: toNumber(o.bstp_nmix_prpr),
    change: toNumber(o.bstp_nmix_prdy_vrss),
    changeRate: toNumber(o.bstp_nmix_prdy_ctrt),
    volume: toInt(o.acml_vol),
    tradeValueKrw: toInt(o.acml_tr_pbmn),
    advancers: toInt(o.ascn_issu_cnt),
    decliners: toInt(o.down_issu_cnt),
    unchanged: toInt(o.stnr_issu_cnt),
  };
}

/** Today's row stays empty until the close: rows without figures are not flows. */
export function parseInvestorFlows(raw: z.infer<typeof InvestorFlowsResponse>): InvestorFlow[] {
  return raw.output
    .filter((row) => row.stck_bsop_date.trim() !== "" && row.prsn_ntby_qty.trim() !== "")
    .map((row) => ({
      date: row.stck_bsop_date,
      closeKrw: toInt(row.stck_clpr),
      individualNetQuantity: toInt(row.prsn_ntby_qty),
      foreignNetQuantity: toInt(row.frgn_ntby_qty),
      institutionNetQuantity: toInt(row.orgn_ntby_qty),
      individualNetValueKrw: toInt(row.prsn_ntby_tr_pbmn),
      foreignNetValueKrw: toInt(row.frgn_ntby_tr_pbmn),
      institutionNetValueKrw: toInt(row.orgn_ntby_tr_pbmn),
    }));
}

export function parseProgramTrades(raw: z.infer<typeof ProgramTradesResponse>): ProgramTrade[] {
  return raw.output
    .filter((row) => row.bsop_hour.trim() !== "")
    .map((row) => ({
      time: row.bsop_hour,
      priceKrw: toInt(row.stck_prpr),
      sellVolume: toInt(row.whol_smtn_seln_vol),
      buyVolume: toInt(row.whol_smtn_shnu_vol),
      netVolume: toInt(row.whol_smtn_ntby_qty),
      netValueKrw: toInt(row.whol_smtn_ntby_tr_pbmn),
    }));
}

export function parseHolidays(raw: z.infer<typeof HolidaysResponse>): TradingDayInfo[] {
  return raw.output.map((row) => ({
    date: row.bass_dt,
    isOpen: row.opnd_yn === "Y",
    isBusinessDay: row.bzdy_yn === "Y",
    isSettlementDay: row.sttl_day_yn === "Y",
  }));
}
