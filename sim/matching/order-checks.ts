/**
 * Order validation in KRX/KIS order: symbol, quantity, halt, session, tick grid, band, cash,
 * sellable shares. Each check returns a rejection or undefined; the first rejection wins.
 */
import {
  acceptsOffHoursOrders,
  acceptsRegularOrders,
  isOnTickGrid,
  type OffHoursSession,
  type SessionPhase,
  sessionPhase,
  singlePriceBand,
} from "../../venue/krx.js";
import type { OrderCondition, OrderRejectReason, OrderType, SymbolState } from "../exchange.js";

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

/** The off-hours session an order type belongs to; undefined for the regular session's types. */
export function offHoursSessionOf(type: OrderType): OffHoursSession | undefined {
  return type === "preOpenClose"
    ? "PRE_OPEN_CLOSE"
    : type === "postClose"
      ? "POST_CLOSE"
      : type === "singlePrice"
        ? "SINGLE_PRICE"
        : undefined;
}

const OFF_HOURS_WINDOWS: Record<OffHoursSession, string> = {
  PRE_OPEN_CLOSE: "장전 시간외 (08:30–08:40)",
  POST_CLOSE: "장후 시간외 (15:30–16:00)",
  SINGLE_PRICE: "시간외 단일가 (16:00–18:00)",
};

/**
 * Whether an order of this type and condition may be entered (or changed) at `ms`: off-hours
 * types in their own windows; best, priority and IOC/FOK orders only in continuous trading (KRX
 * takes none of them in a single-price auction); limit and market orders in the regular session.
 */
export function checkOrderSession(type: OrderType, condition: OrderCondition | undefined, ms: number): Rejection | undefined {
  const offHours = offHoursSessionOf(type);
  if (offHours) {
    if (acceptsOffHoursOrders(offHours, ms)) return undefined;
    return reject("MARKET_CLOSED", `Expected the ${OFF_HOURS_WINDOWS[offHours]} window on a trading day for ${type} orders`);
  }
  const phase = sessionPhase(ms);
  if (condition === undefined && (type === "limit" || type === "market")) return checkSession(phase);
  if (phase === "CONTINUOUS") return undefined;
  return reject(
    "MARKET_CLOSED",
    `Expected continuous trading (09:00–15:20) for ${type}${condition ? ` ${condition}` : ""} orders, received phase ${phase}`,
  );
}

/** A resting order can be cancelled while its own session takes orders. */
export function checkCancelSession(type: OrderType, ms: number): Rejection | undefined {
  return offHoursSessionOf(type) ? checkOrderSession(type, undefined, ms) : checkSession(sessionPhase(ms));
}

export function checkTradable(
  state: SymbolState,
  type: OrderType,
  condition: OrderCondition | undefined,
  ms: number,
): Rejection | undefined {
  if (state.halted) return reject("HALTED", `Trading in ${state.info.code} is halted`);
  return checkOrderSession(type, condition, ms);
}

/** Limit and single-price orders carry their own price: on the grid, inside the band. Other types are priced by the exchange. */
export function checkPrice(type: OrderType, priceKrw: number | undefined, state: SymbolState): Rejection | undefined {
  if (type !== "limit" && type !== "singlePrice") return undefined;
  if (priceKrw === undefined || !isOnTickGrid(priceKrw))
    return reject("OFF_TICK_GRID", `Expected a limit price on the KRX tick grid, received ${priceKrw}`);
  const band =
    type === "singlePrice"
      ? singlePriceBand(state.lastKrw, state.lowerLimitKrw, state.upperLimitKrw)
      : { lowerKrw: state.lowerLimitKrw, upperKrw: state.upperLimitKrw };
  if (priceKrw > band.upperKrw || priceKrw < band.lowerKrw) {
    return reject("OUTSIDE_PRICE_BAND", `Expected a price within ${band.lowerKrw}–${band.upperKrw}, received ${priceKrw}`);
  }
  return undefined;
}

export function checkCash(requiredKrw: number, orderableKrw: number): Rejection | undefined {
  if (requiredKrw <= orderableKrw) return undefined;
  return reject(
    "INSUFFICIENT_CASH",
    `Expected at most ${orderableKrw} KRW of orderable cash to be needed, received an order needing ${requiredKrw}`,
  );
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
