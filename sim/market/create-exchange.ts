/**
 * `createSimExchange`: the simulator core behind the KIS wire front — the seeded market and the
 * matching engine wired together behind the `SimExchange` contract. Order calls first bring the
 * market up to the clock, so validation and fills see the book as it is at that instant.
 */
import { formatKstIso, type Clock } from "../../core/clock.js";
import { AppError } from "../../core/errors.js";
import { isOnTickGrid, KRX_CODE_PATTERN } from "../../venue/krx.js";
import type { ExchangeEvent, SimExchange, SymbolInfo } from "../exchange.js";
import { DEFAULT_FEES } from "../../core/fees.js";
import { MatchingEngine } from "../matching/matching-engine.js";
import type { MatchingSnapshot } from "../matching/matching-snapshot.js";
import { copyBook } from "./order-book.js";
import { MarketEngine } from "./market-engine.js";
import { listingOf, loadMarketData, type MarketDataSpec, recordedSymbols } from "./market-data.js";
import type { RecordedMarket } from "./recorded-tape.js";
import { currentOrNextSession } from "./session-day.js";
import { DEFAULT_UNIVERSE } from "./universe.js";

export interface SimExchangeOptions {
  seed: number;
  clock: Clock;
  /** @defaultValue DEFAULT_UNIVERSE (22 KOSPI/KOSDAQ names) */
  symbols?: SymbolInfo[];
  /** cash of a new account @defaultValue 100_000_000 */
  initialCashKrw?: number;
  /** per side @defaultValue 0.00015 */
  commissionRate?: number;
  /** on sells @defaultValue 0.002 */
  sellTaxRate?: number;
  /** trading days of seeded daily bars before the start @defaultValue 120 */
  historyDays?: number;
  /** accounts to start with (a state file's); absent → none until first use */
  accounts?: MatchingSnapshot;
  /**
   * what the market plays: the seeded generator (default) or recorded data (market-data.ts); a
   * recording lists its own symbols (unless `symbols` is given) and its own daily history
   */
  market?: MarketDataSpec;
}

/** The exchange plus what a state file needs from it. */
export interface SimCore extends SimExchange {
  /** every account as plain data (a copy) */
  snapshotAccounts(): MatchingSnapshot;
}

interface Core {
  market: MarketEngine;
  matching: MatchingEngine;
}

function validate(options: SimExchangeOptions): Required<Omit<SimExchangeOptions, "clock" | "accounts" | "market">> {
  const resolved = {
    seed: options.seed,
    symbols: options.symbols ?? [...DEFAULT_UNIVERSE],
    initialCashKrw: options.initialCashKrw ?? 100_000_000,
    commissionRate: options.commissionRate ?? DEFAULT_FEES.commissionRate,
    sellTaxRate: options.sellTaxRate ?? DEFAULT_FEES.sellTaxRate,
    historyDays: options.historyDays ?? 120,
  };
  const fail = (message: string) => {
    throw new AppError("DATA_INVALID", message);
  };
  if (!Number.isInteger(resolved.seed)) fail(`Expected an integer seed, received ${resolved.seed}`);
  if (!Number.isInteger(resolved.initialCashKrw) || resolved.initialCashKrw < 0)
    fail(`Expected a non-negative integer initialCashKrw, received ${resolved.initialCashKrw}`);
  for (const [name, rate] of [
    ["commissionRate", resolved.commissionRate],
    ["sellTaxRate", resolved.sellTaxRate],
  ] as const) {
    if (!(rate >= 0 && rate < 0.1)) fail(`Expected ${name} in [0, 0.1), received ${rate}`);
  }
  if (!Number.isInteger(resolved.historyDays) || resolved.historyDays < 0 || resolved.historyDays > 2_000)
    fail(`Expected historyDays in 0–2000, received ${resolved.historyDays}`);
  if (resolved.symbols.length === 0) fail("Expected at least one symbol, received none");
  const seen = new Set<string>();
  for (const s of resolved.symbols) {
    if (!KRX_CODE_PATTERN.test(s.code) || seen.has(s.code)) fail(`Expected unique 6-character KRX codes, received ${s.code}`);
    if (!isOnTickGrid(s.previousCloseKrw)) fail(`Expected ${s.code}'s previous close on the tick grid, received ${s.previousCloseKrw}`);
    if (!Number.isInteger(s.sharesOutstanding) || s.sharesOutstanding <= 0)
      fail(`Expected positive shares outstanding for ${s.code}, received ${s.sharesOutstanding}`);
    seen.add(s.code);
  }
  return resolved;
}

