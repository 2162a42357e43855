/**
 * Each `kis-agent start` process publishes what only it knows (pid, uptime, the live feed's
 * subscriptions) under the queue prefix with a short TTL, so `kis-agent status` — another
 * process — can show it, and a crashed process disappears on its own.
 */
import { hostname } from "node:os";
import type { Redis } from "ioredis";
import type { Clock } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";

export interface FeedStatus {
  /** the session's state, or "standby" while another process holds the app key's feed */
  state: string;
  reconnects: number;
  /** registrations as the broker labels them: its tr_id and the symbol, or "notices" */
  registrations: string[];
}

export interface ProcessStatus {
  pid: number;
  host: string;
  kisEnv: string;
  /** what `start --role` runs here: all, scheduler, worker or feed */
  role: string;
  startedAtMs: number;
  updatedAtMs: number;
  feed?: FeedStatus;
}

const INTERVAL_MS = 15_000;
const TTL_SECONDS = 45;

const keyOf = (prefix: string, host: string, pid: number) => `${prefix}:process:${host}:${pid}`;

export interface Heartbeat {
  stop(): Promise<void>;
}

export async function startHeartbeat(
  redis: Redis,
  options: { prefix: string; kisEnv: string; role: string; clock: Clock; log: Logger; feed?: () => FeedStatus },
): Promise<Heartbeat> {
  const host = hostname();
  const key = keyOf(options.prefix, host, process.pid);
  const startedAtMs = options.clock.now();
  const beat = async () => {
    const status: ProcessStatus = {
      pid: process.pid,
      host,
      kisEnv: options.kisEnv,
      role: options.role,
      startedAtMs,
      updatedAtMs: options.clock.now(),
      ...(options.feed ? { feed: options.feed() } : {}),
    };
    await redis.set(key, JSON.stringify(status), "EX", TTL_SECONDS);
  };
  await beat();
  const timer = setInterval(
    () => void beat().catch((err: unknown) => options.log.warn("heartbeat failed", { error: errorMessage(err) })),
    INTERVAL_MS,
  );
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await redis.del(key);
    },
  };
}

/** Every live process under the prefix. */
export async function readHeartbeats(redis: Redis, prefix: string): Promise<ProcessStatus[]> {
  const out: ProcessStatus[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:process:*`, "COUNT", 100);
    cursor = next;
    for (const key of keys) {
      const raw = await redis.get(key);
      if (raw) out.push(JSON.parse(raw) as ProcessStatus);
    }
  } while (cursor !== "0");
  return out.sort((a, b) => a.startedAtMs - b.startedAtMs);
}
