/**
 * KIS ORD_DVSN (reference §4.22) ⇄ the exchange's order type and condition: the codes the
 * simulator accepts on order-cash and order-rvsecncl, and reports back in order inquiries.
 */
import type { OrderCondition, OrderType } from "../exchange.js";

export interface OrderDivision {
  type: OrderType;
  condition?: OrderCondition;
  /** the name KIS shows in order inquiries (ord_dvsn_name) */
  name: string;
}

export const ORDER_DIVISIONS = {
  "00": { type: "limit", name: "지정가" },
  "01": { type: "market", name: "시장가" },
  "03": { type: "best", name: "최유리지정가" },
  "04": { type: "priority", name: "최우선지정가" },
  "05": { type: "preOpenClose", name: "장전 시간외" },
  "06": { type: "postClose", name: "장후 시간외" },
  "07": { type: "singlePrice", name: "시간외 단일가" },
  "11": { type: "limit", condition: "IOC", name: "IOC지정가" },
  "12": { type: "limit", condition: "FOK", name: "FOK지정가" },
  "13": { type: "market", condition: "IOC", name: "IOC시장가" },
  "14": { type: "market", condition: "FOK", name: "FOK시장가" },
  "15": { type: "best", condition: "IOC", name: "IOC최유리" },
  "16": { type: "best", condition: "FOK", name: "FOK최유리" },
} as const satisfies Record<string, OrderDivision>;

export type OrderDivisionCode = keyof typeof ORDER_DIVISIONS;

export const ORDER_DIVISION_CODES = Object.keys(ORDER_DIVISIONS) as OrderDivisionCode[];

/** The ORD_DVSN of an order's type and condition. */
export function divisionCode(type: OrderType, condition?: OrderCondition): OrderDivisionCode {
  for (const code of ORDER_DIVISION_CODES) {
    const d: OrderDivision = ORDER_DIVISIONS[code];
    if (d.type === type && d.condition === condition) return code;
  }
  return "00";
}

/** Divisions whose order carries its own price in ORD_UNPR (the rest send "0"). */
export const PRICED_DIVISIONS: ReadonlySet<OrderDivisionCode> = new Set(["00", "07", "11", "12"]);
