/** Pure conversions of KIS wire values: numeric strings, Y/N flags, side and order-type codes. */
import type { Market, OrderType, Side } from "../../../core/types.js";
import { orderTypeOf } from "../order-division.js";

/** "" (KIS's "no value") is 0; "70250.5000" stays fractional. */
export function toNumber(value: string | undefined): number {
  const trimmed = (value ?? "").trim();
  return trimmed === "" ? 0 : Number(trimmed);
}

/** Integer KRW and share counts: averages such as "70250.5000" round to the nearest won. */
export function toInt(value: string | undefined): number {
  return Math.round(toNumber(value));
}

export function optionalText(value: string | undefined): string | undefined {
  const trimmed = (value ?? "").trim();
  return trimmed === "" ? undefined : trimmed;
}

/** sll_buy_dvsn_cd: 01 sell, 02 buy. */
export function toSide(code: "01" | "02"): Side {
  return code === "01" ? "sell" : "buy";
}

/** The order type of an ORD_DVSN (market 01/13/14, best 03/15/16, the rest limit). */
export function toOrderType(code: string): OrderType {
  return orderTypeOf(code);
}

export function toMarket(name: string | undefined): Market | undefined {
  const upper = (name ?? "").toUpperCase();
  if (upper.includes("KOSDAQ")) return "KOSDAQ";
  if (upper.includes("KOSPI")) return "KOSPI";
  return undefined;
}

/** One summary object, whether KIS sent it bare or as a one-element array. */
export function single<T>(value: T | T[]): T | undefined {
  return Array.isArray(value) ? value[0] : value;
}
