/**
 * Reference and event endpoints (reference §4.19 and the samples' column lists): product and
 * stock master data (CTPF1604R, CTPF1002R), the business-day calendar (HHMCM000002C0), news
 * titles (FHKST01011800) from the market's own headlines, and VI events (FHPST01390000) found
 * in the minute bars — all derived from the same market the quotes come from.
 */
import { addDays, fromKst, kstParts } from "../../../core/clock.js";
import { isKrxTradingDay } from "../../../venue/krx-calendar.js";
import type { Bar, SymbolInfo, SymbolState } from "../../exchange.js";
import { fundamentalsOf } from "../../market/fundamentals.js";
import { minuteBarsOfPastDay } from "../../market/intraday-path.js";
import { KisWireError } from "./kis-errors.js";
import { readSymbol, type RestContext, type RestReply } from "./rest-context.js";
import { int, lastPrice, pct } from "./wire-values.js";

/** The ISIN of a KRX common share: KR7 + code + 00 + Luhn check digit over the letters-as-numbers. */
export function isinOf(code: string): string {
  const body = `KR7${code}00`;
  const digits = [...body].map((c) => (/\d/.test(c) ? c : String(c.charCodeAt(0) - 55))).join("");
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) d *= 2;
    sum += d > 9 ? d - 9 : d;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** PRDT_TYPE_CD 300 (주식, ETF, ETN, ELW) is the only product type the simulator lists. */
function readStockProduct(ctx: RestContext): SymbolState {
  ctx.req.oneOf("PRDT_TYPE_CD", ["300"] as const);
  return readSymbol(ctx, "PDNO");
}

/** 상품기본조회 (CTPF1604R). */
export function productInfo(ctx: RestContext): RestReply {
  const s = readStockProduct(ctx);
  const output = {
    pdno: s.info.code,
    prdt_type_cd: "300",
    std_pdno: isinOf(s.info.code),
    shtn_pdno: `A${s.info.code}`,
    prdt_sale_stat_cd: "",
    prdt_risk_grad_cd: "",
    prdt_clsf_cd: "",
    sale_strt_dt: "",
    sale_end_dt: "",
    wrap_asst_type_cd: "",
    ivst_prdt_type_cd: "",
    frst_erlm_dt: fundamentalsOf(s.info).listedOn,
  };
  return { body: { output } };
}

function listing(info: SymbolInfo) {
  const f = fundamentalsOf(info);
  const kospi = info.market === "KOSPI";
  return {
    mket_id_cd: kospi ? "STK" : "KSQ",
    scty_grp_id_cd: "ST",
    excg_dvsn_cd: kospi ? "02" : "03",
    setl_mmdd: `${f.fiscalMonth}31`,
    lstg_stqt: int(info.sharesOutstanding),
    lstg_cptl_amt: int(info.sharesOutstanding * f.faceValueKrw),
    cpta: int(info.sharesOutstanding * f.faceValueKrw),
    papr: int(f.faceValueKrw),
    issu_pric: int(f.faceValueKrw),
    kospi200_item_yn: kospi ? "Y" : "N",
    scts_mket_lstg_dt: kospi ? f.listedOn : "",
    scts_mket_lstg_abol_dt: "",
    kosdaq_mket_lstg_dt: kospi ? "" : f.listedOn,
    kosdaq_mket_lstg_abol_dt: "",
  };
}

