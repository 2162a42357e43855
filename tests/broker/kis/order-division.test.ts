import { describe, expect, it } from "vitest";
import { orderDivision, orderTypeOf } from "../../../broker/kis/order-division.js";

describe("ORD_DVSN of the agent's order types", () => {
  it("reads back the type of every division it sends", () => {
    for (const type of ["limit", "market", "best"] as const) {
      for (const condition of [undefined, "IOC", "FOK"] as const) expect(orderTypeOf(orderDivision(type, condition))).toBe(type);
    }
  });

  it("reads divisions it never sends (최우선, off-hours) as limit orders", () => {
    expect(["04", "05", "06", "07", " 00 "].map(orderTypeOf)).toEqual(["limit", "limit", "limit", "limit", "limit"]);
  });
});
