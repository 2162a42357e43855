import { describe, expect, it } from "vitest";
import { DEFAULT_RISK_LIMITS, parseRiskLimits } from "../../risk/limits.js";

describe("parseRiskLimits", () => {
  it("fills the documented defaults", () => {
    expect(DEFAULT_RISK_LIMITS).toEqual({
      maxPositionWeight: 0.1,
      dailyLossLimitRate: 0.02,
      maxOrderNotionalKrw: 5_000_000,
      maxOrdersPerDay: 20,
      maxQuoteAgeMs: 60_000,
      maxConsecutiveLosses: 3,
    });
  });

  it("keeps given values and defaults the rest", () => {
    expect(parseRiskLimits({ maxPositionWeight: 0.05 })).toEqual({ ...DEFAULT_RISK_LIMITS, maxPositionWeight: 0.05 });
  });

  it("rejects an unknown key", () => {
    expect(() => parseRiskLimits({ maxPositionWieght: 0.05 })).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID", message: expect.stringContaining("maxPositionWieght") }),
    );
  });

  it.each([
    ["a weight above 1", { maxPositionWeight: 1.5 }],
    ["a zero loss limit", { dailyLossLimitRate: 0 }],
    ["a fractional notional", { maxOrderNotionalKrw: 1.5 }],
    ["a negative order count", { maxOrdersPerDay: -1 }],
    ["a string where a number belongs", { maxQuoteAgeMs: "60s" }],
    ["something other than an object", 42],
  ])("rejects %s", (_name, input) => {
    expect(() => parseRiskLimits(input)).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
  });
});
