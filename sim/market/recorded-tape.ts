/**
 * A recorded market as the simulator plays it: per symbol-day the trade prints (second-resolution
 * time, price, volume, the book after the print where the data has it, program net volume), plus
 * daily bars before the period. Built from the 44 tick columns (tick store or collector CSV) or
 * from minute bars (one print per minute). Why the book and aggressor are rebuilt as they are:
 *  - a tick row's best level and its quantity come with the trade (after the print), the deeper
 *    levels from the latest book update before it; so the book after print k is row k's best level
 *    with row k+1's deeper levels (the update that followed print k);
 *  - the seed's columns carry no aggressor side, which 체결강도 needs: a print that took the whole
 *    best level of the previous book is on that level's side; else the side whose best price
 *    (after the print) it traded at; else the quote rule against the previous book; else the
 *    tick rule.
 */
import type { Side } from "../../core/types.js";
import { COL, type TickRow } from "../../market/indicators/columns.js";
import type { Bar } from "../exchange.js";

/** A book as recorded: five prices a side, quantities for the first three (0 where unknown). */
export interface RecordedQuote {
  askPricesKrw: number[];
  bidPricesKrw: number[];
  askQuantities: number[];
  bidQuantities: number[];
  /** (bid − ask) / (bid + ask) of the whole book's resting quantity, when recorded */
  imbalance: number | null;
}

export interface RecordedPrint {
  /** start of the recorded second, epoch ms */
  timeMs: number;
  priceKrw: number;
  quantity: number;
  aggressor: Side;
  /** the book right after this print, when the data has one */
  quote?: RecordedQuote;
  /** program net volume after this print, when recorded */
  programNet?: number;
}

export interface RecordedDay {
  code: string;
  /** YYYYMMDD (KST) */
  date: string;
  /** time order */
  prints: RecordedPrint[];
}

export interface RecordedMarket {
  /** where the data came from, for reports */
  source: string;
  days: RecordedDay[];
  /** daily bars per code, oldest first (history before and during the period) */
  dailyBars: Map<string, Bar[]>;
}

const num = (row: TickRow, col: number): number => {
  const v = row[col];
  return typeof v === "number" ? v : 0;
};

function levels(row: TickRow, first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => num(row, first + i));
}

/** Row `row`'s best level with `deeper`'s deeper levels (see the header); undefined without a best level. */
function quoteAfter(row: TickRow, deeper: TickRow): RecordedQuote | undefined {
  if (num(row, COL.ask1) <= 0 && num(row, COL.bid1) <= 0) return undefined;
  const quote: RecordedQuote = {
    askPricesKrw: levels(deeper, COL.ask1, 5),
    bidPricesKrw: levels(deeper, COL.bid1, 5),
    askQuantities: levels(deeper, COL.ask1_qty, 3),
    bidQuantities: levels(deeper, COL.bid1_qty, 3),
    imbalance: typeof row[COL.bid_ask_imbalance] === "number" ? (row[COL.bid_ask_imbalance] as number) : null,
  };
  quote.askPricesKrw[0] = num(row, COL.ask1);
  quote.bidPricesKrw[0] = num(row, COL.bid1);
  quote.askQuantities[0] = num(row, COL.ask1_qty);
  quote.bidQuantities[0] = num(row, COL.bid1_qty);
  return quote;
}

/** The aggressor side of a print (see the header). */
export function inferAggressor(
  priceKrw: number,
  quantity: number,
  before: RecordedQuote | undefined,
  after: RecordedQuote | undefined,
  tick: { lastKrw: number; lastSide: Side },
): Side {
  const ask = before?.askPricesKrw[0] ?? 0;
  const bid = before?.bidPricesKrw[0] ?? 0;
  if (ask > 0 && priceKrw === ask && quantity === before?.askQuantities[0]) return "buy";
  if (bid > 0 && priceKrw === bid && quantity === before?.bidQuantities[0]) return "sell";
  if (after && priceKrw === after.askPricesKrw[0]) return "buy";
  if (after && priceKrw === after.bidPricesKrw[0]) return "sell";
  if (ask > 0 && priceKrw >= ask) return "buy";
  if (bid > 0 && priceKrw <= bid) return "sell";
  return priceKrw > tick.lastKrw ? "buy" : priceKrw < tick.lastKrw ? "sell" : tick.lastSide;
}

/** One symbol-day's tick rows (time order) as recorded prints. */
export function printsFromTickRows(rows: readonly TickRow[]): RecordedPrint[] {
  const prints: RecordedPrint[] = [];
  const tick: { lastKrw: number; lastSide: Side } = { lastKrw: 0, lastSide: "buy" };
  rows.forEach((row, k) => {
    const priceKrw = num(row, COL.current_price);
    const quantity = num(row, COL.volume);
    const quote = quoteAfter(row, rows[k + 1] ?? row);
    const aggressor = inferAggressor(priceKrw, quantity, prints.at(-1)?.quote, quote, tick);
    tick.lastKrw = priceKrw;
    tick.lastSide = aggressor;
    const program = row[COL.net_program];
    prints.push({
      timeMs: num(row, COL.time_ms),
      priceKrw,
      quantity,
      aggressor,
      ...(quote ? { quote } : {}),
      ...(typeof program === "number" ? { programNet: program } : {}),
    });
  });
  return prints;
}

/**
 * Minute bars as prints: one a minute at the bar's close with the minute's volume — coarser data
 * gives coarser fills (a resting order meets one price a minute, never the minute's high or low).
 */
export function printsFromMinuteBars(bars: readonly Bar[], minuteStartMs: (bar: Bar) => number): RecordedPrint[] {
  let last = 0;
  let lastSide: Side = "buy";
  return bars
    .filter((b) => b.volume > 0)
    .map((b) => {
      const aggressor: Side = b.closeKrw > last ? "buy" : b.closeKrw < last ? "sell" : lastSide;
      last = b.closeKrw;
      lastSide = aggressor;
      return { timeMs: minuteStartMs(b) + 59_000, priceKrw: b.closeKrw, quantity: b.volume, aggressor };
    });
}
