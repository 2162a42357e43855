/**
 * The live tick pipeline: one object that owns a real-time feed session and wires it to the tick
 * store (indicators), triggers and a batched tick sink, with the subscription budget deciding what
 * the session registers. Venue-agnostic: the feed is a port (the KIS feed satisfies it).
 */
import type { Clock } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { BookUpdate, ExecutionNotice, FeedSubscription, ProgramUpdate, TradeTick } from "../core/market-events.js";
import type { TickRow } from "./indicators/columns.js";
import { symbolSnapshot, type SnapshotOptions, type SymbolSnapshot } from "./snapshot.js";
import { SubscriptionBudget, type BudgetDiff } from "./subscription-budget.js";
import { TickStore } from "./tick-store.js";
import { TriggerEngine, type TriggerConfig, type TriggerEvent } from "./triggers.js";
import type { InvestorFlows } from "./investor-flow.js";

export interface FeedGap {
  disconnectedAtMs: number;
  reconnectedAtMs: number;
  missedMs: number;
}

export interface LiveFeedStatus {
  state: "connecting" | "connected" | "disconnected" | "closed";
  atMs: number;
  gap?: FeedGap;
  reason?: string;
}

export interface LiveAlert {
  code: string;
  message: string;
  atMs: number;
  details?: Record<string, unknown>;
}

export interface LiveFeedEvents {
  trade: TradeTick;
  book: BookUpdate;
  program: ProgramUpdate;
  notice: ExecutionNotice;
  status: LiveFeedStatus;
  alert: LiveAlert;
}

/**
 * The feed session the pipeline drives (broker/kis/feed.ts KisFeed), spoken in feed kinds: the
 * broker maps them to its own registrations. Events are delivered synchronously.
 */
export interface LiveFeed {
  start(): Promise<void>;
  close(): Promise<void>;
  apply(diff: { subscribe: FeedSubscription[]; unsubscribe: FeedSubscription[] }): Promise<void>;
  subscriptions(): FeedSubscription[];
  on<K extends keyof LiveFeedEvents>(event: K, listener: (event: LiveFeedEvents[K]) => void): () => void;
}

export interface TickSink {
  write(row: TickRow): void;
  /** writes whatever is buffered; returns how many rows */
  flush(): number;
  /** a sink with a thread or handle of its own finishes writing and releases it here */
  close?(): Promise<unknown>;
}

export interface LivePipelineEvents {
  /** after a trade has updated its symbol's indicators */
  tick: TradeTick;
  trigger: TriggerEvent;
  notice: ExecutionNotice;
  alert: LiveAlert;
  status: LiveFeedStatus;
}

export interface LivePipelineOptions {
  feed: LiveFeed;
  clock: Clock;
  logger: Logger;
  /** the execution-notice registration (the notice feed with the HTS ID), always kept */
  notice: FeedSubscription;
  sink?: TickSink;
  triggers?: Partial<TriggerConfig>;
  snapshot?: SnapshotOptions;
  /** @defaultValue 41 */
  registrationCap?: number;
}

export interface LivePipelineStatus {
  state: LiveFeedStatus["state"] | "idle";
  registrations: FeedSubscription[];
  /** connections after the first */
  reconnects: number;
  gaps: FeedGap[];
  /** alerts seen, by code */
  alerts: Record<string, number>;
  /** symbols dropped from the feed by the budget, most recent rebalance */
  evicted: string[];
  trades: number;
  symbols: Array<{ symbol: string; trades: number; exchangeTimeMs: number }>;
}

type Listeners = { [K in keyof LivePipelineEvents]: Array<(event: LivePipelineEvents[K]) => void> };

export class LivePipeline {
  readonly store: TickStore;
  private readonly budget: SubscriptionBudget;
  private readonly listeners: Listeners = { tick: [], trigger: [], notice: [], alert: [], status: [] };
  private readonly log: Logger;
  private readonly detach: Array<() => void> = [];
  private applying: Promise<void> = Promise.resolve();
  private state: LivePipelineStatus["state"] = "idle";
  private connections = 0;
  private trades = 0;
  private evicted: string[] = [];
  private readonly gaps: FeedGap[] = [];
  private readonly alerts: Record<string, number> = {};
  private stopped = false;

