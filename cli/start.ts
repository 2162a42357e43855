/**
 * `kis-agent start`: the long-running process — Redis (a private one when none answers), the
 * runtime, and what its role runs (runtime/roles.ts): the job schedulers, the workers, the live tick
 * feed under its app-key lease — until SIGTERM or SIGINT, which let the running job (a graph run)
 * finish before everything closes.
 */
import { Redis } from "ioredis";
import { parseArgs } from "node:util";
import { formatKstIso, systemClock } from "../core/clock.js";
import { accountIds, loadSelectedAccounts, type AccountConfig } from "../core/accounts.js";
import type { AppConfig } from "../core/config.js";
import { AppError, errorMessage } from "../core/errors.js";
import { createLogger, type Logger } from "../core/logger.js";
import { writeHealthReport } from "../jobs/health-report.js";
import { readHeartbeats, startHeartbeat } from "../jobs/heartbeat.js";
import { accountPrefix, createQueue, type Queues } from "../jobs/queues.js";
import { listSchedulers } from "../jobs/schedules.js";
import { createTradingCalendar } from "../jobs/trading-calendar.js";
import { startJobSystem } from "../jobs/worker.js";
import { createAgent } from "../runtime/agent.js";
import { createRuntime, type Runtime } from "../runtime/create-runtime.js";
import { startFeedRole, localOrPublished, type FeedRole } from "../runtime/feed-role.js";
import { createPublishedSnapshotReader, type PublishedSnapshotReader } from "../runtime/feed-snapshots.js";
import { feedWantsHooks } from "../runtime/feed-wants.js";
import type { HealthOutcome, HealthProbes } from "../runtime/health-monitor.js";
import { createJobHandlers } from "../runtime/job-handlers.js";
import { connectRedis, type RedisHandle } from "../runtime/redis.js";
import { createRedisLeaseStore, type RedisLeaseStore } from "../runtime/redis-lease.js";
import { openVenue, type Venue } from "../runtime/mode.js";
import { useRedisLeases } from "../runtime/order-path.js";
import type { DrivenAccount } from "../runtime/drive.js";
import { checkReplayVenue, driveReplay, parseReplayArgs } from "./start-replay.js";
import { parseRole, refreshingSnapshots, roleParts, type Role, type RoleParts } from "../runtime/roles.js";
import { subscribeTradingState } from "../runtime/trading-state-notice.js";
import type { Command } from "./index.js";

