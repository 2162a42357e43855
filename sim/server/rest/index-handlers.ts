/**
 * Index charts (reference §4.16): daily/weekly/monthly/yearly bars (FHKUP03500100) and today's
 * minute bars (FHKUP03500200) of KOSPI `0001` and KOSDAQ `1001`. Both are computed from the
 * constituents as the live index is — cap-weighted, chained from the index's previous close —
 * so the history ends exactly where inquire-index-price starts.
 */
import { addDays, kstParts } from "../../../core/clock.js";
import type { Bar, IndexState, SymbolState } from "../../exchange.js";
import { aggregateBars } from "./chart-handlers.js";
import { badParam } from "./kis-errors.js";
import type { RestContext, RestReply } from "./rest-context.js";
import { changeRate, int, pct, signCode } from "./wire-values.js";

const INDEX_NAMES: Readonly<Record<string, { name: string; market: "KOSPI" | "KOSDAQ" }>> = {
  "0001": { name: "종합", market: "KOSPI" },
  "1001": { name: "코스닥", market: "KOSDAQ" },
};
const MAX_INDEX_BARS = 100;
const MAX_INDEX_MINUTES = 120;
const level = (n: number) => n.toFixed(2);

interface IndexView {
  code: string;
  name: string;
  ix: IndexState;
  members: SymbolState[];
}

function readIndex(ctx: RestContext): IndexView {
  ctx.req.oneOf("FID_COND_MRKT_DIV_CODE", ["U"] as const);
  const code = ctx.req.required("FID_INPUT_ISCD");
  const known = INDEX_NAMES[code];
  const ix = ctx.exchange.index(code);
  if (!known || !ix) throw badParam("FID_INPUT_ISCD", "0001/1001");
  const members = ctx.exchange
    .symbols()
    .filter((s) => s.market === known.market)
    .map((s) => ctx.exchange.symbol(s.code))
    .filter((s): s is SymbolState => s !== undefined);
  return { code, name: known.name, ix, members };
}

/** Index daily bars, oldest first: each day's constituent caps chained back from the previous close. */
function indexDays(ctx: RestContext, v: IndexView, from: string, to: string): Bar[] {
  const today = kstParts(ctx.clock.now()).date;
  const sums = new Map<string, { open: number; high: number; low: number; close: number; volume: number; value: number }>();
  for (const s of v.members) {
    for (const b of ctx.exchange.dailyBars(s.info.code, from, today)) {
      if (b.date === today) continue;
      const n = s.info.sharesOutstanding;
      const t = sums.get(b.date) ?? { open: 0, high: 0, low: 0, close: 0, volume: 0, value: 0 };
      t.open += b.openKrw * n;
      t.high += b.highKrw * n;
      t.low += b.lowKrw * n;
      t.close += b.closeKrw * n;
      t.volume += b.volume;
      t.value += b.tradeValueKrw;
      sums.set(b.date, t);
    }
  }
  const dates = [...sums.keys()].sort();
  const bars: Bar[] = [];
  let close = v.ix.previousClose;
  for (let i = dates.length - 1; i >= 0; i--) {
    const t = sums.get(dates[i]!)!;
    const scale = close / t.close;
    bars.unshift({
      date: dates[i]!,
      openKrw: t.open * scale,
      highKrw: Math.max(t.high * scale, close),
      lowKrw: Math.min(t.low * scale, close),
      closeKrw: close,
      volume: t.volume,
      tradeValueKrw: t.value,
    });
    const older = sums.get(dates[i - 1] ?? "");
    if (older) close = (close * older.close) / t.close;
  }
  if (v.ix.open > 0 && today <= to) {
    bars.push({
      date: today,
      openKrw: v.ix.open,
      highKrw: v.ix.high,
      lowKrw: v.ix.low,
      closeKrw: v.ix.value,
      volume: v.ix.volume,
      tradeValueKrw: v.ix.tradeValueKrw,
    });
  }
  return bars.filter((b) => b.date >= from && b.date <= to);
}

function indexSummary(v: IndexView, previous: Bar | undefined): Record<string, string> {
  const { ix } = v;
  return {
    bstp_nmix_prdy_vrss: level(ix.value - ix.previousClose),
    prdy_vrss_sign: signCode(ix.value, ix.previousClose),
    bstp_nmix_prdy_ctrt: pct(changeRate(ix.value, ix.previousClose)),
    prdy_nmix: level(ix.previousClose),
    acml_vol: int(ix.volume),
    acml_tr_pbmn: int(ix.tradeValueKrw),
    hts_kor_isnm: v.name,
    bstp_nmix_prpr: level(ix.value),
    bstp_cls_code: v.code,
    prdy_vol: int(previous?.volume ?? 0),
    bstp_nmix_oprc: level(ix.open),
    bstp_nmix_hgpr: level(ix.high),
    bstp_nmix_lwpr: level(ix.low),
    futs_prdy_oprc: level(previous?.openKrw ?? ix.previousClose),
    futs_prdy_hgpr: level(previous?.highKrw ?? ix.previousClose),
    futs_prdy_lwpr: level(previous?.lowKrw ?? ix.previousClose),
  };
}

