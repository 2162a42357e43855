/**
 * The live tick session of a runtime: the KIS feed (approval key from the REST client, the
 * notice registration with the configured HTS ID), the live pipeline with its tick writer on the
 * runtime's database, the investor-flow poller, and execution notices applied to the fill
 * tracker. Implements the analyze node's LiveSnapshotSource.
 */
import { registrationLabel } from "../broker/kis/endpoints.js";
import { KisFeed, type FeedOptions } from "../broker/kis/feed.js";
import type { MarketData } from "../broker/ports.js";
import { fromKst, kstParts } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { ExecutionNotice } from "../core/market-events.js";
import type { ExecutionFill, FillTracker } from "../execution/fill-tracker.js";
import { createInvestorFlowPoller, type InvestorFlowSource } from "../market/investor-flow.js";
import { LivePipeline, type LivePipelineEvents, type LivePipelineStatus, type TickSink } from "../market/live-pipeline.js";
import type { SymbolSnapshot } from "../market/snapshot.js";
import { ThreadedTickWriter } from "../market/tick-writer-thread.js";
import type { TriggerConfig } from "../market/triggers.js";
import type { LiveSnapshotSource } from "../nodes/analyze.js";
import type { LiveIndicators } from "../state/market-context.js";
import type { Runtime } from "./create-runtime.js";
import { orderPath } from "./order-path.js";
import { databaseFile } from "./paths.js";

export interface LiveSessionOptions {
  /** P2 symbols @defaultValue the configured watchlist */
  watchlist?: readonly string[];
  /** read holdings from the broker at start and after every fill (P1) @defaultValue true */
  syncHoldings?: boolean;
  /** another WebSocket base URL than the runtime's (a proxy in tests) */
  wsUrl?: string;
  /** where tick rows go; false keeps them in memory only @defaultValue a writer thread on the runtime's database file */
  sink?: TickSink | false;
  fillTracker?: FillTracker;
  /** one investor-flow request per interval; 0 = off @defaultValue 3_000 */
  investorPollMs?: number;
  triggers?: Partial<TriggerConfig>;
  feed?: Pick<FeedOptions, "idleTimeoutMs" | "ackTimeoutMs" | "backoff">;
}

export interface LiveSession extends LiveSnapshotSource {
  readonly pipeline: LivePipeline;
  start(): Promise<void>;
  /** Stops polling, closes the socket and flushes the tick writer. */
  stop(): Promise<void>;
  /** The analyze node's view of a symbol; null before its first trade. */
  get(symbol: string): LiveIndicators | null;
  snapshot(symbol: string): SymbolSnapshot | null;
  on<K extends keyof LivePipelineEvents>(event: K, listener: (event: LivePipelineEvents[K]) => void): () => void;
  status(): LivePipelineStatus;
  /** The session's registrations as the broker names them (its tr_id and the symbol, or "notices"), for the heartbeat. */
  registrationLabels(): string[];
  setWatchlist(symbols: readonly string[]): Promise<void>;
  addScannerFinds(symbols: readonly string[]): Promise<void>;
  /** Re-reads holdings from the broker and gives them P1 feeds. */
  syncHoldings(): Promise<void>;
  /** WebSocket frames read so far (a replay driver waits for the simulator's to arrive). */
  framesReceived(): number;
  /**
   * Resolves once no subscription change or holdings refresh is under way (each resolves on its
   * ACK), so a replay driver steps the market with the subscriptions those changes asked for.
   */
  settled(): Promise<void>;
}

export function toLiveIndicators(s: SymbolSnapshot): LiveIndicators {
  return {
    priceKrw: s.priceKrw,
    ma5: s.ma5,
    rsi14: s.rsi14,
    stochK: s.stochK,
    stochD: s.stochD,
    volRatio: s.volumeRatio,
    zVol: s.volumeZ,
    buyPower: s.buyPower,
    spreadKrw: s.spreadKrw,
    bidAskImbalance: s.bidAskImbalance,
    ageMs: s.ageMs,
    stale: s.stale,
  };
}

