/**
 * Is KRX open on a date? The KIS holiday endpoint decides (asked once per date range and cached,
 * as KIS asks callers to); when it cannot be reached, the built-in calendar of venue/krx-calendar.ts does.
 */
import type { MarketData } from "../broker/ports.js";
import { errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { isKrxTradingDay } from "../venue/krx-calendar.js";

export interface TradingCalendar {
  isTradingDay(yyyymmdd: string): Promise<boolean>;
}

/** The built-in calendar alone (tests, replays without a broker). */
export const builtInCalendar: TradingCalendar = { isTradingDay: async (date) => isKrxTradingDay(date) };

export function createTradingCalendar(market: Pick<MarketData, "getTradingCalendar">, log: Logger): TradingCalendar {
  const known = new Map<string, boolean>();
  return {
    async isTradingDay(date) {
      const cached = known.get(date);
      if (cached !== undefined) return cached;
      try {
        for (const day of await market.getTradingCalendar(date)) known.set(day.date, day.isOpen);
      } catch (err) {
        log.warn("KIS holiday calendar unavailable; using the built-in KRX calendar", { date, error: errorMessage(err) });
        return isKrxTradingDay(date);
      }
      // A date the endpoint did not list falls back too, but is not cached: the next call may list it.
      return known.get(date) ?? isKrxTradingDay(date);
    },
  };
}