/** 주식기본조회 (CTPF1002R): the listing, classification and price reference of one stock. */
export function stockInfo(ctx: RestContext): RestReply {
  const s = readStockProduct(ctx);
  const { info } = s;
  const f = fundamentalsOf(info);
  const today = kstParts(ctx.clock.now()).date;
  const traded = s.volume > 0;
  const output = {
    pdno: info.code,
    prdt_type_cd: "300",
    prdt_name: info.name,
    prdt_name120: info.name,
    prdt_abrv_name: info.name,
    prdt_eng_name: info.code,
    prdt_eng_name120: info.code,
    prdt_eng_abrv_name: info.code,
    ...listing(info),
    frbd_mket_lstg_dt: "",
    frbd_mket_lstg_abol_dt: "",
    reits_kind_cd: "",
    etf_dvsn_cd: "",
    oilf_fund_yn: "N",
    idx_bztp_lcls_cd: "002",
    idx_bztp_mcls_cd: "",
    idx_bztp_scls_cd: "",
    idx_bztp_lcls_cd_name: "시가총액규모대",
    idx_bztp_mcls_cd_name: f.sectorName,
    idx_bztp_scls_cd_name: "",
    stck_kind_cd: "101",
    mfnd_opng_dt: "",
    mfnd_end_dt: "",
    dpsi_erlm_cncl_dt: "",
    etf_cu_qty: "0",
    std_pdno: isinOf(info.code),
    dpsi_aptm_erlm_yn: "Y",
    etf_txtn_type_cd: "",
    etf_type_cd: "",
    lstg_abol_dt: "",
    nwst_odst_dvsn_cd: "1",
    sbst_pric: int(Math.floor(s.basePriceKrw * 0.7)),
    thco_sbst_pric: int(Math.floor(s.basePriceKrw * 0.7)),
    thco_sbst_pric_chng_dt: today,
    tr_stop_yn: s.halted ? "Y" : "N",
    admn_item_yn: "N",
    thdt_clpr: int(traded ? lastPrice(s) : s.basePriceKrw),
    bfdy_clpr: int(s.basePriceKrw),
    clpr_chng_dt: today,
    std_idst_clsf_cd: "",
    std_idst_clsf_cd_name: f.sectorName,
    ocr_no: "",
    crfd_item_yn: "N",
    elec_scty_yn: "Y",
    issu_istt_cd: info.code.slice(0, 5),
    etf_chas_erng_rt_dbnb: "0",
    etf_etn_ivst_heed_item_yn: "N",
    stln_int_rt_dvsn_cd: "",
    frnr_psnl_lmt_rt: "0.00",
    lstg_rqsr_issu_istt_cd: "",
    lstg_rqsr_item_cd: "",
    trst_istt_issu_istt_cd: "",
    cptt_trad_tr_psbl_yn: "Y",
    nxt_tr_stop_yn: s.halted ? "Y" : "N",
  };
  return { body: { output } };
}

/** 국내선물 영업일조회: the next five business days from today, the time and the session's hours. */
export function marketTime(ctx: RestContext): RestReply {
  const { date, time } = kstParts(ctx.clock.now());
  const days: string[] = [];
  for (let d = date; days.length < 5; d = addDays(d, 1)) if (isKrxTradingDay(d)) days.push(d);
  const [date1 = "", date2 = "", date3 = "", date4 = "", date5 = ""] = days;
  return { body: { output1: { date1, date2, date3, date4, date5, today: date, time, s_time: "090000", e_time: "153000" } } };
}

/** How far back news titles reach from the asked time, and how many one page holds. */
const NEWS_LOOKBACK_DAYS = 7;
const NEWS_PAGE = 40;

/** "00YYYYMMDD" / "0000HHMMSS" as the sample documents them, or plain YYYYMMDD / HHMMSS; blank = now. */
function newsUntil(ctx: RestContext): number {
  const now = ctx.clock.now();
  const date = (ctx.req.optional("FID_INPUT_DATE_1") ?? "").trim().slice(-8);
  const hour = (ctx.req.optional("FID_INPUT_HOUR_1") ?? "").trim().slice(-6);
  if (date === "") return now;
  if (!/^\d{8}$/.test(date) || (hour !== "" && !/^\d{6}$/.test(hour)))
    throw new KisWireError("OPSQ2001", "FID_INPUT_DATE_1/FID_INPUT_HOUR_1");
  return Math.min(now, fromKst(date, hour === "" ? "235959" : hour));
}

/** 종합 시황/공시(제목): the market's headlines, newest first, optionally for one stock or a title word. */
export function newsTitles(ctx: RestContext): RestReply {
  const untilMs = newsUntil(ctx);
  const code = (ctx.req.optional("FID_INPUT_ISCD") ?? "").trim();
  const word = (ctx.req.optional("FID_TITL_CNTT") ?? "").trim();
  const from = addDays(kstParts(untilMs).date, -NEWS_LOOKBACK_DAYS);
  const output = (ctx.exchange.headlines?.(from, untilMs) ?? [])
    .filter((h) => code === "" || h.code === code)
    .map((h) => {
      const name = ctx.exchange.symbol(h.code)?.info.name ?? h.code;
      const { date, time } = kstParts(h.timeMs);
      const title = h.direction > 0 ? `${name}, 호재성 재료 부각에 강세` : `${name}, 악재 부각에 약세`;
      return {
        cntt_usiq_srno: `${date}${time}${h.code}`,
        news_ofer_entp_code: "2",
        data_dt: date,
        data_tm: time,
        hts_pbnt_titl_cntt: title,
        news_lrdv_code: "01",
        dorg: "KIS 시뮬레이터",
        iscd1: h.code,
        iscd2: "",
        iscd3: "",
        iscd4: "",
        iscd5: "",
      };
    })
    .filter((row) => word === "" || row.hts_pbnt_titl_cntt.includes(word))
    .slice(0, NEWS_PAGE);
  return { body: { output } };
}

