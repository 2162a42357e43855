import { describe, expect, it } from "vitest";
import { AppError } from "../../core/errors.js";
import { silentLogger } from "../../core/logger.js";
import type { TradingDayInfo } from "../../core/types.js";
import { createTradingCalendar } from "../../jobs/trading-calendar.js";

function fakeMarket(answer: TradingDayInfo[] | Error) {
  const calls: string[] = [];
  return {
    calls,
    market: {
      async getTradingCalendar(date: string) {
        calls.push(date);
        if (answer instanceof Error) throw answer;
        return answer;
      },
    },
  };
}

const day = (date: string, isOpen: boolean): TradingDayInfo => ({ date, isOpen, isBusinessDay: isOpen, isSettlementDay: isOpen });

describe("createTradingCalendar", () => {
  it("follows KIS over the built-in calendar and asks once per listed range", async () => {
    // KIS says a built-in trading day is closed (an ad-hoc closure) and the next one is open.
    const { market, calls } = fakeMarket([day("20261123", false), day("20261124", true)]);
    const calendar = createTradingCalendar(market, silentLogger);
    expect(await calendar.isTradingDay("20261123")).toBe(false);
    expect(await calendar.isTradingDay("20261124")).toBe(true);
    expect(calls).toEqual(["20261123"]);
  });

  it("falls back to the built-in KRX calendar when KIS cannot be reached", async () => {
    const { market } = fakeMarket(new AppError("BROKER_UNAVAILABLE", "down", { retryable: true }));
    const calendar = createTradingCalendar(market, silentLogger);
    expect(await calendar.isTradingDay("20261225")).toBe(false);
    expect(await calendar.isTradingDay("20261223")).toBe(true);
  });

  it("falls back for a date KIS did not list", async () => {
    const { market } = fakeMarket([day("20261130", true)]);
    expect(await createTradingCalendar(market, silentLogger).isTradingDay("20261128")).toBe(false);
  });
});
