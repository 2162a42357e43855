import { describe, expect, it } from "vitest";
import { ApiCallWindow } from "../../broker/api-calls.js";
import { AppError } from "../../core/errors.js";

describe("KIS call window", () => {
  it("counts calls and API failures by tr_id, not business refusals", () => {
    let now = 1_000;
    const w = new ApiCallWindow(60_000, () => now);
    w.record("FHKST01010100");
    w.record("FHKST01010100", new AppError("BROKER_UNAVAILABLE", "HTTP 503"));
    w.record("TTTC0802U", new AppError("BROKER_REJECTED", "insufficient cash"));
    w.record("TTTC8434R", new AppError("BROKER_RATE_LIMITED", "EGW00201"));
    now += 1;
    expect(w.summary()).toEqual({
      windowMs: 60_000,
      calls: 4,
      errors: 2,
      errorRate: 0.5,
      byTrId: { FHKST01010100: { calls: 2, errors: 1 }, TTTC0802U: { calls: 1, errors: 0 }, TTTC8434R: { calls: 1, errors: 1 } },
    });
  });

  it("forgets calls older than the window and can count only those since a moment", () => {
    let now = 0;
    const w = new ApiCallWindow(60_000, () => now);
    w.record("A", new AppError("BROKER_UNAVAILABLE", "x"));
    now = 30_000;
    w.record("A");
    now = 61_000;
    expect(w.summary()).toMatchObject({ calls: 1, errors: 0 });
    w.record("A", new AppError("BROKER_UNAVAILABLE", "x"));
    expect(w.summary(45_000)).toMatchObject({ calls: 1, errors: 1, errorRate: 1 });
  });
});
