/** Number-to-wire helpers shared by the REST handlers: KIS sends every number as a string. */
import type { SimOrder, SymbolState } from "../../exchange.js";
import { divisionCode, ORDER_DIVISIONS } from "../../wire/order-divisions.js";

/** An integer KRW amount or quantity as KIS writes it. */
export const int = (n: number): string => String(Math.round(n));

/** A rate with two decimals ("1.25", "-0.40"). */
export const pct = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : "0.00");

/** percent change of `value` against `base`; 0 when there is no base. */
export const changeRate = (value: number, base: number): number => (base > 0 ? ((value - base) / base) * 100 : 0);

/** PRDY_VRSS_SIGN: 1 상한, 2 상승, 3 보합, 4 하한, 5 하락. */
export function signCode(price: number, base: number, upperLimit = Infinity, lowerLimit = -Infinity): string {
  if (price >= upperLimit) return "1";
  if (price <= lowerLimit && price > 0) return "4";
  if (price > base) return "2";
  if (price < base) return "5";
  return "3";
}

/** The last price, or the base price before the first trade of the day. */
export const lastPrice = (s: SymbolState): number => (s.lastKrw > 0 ? s.lastKrw : s.basePriceKrw);

/** 전일대비 fields of one symbol: change, sign and rate vs the base price. */
export function dayChange(s: SymbolState): { prdy_vrss: string; prdy_vrss_sign: string; prdy_ctrt: string } {
  const last = lastPrice(s);
  return {
    prdy_vrss: int(last - s.basePriceKrw),
    prdy_vrss_sign: signCode(last, s.basePriceKrw, s.upperLimitKrw, s.lowerLimitKrw),
    prdy_ctrt: pct(changeRate(last, s.basePriceKrw)),
  };
}

/** 체결강도: buy volume / sell volume × 100. */
export const buyPower = (s: SymbolState): string => pct(s.sellVolume > 0 ? (s.buyVolume / s.sellVolume) * 100 : s.buyVolume > 0 ? 500 : 0);

/** ORD_DVSN code and name as KIS lists them in order inquiries. */
export const orderTypeCode = (o: Pick<SimOrder, "type" | "condition">): string => divisionCode(o.type, o.condition);
export const orderTypeName = (o: Pick<SimOrder, "type" | "condition">): string => ORDER_DIVISIONS[divisionCode(o.type, o.condition)].name;
/** SLL_BUY_DVSN_CD: 01 sell, 02 buy. */
export const sideCode = (side: "buy" | "sell"): string => (side === "sell" ? "01" : "02");
export const sideName = (side: "buy" | "sell"): string => (side === "sell" ? "매도" : "매수");
