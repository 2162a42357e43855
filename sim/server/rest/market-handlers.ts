/** Investor flows, program trading and the holiday calendar (reference §4.17–4.19). */
import { addDays, fromKst, kstParts } from "../../../core/clock.js";
import { isKrxTradingDay } from "../../../venue/krx-calendar.js";
import { CURSOR_PLAIN, paginate } from "./paging.js";
import { readQuotedSymbol } from "./quote-handlers.js";
import type { RestContext, RestReply } from "./rest-context.js";
import { changeRate, int, pct, signCode } from "./wire-values.js";
import type { Bar, InvestorDay } from "../../exchange.js";
import { deriveSeed, Rng } from "../../market/random.js";

/** Shares of a day's volume (each side) traded by foreigners and institutions; individuals take the rest. */
const GROSS_SHARE = { foreign: 0.25, institution: 0.15 } as const;

/**
 * Buy and sell volumes per investor class that reproduce the day's net figures and add up, on
 * each side, to the day's volume (every share bought was sold by someone).
 */
export function investorSides(d: InvestorDay, volume: number) {
  const side = (net: number, share: number) => {
    const gross = Math.max(Math.round(2 * share * volume), Math.abs(net));
    const buy = Math.round((gross + net) / 2);
    return { buy, sell: buy - net };
  };
  const foreign = side(d.foreignNetQuantity, GROSS_SHARE.foreign);
  const institution = side(d.institutionNetQuantity, GROSS_SHARE.institution);
  const total = Math.max(volume, foreign.buy + institution.buy, foreign.sell + institution.sell);
  const individual = { buy: total - foreign.buy - institution.buy, sell: total - foreign.sell - institution.sell };
  return { individual, foreign, institution };
}

/** 주식현재가 투자자: one row per day, newest first, with the 22 fields (nets, buys, sells). */
export function investorFlows(ctx: RestContext): RestReply {
  const s = readQuotedSymbol(ctx);
  const days = ctx.exchange.investorFlows(s.info.code);
  const oldest = days.at(-1)?.date ?? "99991231";
  const volumes = new Map(ctx.exchange.dailyBars(s.info.code, oldest, "99991231").map((b) => [b.date, b.volume]));
  const output = days.map((d, i) => {
    const previousClose = days[i + 1]?.closeKrw ?? d.closeKrw;
    const sides = investorSides(d, volumes.get(d.date) ?? 0);
    const value = (qty: number) => int(qty * d.closeKrw);
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
      prsn_shnu_vol: int(sides.individual.buy),
      frgn_shnu_vol: int(sides.foreign.buy),
      orgn_shnu_vol: int(sides.institution.buy),
      prsn_shnu_tr_pbmn: value(sides.individual.buy),
      frgn_shnu_tr_pbmn: value(sides.foreign.buy),
      orgn_shnu_tr_pbmn: value(sides.institution.buy),
      prsn_seln_vol: int(sides.individual.sell),
      frgn_seln_vol: int(sides.foreign.sell),
      orgn_seln_vol: int(sides.institution.sell),
      prsn_seln_tr_pbmn: value(sides.individual.sell),
      frgn_seln_tr_pbmn: value(sides.foreign.sell),
      orgn_seln_tr_pbmn: value(sides.institution.sell),
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

/** Program trading's share of each side's volume, as the live market attributes it (sim/market/program-trading). */
const PROGRAM_SHARE = 0.15;
const PROGRAM_DAYS = 30;

/** One past day's program totals: buying leans with the day's move, by a seeded amount. */
function programDay(code: string, bar: Bar, previousClose: number) {
  const rng = new Rng(deriveSeed(0, `program-day:${code}:${bar.date}`));
  const bias = Math.max(-1, Math.min(1, 20 * (bar.closeKrw / previousClose - 1) + 0.3 * rng.normal()));
  const avgPrice = bar.volume > 0 ? bar.tradeValueKrw / bar.volume : bar.closeKrw;
  const buyVolume = Math.round((PROGRAM_SHARE * (1 + 0.6 * bias) * bar.volume) / 2);
  const sellVolume = Math.round((PROGRAM_SHARE * (1 - 0.6 * bias) * bar.volume) / 2);
  return { buyVolume, sellVolume, buyValueKrw: Math.round(buyVolume * avgPrice), sellValueKrw: Math.round(sellVolume * avgPrice) };
}

/** 종목별 프로그램매매추이(일별): 30 trading days up to FID_INPUT_DATE_1 (blank = today), newest first. */
export function programTradesDaily(ctx: RestContext): RestReply {
  const s = readQuotedSymbol(ctx);
  const today = kstParts(ctx.clock.now()).date;
  const raw = ctx.req.optional("FID_INPUT_DATE_1")?.trim() ?? "";
  const until = raw === "" ? today : ctx.req.date("FID_INPUT_DATE_1");
  const bars = ctx.exchange.dailyBars(s.info.code, addDays(until, -70), until);
  const live = ctx.exchange.programSeries(s.info.code)[0];
  const days = bars.map((bar, i) => {
    const previousClose = bars[i - 1]?.closeKrw ?? bar.openKrw;
    const p = bar.date === today && live ? live : programDay(s.info.code, bar, previousClose);
    return { bar, previousClose, p, net: p.buyVolume - p.sellVolume, netValue: p.buyValueKrw - p.sellValueKrw };
  });
  const output = days
    .map(({ bar, previousClose, p, net, netValue }, i) => ({
      stck_bsop_date: bar.date,
      stck_clpr: int(bar.closeKrw),
      prdy_vrss: int(bar.closeKrw - previousClose),
      prdy_vrss_sign: signCode(bar.closeKrw, previousClose),
      prdy_ctrt: pct(changeRate(bar.closeKrw, previousClose)),
      acml_vol: int(bar.volume),
      acml_tr_pbmn: int(bar.tradeValueKrw),
      whol_smtn_seln_vol: int(p.sellVolume),
      whol_smtn_shnu_vol: int(p.buyVolume),
      whol_smtn_ntby_qty: int(net),
      whol_smtn_seln_tr_pbmn: int(p.sellValueKrw),
      whol_smtn_shnu_tr_pbmn: int(p.buyValueKrw),
      whol_smtn_ntby_tr_pbmn: int(netValue),
      whol_ntby_vol_icdc: int(net - (days[i - 1]?.net ?? 0)),
      whol_ntby_tr_pbmn_icdc2: int(netValue - (days[i - 1]?.netValue ?? 0)),
    }))
    .slice(-PROGRAM_DAYS)
    .reverse();
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
