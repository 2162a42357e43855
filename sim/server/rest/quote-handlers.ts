/** Quote snapshot, recent ticks and the 10-level order book (reference §4.10, §4.11, §4.19). */
import { addDays, kstParts } from "../../../core/clock.js";
import { tickSize } from "../../../market/krx.js";
import type { Bar, SymbolState } from "../../exchange.js";
import { readSymbol, type RestContext, type RestReply } from "./rest-context.js";
import { buyPower, changeRate, dayChange, int, lastPrice, pct, signCode } from "./wire-values.js";

export const MARKET_DIVISIONS = ["J", "NX", "UN"] as const;

/** Validates FID_COND_MRKT_DIV_CODE + FID_INPUT_ISCD and returns the symbol. */
export function readQuotedSymbol(ctx: RestContext): SymbolState {
  ctx.req.oneOf("FID_COND_MRKT_DIV_CODE", MARKET_DIVISIONS);
  return readSymbol(ctx, "FID_INPUT_ISCD");
}

/** KIS's names for one period's high/low block: w52 rates end in _ctrt, the others in _rate. */
interface ExtremeNames {
  high: string;
  low: string;
  prefix: string;
  rate: "rate" | "ctrt";
}
const W52: ExtremeNames = { high: "w52_hgpr", low: "w52_lwpr", prefix: "w52", rate: "ctrt" };
const D250: ExtremeNames = { high: "d250_hgpr", low: "d250_lwpr", prefix: "d250", rate: "rate" };
const YEAR: ExtremeNames = { high: "stck_dryy_hgpr", low: "stck_dryy_lwpr", prefix: "dryy", rate: "rate" };

function extremes(bars: Bar[], last: number, n: ExtremeNames): Record<string, string> {
  let hi: Bar | undefined;
  let lo: Bar | undefined;
  for (const b of bars) {
    if (!hi || b.highKrw > hi.highKrw) hi = b;
    if (!lo || b.lowKrw < lo.lowKrw) lo = b;
  }
  const high = hi?.highKrw ?? last;
  const low = lo?.lowKrw ?? last;
  return {
    [n.high]: int(high),
    [`${n.prefix}_hgpr_date`]: hi?.date ?? "",
    [`${n.prefix}_hgpr_vrss_prpr_${n.rate}`]: pct(changeRate(last, high)),
    [n.low]: int(low),
    [`${n.prefix}_lwpr_date`]: lo?.date ?? "",
    [`${n.prefix}_lwpr_vrss_prpr_${n.rate}`]: pct(changeRate(last, low)),
  };
}

/** Every inquire-price field the exchange can supply (reference §4.10). */
export function quoteOutput(ctx: RestContext, s: SymbolState): Record<string, string> {
  const code = s.info.code;
  const last = lastPrice(s);
  const today = kstParts(ctx.clock.now()).date;
  const year = ctx.exchange.dailyBars(code, addDays(today, -365), today);
  const program = ctx.exchange.programSeries(code)[0];
  const marketCapKrw = last * s.info.sharesOutstanding;
  return {
    iscd_stat_cls_code: s.halted ? "58" : "55",
    marg_rate: "20.00",
    rprs_mrkt_kor_name: s.info.market,
    bstp_kor_isnm: "",
    temp_stop_yn: s.halted ? "Y" : "N",
    oprc_rang_cont_yn: "N",
    clpr_rang_cont_yn: "N",
    crdt_able_yn: "Y",
    grmn_rate_cls_code: "40",
    elw_pblc_yn: "N",
    stck_prpr: int(last),
    ...dayChange(s),
    acml_tr_pbmn: int(s.tradeValueKrw),
    acml_vol: int(s.volume),
    prdy_vrss_vol_rate: pct(s.previousDayVolume > 0 ? (s.volume / s.previousDayVolume) * 100 : 0),
    stck_oprc: int(s.openKrw),
    stck_hgpr: int(s.highKrw),
    stck_lwpr: int(s.lowKrw),
    stck_mxpr: int(s.upperLimitKrw),
    stck_llam: int(s.lowerLimitKrw),
    stck_sdpr: int(s.basePriceKrw),
    wghn_avrg_stck_prc: pct(s.volume > 0 ? s.tradeValueKrw / s.volume : last),
    hts_frgn_ehrt: "0.00",
    frgn_ntby_qty: "0",
    pgtr_ntby_qty: int(program ? program.buyVolume - program.sellVolume : 0),
    stck_fcam: "100",
    stck_sspr: int(Math.floor(last * 0.7)),
    aspr_unit: int(tickSize(last)),
    hts_deal_qty_unit_val: "1",
    lstn_stcn: int(s.info.sharesOutstanding),
    hts_avls: int(Math.round(marketCapKrw / 100_000_000)),
    vol_tnrt: pct(s.info.sharesOutstanding > 0 ? (s.volume / s.info.sharesOutstanding) * 100 : 0),
    ...extremes(year, last, W52),
    ...extremes(year.slice(-250), last, D250),
    ...extremes(year.filter((b) => b.date.startsWith(today.slice(0, 4))), last, YEAR),
    ssts_yn: "Y",
    stck_shrn_iscd: code,
    vi_cls_code: "N",
    ovtm_vi_cls_code: "N",
    invt_caful_yn: "N",
    mrkt_warn_cls_code: "00",
    short_over_yn: "N",
    sltr_yn: "N",
    mang_issu_cls_code: "N",
  };
}

