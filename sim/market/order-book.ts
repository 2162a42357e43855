/**
 * The simulated 10-level book of one symbol: one tick of spread around a best bid, prices on the
 * KRX grid and inside the daily band, quantities that trades consume and fresh liquidity refills.
 * Levels are mutated in place so the hot path allocates nothing; readers copy with `copyBook`.
 */
import { tickSize } from "../../venue/krx.js";
import type { BookLevel, BookSnapshot } from "../exchange.js";
import type { Rng } from "./random.js";

export const BOOK_LEVELS = 10;

export interface BookBand {
  upperKrw: number;
  lowerKrw: number;
}

export function createBook(code: string): BookSnapshot {
  const level = (): BookLevel => ({ priceKrw: 0, quantity: 0 });
  return {
    code,
    timeMs: 0,
    asks: Array.from({ length: BOOK_LEVELS }, level),
    bids: Array.from({ length: BOOK_LEVELS }, level),
    totalAskQuantity: 0,
    totalBidQuantity: 0,
  };
}

export function copyBook(book: BookSnapshot): BookSnapshot {
  const copy = (l: BookLevel): BookLevel => ({ priceKrw: l.priceKrw, quantity: l.quantity });
  return { ...book, asks: book.asks.map(copy), bids: book.bids.map(copy) };
}

/** Refill size of a level: deeper levels hold more, as on a real book. */
function freshQuantity(rng: Rng, depth: number, level: number): number {
  return Math.max(1, Math.round(depth * (0.3 + 1.4 * rng.next()) * (1 + 0.12 * level)));
}

/** The best bid the book may show: the ask must stay inside the band. */
export function clampBestBid(bidKrw: number, band: BookBand): number {
  if (bidKrw < band.lowerKrw) return band.lowerKrw;
  const highestBid = band.upperKrw - tickSize(band.upperKrw - 1);
  return bidKrw > highestBid ? highestBid : bidKrw;
}

/** Ticks from `fromKrw` to `toKrw` (both on the grid), capped at ±BOOK_LEVELS. */
function tickDistance(fromKrw: number, toKrw: number): number {
  let k = 0;
  let p = fromKrw;
  if (toKrw > fromKrw)
    while (p < toKrw && k < BOOK_LEVELS) {
      p += tickSize(p);
      k++;
    }
  else
    while (p > toKrw && k > -BOOK_LEVELS) {
      p -= tickSize(p - 1);
      k--;
    }
  return k;
}

/** Re-prices both sides from `bestBidKrw`; levels beyond the band are empty (price 0). */
function reprice(book: BookSnapshot, bestBidKrw: number, band: BookBand): void {
  let p = bestBidKrw;
  for (const level of book.asks) {
    p += tickSize(p);
    level.priceKrw = p > band.upperKrw ? 0 : p;
  }
  p = bestBidKrw;
  for (const level of book.bids) {
    level.priceKrw = p < band.lowerKrw ? 0 : p;
    p -= tickSize(p - 1);
  }
}

/** Levels shifted by `k` ticks keep their queues; levels that appear, or were emptied, refill. */
function shiftQuantities(levels: BookLevel[], k: number): void {
  if (k > 0) for (let i = 0; i < BOOK_LEVELS; i++) levels[i]!.quantity = i + k < BOOK_LEVELS ? levels[i + k]!.quantity : 0;
  else if (k < 0) for (let i = BOOK_LEVELS - 1; i >= 0; i--) levels[i]!.quantity = i + k >= 0 ? levels[i + k]!.quantity : 0;
}

function refill(book: BookSnapshot, rng: Rng, depth: number): void {
  let askTotal = 0;
  let bidTotal = 0;
  for (let i = 0; i < BOOK_LEVELS; i++) {
    const ask = book.asks[i]!;
    const bid = book.bids[i]!;
    if (ask.priceKrw === 0) ask.quantity = 0;
    else if (ask.quantity === 0) ask.quantity = freshQuantity(rng, depth, i);
    if (bid.priceKrw === 0) bid.quantity = 0;
    else if (bid.quantity === 0) bid.quantity = freshQuantity(rng, depth, i);
    askTotal += ask.quantity;
    bidTotal += bid.quantity;
  }
  book.totalAskQuantity = askTotal;
  book.totalBidQuantity = bidTotal;
}

/**
 * Moves the book so its best bid is `targetBidKrw` (clamped to the band). Returns true when the
 * best prices changed. `rebuild` discards every queue (a new day or an auction).
 */
export function recentre(book: BookSnapshot, targetBidKrw: number, band: BookBand, rng: Rng, depth: number, rebuild = false): boolean {
  const target = clampBestBid(targetBidKrw, band);
  const current = book.bids[0]!.priceKrw;
  if (!rebuild && current === target && current !== 0) {
    // Pinned at a band edge: the emptied best level refills in place.
    if (book.asks[0]!.quantity === 0 || book.bids[0]!.quantity === 0) refill(book, rng, depth);
    return false;
  }
  const k = rebuild || current === 0 ? BOOK_LEVELS : tickDistance(current, target);
  if (Math.abs(k) >= BOOK_LEVELS) {
    for (let i = 0; i < BOOK_LEVELS; i++) book.asks[i]!.quantity = book.bids[i]!.quantity = 0;
  } else {
    shiftQuantities(book.asks, k);
    shiftQuantities(book.bids, -k);
  }
  reprice(book, target, band);
  refill(book, rng, depth);
  return true;
}

/** After the best level of one side emptied: step that side's prices away by one tick. */
export function stepThrough(book: BookSnapshot, aggressorBuys: boolean, band: BookBand, rng: Rng, depth: number): void {
  const bid = book.bids[0]!.priceKrw;
  const next = aggressorBuys ? bid + tickSize(bid) : bid - tickSize(bid - 1);
  recentre(book, next, band, rng, depth);
}
