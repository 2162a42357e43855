/**
 * Maps decoded record batches (frames.ts) to the domain events of core/market-events.ts. Column
 * positions are resolved once at load from realtime-layouts.ts, so the hot path indexes numbers.
 */
import type { BookUpdate, ProgramUpdate, TradeTick } from "../../core/market-events.js";
import type { Side } from "../../core/types.js";
import { KST_OFFSET_MS } from "../../core/clock.js";
import type { RecordBatch } from "./frames.js";
import { H0STASP0_FIELDS, H0STCNT0_FIELDS, H0STPGM0_FIELDS, fieldIndex } from "./realtime-layouts.js";

const T = (name: string) => fieldIndex(H0STCNT0_FIELDS, name);
const TRADE = {
  symbol: T("MKSC_SHRN_ISCD"),
  time: T("STCK_CNTG_HOUR"),
  price: T("STCK_PRPR"),
  change: T("PRDY_VRSS"),
  changeRate: T("PRDY_CTRT"),
  open: T("STCK_OPRC"),
  high: T("STCK_HGPR"),
  low: T("STCK_LWPR"),
  ask: T("ASKP1"),
  bid: T("BIDP1"),
  volume: T("CNTG_VOL"),
  cumVolume: T("ACML_VOL"),
  cumValue: T("ACML_TR_PBMN"),
  power: T("CTTR"),
  sellTotal: T("SELN_CNTG_SMTN"),
  buyTotal: T("SHNU_CNTG_SMTN"),
  side: T("CCLD_DVSN"),
  date: T("BSOP_DATE"),
  halted: T("TRHT_YN"),
  askQty: T("ASKP_RSQN1"),
  bidQty: T("BIDP_RSQN1"),
  totalAsk: T("TOTAL_ASKP_RSQN"),
  totalBid: T("TOTAL_BIDP_RSQN"),
  hourClass: T("HOUR_CLS_CODE"),
  viRef: T("VI_STND_PRC"),
};

const B = (name: string) => fieldIndex(H0STASP0_FIELDS, name);
const BOOK = {
  symbol: B("MKSC_SHRN_ISCD"),
  time: B("BSOP_HOUR"),
  hourClass: B("HOUR_CLS_CODE"),
  ask1: B("ASKP1"),
  bid1: B("BIDP1"),
  askQty1: B("ASKP_RSQN1"),
  bidQty1: B("BIDP_RSQN1"),
  totalAsk: B("TOTAL_ASKP_RSQN"),
  totalBid: B("TOTAL_BIDP_RSQN"),
  expected: B("ANTC_CNPR"),
};

const P = (name: string) => fieldIndex(H0STPGM0_FIELDS, name);
const PROGRAM = {
  symbol: P("MKSC_SHRN_ISCD"),
  time: P("STCK_CNTG_HOUR"),
  sellVolume: P("SELN_CNQN"),
  sellValue: P("SELN_TR_PBMN"),
  buyVolume: P("SHNU_CNQN"),
  buyValue: P("SHNU_TR_PBMN"),
  netVolume: P("NTBY_CNQN"),
  netValue: P("NTBY_TR_PBMN"),
};

const DAY_MS = 86_400_000;

const secondsOf = (hhmmss: number): number => Math.floor(hhmmss / 10_000) * 3600 + (Math.floor(hhmmss / 100) % 100) * 60 + (hhmmss % 100);

/** Date.UTC is costly per record; every record of a day shares its start. */
let cachedDate = -1;
let cachedDayStartMs = 0;

/** Epoch ms of a KST date (YYYYMMDD as a number) and time (HHMMSS as a number). */
export function kstEpochMs(yyyymmdd: number, hhmmss: number): number {
  if (yyyymmdd !== cachedDate) {
    const y = Math.floor(yyyymmdd / 10_000);
    const mo = Math.floor(yyyymmdd / 100) % 100;
    cachedDayStartMs = Date.UTC(y, mo - 1, yyyymmdd % 100) - KST_OFFSET_MS;
    cachedDate = yyyymmdd;
  }
  return cachedDayStartMs + secondsOf(hhmmss) * 1000;
}

/** Book and program records carry no date: take the KST day of the receive time. */
function sameDayMs(receivedAtMs: number, hhmmss: number): number {
  const dayStartMs = Math.floor((receivedAtMs + KST_OFFSET_MS) / DAY_MS) * DAY_MS - KST_OFFSET_MS;
  return dayStartMs + secondsOf(hhmmss) * 1000;
}

const num = (v: number | undefined): number => (v === undefined || Number.isNaN(v) ? 0 : v);

function aggressorOf(code: number | undefined): Side | undefined {
  if (code === 1) return "buy";
  if (code === 5) return "sell";
  return undefined;
}