/** 국내업종 현재지수: today's level against the previous close, the year's extremes, breadth and the members' books. */
export function indexQuote(ctx: RestContext): RestReply {
  const v = readIndex(ctx);
  const { ix } = v;
  const today = kstParts(ctx.clock.now()).date;
  const year = indexDays(ctx, v, `${today.slice(0, 4)}0101`, today);
  const previous = year.filter((b) => b.date < today).at(-1);
  const vs = (x: number) => ({
    diff: level(x - ix.previousClose),
    rate: pct(changeRate(x, ix.previousClose)),
    sign: signCode(x, ix.previousClose),
  });
  const open = vs(ix.open);
  const high = vs(ix.high);
  const low = vs(ix.low);
  const top = year.reduce<Bar | undefined>((a, b) => (!a || b.highKrw > a.highKrw ? b : a), undefined);
  const bottom = year.reduce<Bar | undefined>((a, b) => (!a || b.lowKrw < a.lowKrw ? b : a), undefined);
  let askQty = 0;
  let bidQty = 0;
  for (const s of v.members) {
    const book = ctx.exchange.book(s.info.code);
    askQty += book?.totalAskQuantity ?? 0;
    bidQty += book?.totalBidQuantity ?? 0;
  }
  const resting = askQty + bidQty;
  const output = {
    bstp_nmix_prpr: level(ix.value),
    bstp_nmix_prdy_vrss: level(ix.value - ix.previousClose),
    prdy_vrss_sign: signCode(ix.value, ix.previousClose),
    bstp_nmix_prdy_ctrt: pct(changeRate(ix.value, ix.previousClose)),
    acml_vol: int(ix.volume),
    prdy_vol: int(previous?.volume ?? 0),
    acml_tr_pbmn: int(ix.tradeValueKrw),
    prdy_tr_pbmn: int(previous?.tradeValueKrw ?? 0),
    bstp_nmix_oprc: level(ix.open),
    prdy_nmix_vrss_nmix_oprc: open.diff,
    oprc_vrss_prpr_sign: open.sign,
    bstp_nmix_oprc_prdy_ctrt: open.rate,
    bstp_nmix_hgpr: level(ix.high),
    prdy_nmix_vrss_nmix_hgpr: high.diff,
    hgpr_vrss_prpr_sign: high.sign,
    bstp_nmix_hgpr_prdy_ctrt: high.rate,
    bstp_nmix_lwpr: level(ix.low),
    prdy_clpr_vrss_lwpr: low.diff,
    lwpr_vrss_prpr_sign: low.sign,
    prdy_clpr_vrss_lwpr_rate: low.rate,
    ascn_issu_cnt: int(ix.advancers),
    uplm_issu_cnt: int(ix.upperLimitCount),
    stnr_issu_cnt: int(ix.unchanged),
    down_issu_cnt: int(ix.decliners),
    lslm_issu_cnt: int(ix.lowerLimitCount),
    dryy_bstp_nmix_hgpr: level(top?.highKrw ?? ix.value),
    dryy_hgpr_vrss_nmix_rate: pct(changeRate(ix.value, top?.highKrw ?? ix.value)),
    dryy_bstp_nmix_hgpr_date: top?.date ?? today,
    dryy_bstp_nmix_lwpr: level(bottom?.lowKrw ?? ix.value),
    dryy_lwpr_vrss_nmix_rate: pct(changeRate(ix.value, bottom?.lowKrw ?? ix.value)),
    dryy_bstp_nmix_lwpr_date: bottom?.date ?? today,
    total_askp_rsqn: int(askQty),
    total_bidp_rsqn: int(bidQty),
    seln_rsqn_rate: pct(resting > 0 ? (askQty / resting) * 100 : 0),
    shnu_rsqn_rate: pct(resting > 0 ? (bidQty / resting) * 100 : 0),
    ntby_rsqn: int(bidQty - askQty),
  };
  return { body: { output } };
}

const PERIODS = ["D", "W", "M", "Y"] as const;

