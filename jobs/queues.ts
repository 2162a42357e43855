/**
 * The BullMQ queues, what their jobs carry and how they retry. Job data holds ids, slots and
 * triggers only — never a key, token or account secret (BullMQ stores it in Redis in clear).
 */
import { Queue, type ConnectionOptions, type JobsOptions } from "bullmq";
import { z } from "zod";
import { Trigger } from "../state/trading-state.js";

export const QUEUE_NAMES = [
  "trading-run",
  "reflection-run",
  "market-scan",
  "daily-analysis",
  "finalize",
  "pnl-backfill",
  "reconcile",
  "health",
] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Every key is optional: a scheduler's template carries `scheduleId` only, its slot comes from BullMQ. */
export const JobData = z.strictObject({
  /** the schedule (jobs/schedules.ts) that produced the job */
  scheduleId: z.string().min(1).optional(),
  /** the schedule slot (epoch ms) for jobs enqueued by a replay or by hand */
  slotMs: z.number().int().nonnegative().optional(),
  /** reactive runs: what fired */
  trigger: Trigger.optional(),
  /** the graph run to start or continue */
  runId: z.string().min(1).optional(),
});
export type JobData = z.infer<typeof JobData>;

export type Queues = Record<QueueName, Queue<JobData>>;

/**
 * Redis key prefix: one namespace per KIS environment, so a sim worker never takes a real account's
 * job, and per account of an ACCOUNTS_FILE (`kis-agent:<KIS_ENV>:<id>`), so one account's worker
 * never takes another's. Heartbeats, the health report, feed wants and snapshots live under it too.
 */
export const queuePrefix = (kisEnv: string, accountId: string | null = null) =>
  accountId === null ? `kis-agent:${kisEnv}` : `kis-agent:${kisEnv}:${accountId}`;

/** The prefix of one account's queues; `--prefix NAME` replaces `kis-agent:<KIS_ENV>` and the account id still follows it. */
export function accountPrefix(config: { kisEnv: string; accountId: string | null }, override?: string): string {
  if (override === undefined) return queuePrefix(config.kisEnv, config.accountId);
  return config.accountId === null ? override : `${override}:${config.accountId}`;
}

const retry = (attempts: number, delayMs: number): JobsOptions => ({
  attempts,
  backoff: { type: "exponential", delay: delayMs },
  removeOnComplete: { count: 500, age: 14 * 86_400 },
  removeOnFail: { count: 1_000, age: 30 * 86_400 },
});

/**
 * Per-queue retry policy. A retried trading run continues its own thread from the last
 * checkpoint (its run id is fixed by the slot), and orders are idempotent through their intents.
 * A market scan is worth nothing a minute late, so it is not retried.
 */
export const JOB_OPTIONS: Record<QueueName, JobsOptions> = {
  "trading-run": retry(3, 10_000),
  "reflection-run": retry(3, 60_000),
  "market-scan": retry(1, 1_000),
  "daily-analysis": retry(3, 30_000),
  finalize: retry(5, 30_000),
  "pnl-backfill": retry(5, 60_000),
  reconcile: retry(5, 10_000),
  // The next minute checks again.
  health: retry(1, 1_000),
};

export function createQueue(connection: ConnectionOptions, prefix: string, name: QueueName): Queue<JobData> {
  return new Queue<JobData>(name, { connection, prefix, defaultJobOptions: JOB_OPTIONS[name] });
}

export function createQueues(connection: ConnectionOptions, prefix: string): Queues {
  return Object.fromEntries(QUEUE_NAMES.map((name) => [name, createQueue(connection, prefix, name)] as const)) as Queues;
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
