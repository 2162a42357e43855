/** An in-memory MarketData: quotes and daily bars set per symbol, failures injectable per method, calls counted. */
import type { MarketData } from "../../broker/ports.js";
import { AppError } from "../../core/errors.js";
import type { Bar, IndexQuote, InvestorFlow, ProgramTrade, Quote, RankingEntry } from "../../core/types.js";

export function fakeQuote(symbol: string, priceKrw: number, overrides: Partial<Quote> = {}): Quote {
  return {
    symbol,
    name: `종목${symbol}`,
    priceKrw,
    changeKrw: 0,
    changeRate: 0,
    openKrw: priceKrw,
    highKrw: priceKrw,
    lowKrw: priceKrw,
    volume: 1_000_000,
    tradeValueKrw: priceKrw * 1_000_000,
    basePriceKrw: priceKrw,
    upperLimitKrw: Math.floor(priceKrw * 1.3),
    lowerLimitKrw: Math.ceil(priceKrw * 0.7),
    tickSizeKrw: 100,
    lotSize: 1,
    halted: false,
    receivedAtMs: 0,
    ...overrides,
  };
}

export class FakeMarketData implements MarketData {
  quotes = new Map<string, Quote>();
  bars = new Map<string, Bar[]>();
  flows = new Map<string, InvestorFlow[]>();
  failing = new Set<keyof MarketData>();
  calls: Array<{ method: keyof MarketData; symbol?: string }> = [];

  private guard(method: keyof MarketData, symbol?: string): void {
    this.calls.push(symbol === undefined ? { method } : { method, symbol });
    if (this.failing.has(method)) throw new AppError("BROKER_UNAVAILABLE", `${method} is down`);
  }

  async getQuote(symbol: string): Promise<Quote> {
    this.guard("getQuote", symbol);
    const q = this.quotes.get(symbol);
    if (!q) throw new AppError("BROKER_REJECTED", `unknown symbol ${symbol}`);
    return q;
  }
  async getRecentTicks() {
    this.guard("getRecentTicks");
    return [];
  }
  async getDailyBars(symbol: string, range: { from: string; to: string }): Promise<Bar[]> {
    this.guard("getDailyBars", symbol);
    return (this.bars.get(symbol) ?? []).filter((b) => b.date >= range.from && b.date <= range.to);
  }
  async getMinuteBars() {
    this.guard("getMinuteBars");
    return [];
  }
  async getVolumeRanking(): Promise<RankingEntry[]> {
    this.guard("getVolumeRanking");
    return [...this.quotes.values()].map((q, i) => ({
      rank: i + 1,
      symbol: q.symbol,
      name: q.name,
      priceKrw: q.priceKrw,
      changeRate: q.changeRate,
      volume: q.volume,
    }));
  }
  async getChangeRanking(): Promise<RankingEntry[]> {
    this.guard("getChangeRanking");
    return [];
  }
  async getIndex(code = "0001"): Promise<IndexQuote> {
    this.guard("getIndex");
    return { code, value: 2_500, change: 10, changeRate: 0.4, volume: 0, tradeValueKrw: 0, advancers: 500, decliners: 300, unchanged: 100 };
  }
  async getInvestorFlows(symbol: string): Promise<InvestorFlow[]> {
    this.guard("getInvestorFlows", symbol);
    return this.flows.get(symbol) ?? [];
  }
  async getProgramTrades(): Promise<ProgramTrade[]> {
    this.guard("getProgramTrades");
    return [];
  }
  async getTradingCalendar() {
    this.guard("getTradingCalendar");
    return [];
  }
}
