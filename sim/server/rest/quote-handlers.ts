/** Quote snapshot, recent ticks and the 10-level order book (reference §4.10, §4.11, §4.19). */
import { addDays, kstParts } from "../../../core/clock.js";
import { tickSize } from "../../../venue/krx.js";
import { fundamentalsOf } from "../../market/fundamentals.js";
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

/** Pivot and DeMark levels from the previous day's bar (KIS's pvt_* and dmrs/dmsp fields). */
function pivots(prev: Bar | undefined, fallback: number): Record<string, string> {
  const h = prev?.highKrw ?? fallback;
  const l = prev?.lowKrw ?? fallback;
  const c = prev?.closeKrw ?? fallback;
  const o = prev?.openKrw ?? fallback;
  const p = (h + l + c) / 3;
  // DeMark: X weights the close by the day's direction.
  const x = c < o ? h + 2 * l + c : c > o ? 2 * h + l + c : h + l + 2 * c;
  return {
    pvt_scnd_dmrs_prc: int(p + (h - l)),
    pvt_frst_dmrs_prc: int(2 * p - l),
    pvt_pont_val: int(p),
    pvt_frst_dmsp_prc: int(2 * p - h),
    pvt_scnd_dmsp_prc: int(p - (h - l)),
    dmrs_val: int(x / 2 - l),
    dmsp_val: int(x / 2 - h),
  };
}

/** Today's foreign net buying once the day's flows are published (after the close), else 0. */
function foreignNetToday(ctx: RestContext, code: string, today: string): number {
  const latest = ctx.exchange.investorFlows(code)[0];
  return latest?.date === today ? latest.foreignNetQuantity : 0;
}

/** The 82 inquire-price fields, in KIS's order (reference §4.10; the sample's column list). */
export function quoteOutput(ctx: RestContext, s: SymbolState): Record<string, string> {
  const code = s.info.code;
  const last = lastPrice(s);
  const today = kstParts(ctx.clock.now()).date;
  const year = ctx.exchange.dailyBars(code, addDays(today, -365), today);
  const previousDay = year.filter((b) => b.date < today).at(-1);
  const program = ctx.exchange.programSeries(code)[0];
  const f = fundamentalsOf(s.info);
  const shares = s.info.sharesOutstanding;
  const foreignHeld = Math.round(shares * f.foreignShare);
  return {
    iscd_stat_cls_code: s.halted ? "58" : "55",
    marg_rate: "20.00",
    rprs_mrkt_kor_name: s.info.market,
    new_hgpr_lwpr_cls_code: newHighLowCode(
      year.filter((b) => b.date < today),
      s,
    ),
    bstp_kor_isnm: f.sectorName,
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
    hts_frgn_ehrt: pct(f.foreignShare * 100),
    frgn_ntby_qty: int(foreignNetToday(ctx, code, today)),
    pgtr_ntby_qty: int(program ? program.buyVolume - program.sellVolume : 0),
    ...pivots(previousDay, s.basePriceKrw),
    cpfn: int((f.faceValueKrw * shares) / 100_000_000),
    rstc_wdth_prc: int(s.upperLimitKrw - s.basePriceKrw),
    stck_fcam: int(f.faceValueKrw),
    stck_sspr: int(Math.floor(last * 0.7)),
    aspr_unit: int(tickSize(last)),
    hts_deal_qty_unit_val: "1",
    lstn_stcn: int(shares),
    hts_avls: int(Math.round((last * shares) / 100_000_000)),
    per: pct(last / f.epsKrw),
    pbr: pct(last / f.bpsKrw),
    stac_month: f.fiscalMonth,
    vol_tnrt: pct(shares > 0 ? (s.volume / shares) * 100 : 0),
    eps: pct(f.epsKrw),
    bps: pct(f.bpsKrw),
    ...extremes(year.slice(-250), last, D250),
    ...extremes(
      year.filter((b) => b.date.startsWith(today.slice(0, 4))),
      last,
      YEAR,
    ),
    ...extremes(year, last, W52),
    whol_loan_rmnd_rate: "0.00",
    ssts_yn: "Y",
    stck_shrn_iscd: code,
    fcam_cnnm: "원",
    cpfn_cnnm: "억",
    apprch_rate: "0.00",
    frgn_hldn_qty: int(foreignHeld),
    vi_cls_code: "N",
    ovtm_vi_cls_code: "N",
    last_ssts_cntg_qty: "0",
    invt_caful_yn: "N",
    mrkt_warn_cls_code: "00",
    short_over_yn: "N",
    sltr_yn: "N",
    mang_issu_cls_code: "N",
  };
}

