/**
 * The health monitor's last report, kept in Redis under the queue prefix by the `start` process
 * that ran it, so `kis-agent status` — another process — can show it with its age.
 */
import type { Redis } from "ioredis";

const keyOf = (prefix: string) => `${prefix}:health`;

/** `report` is the runtime's health outcome; jobs/ only carries it. */
export async function writeHealthReport(redis: Redis, prefix: string, report: unknown): Promise<void> {
  await redis.set(keyOf(prefix), JSON.stringify(report));
}

export async function readHealthReport<T>(redis: Redis, prefix: string): Promise<T | undefined> {
  const raw = await redis.get(keyOf(prefix));
  return raw ? (JSON.parse(raw) as T) : undefined;
}
