import { describe, expect, it } from "vitest";
import { fromKst } from "../../core/clock.js";
import { backtestEnv, tradingDaysBetween } from "../../runtime/backtest.js";
import { lastTradingDays } from "../../runtime/prompt-eval.js";

describe("backtest periods and environment", () => {
  it("trading days skip weekends and KRX holidays (2026-10-05 and 10-09 are closed)", () => {
    expect(tradingDaysBetween("20261003", "20261012")).toEqual(["20261006", "20261007", "20261008", "20261012"]);
    expect(() => tradingDaysBetween("20261010", "20261011")).toThrow(/No KRX trading day/);
    expect(() => tradingDaysBetween("2026-10-10", "20261011")).toThrow(/YYYYMMDD/);
  });

  it("the gate's days end on the last trading day before now", () => {
    expect(lastTradingDays(fromKst("20261020", "090000"), 1)).toEqual({ from: "20261019", to: "20261019" });
    // Sunday 2026-10-25: the week before, Monday to Friday
    expect(lastTradingDays(fromKst("20261025", "180000"), 5)).toEqual({ from: "20261019", to: "20261023" });
  });

  it("a backtest never sees the KIS account, only the simulator's settings", () => {
    const env = backtestEnv({
      KIS_APP_KEY: "k",
      KIS_APP_SECRET: "s",
      KIS_ACCOUNT_NO: "1",
      KIS_ENV: "real",
      KIS_SIM_SEED: "7",
      LLM_PROVIDER: "offline",
    });
    expect(env).toEqual({ KIS_SIM_SEED: "7", LLM_PROVIDER: "offline" });
  });
});