/** 신고가/신저가 구분 against the earlier bars: "1" a new 52-week high today, "2" a new low, "" neither. */
function newHighLowCode(before: Bar[], s: SymbolState): string {
  if (s.volume === 0 || before.length === 0) return "";
  if (s.highKrw > Math.max(...before.map((b) => b.highKrw))) return "1";
  if (s.lowKrw < Math.min(...before.map((b) => b.lowKrw))) return "2";
  return "";
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

/** inquire-price-2 (주식현재가 시세2): the day's price block with its vs-open/high/low fields. */
export function quote2(ctx: RestContext): RestReply {
  const s = readQuotedSymbol(ctx);
  const last = lastPrice(s);
  const base = s.basePriceKrw;
  const traded = s.volume > 0;
  const vs = (ref: number) => (traded ? { diff: int(last - ref), sign: signCode(last, ref) } : { diff: "0", sign: "3" });
  const open = vs(s.openKrw);
  const high = vs(s.highKrw);
  const low = vs(s.lowKrw);
  const output = {
    rprs_mrkt_kor_name: s.info.market,
    new_hgpr_lwpr_cls_code: "",
    mxpr_llam_cls_code: last >= s.upperLimitKrw ? "1" : last <= s.lowerLimitKrw ? "4" : "",
    crdt_able_yn: "Y",
    stck_mxpr: int(s.upperLimitKrw),
    elw_pblc_yn: "N",
    prdy_clpr_vrss_oprc_rate: pct(traded ? changeRate(s.openKrw, base) : 0),
    crdt_rate: "0.00",
    marg_rate: "20.00",
    lwpr_vrss_prpr: low.diff,
    lwpr_vrss_prpr_sign: low.sign,
    prdy_clpr_vrss_lwpr_rate: pct(traded ? changeRate(s.lowKrw, base) : 0),
    stck_lwpr: int(s.lowKrw),
    hgpr_vrss_prpr: high.diff,
    hgpr_vrss_prpr_sign: high.sign,
    prdy_clpr_vrss_hgpr_rate: pct(traded ? changeRate(s.highKrw, base) : 0),
    stck_hgpr: int(s.highKrw),
    oprc_vrss_prpr: open.diff,
    oprc_vrss_prpr_sign: open.sign,
    mang_issu_yn: "N",
    divi_app_cls_code: "00",
    short_over_yn: "N",
    mrkt_warn_cls_code: "00",
    invt_caful_yn: "N",
    stange_runup_yn: "N",
    ssts_hot_yn: "N",
    low_current_yn: "N",
    vi_cls_code: "N",
    short_over_cls_code: "00",
    stck_llam: int(s.lowerLimitKrw),
    new_lstn_cls_name: "",
    vlnt_deal_cls_name: "",
    flng_cls_name: "",
    revl_issu_reas_name: "",
    mrkt_warn_cls_name: "",
    stck_sdpr: int(base),
    bstp_cls_code: s.info.market === "KOSPI" ? "0001" : "1001",
    stck_prdy_clpr: int(base),
    insn_pbnt_yn: "N",
    fcam_mod_cls_name: "",
    stck_prpr: int(last),
    ...dayChange(s),
    acml_tr_pbmn: int(s.tradeValueKrw),
    acml_vol: int(s.volume),
    prdy_vrss_vol_rate: pct(s.previousDayVolume > 0 ? (s.volume / s.previousDayVolume) * 100 : 0),
    bstp_kor_isnm: fundamentalsOf(s.info).sectorName,
    sltr_yn: "N",
    trht_yn: s.halted ? "Y" : "N",
    oprc_rang_cont_yn: "N",
    vlnt_fin_cls_code: "0",
    stck_oprc: int(s.openKrw),
    prdy_vol: int(s.previousDayVolume),
  };
  return { body: { output } };
}