  constructor(private readonly options: LivePipelineOptions) {
    this.log = options.logger.child({ module: "market.live" });
    this.budget = new SubscriptionBudget({ notice: options.notice, ...(options.registrationCap ? { cap: options.registrationCap } : {}) });
    this.store = new TickStore({
      ...(options.sink ? { sink: options.sink } : {}),
      triggers: new TriggerEngine(options.triggers ?? {}),
      onTrigger: (event) => this.emit("trigger", event),
    });
    const { feed } = options;
    this.detach.push(
      feed.on("trade", (tick) => this.onTrade(tick)),
      feed.on("book", (book) => this.store.onBook(book)),
      feed.on("program", (update) => this.store.onProgram(update)),
      feed.on("notice", (notice) => this.emit("notice", notice)),
      feed.on("status", (status) => this.onStatus(status)),
      feed.on("alert", (alert) => this.onAlert(alert)),
    );
    this.enqueue(this.budget.syncWithPortfolio([]));
  }

  on<K extends keyof LivePipelineEvents>(event: K, listener: (event: LivePipelineEvents[K]) => void): () => void {
    const list = this.listeners[event];
    list.push(listener);
    return () => list.splice(list.indexOf(listener) >>> 0, 1);
  }

  /** Connects and waits until the current registrations are acknowledged (or refused). */
  async start(): Promise<void> {
    await this.options.feed.start();
    await this.settled();
  }

  /** Resolves once every budget change so far has been applied to the session. */
  settled(): Promise<void> {
    return this.applying;
  }

  /** P1: the symbols held now; they keep trade and book feeds first. */
  setHoldings(symbols: readonly string[]): Promise<void> {
    return this.enqueue(this.budget.syncWithPortfolio(symbols));
  }

  /** P2: today's picks and the watchlist. */
  setWatchlist(symbols: readonly string[]): Promise<void> {
    return this.enqueue(this.budget.updatePicks(symbols));
  }

  /** P3: scanner finds, newest kept when the budget is short. */
  addScannerFinds(symbols: readonly string[]): Promise<void> {
    return this.enqueue(this.budget.addScannerFinds(symbols));
  }

  /** Symbols with a trade feed in the current budget. */
  symbols(): string[] {
    return this.budget
      .desired()
      .filter((r) => r.feed === "trade")
      .map((r) => r.key);
  }

  setInvestorFlows(symbol: string, flows: InvestorFlows): void {
    this.store.setInvestorFlows(symbol, flows);
  }

  /** The compact view of one symbol, or null before its first trade. */
  snapshot(symbol: string): SymbolSnapshot | null {
    const state = this.store.get(symbol);
    if (state === undefined || state.tradeCount === 0) return null;
    return symbolSnapshot(state, this.options.clock.now(), this.options.snapshot);
  }

  status(): LivePipelineStatus {
    const symbols = this.store.symbols().map((symbol) => {
      const s = this.store.get(symbol);
      return { symbol, trades: s?.tradeCount ?? 0, exchangeTimeMs: s?.exchangeTimeMs ?? 0 };
    });
    return {
      state: this.state,
      registrations: this.options.feed.subscriptions(),
      reconnects: Math.max(0, this.connections - 1),
      gaps: [...this.gaps],
      alerts: { ...this.alerts },
      evicted: [...this.evicted],
      trades: this.trades,
      symbols,
    };
  }

  /** Closes the session, then writes every buffered tick. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.options.feed.close();
    for (const off of this.detach.splice(0)) off();
    const sink = this.options.sink;
    if (sink?.close) await sink.close();
    else sink?.flush();
  }

  /** Budget changes are applied one after another, in the order they were decided. */
  private enqueue(diff: BudgetDiff): Promise<void> {
    if (diff.evicted.length > 0) {
      this.evicted = diff.evicted;
      this.log.info("symbols evicted from the feed budget", { symbols: diff.evicted });
    }
    if (diff.subscribe.length === 0 && diff.unsubscribe.length === 0) return this.applying;
    this.applying = this.applying
      .then(() => this.options.feed.apply(diff))
      .catch((err: unknown) => {
        // Refusals are already alerts from the feed; the budget keeps what was accepted.
        this.log.warn("registration change incomplete", { error: errorMessage(err) });
      });
    return this.applying;
  }

  private onTrade(tick: TradeTick): void {
    this.trades++;
    this.store.onTrade(tick);
    const list = this.listeners.tick;
    for (let i = 0; i < list.length; i++) list[i]?.(tick);
  }

  private onStatus(status: LiveFeedStatus): void {
    this.state = status.state;
    if (status.state === "connected") this.connections++;
    if (status.gap) {
      this.gaps.push(status.gap);
      this.log.warn("feed gap", { ...status.gap });
    }
    this.emit("status", status);
  }

  private onAlert(alert: LiveAlert): void {
    this.alerts[alert.code] = (this.alerts[alert.code] ?? 0) + 1;
    this.emit("alert", alert);
  }

  private emit<K extends keyof LivePipelineEvents>(event: K, payload: LivePipelineEvents[K]): void {
    for (const listener of this.listeners[event]) listener(payload);
  }
}