/** A fill notice in domain terms; its time is HHMMSS on the KST day of `nowMs`. */
export function toExecutionFill(notice: ExecutionNotice, nowMs: number): ExecutionFill | null {
  if (notice.event !== "filled" || notice.orderNo === "" || notice.quantity <= 0) return null;
  const filledAtMs = /^\d{6}$/.test(notice.time) ? fromKst(kstParts(nowMs).date, notice.time) : nowMs;
  return { orderNo: notice.orderNo, quantity: notice.quantity, priceKrw: notice.priceKrw, filledAtMs };
}

/** The latest daily row of the REST investor flows; the socket has no per-stock investor feed. */
export function investorFlowSource(market: MarketData): InvestorFlowSource {
  return {
    async fetch(symbol) {
      const [latest] = await market.getInvestorFlows(symbol);
      if (latest === undefined) return {};
      return { individual: latest.individualNetQuantity, foreign: latest.foreignNetQuantity, institution: latest.institutionNetQuantity };
    },
  };
}

export function createLiveSession(rt: Runtime, options: LiveSessionOptions = {}): LiveSession {
  const { clock, log, config, kis } = rt;
  const logger = log.child({ module: "runtime.live" });
  const feed = new KisFeed({
    wsUrl: options.wsUrl ?? rt.wsUrl,
    env: rt.wireEnv,
    getApprovalKey: () => kis.auth.getApprovalKey(),
    clock,
    logger: log,
    ...options.feed,
  });
  const sink = options.sink === false ? undefined : (options.sink ?? new ThreadedTickWriter(databaseFile(config), { log }));
  const pipeline = new LivePipeline({
    feed,
    clock,
    logger: log,
    notice: { feed: "notice", key: config.credentials.htsId },
    ...(sink ? { sink } : {}),
    ...(options.triggers ? { triggers: options.triggers } : {}),
  });
  const fillTracker = options.fillTracker ?? orderPath(rt).fillTracker;
  const pollMs = options.investorPollMs ?? 3_000;
  const poller =
    pollMs > 0
      ? createInvestorFlowPoller({
          source: investorFlowSource(kis),
          symbols: () => pipeline.symbols(),
          logger: log,
          intervalMs: pollMs,
          onFlows: (symbol, flows) => pipeline.setInvestorFlows(symbol, flows),
        })
      : undefined;
  const syncing = options.syncHoldings ?? true;
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    work.then(
      () => inFlight.delete(work),
      () => inFlight.delete(work),
    );
    return work;
  };

  const heldSymbols = async () => (await kis.getBalance()).holdings.filter((h) => h.quantity > 0).map((h) => h.symbol);
  const syncHoldings = () => track((async () => pipeline.setHoldings(await heldSymbols()))());
  pipeline.on("notice", (notice) => {
    const fill = toExecutionFill(notice, clock.now());
    if (fill === null) return;
    try {
      fillTracker.applyNotice(fill);
    } catch (err) {
      logger.error("fill from an execution notice not recorded", { orderNo: fill.orderNo, error: errorMessage(err) });
    }
    if (syncing) void syncHoldings().catch((err: unknown) => logger.warn("holdings refresh failed", { error: errorMessage(err) }));
  });

  const get = (symbol: string) => {
    const s = pipeline.snapshot(symbol);
    return s === null ? null : toLiveIndicators(s);
  };
  return {
    pipeline,
    async start() {
      // Decided before connecting, applied once connected: awaiting the ACKs here would wait forever.
      void track(pipeline.setWatchlist(options.watchlist ?? config.watchlist));
      if (syncing) void track(pipeline.setHoldings(await heldSymbols()));
      await pipeline.start();
      poller?.start();
    },
    async stop() {
      poller?.stop();
      await pipeline.stop();
    },
    get,
    snapshot: (symbol) => pipeline.snapshot(symbol),
    on: (event, listener) => pipeline.on(event, listener),
    status: () => pipeline.status(),
    registrationLabels: () => pipeline.status().registrations.map((r) => registrationLabel(r, rt.wireEnv)),
    setWatchlist: (symbols) => track(pipeline.setWatchlist(symbols)),
    addScannerFinds: (symbols) => track(pipeline.addScannerFinds(symbols)),
    syncHoldings,
    framesReceived: () => feed.framesReceived,
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