const USAGE = `usage: kis-agent start [--role all|scheduler|worker|feed] [--account ID]... [--prefix NAME] [--no-feed]
                      [--replay DAYS [--replay-from YYYYMMDD] [--replay-step SECONDS]]

Runs until SIGTERM or SIGINT (Ctrl-C; a second one forces): the trading schedule (10-60-30 cadence on
KRX days), pre-market analysis, market scans, finalize, P&L back-fill, the weekly reflection, and
reactive trading runs from the live tick feed. Jobs are BullMQ queues in Redis at REDIS_URL; when no
Redis answers there and redis-server is installed, a private one is started under DATA_DIR/redis.

Roles split this across processes and machines that share one Redis and one database:
  all        everything below in one process (default)
  scheduler  registers the job schedulers, nothing else (several are harmless)
  worker     takes jobs; any number, on any machine (one account's runs stay serial)
  feed       the live feed: one holder per app key, the others stand by and take over

With ACCOUNTS_FILE the process runs all of this for every account of the file (each its own
runtime, queues under kis-agent:<KIS_ENV>:<id>, feed and heartbeat), or for the ones --account names.

options:
  --role ROLE     what this process runs (default all)
  --account ID    only this account of ACCOUNTS_FILE; repeatable or comma-separated (default all)
  --prefix NAME   Redis key prefix of the queues (default kis-agent:<KIS_ENV>; an account's id follows it)
  --no-feed       do not open the real-time tick feed (role all)
  --replay DAYS   (scheduler, all) replay DAYS simulated trading days on a stepped simulator
                  (\`kis-agent sim --stepped\`, KIS_SIM_URL) instead of the live schedule: each step
                  the feed settles, then the due slots run as jobs, one at a time, on any worker;
                  the process exits when the days are done. Workers and feeds follow its clock.
  --replay-from D first trading day to replay   default the simulator's day (or the next one)
  --replay-step S simulated seconds per step     default 60
  --help          show this help`;

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** How long a stop may take before the process exits anyway (a Redis that stopped answering hangs BullMQ's close). */
export const FORCED_EXIT_MS = 8_000;

/**
 * Resolves on the first SIGTERM/SIGINT; a second one, or FORCED_EXIT_MS after the first, exits at
 * once — after `killChildren` stops the processes this one started (a private redis-server).
 */
function stopSignal(log: Logger, killChildren: () => void): Promise<string> {
  const exitNow = (code: number, why: string) => {
    log.warn(why);
    killChildren();
    process.exit(code);
  };
  return new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (received) exitNow(130, `second ${signal}: exiting without waiting`);
      received = true;
      setTimeout(() => exitNow(1, `still stopping ${FORCED_EXIT_MS} ms after ${signal}: exiting without waiting`), FORCED_EXIT_MS).unref();
      resolve(signal);
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
}

/** How often a process without a feed reads the published digest for its health monitor. */
const FEED_HEALTH_READ_MS = 15_000;

/**
 * The feed as the health monitor sees it: this process's own while it holds the lease, else what the
 * holder published. None in a process that runs without a feed by choice (`all --no-feed`).
 */
function feedProbe(feed: FeedRole | undefined, published: PublishedSnapshotReader, role: Role): HealthProbes["feed"] {
  if (!feed) return role === "worker" ? () => published.feedState() : undefined;
  return () => {
    const s = feed.session()?.status();
    if (!s) return published.feedState();
    const last = Math.max(0, ...s.symbols.map((x) => x.exchangeTimeMs));
    return { state: s.state, ...(last > 0 ? { lastTickMs: last } : {}) };
  };
}

/** What only this process sees, for the health monitor; the queues and Redis exist once the jobs start. */
function healthProbes(feed: HealthProbes["feed"], prefix: string, ready: () => { queues: Queues; redis: Redis } | undefined): HealthProbes {
  const need = () => {
    const r = ready();
    if (!r) throw new Error("job system not started yet");
    return r;
  };
  return {
    ...(feed ? { feed } : {}),
    queues: async () =>
      Object.fromEntries(
        await Promise.all(Object.entries(need().queues).map(async ([name, q]) => [name, await q.getWaitingCount()] as const)),
      ),
    heartbeats: async () => (await readHeartbeats(need().redis, prefix)).map((p) => p.updatedAtMs),
  };
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      options: {
        prefix: { type: "string" },
        role: { type: "string" },
        "no-feed": { type: "boolean", default: false },
        account: { type: "string", multiple: true },
        replay: { type: "string" },
        "replay-from": { type: "string" },
        "replay-step": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (err) {
    throw new AppError("DATA_INVALID", errorMessage(err));
  }
}

type Closers = Array<[string, () => Promise<void>]>;

/** Keeps the digest a worker's health monitor reads no older than FEED_HEALTH_READ_MS. */
function readPublished(published: PublishedSnapshotReader, log: Logger): NodeJS.Timeout {
  const timer = setInterval(
    () => void published.refresh().catch((err: unknown) => log.debug("feed digest not read", { error: errorMessage(err) })),
    FEED_HEALTH_READ_MS,
  );
  timer.unref();
  return timer;
}

/** Workers: the handlers over an agent whose trading runs read the live view first — the local feed's, or the one published in Redis. */
function workerHandlers(
  rt: Runtime,
  client: Redis,
  prefix: string,
  feed: FeedRole | undefined,
  published: PublishedSnapshotReader,
  health: HealthProbes & { publish: (r: HealthOutcome) => Promise<void> },
) {
  const live = feed ? localOrPublished(feed, published) : published;
  const agent = refreshingSnapshots(createAgent(rt, { live }), live, rt.log);
  return createJobHandlers(agent, { health, ...feedWantsHooks(client, prefix, rt.log) });
}

interface Parts {
  role: Role;
  redis: RedisHandle;
  rt?: Runtime;
  leases: RedisLeaseStore;
  client: Redis;
  prefix: string;
  log: Logger;
}

async function startFeed(p: Parts & { rt: Runtime }, closers: Closers): Promise<FeedRole> {
  const tradingQueue = createQueue(p.redis.connection, p.prefix, "trading-run");
  closers.push(["feed trigger queue", () => tradingQueue.close()]);
  const feed = await startFeedRole({
    rt: p.rt,
    redis: p.client,
    redisUrl: p.redis.url,
    prefix: p.prefix,
    leases: p.leases,
    tradingQueue,
    log: p.log,
  });
  closers.push(["live feed", () => feed.close()]);
  return feed;
}

/** The role's parts, in the order they depend on each other; each adds its closer. */
async function startParts(p: Parts, parts: RoleParts, closers: Closers, liveSchedule: boolean) {
  const { rt, prefix, log } = p;
  const feed = parts.feed && rt ? await startFeed({ ...p, rt }, closers) : undefined;
  const started: { current?: { queues: Queues; redis: Redis } } = {};
  const published = createPublishedSnapshotReader(p.client, prefix, rt?.clock ?? systemClock);
  if (parts.workers) {
    const reads = readPublished(published, log);
    closers.push(["feed health reads", async () => clearInterval(reads)]);
  }
  const health = {
    ...healthProbes(feedProbe(feed, published, p.role), prefix, () => started.current),
    publish: async (report: HealthOutcome) => void (started.current && (await writeHealthReport(started.current.redis, prefix, report))),
  };
  const work =
    parts.workers && rt
      ? { handlers: workerHandlers(rt, p.client, prefix, feed, published, health), calendar: createTradingCalendar(rt.kis, log) }
      : {};
  const jobs = await startJobSystem({
    connection: p.redis.connection,
    prefix,
    log,
    registerSchedules: parts.schedules && liveSchedule,
    ...work,
  });
  closers.push(["jobs", () => jobs.close()]);
  started.current = { queues: jobs.queues, redis: p.client };
  return { feed, jobs };
}

/**
 * One account's part of the process: its runtime, leases, role parts (queues under its own prefix,
 * its feed), trading-state subscription and heartbeat; each adds its closer.
 */
async function startAccount(
  shared: { role: Role; parts: RoleParts; redis: RedisHandle; log: Logger; liveSchedule: boolean; venue?: Venue; prefix?: string },
  config: AccountConfig,
  closers: Closers,
): Promise<DrivenAccount> {
  const { role, parts, redis } = shared;
  const log = config.accountId === null ? shared.log : shared.log.child({ account: config.accountId });
  const prefix = accountPrefix(config, shared.prefix);
  // The scheduler needs neither KIS nor the database.
  const rt =
    parts.workers || parts.feed ? await createRuntime({ config, log, ...(shared.venue ? { venue: shared.venue } : {}) }) : undefined;
  if (rt) closers.push(["runtime", () => rt.close()]);
  const leaseClient = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  closers.push(["lease connection", async () => void leaseClient.disconnect()]);
  const leases = createRedisLeaseStore(leaseClient, prefix);
  if (rt) useRedisLeases(rt, leases);
  const client = new Redis(redis.url, { maxRetriesPerRequest: null });
  closers.push(["redis connection", async () => void (await client.quit())]);
  const { feed, jobs } = await startParts(
    { role, redis, leases, client, prefix, log, ...(rt ? { rt } : {}) },
    parts,
    closers,
    shared.liveSchedule,
  );
  // The router re-reads the state before every order; the notice makes the halt visible at once.
  const unsubscribe = await subscribeTradingState(redis.url, config, log, (n) =>
    log.warn(`trading ${n.state} by ${n.actor}`, { reason: n.reason, atMs: n.atMs }),
  );
  closers.push(["trading-state subscription", async () => unsubscribe()]);
  const heartbeat = await startHeartbeat(client, {
    prefix,
    kisEnv: config.kisEnv,
    role,
    clock: systemClock,
    log,
    ...(feed ? { feed: () => feed.status() } : {}),
  });
  closers.push(["heartbeat", () => heartbeat.stop()]);
  const next = (await listSchedulers(jobs.queues))
    .slice(0, 3)
    .map((s) => `${s.id} ${s.nextMs === undefined ? "-" : formatKstIso(s.nextMs)}`);
  log.info("kis-agent started", {
    kisEnv: config.kisEnv,
    role,
    prefix,
    feed: feed !== undefined,
    workers: jobs.workers.length,
    privateRedis: redis.privateServer !== undefined,
    next,
  });
  return { id: config.accountId, prefix, queues: jobs.queues };
}

/**
 * The in-process simulator every account of an ACCOUNTS_FILE trades at, under DATA_DIR (each account
 * its own app key and account number there); none when one account or an external venue.
 */
async function sharedVenue(base: AppConfig, accounts: AccountConfig[], parts: RoleParts, log: Logger, closers: Closers) {
  if (base.kisEnv !== "sim" || base.sim.url || !base.accountsFile || !(parts.workers || parts.feed)) return undefined;
  const venue = await openVenue(base, log);
  closers.push(["simulator", async () => venue.sim?.close()]);
  log.info("one simulator for every account", { restUrl: venue.restUrl, accounts: accounts.length });
  return venue;
}

export const command: Command = {
  async run(args) {
    const options = parse(args);
    if (options.help) {
      console.log(USAGE);
      return 0;
    }
    const role = parseRole(options.role);
    const parts = roleParts(role, options["no-feed"]);
    const replay = parseReplayArgs(options);
    const { base, accounts } = loadSelectedAccounts(process.env, accountIds(options.account));
    await checkReplayVenue(base, parts, replay);
    const log = createLogger(base.logLevel).child({ process: "start", role });
    const children: number[] = [];
    const stopped = stopSignal(log, () => children.forEach(killQuietly));
    const closers: Closers = [];
    try {
      const redis = await connectRedis({ redisUrl: base.redisUrl, dataDir: base.dataDir, log });
      if (redis.privateServer) children.push(redis.privateServer.pid);
      closers.push(["redis", () => redis.close()]);
      const venue = await sharedVenue(base, accounts, parts, log, closers);
      const shared = {
        role,
        parts,
        redis,
        log,
        liveSchedule: !replay,
        ...(venue ? { venue } : {}),
        ...(options.prefix ? { prefix: options.prefix } : {}),
      };
      const driven: DrivenAccount[] = [];
      for (const account of accounts) driven.push(await startAccount(shared, account, closers));
      if (replay) {
        const summary = await Promise.race([driveReplay(base, replay, driven, redis.url, log), stopped]);
        if (typeof summary !== "string") log.info("replay finished", { ...summary });
      } else log.info("stopping: letting running jobs finish", { signal: await stopped });
    } finally {
      for (const [what, close] of closers.reverse()) {
        await close().catch((err: unknown) => log.error(`closing ${what} failed`, { error: errorMessage(err) }));
      }
    }
    log.info("kis-agent stopped");
    return 0;
  },
};
