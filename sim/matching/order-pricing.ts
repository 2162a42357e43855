/**
 * What the book and the day's prices say about an incoming order: the price it is entered at
 * (KRX rules per order type) and how much of it the book could fill at once (for FOK).
 */
import type { Side } from "../../core/types.js";
import type { BookSnapshot, OrderType, SymbolState } from "../exchange.js";
import type { Rejection } from "./order-checks.js";

/**
 * The price an order is entered at: its own (limit, single-price), none (market), the best
 * opposite (최유리) or same-side (최우선) quote, the previous close (장전 시간외) or today's close
 * (장후 시간외).
 */
export function priceAtEntry(
  type: OrderType,
  side: Side,
  priceKrw: number | undefined,
  state: SymbolState,
  book: BookSnapshot | undefined,
): number | Rejection {
  switch (type) {
    case "limit":
    case "singlePrice":
      return priceKrw ?? 0;
    case "market":
      return 0;
    case "preOpenClose":
      return state.basePriceKrw;
    case "postClose":
      return state.lastKrw;
    case "best":
    case "priority": {
      const asks = (type === "best") === (side === "buy");
      const quote = book && (asks ? book.asks[0] : book.bids[0]);
      if (quote && quote.priceKrw > 0 && quote.quantity > 0) return quote.priceKrw;
      return {
        reason: "NO_QUOTE",
        message: `Expected a best ${asks ? "ask" : "bid"} in ${state.info.code} to price a ${type} order, found none`,
      };
    }
  }
}

/** Opposite-side quantity in the book at or better than `limit` (0: any price). */
export function bookQuantity(book: BookSnapshot | undefined, side: Side, limit: number): number {
  if (!book) return 0;
  let total = 0;
  for (const level of side === "buy" ? book.asks : book.bids) {
    if (level.priceKrw === 0 || (limit > 0 && (side === "buy" ? level.priceKrw > limit : level.priceKrw < limit))) break;
    total += level.quantity;
  }
  return total;
}
