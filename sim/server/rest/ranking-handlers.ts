/** Volume and price-change rankings over every listed symbol (reference §4.14, §4.15). */
import { addDays, kstParts } from "../../../core/clock.js";
import type { SymbolState } from "../../exchange.js";
import { badParam } from "./kis-errors.js";
import type { KisRequest } from "./kis-request.js";
import type { RestContext, RestReply } from "./rest-context.js";
import { changeRate, dayChange, int, lastPrice, pct, signCode } from "./wire-values.js";

const MAX_ROWS = 30;
const SECTOR_MARKETS: Record<string, SymbolState["info"]["market"] | null> = {
  "0000": null,
  "0001": "KOSPI",
  "1001": "KOSDAQ",
  "2001": "KOSPI",
};
/** Position of 거래정지 in the 10-flag FID_TRGT_EXLS_CLS_CODE. */
const EXCLUDE_HALTED_FLAG = 7;

/** The filters both rankings share: market, common/preferred, price range, minimum volume, halted. */
function screen(ctx: RestContext, scrCode: string): SymbolState[] {
  const req = ctx.req;
  req.oneOf("FID_COND_MRKT_DIV_CODE", ["J", "NX", "UN", "W"] as const);
  if (req.required("FID_COND_SCR_DIV_CODE") !== scrCode) throw badParam("FID_COND_SCR_DIV_CODE", scrCode);
  const sector = req.required("FID_INPUT_ISCD");
  if (!(sector in SECTOR_MARKETS)) throw badParam("FID_INPUT_ISCD", "0000/0001/1001/2001");
  const market = SECTOR_MARKETS[sector];
  const division = req.oneOf("FID_DIV_CLS_CODE", ["0", "1", "2"] as const, "0");
  const minPrice = req.integer("FID_INPUT_PRICE_1", 0);
  const maxPrice = req.integer("FID_INPUT_PRICE_2", Number.MAX_SAFE_INTEGER);
  const minVolume = req.integer("FID_VOL_CNT", 0);
  const excludeHalted = (req.optional("FID_TRGT_EXLS_CLS_CODE") ?? "").charAt(EXCLUDE_HALTED_FLAG) === "1";
  return ctx.exchange
    .symbols()
    .map((info) => ctx.exchange.symbol(info.code))
    .filter((s): s is SymbolState => s !== undefined)
    .filter((s) => market === null || s.info.market === market)
    .filter((s) => division === "0" || (division === "2") === isPreferred(s.info.code))
    .filter((s) => lastPrice(s) >= minPrice && lastPrice(s) <= maxPrice && s.volume >= minVolume)
    .filter((s) => !(excludeHalted && s.halted));
}

/** Preferred shares end in a non-zero check character (005935 is Samsung's preferred). */
const isPreferred = (code: string) => !code.endsWith("0");

const volumeIncrease = (s: SymbolState) => (s.previousDayVolume > 0 ? changeRate(s.volume, s.previousDayVolume) : 0);
const turnover = (s: SymbolState) => (s.info.sharesOutstanding > 0 ? (s.volume / s.info.sharesOutstanding) * 100 : 0);
const valueTurnover = (s: SymbolState) => {
  const cap = lastPrice(s) * s.info.sharesOutstanding;
  return cap > 0 ? (s.tradeValueKrw / cap) * 100 : 0;
};

const VOLUME_SORTS: Record<string, (s: SymbolState) => number> = {
  "0": (s) => s.volume,
  "1": volumeIncrease,
  "2": turnover,
  "3": (s) => s.tradeValueKrw,
  "4": valueTurnover,
};

export function volumeRanking(ctx: RestContext): RestReply {
  const key = VOLUME_SORTS[ctx.req.oneOf("FID_BLNG_CLS_CODE", ["0", "1", "2", "3", "4"] as const, "0")] ?? VOLUME_SORTS["0"]!;
  const output = screen(ctx, "20171")
    .sort((a, b) => key(b) - key(a))
    .slice(0, MAX_ROWS)
    .map((s, i) => ({
      hts_kor_isnm: s.info.name,
      mksc_shrn_iscd: s.info.code,
      data_rank: String(i + 1),
      stck_prpr: int(lastPrice(s)),
      ...dayChange(s),
      acml_vol: int(s.volume),
      prdy_vol: int(s.previousDayVolume),
      lstn_stcn: int(s.info.sharesOutstanding),
      avrg_vol: int(s.volume),
      n_befr_clpr_vrss_prpr_rate: dayChange(s).prdy_ctrt,
      vol_inrt: pct(volumeIncrease(s)),
      vol_tnrt: pct(turnover(s)),
      nday_vol_tnrt: pct(turnover(s)),
      avrg_tr_pbmn: int(s.tradeValueKrw),
      tr_pbmn_tnrt: pct(valueTurnover(s)),
      nday_tr_pbmn_tnrt: pct(valueTurnover(s)),
      acml_tr_pbmn: int(s.tradeValueKrw),
    }));
  return { body: { output } };
}