/** A TradeTick to fill: every field present from the start, so all ticks share one shape. */
export function blankTradeTick(): TradeTick {
  return {
    symbol: "",
    exchangeTimeMs: 0,
    receivedAtMs: 0,
    priceKrw: 0,
    changeKrw: 0,
    changeRate: 0,
    openKrw: 0,
    highKrw: 0,
    lowKrw: 0,
    volume: 0,
    cumulativeVolume: 0,
    cumulativeValueKrw: 0,
    askKrw: 0,
    bidKrw: 0,
    askQuantity: 0,
    bidQuantity: 0,
    totalAskQuantity: 0,
    totalBidQuantity: 0,
    buyPower: 0,
    cumulativeBuyVolume: 0,
    cumulativeSellVolume: 0,
    aggressor: undefined,
    halted: false,
    viActive: false,
    viReferencePriceKrw: 0,
  };
}

/**
 * Reads one trade record into `into` (a new tick unless given) and returns it. The feed passes
 * one reused tick, so a busy frame costs no allocation per trade.
 */
export function toTradeTick(batch: RecordBatch, record: number, receivedAtMs: number, into: TradeTick = blankTradeTick()): TradeTick {
  const o = record * batch.width;
  const n = batch.numbers;
  const date = n[o + TRADE.date];
  const time = num(n[o + TRADE.time]);
  const t = into;
  t.symbol = batch.code(o + TRADE.symbol);
  t.exchangeTimeMs = date === undefined || Number.isNaN(date) ? sameDayMs(receivedAtMs, time) : kstEpochMs(date, time);
  t.receivedAtMs = receivedAtMs;
  t.priceKrw = num(n[o + TRADE.price]);
  t.changeKrw = num(n[o + TRADE.change]);
  t.changeRate = num(n[o + TRADE.changeRate]);
  t.openKrw = num(n[o + TRADE.open]);
  t.highKrw = num(n[o + TRADE.high]);
  t.lowKrw = num(n[o + TRADE.low]);
  t.volume = num(n[o + TRADE.volume]);
  t.cumulativeVolume = num(n[o + TRADE.cumVolume]);
  t.cumulativeValueKrw = num(n[o + TRADE.cumValue]);
  t.askKrw = num(n[o + TRADE.ask]);
  t.bidKrw = num(n[o + TRADE.bid]);
  t.askQuantity = num(n[o + TRADE.askQty]);
  t.bidQuantity = num(n[o + TRADE.bidQty]);
  t.totalAskQuantity = num(n[o + TRADE.totalAsk]);
  t.totalBidQuantity = num(n[o + TRADE.totalBid]);
  t.buyPower = num(n[o + TRADE.power]);
  t.cumulativeBuyVolume = num(n[o + TRADE.buyTotal]);
  t.cumulativeSellVolume = num(n[o + TRADE.sellTotal]);
  t.aggressor = aggressorOf(n[o + TRADE.side]);
  t.halted = batch.firstByte(o + TRADE.halted) === 89; // "Y"
  t.viActive = batch.firstByte(o + TRADE.hourClass) === 67; // "C"
  t.viReferencePriceKrw = num(n[o + TRADE.viRef]);
  return t;
}

function levels(n: Float64Array, from: number): number[] {
  const out = new Array<number>(10);
  for (let i = 0; i < 10; i++) out[i] = num(n[from + i]);
  return out;
}

export function toBookUpdate(batch: RecordBatch, record: number, receivedAtMs: number): BookUpdate {
  const o = record * batch.width;
  const n = batch.numbers;
  return {
    symbol: batch.code(o + BOOK.symbol),
    exchangeTimeMs: sameDayMs(receivedAtMs, num(n[o + BOOK.time])),
    receivedAtMs,
    askPricesKrw: levels(n, o + BOOK.ask1),
    bidPricesKrw: levels(n, o + BOOK.bid1),
    askQuantities: levels(n, o + BOOK.askQty1),
    bidQuantities: levels(n, o + BOOK.bidQty1),
    totalAskQuantity: num(n[o + BOOK.totalAsk]),
    totalBidQuantity: num(n[o + BOOK.totalBid]),
    expectedPriceKrw: num(n[o + BOOK.expected]),
    viActive: batch.firstByte(o + BOOK.hourClass) === 67, // "C"
  };
}

export function toProgramUpdate(batch: RecordBatch, record: number, receivedAtMs: number): ProgramUpdate {
  const o = record * batch.width;
  const n = batch.numbers;
  return {
    symbol: batch.code(o + PROGRAM.symbol),
    exchangeTimeMs: sameDayMs(receivedAtMs, num(n[o + PROGRAM.time])),
    receivedAtMs,
    sellVolume: num(n[o + PROGRAM.sellVolume]),
    sellValueKrw: num(n[o + PROGRAM.sellValue]),
    buyVolume: num(n[o + PROGRAM.buyVolume]),
    buyValueKrw: num(n[o + PROGRAM.buyValue]),
    netVolume: num(n[o + PROGRAM.netVolume]),
    netValueKrw: num(n[o + PROGRAM.netValue]),
  };
}