export function createSimExchange(options: SimExchangeOptions): SimCore {
  const recorded: RecordedMarket | undefined = options.market && loadMarketData(options.market);
  const narrowed = options.market?.kind === "generated" ? options.market.symbols : undefined;
  const listing = options.symbols
    ? {}
    : recorded
      ? { symbols: recordedSymbols(recorded, currentOrNextSession(options.clock.now()).date) }
      : narrowed
        ? { symbols: listingOf(narrowed) }
        : {};
  const config = validate({ ...options, ...listing });
  const clock = options.clock;
  let listeners: Array<(event: ExchangeEvent) => void> = [];
  const emit = (event: ExchangeEvent): void => {
    for (let i = 0; i < listeners.length; i++) listeners[i]!(event);
  };

  const build = (seed: number): Core => {
    const market = new MarketEngine({
      seed,
      startMs: clock.now(),
      symbols: config.symbols,
      historyDays: config.historyDays,
      emit,
      ...(recorded ? { recorded } : {}),
    });
    const matching = new MatchingEngine({
      clock,
      emit,
      initialCashKrw: config.initialCashKrw,
      fees: { commissionRate: config.commissionRate, sellTaxRate: config.sellTaxRate },
      market: {
        state: (code) => market.symbol(code)?.state,
        book: (code) => market.book(code),
        offHoursQuantity: (code, session, side) => market.offHoursQuantity(code, session, side),
        takeLiquidity: (code, side, limit, quantity, timeMs) => market.takeLiquidity(code, side, limit, quantity, timeMs),
      },
    });
    market.hooks = matching;
    return { market, matching };
  };
  let core = build(config.seed);
  if (options.accounts) {
    if (options.accounts.savedAtMs > clock.now()) {
      throw new AppError(
        "CONFIG_INVALID",
        `Expected the clock at or after the accounts' saved time ${formatKstIso(options.accounts.savedAtMs)}, received ${formatKstIso(clock.now())}: the simulated time must not run backwards`,
      );
    }
    // The day so far is generated first, so restored resting orders never meet earlier prints.
    core.market.advanceTo(clock.now());
    core.matching.restore(options.accounts, core.market.sessionDate);
  }
  /** Order calls see the market as of now. */
  const live = (): Core => {
    core.market.advanceTo(clock.now());
    return core;
  };

  return {
    clock,
    symbols: () => core.market.symbols.map((s) => ({ ...s.state.info })),
    symbol: (code) => {
      const state = core.market.symbol(code)?.state;
      return state && { ...state };
    },
    book: (code) => {
      const book = core.market.book(code);
      return book && copyBook(book);
    },
    recentTrades: (code, limit) => core.market.symbol(code)?.tape.recentTrades(limit) ?? [],
    minuteBars: (code, untilMs) => core.market.symbol(code)?.tape.minuteBars(untilMs) ?? [],
    dailyBars: (code, from, to) => core.market.dailyBars(code, from, to),
    investorFlows: (code) => core.market.investorFlows(code),
    programSeries: (code) => core.market.programSeries(code),
    index: (code) => core.market.index(code),
    headlines: (fromDate, untilMs) => core.market.headlines(fromDate, untilMs),
    nxt: (code) => {
      const venue = core.market.nxtOf(code);
      return venue && { state: { ...venue.state }, book: copyBook(venue.book) };
    },
    indicative: (code) => core.market.indicative(code, clock.now()),
    advanceTo: (ms) => core.market.advanceTo(ms),
    on: (listener) => {
      listeners = [...listeners, listener];
      return () => {
        listeners = listeners.filter((l) => l !== listener);
      };
    },
    account: (accountId) => core.matching.account(accountId),
    placeOrder: (accountId, order) => live().matching.placeOrder(accountId, order),
    modifyOrder: (accountId, orderNo, change) => live().matching.modifyOrder(accountId, orderNo, change),
    cancelOrder: (accountId, orderNo, change) => live().matching.cancelOrder(accountId, orderNo, change),
    openOrders: (accountId) => core.matching.openOrders(accountId),
    orders: (accountId, from, to) => core.matching.orders(accountId, from, to),
    fills: (accountId, from, to) => core.matching.fills(accountId, from, to),
    dailyPnl: (accountId, from, to) => core.matching.dailyPnl(accountId, from, to),
    reset: (seed) => {
      core = build(seed ?? config.seed);
    },
    setHalted: (code, halted) => {
      const state = core.market.symbol(code)?.state;
      if (state) state.halted = halted;
    },
    snapshotAccounts: () => core.matching.snapshot(),
  };
}
