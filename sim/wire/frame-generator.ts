/**
 * Seeded generator of KIS-shaped real-time frames (H0STCNT0, H0STASP0, H0STPGM0) in the column
 * order of broker/kis/realtime-layouts.ts, with realistic widths on the KRX tick grid. Used by the
 * benchmarks and by the frame and feed tests; here because it writes the KIS wire, which only
 * broker/kis/ and sim/ speak.
 */
import { stepTicks } from "../../venue/krx.js";
import { H0STASP0_FIELDS, H0STCNT0_FIELDS, H0STPGM0_FIELDS } from "../../broker/kis/realtime-layouts.js";
import { REALTIME_TR } from "../../broker/kis/endpoints.js";

/** mulberry32: small, fast, seeded. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Fields = Record<string, string>;

function ordered(layout: readonly string[], values: Fields): string[] {
  return layout.map((name) => values[name] ?? "0");
}

const hhmmss = (secondOfDay: number) =>
  [Math.floor(secondOfDay / 3600), Math.floor(secondOfDay / 60) % 60, secondOfDay % 60].map((v) => String(v).padStart(2, "0")).join("");

export interface TradeSpec {
  symbol: string;
  priceKrw: number;
  volume: number;
  /** seconds since KST midnight */
  secondOfDay: number;
  date?: string;
  previousCloseKrw?: number;
  side?: "buy" | "sell";
  hourClass?: string;
}

/** One H0STCNT0 record's fields, in layout order. */
export function tradeFields(spec: TradeSpec, overrides: Fields = {}): string[] {
  const prev = spec.previousCloseKrw ?? spec.priceKrw;
  const change = spec.priceKrw - prev;
  const ask = stepTicks(spec.priceKrw, 1);
  return ordered(H0STCNT0_FIELDS, {
    MKSC_SHRN_ISCD: spec.symbol,
    STCK_CNTG_HOUR: hhmmss(spec.secondOfDay),
    STCK_PRPR: String(spec.priceKrw),
    PRDY_VRSS_SIGN: change > 0 ? "2" : change < 0 ? "5" : "3",
    PRDY_VRSS: String(change),
    PRDY_CTRT: ((change / prev) * 100).toFixed(2),
    WGHN_AVRG_STCK_PRC: (spec.priceKrw * 0.999).toFixed(2),
    STCK_OPRC: String(prev),
    STCK_HGPR: String(Math.max(prev, spec.priceKrw)),
    STCK_LWPR: String(Math.min(prev, spec.priceKrw)),
    ASKP1: String(ask),
    BIDP1: String(spec.priceKrw),
    CNTG_VOL: String(spec.volume),
    ACML_VOL: "1234567",
    ACML_TR_PBMN: "90412345678",
    SELN_CNTG_CSNU: "4521",
    SHNU_CNTG_CSNU: "5012",
    NTBY_CNTG_CSNU: "491",
    CTTR: "103.52",
    SELN_CNTG_SMTN: "600123",
    SHNU_CNTG_SMTN: "621245",
    CCLD_DVSN: spec.side === "sell" ? "5" : "1",
    SHNU_RATE: "50.86",
    PRDY_VOL_VRSS_ACML_VOL_RATE: "87.12",
    OPRC_HOUR: "090000",
    OPRC_VRSS_PRPR_SIGN: "2",
    OPRC_VRSS_PRPR: "100",
    HGPR_HOUR: "093512",
    HGPR_VRSS_PRPR_SIGN: "5",
    HGPR_VRSS_PRPR: "-200",
    LWPR_HOUR: "090112",
    LWPR_VRSS_PRPR_SIGN: "2",
    LWPR_VRSS_PRPR: "300",
    BSOP_DATE: spec.date ?? "20260105",
    NEW_MKOP_CLS_CODE: "20",
    TRHT_YN: "N",
    ASKP_RSQN1: "1523",
    BIDP_RSQN1: "2871",
    TOTAL_ASKP_RSQN: "152340",
    TOTAL_BIDP_RSQN: "198231",
    VOL_TNRT: "0.21",
    PRDY_SMNS_HOUR_ACML_VOL: "1100231",
    PRDY_SMNS_HOUR_ACML_VOL_RATE: "112.21",
    HOUR_CLS_CODE: spec.hourClass ?? "0",
    MRKT_TRTM_CLS_CODE: "",
    VI_STND_PRC: "0",
    ...overrides,
  });
}

