/**
 * Order validation in KRX/KIS order: symbol, quantity, halt, session, tick grid, band, cash,
 * sellable shares. Each check returns a rejection or undefined; the first rejection wins.
 */
import { acceptsRegularOrders, isOnTickGrid, type SessionPhase } from "../../market/krx.js";
import type { OrderRejectReason, OrderType, SymbolState } from "../exchange.js";

export interface Rejection {
  reason: OrderRejectReason;
  message: string;
}

const reject = (reason: OrderRejectReason, message: string): Rejection => ({ reason, message });

export function checkSymbol(code: string, state: SymbolState | undefined): Rejection | undefined {
  return state ? undefined : reject("UNKNOWN_SYMBOL", `Expected a listed symbol, received ${code}`);
}

export function checkQuantity(quantity: number | undefined, max = Number.POSITIVE_INFINITY): Rejection | undefined {
  if (quantity !== undefined && Number.isInteger(quantity) && quantity > 0 && quantity <= max) return undefined;
  const bound = Number.isFinite(max) ? ` of at most ${max}` : "";
  return reject("INVALID_QUANTITY", `Expected a positive integer quantity${bound}, received ${quantity}`);
}

export function checkSession(phase: SessionPhase): Rejection | undefined {
  if (acceptsRegularOrders(phase)) return undefined;
  return reject("MARKET_CLOSED", `Expected the regular session (08:30–15:30 on trading days), received phase ${phase}`);
}

export function checkTradable(state: SymbolState, phase: SessionPhase): Rejection | undefined {
  if (state.halted) return reject("HALTED", `Trading in ${state.info.code} is halted`);
  return checkSession(phase);
}

export function checkPrice(type: OrderType, priceKrw: number | undefined, state: SymbolState): Rejection | undefined {
  if (type === "market") return undefined;
  if (priceKrw === undefined || !isOnTickGrid(priceKrw)) return reject("OFF_TICK_GRID", `Expected a limit price on the KRX tick grid, received ${priceKrw}`);
  if (priceKrw > state.upperLimitKrw || priceKrw < state.lowerLimitKrw) {
    return reject("OUTSIDE_PRICE_BAND", `Expected a price within ${state.lowerLimitKrw}–${state.upperLimitKrw}, received ${priceKrw}`);
  }
  return undefined;
}

export function checkCash(requiredKrw: number, orderableKrw: number): Rejection | undefined {
  if (requiredKrw <= orderableKrw) return undefined;
  return reject("INSUFFICIENT_CASH", `Expected at most ${orderableKrw} KRW of orderable cash to be needed, received an order needing ${requiredKrw}`);
}

export function checkSellable(quantity: number, sellable: number): Rejection | undefined {
  if (quantity <= sellable) return undefined;
  return reject("INSUFFICIENT_HOLDINGS", `Expected a sell of at most ${sellable} sellable shares, received ${quantity}`);
}

/** The first rejection among lazily evaluated checks. */
export function firstRejection(...checks: Array<() => Rejection | undefined>): Rejection | undefined {
  for (const check of checks) {
    const r = check();
    if (r) return r;
  }
  return undefined;
}