/**
 * VI events as KRX would have called them on the simulated prints, read minute by minute: static
 * VI when the price first leaves ±10 % of the base price, dynamic VI when one minute moves ±3 %
 * (KOSPI) / ±6 % (KOSDAQ) from the previous minute's close. Each lasts two minutes.
 */
const STATIC_VI = 0.1;
const DYNAMIC_VI = { KOSPI: 0.03, KOSDAQ: 0.06 } as const;
const VI_MINUTES = 2;

interface ViEvent {
  code: string;
  minute: string;
  kind: "1" | "2";
  priceKrw: number;
  staticRefKrw: number;
  dynamicRefKrw: number;
}

function viEvents(info: SymbolInfo, bars: Bar[], baseKrw: number): ViEvent[] {
  const events: ViEvent[] = [];
  let staticFired = false;
  let prevClose = baseKrw;
  for (const b of bars) {
    const extreme = Math.abs(b.highKrw - prevClose) >= Math.abs(b.lowKrw - prevClose) ? b.highKrw : b.lowKrw;
    const staticMove = Math.abs(extreme / baseKrw - 1);
    const dynamicMove = Math.abs(extreme / prevClose - 1);
    const base = { code: info.code, minute: b.time ?? "000000", priceKrw: extreme, staticRefKrw: baseKrw, dynamicRefKrw: prevClose };
    if (!staticFired && staticMove >= STATIC_VI) {
      staticFired = true;
      events.push({ ...base, kind: "1" });
    } else if (dynamicMove >= DYNAMIC_VI[info.market]) events.push({ ...base, kind: "2" });
    prevClose = b.closeKrw;
  }
  return events;
}

const plusMinutes = (hhmmss: string, minutes: number): string => {
  const m = Number(hhmmss.slice(0, 2)) * 60 + Number(hhmmss.slice(2, 4)) + minutes;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}${String(m % 60).padStart(2, "0")}${hhmmss.slice(4, 6)}`;
};

/** 변동성완화장치(VI) 현황 for one day (FID_INPUT_DATE_1), the whole market or one stock, newest first. */
export function viStatus(ctx: RestContext): RestReply {
  const req = ctx.req;
  const direction = req.oneOf("FID_DIV_CLS_CODE", ["0", "1", "2"] as const, "0");
  const market = req.oneOf("FID_MRKT_CLS_CODE", ["0", "K", "Q"] as const, "0");
  const code = (req.optional("FID_INPUT_ISCD") ?? "").trim();
  const now = ctx.clock.now();
  const today = kstParts(now).date;
  const date = (req.optional("FID_INPUT_DATE_1") ?? "").trim() === "" ? today : req.date("FID_INPUT_DATE_1");
  const nowTime = kstParts(now).time;
  const rows: Array<Record<string, string>> = [];
  for (const info of ctx.exchange.symbols()) {
    if ((code !== "" && info.code !== code) || (market === "K" && info.market !== "KOSPI") || (market === "Q" && info.market !== "KOSDAQ"))
      continue;
    const s = ctx.exchange.symbol(info.code);
    const day = date < today ? ctx.exchange.dailyBars(info.code, addDays(date, -14), date) : [];
    const bars =
      date === today
        ? ctx.exchange.minuteBars(info.code, now)
        : day.at(-1)?.date === date
          ? minuteBarsOfPastDay(info.code, day.at(-1)!)
          : [];
    const baseKrw = date === today ? (s?.basePriceKrw ?? info.previousCloseKrw) : (day.at(-2)?.closeKrw ?? day.at(-1)?.openKrw ?? 0);
    if (baseKrw <= 0) continue;
    viEvents(info, bars, baseKrw)
      .filter((e) => direction === "0" || (direction === "1") === e.priceKrw > e.dynamicRefKrw)
      .forEach((e, i) => {
        const release = plusMinutes(e.minute, VI_MINUTES);
        const active = date === today && release > nowTime;
        rows.push({
          hts_kor_isnm: info.name,
          mksc_shrn_iscd: info.code,
          vi_cls_code: active ? "Y" : "N",
          bsop_date: date,
          cntg_vi_hour: e.minute,
          vi_cncl_hour: active ? "" : release,
          vi_kind_code: e.kind,
          vi_prc: int(e.priceKrw),
          vi_stnd_prc: int(e.staticRefKrw),
          vi_dprt: pct((e.priceKrw / e.staticRefKrw - 1) * 100),
          vi_dmc_stnd_prc: int(e.dynamicRefKrw),
          vi_dmc_dprt: pct((e.priceKrw / e.dynamicRefKrw - 1) * 100),
          vi_count: String(i + 1),
        });
      });
  }
  rows.sort((a, b) => (b.cntg_vi_hour ?? "").localeCompare(a.cntg_vi_hour ?? ""));
  return { body: { output: rows } };
}
