/** What the matching engine needs from the simulated market, and nothing more. */
import type { Side } from "../../core/types.js";
import type { SymbolState } from "../exchange.js";

export interface LiquidityTake {
  priceKrw: number;
  quantity: number;
}

export interface MarketPort {
  state(code: string): SymbolState | undefined;
  /** Walks the book as an aggressor (limit 0 = market); each level taken prints as a trade. */
  takeLiquidity(code: string, side: Side, limitPriceKrw: number, quantity: number, timeMs: number): LiquidityTake[];
}
