/**
 * analyze: market context for the account's symbols (holdings first, then the watchlist) — quotes,
 * daily indicators, investor and program flows, rankings, the KOSPI index and the live tick
 * snapshot. What cannot be fetched becomes a named gap, never a crash and never a guess.
 */
import type { MarketData } from "../broker/ports.js";
import { addDays, kstParts, type Clock } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { Quote, RankingEntry } from "../core/types.js";
import { sma, volumeRatio, wilderRsi } from "../market/daily-stats.js";
import { sessionPhase } from "../venue/krx.js";
import type { LiveIndicators, MarketContext, SymbolContext } from "../state/market-context.js";
import type { TradingStateUpdate, TradingStateValue } from "../state/trading-state.js";
import type { RunContext } from "./run-context.js";

export interface LiveSnapshotSource {
  get(symbol: string): LiveIndicators | null;
}

interface DailyInputs {
  closes: number[];
  volumes: number[];
  foreignNetQuantity: number | null;
  institutionNetQuantity: number | null;
}

export interface AnalyzeDeps {
  market: MarketData;
  clock: Clock;
  watchlist: readonly string[];
  live?: LiveSnapshotSource;
  /** daily bars and flows change once a day: cached by symbol and date across runs */
  dailyCache?: Map<string, DailyInputs>;
  /** the account diagnose stored, and where the market context is stored; the state keeps its ref */
  context: Pick<RunContext, "account" | "saveMarket">;
}

const RANKING_ROWS = 10;

async function dailyInputs(deps: AnalyzeDeps, symbol: string, today: string): Promise<DailyInputs> {
  const key = `${symbol}:${today}`;
  const cached = deps.dailyCache?.get(key);
  if (cached) return cached;
  const [bars, flows] = await Promise.all([
    deps.market.getDailyBars(symbol, { from: addDays(today, -60), to: addDays(today, -1) }),
    deps.market.getInvestorFlows(symbol).catch(() => []),
  ]);
  const past = bars.filter((b) => b.date < today);
  const latestFlow = flows.find((f) => f.date < today) ?? null;
  const inputs = {
    closes: past.map((b) => b.closeKrw),
    volumes: past.map((b) => b.volume),
    foreignNetQuantity: latestFlow?.foreignNetQuantity ?? null,
    institutionNetQuantity: latestFlow?.institutionNetQuantity ?? null,
  };
  deps.dailyCache?.set(key, inputs);
  return inputs;
}

async function programNet(deps: AnalyzeDeps, symbol: string): Promise<number | null> {
  const series = await deps.market.getProgramTrades(symbol).catch(() => []);
  return series[0]?.netVolume ?? null;
}

async function symbolContext(deps: AnalyzeDeps, symbol: string, held: boolean, nowMs: number): Promise<SymbolContext> {
  const { date, secondOfDay } = kstParts(nowMs);
  const [quote, daily, program] = await Promise.all([
    deps.market.getQuote(symbol),
    dailyInputs(deps, symbol, date),
    programNet(deps, symbol),
  ]);
  const closes = [...daily.closes, quote.priceKrw];
  return {
    ...quoteFields(quote, held),
    volumeRatio: volumeRatio(quote.volume, daily.volumes.slice(-20), secondOfDay),
    ma5: sma(closes, 5),
    ma20: sma(closes, 20),
    rsi14: wilderRsi(closes.slice(-60)),
    foreignNetQuantity: daily.foreignNetQuantity,
    institutionNetQuantity: daily.institutionNetQuantity,
    programNetQuantity: program,
    live: deps.live?.get(symbol) ?? null,
  };
}

function quoteFields(q: Quote, held: boolean) {
  return {
    symbol: q.symbol,
    name: q.name,
    held,
    priceKrw: q.priceKrw,
    changeRate: q.changeRate,
    openKrw: q.openKrw,
    highKrw: q.highKrw,
    lowKrw: q.lowKrw,
    volume: q.volume,
    upperLimitKrw: q.upperLimitKrw,
    lowerLimitKrw: q.lowerLimitKrw,
    tickSizeKrw: q.tickSizeKrw,
    quoteReceivedAtMs: q.receivedAtMs,
  };
}

const ranked = (rows: RankingEntry[]) =>
  rows
    .slice(0, RANKING_ROWS)
    .map((r) => ({ symbol: r.symbol, name: r.name, priceKrw: r.priceKrw, changeRate: r.changeRate, volume: r.volume }));

/** Runs a fetch, turning a failure into a gap line and an empty value. */
async function orGap<T>(gaps: string[], what: string, fallback: T, fetch: () => Promise<T>): Promise<T> {
  try {
    return await fetch();
  } catch (err) {
    gaps.push(`${what}: ${errorMessage(err)}`);
    return fallback;
  }
}

export function createAnalyze(deps: AnalyzeDeps) {
  return async function analyze(state: TradingStateValue): Promise<TradingStateUpdate> {
    const nowMs = deps.clock.now();
    const holdings = deps.context.account(state)?.holdings ?? [];
    const held = new Set(holdings.map((h) => h.symbol));
    const universe = [...new Set([...held, ...deps.watchlist])];
    const gaps: string[] = [];
    const kospi = await orGap(gaps, "KOSPI index", null, async () => {
      const i = await deps.market.getIndex("0001");
      return { value: i.value, changeRate: i.changeRate, advancers: i.advancers, decliners: i.decliners };
    });
    const volumeLeaders = ranked(await orGap(gaps, "volume ranking", [], () => deps.market.getVolumeRanking({ limit: RANKING_ROWS })));
    const gainers = ranked(await orGap(gaps, "gainers", [], () => deps.market.getChangeRanking({ direction: "up", limit: RANKING_ROWS })));
    const losers = ranked(await orGap(gaps, "losers", [], () => deps.market.getChangeRanking({ direction: "down", limit: RANKING_ROWS })));
    // KIS quotes carry no name: take it from the holdings and the rankings where they have it.
    const names = new Map([...volumeLeaders, ...gainers, ...losers, ...holdings].map((r) => [r.symbol, r.name]));
    const symbols: SymbolContext[] = [];
    // Sequential on purpose: the client's rate limiter paces calls, and holdings come first.
    for (const symbol of universe) {
      const context = await orGap(gaps, `symbol ${symbol}`, null, () => symbolContext(deps, symbol, held.has(symbol), nowMs));
      if (context) symbols.push({ ...context, name: context.name || names.get(symbol) || "" });
    }
    const market: MarketContext = { asOfMs: nowMs, phase: sessionPhase(nowMs), kospi, symbols, volumeLeaders, gainers, losers, gaps };
    const missingHeld = [...held].filter((s) => !symbols.some((c) => c.symbol === s));
    return {
      marketRef: deps.context.saveMarket(state.runId, market).marketRef,
      ...(missingHeld.length > 0 ? { alerts: `analyze: no market data for held ${missingHeld.join(", ")}` } : {}),
    };
  };
}
