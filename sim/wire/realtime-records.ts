/**
 * Pure formatters of the simulator's KIS real-time records, `^`-joined in the column order of
 * broker/kis/realtime-layouts.ts (reference §7.1–7.4), and the `0|TR|NNN|…` data frame. Trade,
 * book and program records run on every market event, so they write bytes through one reused
 * RecordWriter (safe: formatting is synchronous and single-threaded).
 */
import { sessionPhase } from "../../venue/krx.js";
import type { BookLevel, BookSnapshot, ExchangeEvent, ProgramPrint, SymbolState, TradePrint } from "../exchange.js";
import { divisionCode } from "./order-divisions.js";
import { RecordWriter } from "./record-writer.js";
import { count3, diffSign, limitSign } from "./wire-format.js";

const w = new RecordWriter();
/** Upper bound of any record here: 59 fields × (22-byte number + separator), plus codes. */
const RECORD_BYTES = 59 * 23 + 64;

export interface TradeRecordInput {
  trade: TradePrint;
  state: SymbolState;
  book: BookSnapshot;
}

/**
 * H0STCNT0 국내주식 실시간체결가, 46 fields; `state` already includes `trade`. The same layout
 * serves H0NXCNT0 and H0UNCNT0 with NXT's or the integrated state and book.
 */
export function tradeRecord(input: TradeRecordInput): string {
  writeTrade(input, "20", "0");
  const s = input.state;
  w.sep().int(s.openKrw > 0 ? s.openKrw : s.basePriceKrw);
  return w.finish();
}

/**
 * H0STANC0 실시간예상체결, 45 fields: the trade columns of an indicative price (`trade` is the
 * indicative print), during the opening (신 장운영 10, 시간구분 B) or closing (20, A) auction.
 */
export function expectedRecord(input: TradeRecordInput, auction: "opening" | "closing"): string {
  writeTrade(input, auction === "opening" ? "10" : "20", auction === "opening" ? "B" : "A");
  return w.finish();
}

/** The first 45 trade columns (through MRKT_TRTM_CLS_CODE), with no trailing separator. */
function writeTrade({ trade, state: s, book }: TradeRecordInput, marketOperation: string, hourClass: string): void {
  const p = trade.priceKrw;
  const base = s.basePriceKrw;
  const ask = book.asks[0]!;
  const bid = book.bids[0]!;
  const volume = s.volume;
  const sameTime = s.previousDaySameTimeVolume ?? 0;
  w.begin(RECORD_BYTES)
    .text(s.info.code)
    .sep()
    .time(trade.timeMs)
    .sep()
    .int(p)
    .sep()
    .int(limitSign(p, base, s.upperLimitKrw, s.lowerLimitKrw))
    .sep();
  w.int(p - base)
    .sep()
    .fixed2(((p - base) / base) * 100)
    .sep()
    .fixed2(volume > 0 ? s.tradeValueKrw / volume : p)
    .sep();
  w.int(s.openKrw).sep().int(s.highKrw).sep().int(s.lowKrw).sep().int(ask.priceKrw).sep().int(bid.priceKrw).sep();
  w.int(trade.quantity).sep().int(volume).sep().int(s.tradeValueKrw).sep();
  w.int(s.sellCount)
    .sep()
    .int(s.buyCount)
    .sep()
    .int(s.buyCount - s.sellCount)
    .sep();
  w.fixed2(s.sellVolume > 0 ? (s.buyVolume / s.sellVolume) * 100 : 0)
    .sep()
    .int(s.sellVolume)
    .sep()
    .int(s.buyVolume)
    .sep();
  w.int(trade.aggressor === "buy" ? 1 : 5)
    .sep()
    .fixed2(volume > 0 ? (s.buyVolume / volume) * 100 : 0)
    .sep();
  w.fixed2(s.previousDayVolume > 0 ? (volume / s.previousDayVolume) * 100 : 0).sep();
  extremum(s.openMs ?? trade.timeMs, p - s.openKrw);
  extremum(s.highMs ?? trade.timeMs, p - s.highKrw);
  extremum(s.lowMs ?? trade.timeMs, p - s.lowKrw);
  w.date(trade.timeMs)
    .sep()
    .text(marketOperation)
    .sep()
    .text(s.halted ? "Y" : "N")
    .sep();
  w.int(ask.quantity).sep().int(bid.quantity).sep().int(book.totalAskQuantity).sep().int(book.totalBidQuantity).sep();
  w.fixed2((volume / s.info.sharesOutstanding) * 100)
    .sep()
    .int(sameTime)
    .sep()
    .fixed2(sameTime > 0 ? (volume / sameTime) * 100 : 0)
    .sep();
  w.text(hourClass).sep().text("0");
}

/** OPRC/HGPR/LWPR triple: the hour it printed, the sign of the difference, the difference. */
function extremum(atMs: number, diff: number): void {
  w.time(atMs).sep().int(diffSign(diff)).sep().int(diff).sep();
}

function levels(list: readonly BookLevel[], field: "priceKrw" | "quantity"): void {
  for (const level of list) w.int(level[field]).sep();
}

/** The two venues' books behind an H0NXASP0/H0UNASP0 record, for its KRX and NXT mid-point (중간가) columns. */
export interface VenueBooks {
  krx: BookSnapshot;
  nxt: BookSnapshot;
}

