import { describe, expect, it } from "vitest";
import { fromKst } from "../../core/clock.js";
import { DEFAULT_HEALTH_THRESHOLDS, evaluateHealth, haltingFailures, type HealthInputs } from "../../risk/health.js";

const NOW = fromKst("20261123", "110000");
const YESTERDAY = fromKst("20261120", "153000");
const thresholds = { ...DEFAULT_HEALTH_THRESHOLDS, dailyLossLimitRate: 0.02, maxConsecutiveLosses: 3 };

function inputs(overrides: Partial<HealthInputs> = {}): HealthInputs {
  return {
    nowMs: NOW,
    stateChangedAtMs: YESTERDAY,
    marketOpen: true,
    pnl: { todayKrw: -100_000, totalAssetsKrw: 10_000_000 },
    losses: { streak: 1, sinceStateChange: 1 },
    api: { calls: 100, errors: 2, windowMs: 300_000, byTrId: { FHKST01010100: { calls: 100, errors: 2 } } },
    feed: { state: "open", lastTickMs: NOW - 5_000 },
    tokenExpiresAtMs: NOW + 6 * 3_600_000,
    queues: { "trading-run": 0 },
    heartbeats: [NOW - 10_000],
    ...overrides,
  };
}

const statusOf = (i: HealthInputs) => Object.fromEntries(evaluateHealth(i, thresholds).checks.map((c) => [c.name, c.status]));
const halting = (i: HealthInputs) => haltingFailures(evaluateHealth(i, thresholds)).map((c) => c.name);

describe("health checks", () => {
  it("a healthy system reports every check ok and halts nothing", () => {
    const report = evaluateHealth(inputs(), thresholds);
    expect(report.ok).toBe(true);
    expect(report.checks.every((c) => c.status === "ok")).toBe(true);
  });

  it("halts on a daily loss at the limit, a losing streak and an API error rate over 10 %", () => {
    expect(halting(inputs({ pnl: { todayKrw: -200_000, totalAssetsKrw: 10_000_000 } }))).toEqual(["dailyLoss"]);
    expect(halting(inputs({ losses: { streak: 3, sinceStateChange: 1 } }))).toEqual(["consecutiveLosses"]);
    expect(halting(inputs({ api: { calls: 50, errors: 6, windowMs: 300_000, byTrId: { TTTC0802U: { calls: 50, errors: 6 } } } }))).toEqual([
      "apiErrorRate",
    ]);
  });

  it("judges the daily loss against the day's opening equity, as the risk engine does, not against assets already down", () => {
    // 190,000 lost: under 2 % of the 10 M the day opened with, over 2 % of the 9.4 M left after an earlier fall.
    expect(halting(inputs({ pnl: { todayKrw: -190_000, totalAssetsKrw: 9_400_000, openingEquityKrw: 10_000_000 } }))).toEqual([]);
    expect(halting(inputs({ pnl: { todayKrw: -190_000, totalAssetsKrw: 9_400_000 } }))).toEqual(["dailyLoss"]);
  });

  it("names the failing tr_ids in the error-rate message", () => {
    const report = evaluateHealth(
      inputs({
        api: {
          calls: 40,
          errors: 8,
          windowMs: 300_000,
          byTrId: { FHKST01010100: { calls: 30, errors: 7 }, TTTC8434R: { calls: 10, errors: 1 } },
        },
      }),
      thresholds,
    );
    expect(report.checks.find((c) => c.name === "apiErrorRate")?.message).toMatch(
      /8 of 40 .*20\.0 %.*FHKST01010100 7\/30, TTTC8434R 1\/10/,
    );
  });

  it("exactly 10 % does not halt, and too few calls say nothing about a rate", () => {
    expect(halting(inputs({ api: { calls: 100, errors: 10, windowMs: 300_000, byTrId: {} } }))).toEqual([]);
    expect(statusOf(inputs({ api: { calls: 5, errors: 3, windowMs: 300_000, byTrId: {} } })).apiErrorRate).toBe("warn");
  });

  it("respects a resume: a loss already overridden today and a streak with no loss since warn instead of halting", () => {
    const resumedToday = fromKst("20261123", "100000");
    const i = inputs({
      stateChangedAtMs: resumedToday,
      pnl: { todayKrw: -300_000, totalAssetsKrw: 10_000_000 },
      losses: { streak: 4, sinceStateChange: 0 },
    });
    expect(halting(i)).toEqual([]);
    expect(statusOf(i)).toMatchObject({ dailyLoss: "warn", consecutiveLosses: "warn" });
    expect(halting({ ...i, losses: { streak: 5, sinceStateChange: 1 } })).toEqual(["consecutiveLosses"]);
  });

  it("reports a stale feed only while the market is open, and never halts on it", () => {
    const stale = inputs({ feed: { state: "open", lastTickMs: NOW - 120_000 } });
    expect(statusOf(stale).feed).toBe("fail");
    expect(halting(stale)).toEqual([]);
    expect(statusOf({ ...stale, marketOpen: false }).feed).toBe("ok");
    expect(statusOf(inputs({ feed: { state: "connecting" } })).feed).toBe("fail");
  });

  it("warns on a token close to expiry and fails on an expired one", () => {
    expect(statusOf(inputs({ tokenExpiresAtMs: NOW + 5 * 60_000 })).token).toBe("warn");
    expect(statusOf(inputs({ tokenExpiresAtMs: NOW - 1 })).token).toBe("fail");
  });

  it("fails on a queue backlog and on missing or silent worker heartbeats", () => {
    expect(statusOf(inputs({ queues: { "trading-run": 0, health: 21 } })).queues).toBe("fail");
    expect(statusOf(inputs({ heartbeats: [] })).workers).toBe("fail");
    expect(statusOf(inputs({ heartbeats: [NOW - 5_000, NOW - 60_000] })).workers).toBe("fail");
  });

  it("marks what it cannot see unknown without failing the report", () => {
    const bare: HealthInputs = {
      nowMs: NOW,
      stateChangedAtMs: YESTERDAY,
      marketOpen: true,
      losses: { streak: 0, sinceStateChange: 0 },
      api: { calls: 0, errors: 0, windowMs: 300_000, byTrId: {} },
    };
    const report = evaluateHealth(bare, thresholds);
    expect(report.ok).toBe(true);
    expect(report.checks.filter((c) => c.status === "unknown").map((c) => c.name)).toEqual([
      "dailyLoss",
      "feed",
      "token",
      "queues",
      "workers",
    ]);
  });
});
