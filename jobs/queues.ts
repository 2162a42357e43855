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

/** Redis key prefix: one namespace per KIS environment, so a sim worker never takes a real account's job. */
export const queuePrefix = (kisEnv: string) => `kis-agent:${kisEnv}`;

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
