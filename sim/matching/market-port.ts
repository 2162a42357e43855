/** What the matching engine needs from the simulated market, and nothing more. */
import type { Side } from "../../core/types.js";
import type { OffHoursSession } from "../../venue/krx.js";
import type { BookSnapshot, SymbolState } from "../exchange.js";

export interface LiquidityTake {
  priceKrw: number;
  quantity: number;
}

export interface MarketPort {
  state(code: string): SymbolState | undefined;
  /** the live book (read only): best and priority orders take their price from it */
  book(code: string): BookSnapshot | undefined;
  /**
   * The counterparty interest of today's closing-price session `session` for one side: how many
   * shares orders of `side` can fill at the fixed price (seeded per symbol and day).
   */
  offHoursQuantity(code: string, session: OffHoursSession, side: Side): number;
  /** Walks the book as an aggressor (limit 0 = market); each level taken prints as a trade. */
  takeLiquidity(code: string, side: Side, limitPriceKrw: number, quantity: number, timeMs: number): LiquidityTake[];
}
