/**
 * The feed role of `start`: stands by for the app key's feed lease (runtime/feed-lease.ts); while it
 * holds it, runs the live session with the registrations the jobs asked for (runtime/feed-wants.ts),
 * publishes its tick digest (runtime/feed-snapshots.ts) and turns its triggers into trading-run jobs
 * through the one trigger dispatcher, for whichever worker is free. Losing the lease closes the session.
 */
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { FeedStatus } from "../jobs/heartbeat.js";
import type { JobData } from "../jobs/queues.js";
import { addTriggerJob, createTriggerDispatcher } from "../jobs/trigger-runs.js";
import type { Runtime } from "./create-runtime.js";
import { FEED_LEASE_TTL_MS, feedLeaseName, startFeedLease } from "./feed-lease.js";
import { answerDriver, type DrivenFeed } from "./drive-feed.js";
import {
  publishSnapshots,
  startSnapshotPublisher,
  type PublishedSnapshotReader,
  type RefreshableSnapshots,
  type SnapshotPublisher,
} from "./feed-snapshots.js";
import { readFeedWants, subscribeFeedWants, type FeedWantsChange } from "./feed-wants.js";
import { createLiveSession, type LiveSession } from "./live.js";
import type { RedisLeaseStore } from "./redis-lease.js";

export interface FeedRoleDeps {
  rt: Runtime;
  redis: Redis;
  redisUrl: string;
  prefix: string;
  leases: RedisLeaseStore;
  /** where reactive trading runs go */
  tradingQueue: Queue<JobData>;
  log: Logger;
  /** @defaultValue FEED_LEASE_TTL_MS */
  leaseTtlMs?: number;
}

export interface FeedRole {
  /** the live session while this process holds the lease */
  session(): LiveSession | undefined;
  status(): FeedStatus;
  close(): Promise<void>;
}

interface Holding {
  session: LiveSession;
  /** publishes on a timer; absent when a driver steps the clock and asks for each digest */
  publisher?: SnapshotPublisher;
  driven?: DrivenFeed;
  detach: () => void;
}

export async function startFeedRole(deps: FeedRoleDeps): Promise<FeedRole> {
  const { rt, redis, prefix, log } = deps;
  const dispatch = createTriggerDispatcher((job) => holding?.driven?.submit(job) ?? addTriggerJob(deps.tradingQueue, job));
  const watchlistWith = (picks: readonly string[]) => [...new Set([...rt.config.watchlist, ...picks])];
  let holding: Holding | undefined;

  // Assigned below, before the lease can call back.
  let giveUp: (reason: string, retryAfterMs?: number) => Promise<void> = async () => undefined;
  /** The digest on a timer, or at each of the driver's steps (runtime/drive-feed.ts). */
  const publication = (session: LiveSession): Pick<Holding, "publisher" | "driven"> => {
    const { followClock } = rt;
    if (!followClock) return { publisher: startSnapshotPublisher(redis, prefix, session.pipeline.store, rt.clock, log) };
    const settle = async () => {
      await followClock();
      await session.settled();
      await publishSnapshots(redis, prefix, session.pipeline.store, rt.clock);
    };
    return { driven: answerDriver({ redisUrl: deps.redisUrl, prefix, log, settle }) };
  };

  const onAcquired = async () => {
    const wants = await readFeedWants(redis, prefix);
    const session = createLiveSession(rt, { watchlist: watchlistWith(wants.picks) });
    // Decided before connecting, like the watchlist: the first registrations are the old holder's.
    if (wants.scanFinds.length > 0) void session.addScannerFinds(wants.scanFinds);
    const offTrigger = session.on(
      "trigger",
      (event) =>
        void dispatch(event).catch((err: unknown) =>
          log.warn("trigger run not enqueued", { symbol: event.symbol, error: errorMessage(err) }),
        ),
    );
    // KIS refused the session: the old holder's socket is still open (a paused process). The feed's
    // refused registrations are gone from it, so start afresh once that holder has had time to stop.
    const offAlert = session.on("alert", (alert) => {
      if (alert.code === "SESSION_IN_USE" && holding?.session === session)
        void giveUp("KIS refused the session: another one of the app key is open", FEED_LEASE_TTL_MS);
    });
    const detach = () => {
      offTrigger();
      offAlert();
    };
    holding = { session, ...publication(session), detach };
    // Not awaited: the socket may take a while, and losing the lease meanwhile must be able to close it.
    session.start().then(
      () => log.info("feed started", { registrations: session.registrationLabels().sort() }),
      (err: unknown) => void (holding?.session === session && giveUp(`feed start failed: ${errorMessage(err)}`)),
    );
  };

  const onLost = async () => {
    const h = holding;
    holding = undefined;
    if (!h) return;
    h.publisher?.stop();
    await h.driven?.stop();
    h.detach();
    await h.session.stop();
  };

  const onChange = (change: FeedWantsChange) => {
    const session = holding?.session;
    if (!session) return;
    const applied = change.kind === "picks" ? session.setWatchlist(watchlistWith(change.symbols)) : session.addScannerFinds(change.symbols);
    void applied.catch((err: unknown) => log.warn("feed wants not applied", { kind: change.kind, error: errorMessage(err) }));
  };
  const unsubscribe = await subscribeFeedWants(deps.redisUrl, prefix, log, onChange);

  const lease = startFeedLease({
    store: deps.leases,
    name: feedLeaseName(rt.config.credentials.appKey),
    ...(deps.leaseTtlMs !== undefined ? { ttlMs: deps.leaseTtlMs } : {}),
    log,
    onAcquired,
    onLost,
  });
  giveUp = lease.giveUp;

  return {
    session: () => holding?.session,
    status() {
      const session = holding?.session;
      if (!session) return { state: "standby", reconnects: 0, registrations: [] };
      const s = session.status();
      return { state: s.state, reconnects: s.reconnects, registrations: session.registrationLabels() };
    },
    async close() {
      await unsubscribe();
      await lease.close();
    },
  };
}

/**
 * The analyze node's live view in a process that also runs the feed: its own memory while it holds
 * the lease (no Redis round trip), what the holder elsewhere published while it stands by.
 */
export function localOrPublished(feed: FeedRole, published: PublishedSnapshotReader): RefreshableSnapshots {
  return {
    get: (symbol) => {
      const local = feed.session();
      return local ? local.get(symbol) : published.get(symbol);
    },
    refresh: () => (feed.session() ? Promise.resolve(undefined) : published.refresh()),
  };
}
