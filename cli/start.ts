/**
 * `kis-agent start`: the long-running process — Redis (a private one when none answers), the
 * runtime, the job schedulers and workers, the live tick feed — until SIGTERM or SIGINT, which
 * let the running job (a graph run) finish before everything closes.
 */
import { Redis } from "ioredis";
import { parseArgs } from "node:util";
import { formatKstIso, systemClock } from "../core/clock.js";
import { loadConfig } from "../core/config.js";
import { AppError, errorMessage } from "../core/errors.js";
import { createLogger, type Logger } from "../core/logger.js";
import { writeHealthReport } from "../jobs/health-report.js";
import { readHeartbeats, startHeartbeat, type FeedStatus } from "../jobs/heartbeat.js";
import { queuePrefix, type Queues } from "../jobs/queues.js";
import { listSchedulers } from "../jobs/schedules.js";
import { createTradingCalendar } from "../jobs/trading-calendar.js";
import { addTriggerJob, createTriggerDispatcher } from "../jobs/trigger-runs.js";
import { startJobSystem } from "../jobs/worker.js";
import { createAgent, feedHooks } from "../runtime/agent.js";
import { createRuntime } from "../runtime/create-runtime.js";
import type { HealthOutcome, HealthProbes } from "../runtime/health-monitor.js";
import { createJobHandlers } from "../runtime/job-handlers.js";
import { createLiveSession, type LiveSession } from "../runtime/live.js";
import { connectRedis } from "../runtime/redis.js";
import { createRedisLeaseStore } from "../runtime/redis-lease.js";
import { useRedisLeases } from "../runtime/order-path.js";
import { subscribeTradingState } from "../runtime/trading-state-notice.js";
import type { Command } from "./index.js";

const USAGE = `usage: kis-agent start [--prefix NAME] [--no-feed]

Runs until SIGTERM or SIGINT (Ctrl-C; a second one forces): the trading schedule (10-60-30 cadence on
KRX days), pre-market analysis, market scans, finalize, P&L back-fill, the weekly reflection, and
reactive trading runs from the live tick feed. Jobs are BullMQ queues in Redis at REDIS_URL; when no
Redis answers there and redis-server is installed, a private one is started under DATA_DIR/redis.

options:
  --prefix NAME   Redis key prefix of the queues (default kis-agent:<KIS_ENV>)
  --no-feed       do not open the real-time tick feed
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

function feedStatus(live: LiveSession): FeedStatus {
  const s = live.status();
  return { state: s.state, reconnects: s.reconnects, registrations: live.registrationLabels() };
}

/** What only this process sees, for the health monitor; the queues and Redis exist once the jobs start. */
function healthProbes(
  live: LiveSession | undefined,
  prefix: string,
  ready: () => { queues: Queues; redis: Redis } | undefined,
): HealthProbes {
  const need = () => {
    const r = ready();
    if (!r) throw new Error("job system not started yet");
    return r;
  };
  return {
    ...(live
      ? {
          feed: () => {
            const s = live.status();
            const last = Math.max(0, ...s.symbols.map((x) => x.exchangeTimeMs));
            return { state: s.state, ...(last > 0 ? { lastTickMs: last } : {}) };
          },
        }
      : {}),
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
        "no-feed": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (err) {
    throw new AppError("DATA_INVALID", errorMessage(err));
  }
}

export const command: Command = {
  async run(args) {
    const options = parse(args);
    if (options.help) {
      console.log(USAGE);
      return 0;
    }
    const config = loadConfig();
    const log = createLogger(config.logLevel).child({ process: "start" });
    const children: number[] = [];
    const stopped = stopSignal(log, () => children.forEach(killQuietly));
    const prefix = options.prefix ?? queuePrefix(config.kisEnv);
    const closers: Array<[string, () => Promise<void>]> = [];
    try {
      const redis = await connectRedis({ redisUrl: config.redisUrl, dataDir: config.dataDir, log });
      if (redis.privateServer) children.push(redis.privateServer.pid);
      closers.push(["redis", () => redis.close()]);
      const rt = await createRuntime({ config, log });
      closers.push(["runtime", () => rt.close()]);
      const leaseClient = new Redis(redis.url, { maxRetriesPerRequest: 1 });
      closers.push(["lease connection", async () => void leaseClient.disconnect()]);
      useRedisLeases(rt, createRedisLeaseStore(leaseClient, prefix));
      const live = options["no-feed"] ? undefined : createLiveSession(rt);
      if (live) {
        await live.start();
        closers.push(["live feed", () => live.stop()]);
      }
      const started: { current?: { queues: Queues; redis: Redis } } = {};
      const health = {
        ...healthProbes(live, prefix, () => started.current),
        publish: async (report: HealthOutcome) =>
          void (started.current && (await writeHealthReport(started.current.redis, prefix, report))),
      };
      const agent = createAgent(rt, live ? { live } : {});
      const handlers = createJobHandlers(agent, { health, ...(live ? feedHooks(rt, live) : {}) });
      const jobs = await startJobSystem({
        connection: redis.connection,
        prefix,
        handlers,
        calendar: createTradingCalendar(rt.kis, log),
        log,
      });
      closers.push(["jobs", () => jobs.close()]);
      const dispatch = createTriggerDispatcher((job) => addTriggerJob(jobs.queues["trading-run"], job));
      live?.on(
        "trigger",
        (event) =>
          void dispatch(event).catch((err: unknown) =>
            log.warn("trigger run not enqueued", { symbol: event.symbol, error: errorMessage(err) }),
          ),
      );
      // The router re-reads the state before every order; the notice makes the halt visible at once.
      const unsubscribe = await subscribeTradingState(redis.url, config.kisEnv, log, (n) =>
        log.warn(`trading ${n.state} by ${n.actor}`, { reason: n.reason, atMs: n.atMs }),
      );
      closers.push(["trading-state subscription", async () => unsubscribe()]);
      const client = new Redis(redis.url, { maxRetriesPerRequest: null });
      closers.push(["heartbeat connection", async () => void (await client.quit())]);
      started.current = { queues: jobs.queues, redis: client };
      const heartbeat = await startHeartbeat(client, {
        prefix,
        kisEnv: config.kisEnv,
        clock: systemClock,
        log,
        ...(live ? { feed: () => feedStatus(live) } : {}),
      });
      closers.push(["heartbeat", () => heartbeat.stop()]);
      const next = (await listSchedulers(jobs.queues))
        .slice(0, 3)
        .map((s) => `${s.id} ${s.nextMs === undefined ? "-" : formatKstIso(s.nextMs)}`);
      log.info("kis-agent started", {
        kisEnv: config.kisEnv,
        prefix,
        feed: live !== undefined,
        privateRedis: redis.privateServer !== undefined,
        next,
      });
      log.info("stopping: letting running jobs finish", { signal: await stopped });
    } finally {
      for (const [what, close] of closers.reverse()) {
        await close().catch((err: unknown) => log.error(`closing ${what} failed`, { error: errorMessage(err) }));
      }
    }
    log.info("kis-agent stopped");
    return 0;
  },
};
