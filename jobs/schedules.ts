/**
 * THE schedule: every recurring job as a cron pattern in Asia/Seoul. The live worker registers it
 * as BullMQ job schedulers; a replay on a simulated clock asks `slotsBetween` which slots fire,
 * computed by BullMQ's own next-fire function over the same patterns, so both see the same slots.
 * Holidays are not encoded here: the processor skips a closed day (jobs/trading-calendar.ts).
 */
import { getNextMillis } from "bullmq";
import { kstParts } from "../core/clock.js";
import { AppError } from "../core/errors.js";
import { JOB_OPTIONS, type JobData, type QueueName, type Queues } from "./queues.js";

export const SCHEDULE_TZ = "Asia/Seoul";

export interface Schedule {
  /** the BullMQ job scheduler id; also names the slot's job and run ids */
  id: string;
  queue: QueueName;
  /** five-field cron (minute hour day month weekday) in SCHEDULE_TZ */
  pattern: string;
  /** skipped when KRX is closed that day */
  tradingDaysOnly: boolean;
}

const weekday = (id: string, queue: QueueName, pattern: string): Schedule => ({
  id,
  queue,
  pattern: `${pattern} * * 1-5`,
  tradingDaysOnly: true,
});

export const SCHEDULES: readonly Schedule[] = [
  // The 10-60-30 cadence: dense after the open, sparse at midday, denser again into the close.
  weekday("trading-open", "trading-run", "*/10 9"), // 09:00 … 09:50
  weekday("trading-midday", "trading-run", "0 10-12"), // 10:00, 11:00, 12:00
  weekday("trading-afternoon", "trading-run", "*/20 13-14"), // 13:00 … 14:40
  weekday("trading-close", "trading-run", "0,10 15"), // 15:00, 15:10 (before the closing auction ends)
  weekday("daily-analysis", "daily-analysis", "20 7"),
  weekday("market-scan-open", "market-scan", "5-59 9"), // every minute 09:05 … 15:20
  weekday("market-scan-day", "market-scan", "* 10-14"),
  weekday("market-scan-close", "market-scan", "0-20 15"),
  weekday("reconcile-pre-open", "reconcile", "50 8"), // settles unknown orders before the pre-open auction matters
  weekday("finalize", "finalize", "40 15"),
  weekday("pnl-backfill", "pnl-backfill", "0 16"),
  weekday("health", "health", "* 9-15"), // the health monitor, every minute 09:00 … 15:59 (it knows when the session ends)
  { id: "weekly-reflection", queue: "reflection-run", pattern: "0 18 * * 0", tradingDaysOnly: false },
];

export function scheduleById(id: string, schedules: readonly Schedule[] = SCHEDULES): Schedule | undefined {
  return schedules.find((s) => s.id === id);
}

/** The first fire time strictly after `afterMs`. */
export function nextFireMs(schedule: Pick<Schedule, "id" | "pattern">, afterMs: number): number {
  const next = getNextMillis(afterMs, { pattern: schedule.pattern, tz: SCHEDULE_TZ });
  if (next === undefined)
    throw new AppError("CONFIG_INVALID", `Schedule ${schedule.id}: cron pattern '${schedule.pattern}' has no next fire time`);
  return next;
}

export interface Slot {
  scheduleId: string;
  queue: QueueName;
  atMs: number;
}

/** Slots with fromMs < atMs ≤ toMs, in time order (schedule order within one instant). */
export function slotsBetween(fromMs: number, toMs: number, schedules: readonly Schedule[] = SCHEDULES): Slot[] {
  const slots: Slot[] = [];
  for (const s of schedules) {
    for (let t = nextFireMs(s, fromMs); t <= toMs; t = nextFireMs(s, t)) slots.push({ scheduleId: s.id, queue: s.queue, atMs: t });
  }
  const order = new Map(schedules.map((s, i) => [s.id, i]));
  return slots.sort((a, b) => a.atMs - b.atMs || (order.get(a.scheduleId) ?? 0) - (order.get(b.scheduleId) ?? 0));
}

/** "trading-open-20261123-0910": the slot's job id and, for graph runs, its run id (so a retry resumes the same thread). */
export function slotKey(slot: Pick<Slot, "scheduleId" | "atMs">): string {
  const { date, time } = kstParts(slot.atMs);
  return `${slot.scheduleId}-${date}-${time.slice(0, 4)}`;
}

/**
 * Registers every schedule with upsertJobScheduler (a restart updates, never duplicates) and
 * removes schedulers that are no longer in the table, so a renamed schedule does not fire twice.
 */
export async function registerSchedules(queues: Queues, schedules: readonly Schedule[] = SCHEDULES): Promise<void> {
  for (const s of schedules) {
    const data: JobData = { scheduleId: s.id };
    await queues[s.queue].upsertJobScheduler(
      s.id,
      { pattern: s.pattern, tz: SCHEDULE_TZ },
      { name: s.id, data, opts: JOB_OPTIONS[s.queue] },
    );
  }
  const wanted = new Set(schedules.map((s) => s.id));
  for (const queue of Object.values(queues)) {
    for (const existing of await queue.getJobSchedulers()) {
      if (!wanted.has(existing.key)) await queue.removeJobScheduler(existing.key);
    }
  }
}

/** Enqueues one slot as a job whose id is the slot key: the same slot twice is one job. Used by replays. */
export async function enqueueSlot(queues: Queues, slot: Slot): Promise<string> {
  const data: JobData = { scheduleId: slot.scheduleId, slotMs: slot.atMs };
  const job = await queues[slot.queue].add(slot.scheduleId, data, { jobId: slotKey(slot) });
  return job.id ?? slotKey(slot);
}

export interface SchedulerInfo {
  id: string;
  queue: QueueName;
  pattern: string;
  /** next fire time as BullMQ has it in Redis, epoch ms */
  nextMs?: number;
}

/** What Redis holds: one entry per registered scheduler. */
export async function listSchedulers(queues: Queues): Promise<SchedulerInfo[]> {
  const out: SchedulerInfo[] = [];
  for (const [queue, q] of Object.entries(queues) as Array<[QueueName, Queues[QueueName]]>) {
    for (const s of await q.getJobSchedulers()) {
      out.push({ id: s.key, queue, pattern: s.pattern ?? "", ...(s.next !== undefined ? { nextMs: s.next } : {}) });
    }
  }
  return out.sort((a, b) => (a.nextMs ?? Infinity) - (b.nextMs ?? Infinity));
}
