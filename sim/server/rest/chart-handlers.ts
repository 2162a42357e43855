/** Daily/weekly/monthly/yearly bars and today's minute bars (reference §4.12, §4.13). */
import { addDays, fromKst, kstParts } from "../../../core/clock.js";
import type { Bar, SymbolState } from "../../exchange.js";
import { badParam } from "./kis-errors.js";
import { readQuotedSymbol } from "./quote-handlers.js";
import type { RestContext, RestReply } from "./rest-context.js";
import { fundamentalsOf } from "../../market/fundamentals.js";
import { minuteBarsOfPastDay } from "../../market/intraday-path.js";
import { changeRate, dayChange, int, lastPrice, pct, signCode } from "./wire-values.js";

const PERIODS = ["D", "W", "M", "Y"] as const;
type Period = (typeof PERIODS)[number];
const MAX_DAILY_BARS = 100;
const MAX_MINUTE_BARS = 30;

/** The group a day belongs to: itself, its week's Monday, its month or its year. */
function periodKey(date: string, period: Period): string {
  if (period === "D") return date;
  if (period === "M") return date.slice(0, 6);
  if (period === "Y") return date.slice(0, 4);
  const weekday = kstParts(fromKst(date, "120000")).weekday;
  return addDays(date, -((weekday + 6) % 7));
}

/** Merges daily bars into period bars dated by their last trading day, oldest first. */
export function aggregateBars(days: Bar[], period: Period): Bar[] {
  const out: Bar[] = [];
  let key = "";
  for (const d of days) {
    const k = periodKey(d.date, period);
    const cur = out[out.length - 1];
    if (cur && k === key) {
      Object.assign(cur, {
        date: d.date,
        highKrw: Math.max(cur.highKrw, d.highKrw),
        lowKrw: Math.min(cur.lowKrw, d.lowKrw),
        closeKrw: d.closeKrw,
        volume: cur.volume + d.volume,
        tradeValueKrw: cur.tradeValueKrw + d.tradeValueKrw,
      });
    } else {
      out.push({ ...d });
      key = k;
    }
  }
  return out;
}

function barSummary(s: SymbolState): Record<string, string> {
  return {
    ...dayChange(s),
    stck_prdy_clpr: int(s.basePriceKrw),
    acml_vol: int(s.volume),
    acml_tr_pbmn: int(s.tradeValueKrw),
    hts_kor_isnm: s.info.name,
    stck_prpr: int(lastPrice(s)),
  };
}

/** output1 of the period chart: today's block with the previous day's bar and the valuation ratios. */
function dailySummary(ctx: RestContext, s: SymbolState): Record<string, string> {
  const today = kstParts(ctx.clock.now()).date;
  const previous = ctx.exchange.dailyBars(s.info.code, addDays(today, -14), addDays(today, -1)).at(-1);
  const book = ctx.exchange.book(s.info.code);
  const last = lastPrice(s);
  const f = fundamentalsOf(s.info);
  const shares = s.info.sharesOutstanding;
  return {
    ...barSummary(s),
    stck_shrn_iscd: s.info.code,
    prdy_vol: int(s.previousDayVolume),
    stck_mxpr: int(s.upperLimitKrw),
    stck_llam: int(s.lowerLimitKrw),
    stck_oprc: int(s.openKrw),
    stck_hgpr: int(s.highKrw),
    stck_lwpr: int(s.lowKrw),
    stck_prdy_oprc: int(previous?.openKrw ?? s.basePriceKrw),
    stck_prdy_hgpr: int(previous?.highKrw ?? s.basePriceKrw),
    stck_prdy_lwpr: int(previous?.lowKrw ?? s.basePriceKrw),
    askp: int(book?.asks[0]?.priceKrw ?? 0),
    bidp: int(book?.bids[0]?.priceKrw ?? 0),
    prdy_vrss_vol: int(s.volume - s.previousDayVolume),
    vol_tnrt: pct(shares > 0 ? (s.volume / shares) * 100 : 0),
    stck_fcam: int(f.faceValueKrw),
    lstn_stcn: int(shares),
    cpfn: int((f.faceValueKrw * shares) / 100_000_000),
    hts_avls: int(Math.round((last * shares) / 100_000_000)),
    per: pct(last / f.epsKrw),
    eps: pct(f.epsKrw),
    pbr: pct(last / f.bpsKrw),
    itewhol_loan_rmnd_ratem: "0.00",
  };
}

export function dailyBars(ctx: RestContext): RestReply {
  const s = readQuotedSymbol(ctx);
  const from = ctx.req.date("FID_INPUT_DATE_1");
  const to = ctx.req.date("FID_INPUT_DATE_2");
  if (from > to) throw badParam("FID_INPUT_DATE_1", "after FID_INPUT_DATE_2");
  const period = ctx.req.oneOf("FID_PERIOD_DIV_CODE", PERIODS);
  ctx.req.oneOf("FID_ORG_ADJ_PRC", ["0", "1"] as const, "0");
  // Bars before `from` are read too, so the oldest returned bar still has a previous close.
  const history = aggregateBars(ctx.exchange.dailyBars(s.info.code, addDays(from, -400), to), period);
  const firstIn = history.findIndex((b) => periodKey(b.date, period) >= periodKey(from, period));
  const rows = firstIn < 0 ? [] : history.slice(firstIn).map((b, i) => ({ bar: b, prev: history[firstIn + i - 1] }));
  const output2 = rows
    .reverse()
    .slice(0, MAX_DAILY_BARS)
    .map(({ bar, prev }) => {
      const base = prev?.closeKrw ?? bar.openKrw;
      return {
        stck_bsop_date: bar.date,
        stck_clpr: int(bar.closeKrw),
        stck_oprc: int(bar.openKrw),
        stck_hgpr: int(bar.highKrw),
        stck_lwpr: int(bar.lowKrw),
        acml_vol: int(bar.volume),
        acml_tr_pbmn: int(bar.tradeValueKrw),
        flng_cls_code: "00",
        prtt_rate: "0.00",
        mod_yn: "N",
        prdy_vrss_sign: signCode(bar.closeKrw, base),
        prdy_vrss: int(bar.closeKrw - base),
        revl_issu_reas: "",
      };
    });
  return { body: { output1: dailySummary(ctx, s), output2 } };
}