/**
 * H0STASP0 국내주식 실시간호가, 59 fields; during the auctions the last price stands as the
 * indicative price. With `venues`, the 65-field H0NXASP0/H0UNASP0 record: the mid-point of each
 * venue's best quotes, no mid-point orders resting.
 */
export function bookRecord(book: BookSnapshot, state: SymbolState, venues?: VenueBooks): string {
  const phase = sessionPhase(book.timeMs);
  const auction = phase === "PRE_OPEN_AUCTION" || phase === "CLOSING_AUCTION";
  const hourClass = phase === "PRE_OPEN_AUCTION" ? "B" : phase === "CLOSING_AUCTION" ? "A" : "0";
  const indicative = auction ? state.lastKrw : 0;
  const indicativeQuantity = auction ? Math.min(book.totalAskQuantity, book.totalBidQuantity) : 0;
  const change = auction ? indicative - state.basePriceKrw : 0;
  w.begin(RECORD_BYTES).text(book.code).sep().time(book.timeMs).sep().text(hourClass).sep();
  levels(book.asks, "priceKrw");
  levels(book.bids, "priceKrw");
  levels(book.asks, "quantity");
  levels(book.bids, "quantity");
  w.int(book.totalAskQuantity).sep().int(book.totalBidQuantity).sep().int(0).sep().int(0).sep();
  w.int(indicative).sep().int(indicativeQuantity).sep().int(indicativeQuantity).sep().int(change).sep().int(diffSign(change)).sep();
  w.fixed2(auction ? (change / state.basePriceKrw) * 100 : 0)
    .sep()
    .int(state.volume)
    .sep();
  w.int(0).sep().int(0).sep().int(0).sep().int(0).sep().int(0);
  if (venues) {
    w.sep().int(midPoint(venues.krx)).sep().int(0).sep().text("0");
    w.sep().int(midPoint(venues.nxt)).sep().int(0).sep().text("0");
  }
  return w.finish();
}

/** Mid-point of the best bid and ask, rounded down to a whole won; 0 with a side empty. */
function midPoint(book: BookSnapshot): number {
  const bid = book.bids[0]!.priceKrw;
  const ask = book.asks[0]!.priceKrw;
  return bid > 0 && ask > 0 ? Math.floor((bid + ask) / 2) : 0;
}

/** H0STPGM0 국내주식 실시간프로그램매매, 11 fields (cumulative for the day). */
export function programRecord(p: ProgramPrint): string {
  w.begin(RECORD_BYTES).text(p.code).sep().time(p.timeMs).sep().int(p.sellVolume).sep().int(p.sellValueKrw).sep().int(p.buyVolume).sep();
  w.int(p.buyValueKrw)
    .sep()
    .int(p.buyVolume - p.sellVolume)
    .sep()
    .int(p.buyValueKrw - p.sellValueKrw)
    .sep();
  w.int(0).sep().int(0).sep().int(0);
  return w.finish();
}

export type NoticeEvent = Extract<ExchangeEvent, { kind: "order" } | { kind: "fill" }>;

export interface NoticeInput {
  event: NoticeEvent;
  htsId: string;
  accountNo10: string;
  accountName: string;
  /** 체결종목명; the code stands in when absent */
  symbolName?: string;
}

/** RCTF_CLS, RFUS_YN, ACPT_YN of an acknowledgement (reference §7.3 event table). */
function acknowledgementCodes(event: Extract<NoticeEvent, { kind: "order" }>): [string, string, string] {
  switch (event.action) {
    case "accepted":
      return ["0", "0", "1"];
    case "modified":
      return ["1", "0", "2"];
    case "cancelled":
      return ["2", "0", event.cause ? "3" : "2"];
    case "rejected":
      return ["0", "1", "1"];
  }
}

/**
 * H0STCNI0/H0STCNI9 실시간체결통보, 26 fields: CNTG_YN 2 for a fill (CNTG_QTY/CNTG_UNPR of the
 * fill), 1 for an acknowledgement (order quantity and price in those positions, as KIS does).
 * Names may be Korean, so this one joins strings instead of writing bytes.
 */
export function noticeRecord({ event, htsId, accountNo10, accountName, symbolName }: NoticeInput): string {
  const o = event.order;
  const isFill = event.kind === "fill";
  const [correction, refused, accepted] = isFill ? ["0", "0", "2"] : acknowledgementCodes(event);
  const quantity = isFill ? event.fill.quantity : o.quantity;
  const priceKrw = isFill ? event.fill.priceKrw : o.priceKrw;
  const time = w
    .begin(RECORD_BYTES)
    .time(isFill ? event.fill.timeMs : o.placedMs)
    .finish();
  return [
    htsId,
    accountNo10,
    o.orderNo,
    o.originalOrderNo ?? "",
    o.side === "sell" ? "01" : "02",
    correction,
    divisionCode(o.type, o.condition),
    "0",
    o.code,
    quantity,
    priceKrw,
    time,
    refused,
    isFill ? "2" : "1",
    accepted,
    o.orgNo,
    o.quantity,
    accountName,
    "0",
    "1",
    "Y",
    "",
    "10",
    "",
    symbolName ?? o.code,
    o.priceKrw,
  ].join("^");
}

/** A plain data frame: `0|TR|NNN|` then the records joined by `^` (reference §6.5). */
export function dataFrame(trId: string, records: readonly string[]): string {
  return "0|" + trId + "|" + count3(records.length) + "|" + records.join("^");
}
