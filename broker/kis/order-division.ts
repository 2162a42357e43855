/**
 * ORD_DVSN of the order types the agent may send (reference §4.22): limit 00, market 01,
 * 최유리지정가 03, and their IOC (11, 13, 15) and FOK (12, 14, 16) variants. Only limit orders
 * carry a price; the others send ORD_UNPR "0".
 */
import type { OrderCondition, OrderType } from "../../core/types.js";

const DIVISIONS: Record<OrderType, Record<OrderCondition | "none", string>> = {
  limit: { none: "00", IOC: "11", FOK: "12" },
  market: { none: "01", IOC: "13", FOK: "14" },
  best: { none: "03", IOC: "15", FOK: "16" },
};

export function orderDivision(type: OrderType, condition?: OrderCondition): string {
  return DIVISIONS[type][condition ?? "none"];
}

/** The order type of an ORD_DVSN KIS reports; divisions the agent never sends read as limit orders. */
export function orderTypeOf(code: string): OrderType {
  const c = code.trim();
  for (const type of ["market", "best"] as const) if (Object.values(DIVISIONS[type]).includes(c)) return type;
  return "limit";
}
