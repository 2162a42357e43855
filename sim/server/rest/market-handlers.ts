/** Index snapshot, investor flows, program trading and the holiday calendar (reference §4.16–4.19). */
import { addDays, fromKst, kstParts } from "../../../core/clock.js";
import { isKrxTradingDay } from "../../../market/krx.js";
import { badParam } from "./kis-errors.js";
import { CURSOR_PLAIN, paginate } from "./paging.js";
import { readQuotedSymbol } from "./quote-handlers.js";
import type { RestContext, RestReply } from "./rest-context.js";
import { changeRate, int, pct, signCode } from "./wire-values.js";

const index2 = (n: number) => n.toFixed(2);

export function indexQuote(ctx: RestContext): RestReply {
  ctx.req.oneOf("FID_COND_MRKT_DIV_CODE", ["U"] as const);
  const code = ctx.req.required("FID_INPUT_ISCD");
  const ix = ctx.exchange.index(code);
  if (!ix) throw badParam("FID_INPUT_ISCD", "unknown index");
  const vs = (v: number) => ({ diff: index2(v - ix.previousClose), rate: pct(changeRate(v, ix.previousClose)), sign: signCode(v, ix.previousClose) });
  const open = vs(ix.open);
  const high = vs(ix.high);
  const low = vs(ix.low);
  const output = {
    bstp_nmix_prpr: index2(ix.value),
    bstp_nmix_prdy_vrss: index2(ix.value - ix.previousClose),
    prdy_vrss_sign: signCode(ix.value, ix.previousClose),
    bstp_nmix_prdy_ctrt: pct(changeRate(ix.value, ix.previousClose)),
    acml_vol: int(ix.volume),
    prdy_vol: "0",
    acml_tr_pbmn: int(ix.tradeValueKrw),
    prdy_tr_pbmn: "0",
    bstp_nmix_oprc: index2(ix.open),
    prdy_nmix_vrss_nmix_oprc: open.diff,
    oprc_vrss_prpr_sign: open.sign,
    bstp_nmix_oprc_prdy_ctrt: open.rate,
    bstp_nmix_hgpr: index2(ix.high),
    prdy_nmix_vrss_nmix_hgpr: high.diff,
    hgpr_vrss_prpr_sign: high.sign,
    bstp_nmix_hgpr_prdy_ctrt: high.rate,
    bstp_nmix_lwpr: index2(ix.low),
    prdy_clpr_vrss_lwpr: low.diff,
    lwpr_vrss_prpr_sign: low.sign,
    prdy_clpr_vrss_lwpr_rate: low.rate,
    ascn_issu_cnt: int(ix.advancers),
    uplm_issu_cnt: int(ix.upperLimitCount),
    stnr_issu_cnt: int(ix.unchanged),
    down_issu_cnt: int(ix.decliners),
    lslm_issu_cnt: int(ix.lowerLimitCount),
  };
  return { body: { output } };
}

export function investorFlows(ctx: RestContext): RestReply {
  const s = readQuotedSymbol(ctx);
  const days = ctx.exchange.investorFlows(s.info.code);
  const output = days.map((d, i) => {
    const previousClose = days[i + 1]?.closeKrw ?? d.closeKrw;
    return {
      stck_bsop_date: d.date,
      stck_clpr: int(d.closeKrw),
      prdy_vrss: int(d.closeKrw - previousClose),
      prdy_vrss_sign: signCode(d.closeKrw, previousClose),
      prsn_ntby_qty: int(d.individualNetQuantity),
      frgn_ntby_qty: int(d.foreignNetQuantity),
      orgn_ntby_qty: int(d.institutionNetQuantity),
      prsn_ntby_tr_pbmn: int(d.individualNetValueKrw),
      frgn_ntby_tr_pbmn: int(d.foreignNetValueKrw),
      orgn_ntby_tr_pbmn: int(d.institutionNetValueKrw),
    };
  });
  return { body: { output } };
}

export function programTrades(ctx: RestContext): RestReply {
  const s = readQuotedSymbol(ctx);
  const series = ctx.exchange.programSeries(s.info.code);
  const output = series.map((p, i) => {
    const older = series[i + 1];
    const net = p.buyVolume - p.sellVolume;
    const netValue = p.buyValueKrw - p.sellValueKrw;
    return {
      bsop_hour: kstParts(p.timeMs).time,
      stck_prpr: int(p.priceKrw),
      prdy_vrss: int(p.priceKrw - s.basePriceKrw),
      prdy_vrss_sign: signCode(p.priceKrw, s.basePriceKrw, s.upperLimitKrw, s.lowerLimitKrw),
      prdy_ctrt: pct(changeRate(p.priceKrw, s.basePriceKrw)),
      acml_vol: int(s.volume),
      whol_smtn_seln_vol: int(p.sellVolume),
      whol_smtn_shnu_vol: int(p.buyVolume),
      whol_smtn_ntby_qty: int(net),
      whol_smtn_seln_tr_pbmn: int(p.sellValueKrw),
      whol_smtn_shnu_tr_pbmn: int(p.buyValueKrw),
      whol_smtn_ntby_tr_pbmn: int(netValue),
      whol_ntby_vol_icdc: int(older ? net - (older.buyVolume - older.sellVolume) : net),
      whol_ntby_tr_pbmn_icdc: int(older ? netValue - (older.buyValueKrw - older.sellValueKrw) : netValue),
    };
  });
  return { body: { output } };
}

/** Days the calendar answers from BASS_DT on, and how many per page. */
const HOLIDAY_SPAN_DAYS = 60;
const HOLIDAY_PAGE = 20;

export function holidays(ctx: RestContext): RestReply {
  const base = ctx.req.date("BASS_DT");
  const days = Array.from({ length: HOLIDAY_SPAN_DAYS }, (_, i) => addDays(base, i));
  const page = paginate(ctx.req, days, HOLIDAY_PAGE, base, CURSOR_PLAIN);
  const output = page.rows.map((d) => {
    const open = isKrxTradingDay(d) ? "Y" : "N";
    const weekday = kstParts(fromKst(d, "120000")).weekday;
    return { bass_dt: d, wday_dvsn_cd: `0${weekday + 1}`, bzdy_yn: open, tr_day_yn: open, opnd_yn: open, sttl_day_yn: open };
  });
  return { body: { ...page.cursor, output }, trCont: page.trCont };
}
