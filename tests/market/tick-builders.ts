/** Builders of market events for market/ tests. */
import type { BookUpdate, ProgramUpdate, TradeTick } from "../../core/market-events.js";
import { kstEpochMs } from "../../broker/kis/realtime-records.js";

export const T0 = kstEpochMs(20260105, 100000);

export function makeTick(overrides: Partial<TradeTick> = {}): TradeTick {
  return {
    symbol: "005930",
    exchangeTimeMs: T0,
    receivedAtMs: T0,
    priceKrw: 70_000,
    changeKrw: 0,
    changeRate: 0,
    openKrw: 70_000,
    highKrw: 70_000,
    lowKrw: 70_000,
    volume: 10,
    cumulativeVolume: 10,
    cumulativeValueKrw: 700_000,
    askKrw: 70_100,
    bidKrw: 70_000,
    askQuantity: 100,
    bidQuantity: 300,
    totalAskQuantity: 1_000,
    totalBidQuantity: 3_000,
    buyPower: 100,
    cumulativeBuyVolume: 0,
    cumulativeSellVolume: 0,
    aggressor: "buy",
    halted: false,
    viActive: false,
    viReferencePriceKrw: 0,
    ...overrides,
  };
}

export function makeBook(overrides: Partial<BookUpdate> = {}): BookUpdate {
  const levels = (start: number, step: number) => Array.from({ length: 10 }, (_, i) => start + i * step);
  return {
    symbol: "005930",
    exchangeTimeMs: T0,
    receivedAtMs: T0,
    askPricesKrw: levels(70_100, 100),
    bidPricesKrw: levels(70_000, -100),
    askQuantities: levels(10, 1),
    bidQuantities: levels(20, 1),
    totalAskQuantity: 500,
    totalBidQuantity: 1_500,
    expectedPriceKrw: 0,
    viActive: false,
    ...overrides,
  };
}

export function makeProgram(netVolume: number, exchangeTimeMs = T0, symbol = "005930"): ProgramUpdate {
  return {
    symbol,
    exchangeTimeMs,
    receivedAtMs: exchangeTimeMs,
    sellVolume: 0,
    sellValueKrw: 0,
    buyVolume: netVolume,
    buyValueKrw: 0,
    netVolume,
    netValueKrw: 0,
  };
}

/** Feeds `prices` as trades one second apart. */
export function tradesAt(prices: number[], volumes: number[] = [], start = T0): TradeTick[] {
  return prices.map((priceKrw, i) =>
    makeTick({ priceKrw, volume: volumes[i] ?? 10, exchangeTimeMs: start + i * 1000, receivedAtMs: start + i * 1000 }),
  );
}
