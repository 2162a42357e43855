/** Pure conversions of KIS wire values: numeric strings, Y/N flags, side and order-type codes. */
import type { Market, OrderType, Side } from "../../../core/types.js";

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

/** ORD_DVSN 01 is market; every other division the client sends is a kind of limit. */
export function toOrderType(code: string): OrderType {
  return code.trim() === "01" ? "market" : "limit";
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