export function quote(ctx: RestContext): RestReply {
  return { body: { output: quoteOutput(ctx, readQuotedSymbol(ctx)) } };
}

/** inquire-ccnl: the latest 30 executions, newest first. */
export function recentTicks(ctx: RestContext): RestReply {
  const s = readQuotedSymbol(ctx);
  const strength = buyPower(s);
  const output = ctx.exchange.recentTrades(s.info.code, 30).map((t) => ({
    stck_cntg_hour: kstParts(t.timeMs).time,
    stck_prpr: int(t.priceKrw),
    prdy_vrss: int(t.priceKrw - s.basePriceKrw),
    prdy_vrss_sign: signCode(t.priceKrw, s.basePriceKrw, s.upperLimitKrw, s.lowerLimitKrw),
    cntg_vol: int(t.quantity),
    tday_rltv: strength,
    prdy_ctrt: pct(changeRate(t.priceKrw, s.basePriceKrw)),
  }));
  return { body: { output } };
}

/** inquire-asking-price-exp-ccn: output1 the book, output2 the expected-trade block. */
export function orderBook(ctx: RestContext): RestReply {
  const s = readQuotedSymbol(ctx);
  const book = ctx.exchange.book(s.info.code);
  const nowParts = kstParts(ctx.clock.now());
  const output1: Record<string, string> = { aspr_acpt_hour: kstParts(book?.timeMs ?? ctx.clock.now()).time };
  for (let i = 0; i < 10; i++) {
    const ask = book?.asks[i];
    const bid = book?.bids[i];
    output1[`askp${i + 1}`] = int(ask?.priceKrw ?? 0);
    output1[`bidp${i + 1}`] = int(bid?.priceKrw ?? 0);
    output1[`askp_rsqn${i + 1}`] = int(ask?.quantity ?? 0);
    output1[`bidp_rsqn${i + 1}`] = int(bid?.quantity ?? 0);
    output1[`askp_rsqn_icdc${i + 1}`] = "0";
    output1[`bidp_rsqn_icdc${i + 1}`] = "0";
  }
  const totalAsk = book?.totalAskQuantity ?? 0;
  const totalBid = book?.totalBidQuantity ?? 0;
  Object.assign(output1, {
    total_askp_rsqn: int(totalAsk),
    total_bidp_rsqn: int(totalBid),
    total_askp_rsqn_icdc: "0",
    total_bidp_rsqn_icdc: "0",
    ovtm_total_askp_icdc: "0",
    ovtm_total_bidp_icdc: "0",
    ovtm_total_askp_rsqn: "0",
    ovtm_total_bidp_rsqn: "0",
    ntby_aspr_rsqn: int(totalBid - totalAsk),
    new_mkop_cls_code: nowParts.secondOfDay < 9 * 3600 ? "10" : "20",
  });
  const last = lastPrice(s);
  const output2 = {
    antc_mkop_cls_code: "",
    stck_prpr: int(last),
    stck_oprc: int(s.openKrw),
    stck_hgpr: int(s.highKrw),
    stck_lwpr: int(s.lowKrw),
    stck_sdpr: int(s.basePriceKrw),
    antc_cnpr: "0",
    antc_cntg_vrss_sign: "3",
    antc_cntg_vrss: "0",
    antc_cntg_prdy_ctrt: "0.00",
    antc_vol: "0",
    stck_shrn_iscd: s.info.code,
    vi_cls_code: "N",
  };
  return { body: { output1, output2 } };
}