/** 국내주식업종기간별시세: output1 today's index block, output2 bars newest first. */
export function indexDailyBars(ctx: RestContext): RestReply {
  const v = readIndex(ctx);
  const from = ctx.req.date("FID_INPUT_DATE_1");
  const to = ctx.req.date("FID_INPUT_DATE_2");
  if (from > to) throw badParam("FID_INPUT_DATE_1", "after FID_INPUT_DATE_2");
  const period = ctx.req.oneOf("FID_PERIOD_DIV_CODE", PERIODS);
  const today = kstParts(ctx.clock.now()).date;
  const previous = indexDays(ctx, v, addDays(today, -14), addDays(today, -1)).at(-1);
  const output2 = aggregateBars(indexDays(ctx, v, from, to), period)
    .reverse()
    .slice(0, MAX_INDEX_BARS)
    .map((b) => ({
      stck_bsop_date: b.date,
      bstp_nmix_prpr: level(b.closeKrw),
      bstp_nmix_oprc: level(b.openKrw),
      bstp_nmix_hgpr: level(b.highKrw),
      bstp_nmix_lwpr: level(b.lowKrw),
      acml_vol: int(b.volume),
      acml_tr_pbmn: int(b.tradeValueKrw),
      mod_yn: "N",
    }));
  return { body: { output1: indexSummary(v, previous), output2 } };
}

/** Today's index level after each minute, from the constituents' minute closes (base price before a first trade). */
function indexMinutes(ctx: RestContext, v: IndexView): Array<{ time: string; level: number; volume: number; value: number }> {
  const now = ctx.clock.now();
  const byTime = new Map<string, Map<string, Bar>>();
  let baseCap = 0;
  for (const s of v.members) {
    baseCap += s.basePriceKrw * s.info.sharesOutstanding;
    for (const b of ctx.exchange.minuteBars(s.info.code, now)) {
      const t = b.time ?? "000000";
      const row = byTime.get(t) ?? new Map<string, Bar>();
      row.set(s.info.code, b);
      byTime.set(t, row);
    }
  }
  const last = new Map(v.members.map((s) => [s.info.code, s.basePriceKrw]));
  const out: Array<{ time: string; level: number; volume: number; value: number }> = [];
  for (const time of [...byTime.keys()].sort()) {
    let volume = 0;
    let value = 0;
    for (const [code, b] of byTime.get(time)!) {
      last.set(code, b.closeKrw);
      volume += b.volume;
      value += b.tradeValueKrw;
    }
    let cap = 0;
    for (const s of v.members) cap += (last.get(s.info.code) ?? s.basePriceKrw) * s.info.sharesOutstanding;
    out.push({ time, level: baseCap > 0 ? (v.ix.previousClose * cap) / baseCap : v.ix.previousClose, volume, value });
  }
  return out;
}

/** 업종 분봉조회: FID_INPUT_HOUR_1 is the bar length in seconds (30, 60, 600, 3600); newest first. */
export function indexMinuteBars(ctx: RestContext): RestReply {
  const v = readIndex(ctx);
  ctx.req.oneOf("FID_ETC_CLS_CODE", ["0", "1"] as const, "0");
  ctx.req.oneOf("FID_PW_DATA_INCU_YN", ["Y", "N"] as const, "N");
  const seconds = ctx.req.integer("FID_INPUT_HOUR_1");
  if (seconds <= 0) throw badParam("FID_INPUT_HOUR_1", "seconds");
  const minutes = Math.max(1, Math.round(seconds / 60));
  const today = kstParts(ctx.clock.now()).date;
  const buckets: Array<{ time: string; open: number; high: number; low: number; close: number; volume: number }> = [];
  let cumulative = 0;
  const cumulativeAt: number[] = [];
  for (const m of indexMinutes(ctx, v)) {
    const minuteOfDay = Number(m.time.slice(0, 2)) * 60 + Number(m.time.slice(2, 4));
    const key = Math.floor(minuteOfDay / minutes) * minutes;
    const time = `${String(Math.floor(key / 60)).padStart(2, "0")}${String(key % 60).padStart(2, "0")}00`;
    const cur = buckets.at(-1);
    cumulative += m.value;
    if (cur && cur.time === time) {
      Object.assign(cur, {
        high: Math.max(cur.high, m.level),
        low: Math.min(cur.low, m.level),
        close: m.level,
        volume: cur.volume + m.volume,
      });
      cumulativeAt[buckets.length - 1] = cumulative;
    } else {
      buckets.push({ time, open: m.level, high: m.level, low: m.level, close: m.level, volume: m.volume });
      cumulativeAt.push(cumulative);
    }
  }
  const output2 = buckets
    .map((b, i) => ({
      stck_bsop_date: today,
      stck_cntg_hour: b.time,
      bstp_nmix_prpr: level(b.close),
      bstp_nmix_oprc: level(b.open),
      bstp_nmix_hgpr: level(b.high),
      bstp_nmix_lwpr: level(b.low),
      cntg_vol: int(b.volume),
      acml_tr_pbmn: int(cumulativeAt[i] ?? 0),
    }))
    .reverse()
    .slice(0, MAX_INDEX_MINUTES);
  const previous = indexDays(ctx, v, addDays(today, -14), addDays(today, -1)).at(-1);
  return { body: { output1: indexSummary(v, previous), output2 } };
}
