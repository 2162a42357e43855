/**
 * The health monitor's last report, kept in Redis under the queue prefix by the `start` process
 * that ran it, so `kis-agent status` — another process — can show it with its age.
 */
import type { Redis } from "ioredis";
import type { HealthOutcome } from "../runtime/health-monitor.js";

const keyOf = (prefix: string) => `${prefix}:health`;

export async function writeHealthReport(redis: Redis, prefix: string, report: HealthOutcome): Promise<void> {
  await redis.set(keyOf(prefix), JSON.stringify(report));
}

export async function readHealthReport(redis: Redis, prefix: string): Promise<HealthOutcome | undefined> {
  const raw = await redis.get(keyOf(prefix));
  return raw ? (JSON.parse(raw) as HealthOutcome) : undefined;
}
