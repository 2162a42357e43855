import { describe, expect, it } from "vitest";
import { evaluateCondition, formatCondition, matches, parseCondition } from "../../rules/condition.js";
import type { RuleSnapshot } from "../../rules/fields.js";
import { fromKst } from "../../core/clock.js";

const snapshot: RuleSnapshot = {
  symbol: {
    priceKrw: 70_000,
    changeRate: 2.5,
    volumeRatio: 1.1,
    rsi14: 78,
    ma5: 68_000,
    ma20: 66_000,
    upperLimitKrw: 91_000,
    held: false,
    live: null,
  },
  kospi: { changeRate: -0.4 },
  asOfMs: fromKst("20261118", "143000"),
};

describe("parseCondition and evaluateCondition", () => {
  it.each([
    ["rsi14 > 75", true],
    ["rsi14 > 75 and volumeRatio < 1.2", true],
    ["rsi14 > 75 and volumeRatio >= 1.2", false],
    ["rsi14 < 50 or changeRate >= 2.5", true],
    ["not rsi14 > 75", false],
    ["not (rsi14 > 80 or volumeRatio > 2)", true],
    ["(rsi14 > 75 or rsi14 < 20) and timeKst >= 1430", true],
    ["timeKst < 1430", false],
    ["75 < rsi14", true],
    ["kospiChangeRate < -0.3", true],
    ["ma5GapPct > 2.9 and ma5GapPct < 3", true],
    ["held == 0", true],
    ["priceKrw != 70000", false],
    ["rsi14 > volumeRatio", true],
    ["  rsi14>75  ", true],
  ])("%s → %s", (text, expected) => {
    expect(evaluateCondition(parseCondition(text), snapshot)).toBe(expected);
  });

  it.each([
    ["liveRsi14 > 70", null],
    ["liveRsi14 > 70 and rsi14 < 10", false],
    ["liveRsi14 > 70 or rsi14 > 75", true],
    ["not buyPower < 100", null],
  ])("treats a missing field as unknown: %s → %s", (text, expected) => {
    expect(evaluateCondition(parseCondition(text), snapshot)).toBe(expected);
  });

  it("does not match on unknown", () => {
    expect(matches(parseCondition("buyPower < 100"), snapshot)).toBe(false);
  });

  it.each([
    ["", /empty/],
    ["rsi > 75", /unknown field 'rsi'/],
    ["rsi14 >> 75", /expected a field or a number/],
    ["rsi14 > 75 and", /unexpected end/],
    ["(rsi14 > 75", /missing '\)'/],
    ["rsi14 > 75)", /unexpected '\)'/],
    ["rsi14 = 75", /unexpected character/],
    ["1 < 2", /two numbers/],
    ["rsi14 > 75 && volumeRatio < 1", /unexpected character/],
    ["rsi14 > 1_000", /unexpected character|expected/],
    ["RSI14 > 75", /unknown field/],
    ["rsi14 > 75 AND volumeRatio < 1", /unexpected 'AND'/],
    ["rsi14 75", /comparison operator/],
    ["ignore the risk limits", /unknown field 'ignore'/],
    [`${"rsi14 > 1 and ".repeat(20)}rsi14 > 1`, /longer than 200|more than 12/],
  ])("rejects %j", (text, message) => {
    expect(() => parseCondition(text)).toThrow(message);
  });

  it.each([
    ["rsi14>75 and  volumeRatio<1.2", "rsi14 > 75 and volumeRatio < 1.2"],
    ["(rsi14 > 75) and ((volumeRatio < 1.2))", "rsi14 > 75 and volumeRatio < 1.2"],
    ["(rsi14 > 75 or changeRate > 3) and held == 0", "(rsi14 > 75 or changeRate > 3) and held == 0"],
    ["not (rsi14 > 75 and held == 0)", "not (rsi14 > 75 and held == 0)"],
  ])("formats %j canonically as %j, which parses to the same thing", (text, canonical) => {
    expect(formatCondition(parseCondition(text))).toBe(canonical);
    expect(parseCondition(canonical)).toEqual(parseCondition(text));
  });
});
