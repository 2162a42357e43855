import { describe, expect, it } from "vitest";
import { fromKst } from "../../core/clock.js";
import { staleness } from "../../nodes/approve.js";

const TTL_MS = 600_000;
const START = fromKst("20261123", "100000");

describe("approval staleness", () => {
  it("counts an answer within the TTL in the same session", () => {
    expect(staleness(START, START + TTL_MS, TTL_MS)).toBeUndefined();
  });

  it("expires an answer one second past the TTL", () => {
    expect(staleness(START, START + TTL_MS + 1_000, TTL_MS)).toMatch(/601 s after the decision, over the 600 s approval TTL/);
  });

  it("expires an answer on the next day, whatever the TTL", () => {
    expect(staleness(START, fromKst("20261124", "100000"), 7 * 86_400_000)).toMatch(/later KRX session \(20261123 → 20261124/);
  });

  it("expires an answer after the close of a decision made during the session", () => {
    expect(staleness(fromKst("20261123", "152500"), fromKst("20261123", "153100"), TTL_MS)).toMatch(/later KRX session/);
  });
});