function readHour(ctx: RestContext): string {
  const hour = ctx.req.required("FID_INPUT_HOUR_1");
  if (!/^\d{6}$/.test(hour) || Number(hour.slice(0, 2)) > 23 || Number(hour.slice(2, 4)) > 59) throw badParam("FID_INPUT_HOUR_1", "HHMMSS");
  return hour;
}

/** Minute bars as KIS rows, newest first, with the day's cumulative value up to each bar. */
function minuteRows(bars: Bar[]): Array<Record<string, string>> {
  let cumulativeKrw = 0;
  const cumulative = bars.map((b) => (cumulativeKrw += b.tradeValueKrw));
  return bars
    .map((b, i) => ({
      stck_bsop_date: b.date,
      stck_cntg_hour: b.time ?? "000000",
      stck_prpr: int(b.closeKrw),
      stck_oprc: int(b.openKrw),
      stck_hgpr: int(b.highKrw),
      stck_lwpr: int(b.lowKrw),
      cntg_vol: int(b.volume),
      acml_tr_pbmn: int(cumulative[i] ?? 0),
    }))
    .reverse();
}

export function minuteBars(ctx: RestContext): RestReply {
  const s = readQuotedSymbol(ctx);
  const hour = readHour(ctx);
  ctx.req.oneOf("FID_PW_DATA_INCU_YN", ["Y", "N"] as const, "N");
  const now = ctx.clock.now();
  const today = kstParts(now).date;
  // A future time means "now" (reference §4.13).
  const untilMs = Math.min(now, fromKst(today, hour));
  const output2 = minuteRows(ctx.exchange.minuteBars(s.info.code, untilMs)).slice(0, MAX_MINUTE_BARS);
  return { body: { output1: barSummary(s), output2 } };
}

/** 주식현재가 일자별 (FHKST01010400): the last 30 days, weeks or months, newest first. */
const RECENT_PERIODS = 30;

export function dailyPrices(ctx: RestContext): RestReply {
  const s = readQuotedSymbol(ctx);
  const period = ctx.req.oneOf("FID_PERIOD_DIV_CODE", ["D", "W", "M"] as const);
  ctx.req.oneOf("FID_ORG_ADJ_PRC", ["0", "1"] as const, "0");
  const today = kstParts(ctx.clock.now()).date;
  const span = { D: 60, W: 31 * 7, M: 31 * 31 }[period];
  const bars = aggregateBars(ctx.exchange.dailyBars(s.info.code, addDays(today, -span), today), period);
  const flows = new Map(ctx.exchange.investorFlows(s.info.code).map((d) => [d.date, d]));
  const foreignShare = fundamentalsOf(s.info).foreignShare;
  const output = bars
    .map((bar, i) => {
      const prev = bars[i - 1];
      const base = prev?.closeKrw ?? bar.openKrw;
      return {
        stck_bsop_date: bar.date,
        stck_oprc: int(bar.openKrw),
        stck_hgpr: int(bar.highKrw),
        stck_lwpr: int(bar.lowKrw),
        stck_clpr: int(bar.closeKrw),
        acml_vol: int(bar.volume),
        prdy_vrss_vol_rate: pct(prev && prev.volume > 0 ? changeRate(bar.volume, prev.volume) : 0),
        prdy_vrss: int(bar.closeKrw - base),
        prdy_vrss_sign: signCode(bar.closeKrw, base),
        prdy_ctrt: pct(changeRate(bar.closeKrw, base)),
        hts_frgn_ehrt: pct(foreignShare * 100),
        frgn_ntby_qty: int(period === "D" ? (flows.get(bar.date)?.foreignNetQuantity ?? 0) : 0),
        flng_cls_code: "00",
        acml_prtt_rate: "0.00",
      };
    })
    .slice(-RECENT_PERIODS)
    .reverse();
  return { body: { output } };
}

const MAX_DAY_MINUTE_BARS = 120;

/** 주식일별분봉조회 (FHKST03010230): up to 120 minute bars of any recorded day at or before a time, newest first. */
export function minuteBarsOfDay(ctx: RestContext): RestReply {
  const s = readQuotedSymbol(ctx);
  const date = ctx.req.date("FID_INPUT_DATE_1");
  const hour = readHour(ctx);
  ctx.req.oneOf("FID_PW_DATA_INCU_YN", ["Y", "N"] as const, "N");
  const now = ctx.clock.now();
  const today = kstParts(now).date;
  const untilMs = Math.min(now, fromKst(date, hour));
  let bars: Bar[];
  if (date === today) bars = ctx.exchange.minuteBars(s.info.code, untilMs);
  else {
    const day = date < today ? ctx.exchange.dailyBars(s.info.code, date, date)[0] : undefined;
    bars = day ? minuteBarsOfPastDay(s.info.code, day).filter((b) => (b.time ?? "") <= hour) : [];
  }
  return { body: { output1: barSummary(s), output2: minuteRows(bars).slice(0, MAX_DAY_MINUTE_BARS) } };
}
