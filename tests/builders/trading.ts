/** Builders of plain trading-graph inputs with sensible defaults, overridable per test. */
import type { AccountSnapshot, HoldingView } from "../../state/account-snapshot.js";
import type { MarketContext, SymbolContext } from "../../state/market-context.js";

export function makeSymbol(overrides: Partial<SymbolContext> = {}): SymbolContext {
  return {
    symbol: "005930",
    name: "삼성전자",
    held: false,
    priceKrw: 70_000,
    changeRate: 1.2,
    openKrw: 69_000,
    highKrw: 70_500,
    lowKrw: 68_800,
    volume: 10_000_000,
    volumeRatio: 1.0,
    upperLimitKrw: 89_700,
    lowerLimitKrw: 48_300,
    tickSizeKrw: 100,
    ma5: 69_000,
    ma20: 68_000,
    rsi14: 55,
    foreignNetQuantity: 0,
    institutionNetQuantity: 0,
    programNetQuantity: 0,
    quoteReceivedAtMs: 0,
    live: null,
    ...overrides,
  };
}

export function makeHolding(overrides: Partial<HoldingView> = {}): HoldingView {
  return {
    symbol: "005930",
    name: "삼성전자",
    quantity: 10,
    sellableQuantity: 10,
    averagePriceKrw: 70_000,
    purchaseAmountKrw: 700_000,
    currentPriceKrw: 70_000,
    evaluationAmountKrw: 700_000,
    unrealizedPnlKrw: 0,
    unrealizedPnlRate: 0,
    ...overrides,
  };
}

export function makeAccount(overrides: Partial<AccountSnapshot> = {}): AccountSnapshot {
  return {
    readAtMs: 0,
    cashKrw: 100_000_000,
    orderableCashKrw: 100_000_000,
    securitiesValueKrw: 0,
    totalAssetsKrw: 100_000_000,
    holdings: [],
    openOrders: [],
    ...overrides,
  };
}

export function makeMarket(symbols: SymbolContext[], overrides: Partial<MarketContext> = {}): MarketContext {
  return { asOfMs: 0, phase: "CONTINUOUS", kospi: null, symbols, volumeLeaders: [], gainers: [], losers: [], gaps: [], ...overrides };
}