const rate = (s: SymbolState) => changeRate(lastPrice(s), s.basePriceKrw);
const openRate = (s: SymbolState) => (s.openKrw > 0 ? changeRate(lastPrice(s), s.openKrw) : 0);
const CHANGE_SORTS: Record<string, (s: SymbolState) => number> = {
  "0": rate,
  "1": (s) => -rate(s),
  "2": openRate,
  "3": (s) => -openRate(s),
  "4": (s) => (s.basePriceKrw > 0 ? (s.highKrw - s.lowKrw) / s.basePriceKrw : 0),
};

/** Consecutive up (or down) closes ending at the last daily bar. */
function streak(ctx: RestContext, code: string, up: boolean): number {
  const today = kstParts(ctx.clock.now()).date;
  const bars = ctx.exchange.dailyBars(code, addDays(today, -60), today);
  let n = 0;
  for (let i = bars.length - 1; i > 0; i--) {
    const diff = bars[i]!.closeKrw - bars[i - 1]!.closeKrw;
    if (up ? diff > 0 : diff < 0) n++;
    else break;
  }
  return n;
}

function readRateRange(req: KisRequest): [number, number] {
  const read = (name: string, fallback: number) => {
    const v = req.optional(name)?.trim() ?? "";
    if (v === "") return fallback;
    if (!/^-?\d+(\.\d+)?$/.test(v)) throw badParam(name, "rate");
    return Number(v);
  };
  return [read("FID_RSFL_RATE1", -Infinity), read("FID_RSFL_RATE2", Infinity)];
}

export function changeRanking(ctx: RestContext): RestReply {
  const key = CHANGE_SORTS[ctx.req.oneOf("FID_RANK_SORT_CLS_CODE", ["0", "1", "2", "3", "4"] as const)] ?? rate;
  const [minRate, maxRate] = readRateRange(ctx.req);
  const today = kstParts(ctx.clock.now()).date;
  const output = screen(ctx, "20170")
    .filter((s) => rate(s) >= minRate && rate(s) <= maxRate)
    .sort((a, b) => key(b) - key(a))
    .slice(0, MAX_ROWS)
    .map((s, i) => {
      const last = lastPrice(s);
      return {
        stck_shrn_iscd: s.info.code,
        data_rank: String(i + 1),
        hts_kor_isnm: s.info.name,
        stck_prpr: int(last),
        ...dayChange(s),
        acml_vol: int(s.volume),
        stck_hgpr: int(s.highKrw),
        hgpr_hour: s.highMs ? kstParts(s.highMs).time : "",
        acml_hgpr_date: today,
        stck_lwpr: int(s.lowKrw),
        lwpr_hour: s.lowMs ? kstParts(s.lowMs).time : "",
        acml_lwpr_date: today,
        lwpr_vrss_prpr_rate: pct(s.lowKrw > 0 ? changeRate(last, s.lowKrw) : 0),
        dsgt_date_clpr_vrss_prpr_rate: pct(rate(s)),
        cnnt_ascn_dynu: String(streak(ctx, s.info.code, true)),
        hgpr_vrss_prpr_rate: pct(s.highKrw > 0 ? changeRate(last, s.highKrw) : 0),
        cnnt_down_dynu: String(streak(ctx, s.info.code, false)),
        oprc_vrss_prpr_sign: signCode(last, s.openKrw > 0 ? s.openKrw : last),
        oprc_vrss_prpr: int(s.openKrw > 0 ? last - s.openKrw : 0),
        oprc_vrss_prpr_rate: pct(openRate(s)),
        prd_rsfl: int(last - s.basePriceKrw),
        prd_rsfl_rate: pct(rate(s)),
      };
    });
  return { body: { output } };
}