export interface BookSpec {
  symbol: string;
  bestAskKrw: number;
  secondOfDay: number;
  quantities?: number[];
}

/** One H0STASP0 record's fields: 10 levels each side on the tick grid. */
export function bookFields(spec: BookSpec, overrides: Fields = {}): string[] {
  const values: Fields = { MKSC_SHRN_ISCD: spec.symbol, BSOP_HOUR: hhmmss(spec.secondOfDay), HOUR_CLS_CODE: "0" };
  let ask = spec.bestAskKrw;
  let bid = stepTicks(spec.bestAskKrw, -1);
  for (let level = 1; level <= 10; level++) {
    values[`ASKP${level}`] = String(ask);
    values[`BIDP${level}`] = String(bid);
    values[`ASKP_RSQN${level}`] = String(spec.quantities?.[level - 1] ?? 1000 + level * 37);
    values[`BIDP_RSQN${level}`] = String(spec.quantities?.[level + 9] ?? 1200 + level * 41);
    ask = stepTicks(ask, 1);
    bid = stepTicks(bid, -1);
  }
  Object.assign(values, {
    TOTAL_ASKP_RSQN: "152340",
    TOTAL_BIDP_RSQN: "198231",
    ACML_VOL: "1234567",
    STCK_DEAL_CLS_CODE: "",
    ...overrides,
  });
  return ordered(H0STASP0_FIELDS, values);
}

/** One H0STPGM0 record's fields; volumes are cumulative for the day. */
export function programFields(symbol: string, secondOfDay: number, buyVolume: number, sellVolume: number): string[] {
  return ordered(H0STPGM0_FIELDS, {
    MKSC_SHRN_ISCD: symbol,
    STCK_CNTG_HOUR: hhmmss(secondOfDay),
    SELN_CNQN: String(sellVolume),
    SELN_TR_PBMN: String(sellVolume * 70_000),
    SHNU_CNQN: String(buyVolume),
    SHNU_TR_PBMN: String(buyVolume * 70_000),
    NTBY_CNQN: String(buyVolume - sellVolume),
    NTBY_TR_PBMN: String((buyVolume - sellVolume) * 70_000),
    SELN_RSQN: "1200",
    SHNU_RSQN: "1500",
    WHOL_NTBY_QTY: "300",
  });
}

/** `0|TR|NNN|records joined by ^` */
export function dataFrame(trId: string, records: string[][]): string {
  return `0|${trId}|${String(records.length).padStart(3, "0")}|${records.map((r) => r.join("^")).join("^")}`;
}

/** Copies a string into a flat one-byte string, as `ws` delivers frames (cons-strings distort timings). */
export const flatten = (s: string): string => Buffer.from(s, "latin1").toString("latin1");

/** A seeded stream of trade frames over `symbols`, 1–`maxRecords` records each, prices on the tick grid. */
export function tradeFrames(seed: number, frames: number, symbols: string[], maxRecords = 1): string[] {
  const rnd = seededRandom(seed);
  const prices = symbols.map((_, i) => 10_000 + i * 7_350);
  const out: string[] = [];
  let second = 9 * 3600;
  for (let f = 0; f < frames; f++) {
    const records: string[][] = [];
    const count = 1 + Math.floor(rnd() * maxRecords);
    for (let r = 0; r < count; r++) {
      const s = Math.floor(rnd() * symbols.length);
      const move = Math.floor(rnd() * 3) - 1;
      prices[s] = Math.max(1_000, stepTicks(prices[s] ?? 10_000, move));
      if (rnd() < 0.05) second++;
      records.push(
        tradeFields({
          symbol: symbols[s] ?? "005930",
          priceKrw: prices[s] ?? 10_000,
          volume: 1 + Math.floor(rnd() * 500),
          secondOfDay: second,
          previousCloseKrw: 10_000 + s * 7_350,
          side: rnd() < 0.5 ? "buy" : "sell",
        }),
      );
    }
    out.push(flatten(dataFrame(REALTIME_TR.trade.real, records)));
  }
  return out;
}

/** Six-digit codes 000010, 000020, … */
export const symbolCodes = (n: number): string[] => Array.from({ length: n }, (_, i) => String((i + 1) * 10).padStart(6, "0"));
