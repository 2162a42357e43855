/**
 * The one BullMQ processor: turns a job into a typed context, skips schedule slots on days KRX is
 * closed, dispatches to the queue's handler and maps errors to BullMQ's retry semantics.
 * Pure apart from the handlers it is given, so it is tested with plain job objects.
 */
import { UnrecoverableError } from "bullmq";
import { kstParts } from "../core/clock.js";
import { AppError, errorMessage, isAppError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { Trigger } from "../state/trading-state.js";
import { JobData, QUEUE_NAMES, type QueueName } from "./queues.js";
import { SCHEDULES, scheduleById, slotKey, type Schedule, type Slot } from "./schedules.js";
import type { TradingCalendar } from "./trading-calendar.js";

export interface JobContext {
  queue: QueueName;
  jobId: string;
  /** set when a schedule produced the job (live scheduler or replay) */
  slot?: Slot;
  trigger?: Trigger;
  runId?: string;
  /** 1 on the first attempt */
  attempt: number;
}

/** A slot's job and a retry of it share one run id, so a retry resumes the run's own thread. */
export function runIdFor(ctx: JobContext, graph: "trading" | "reflection"): string {
  return ctx.runId ?? (ctx.slot ? slotKey(ctx.slot) : `${graph}-job-${ctx.jobId}`);
}

/** What a job's run says started it: the job's own trigger, its schedule slot, or the job itself. */
export function triggerFor(ctx: JobContext): Trigger {
  return ctx.trigger ?? (ctx.slot ? { kind: "schedule", detail: slotKey(ctx.slot) } : { kind: "manual", detail: `job ${ctx.jobId}` });
}

export type JobResult = Record<string, unknown>;
export type JobHandler = (ctx: JobContext) => Promise<JobResult>;
export type JobHandlers = Record<QueueName, JobHandler>;

/** The part of a BullMQ job the processor reads. */
export interface JobLike {
  id?: string | undefined;
  queueName: string;
  data: unknown;
  /** BullMQ sets prevMillis on a scheduler's job: the slot it fires for */
  opts: { prevMillis?: number | undefined };
  attemptsMade: number;
}

export interface ProcessorDeps {
  handlers: JobHandlers;
  calendar: TradingCalendar;
  log: Logger;
  schedules?: readonly Schedule[];
}

/** Non-retryable AppErrors (rejections, bad config, bad data) must not be retried by BullMQ. */
export function toJobError(err: unknown): Error {
  if (err instanceof UnrecoverableError) return err;
  if (isAppError(err) && !err.retryable) return new UnrecoverableError(`${err.code}: ${err.message}`);
  return err instanceof Error ? err : new Error(errorMessage(err));
}

const isQueueName = (name: string): name is QueueName => (QUEUE_NAMES as readonly string[]).includes(name);

export function toContext(job: JobLike, schedules: readonly Schedule[] = SCHEDULES): JobContext {
  if (!isQueueName(job.queueName)) throw new AppError("DATA_INVALID", `Expected a kis-agent queue, received '${job.queueName}'`);
  const parsed = JobData.safeParse(job.data);
  if (!parsed.success)
    throw new AppError(
      "DATA_INVALID",
      `Job ${job.id ?? "?"} on ${job.queueName}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  const data = parsed.data;
  const slotMs = data.slotMs ?? job.opts.prevMillis;
  const schedule = data.scheduleId === undefined ? undefined : scheduleById(data.scheduleId, schedules);
  if (data.scheduleId !== undefined && !schedule)
    throw new AppError("DATA_INVALID", `Job ${job.id ?? "?"}: unknown schedule '${data.scheduleId}'`);
  if (schedule && slotMs === undefined)
    throw new AppError("DATA_INVALID", `Job ${job.id ?? "?"}: schedule '${schedule.id}' without a slot time`);
  return {
    queue: job.queueName,
    jobId: job.id ?? "",
    attempt: job.attemptsMade + 1,
    ...(schedule && slotMs !== undefined ? { slot: { scheduleId: schedule.id, queue: schedule.queue, atMs: slotMs } } : {}),
    ...(data.trigger ? { trigger: data.trigger } : {}),
    ...(data.runId ? { runId: data.runId } : {}),
  };
}

export async function processJob(job: JobLike, deps: ProcessorDeps): Promise<JobResult> {
  const schedules = deps.schedules ?? SCHEDULES;
  let ctx: JobContext;
  try {
    ctx = toContext(job, schedules);
  } catch (err) {
    throw toJobError(err);
  }
  const log = deps.log.child({
    queue: ctx.queue,
    jobId: ctx.jobId,
    attempt: ctx.attempt,
    ...(ctx.slot ? { scheduleId: ctx.slot.scheduleId } : {}),
  });
  const schedule = ctx.slot && scheduleById(ctx.slot.scheduleId, schedules);
  if (ctx.slot && schedule?.tradingDaysOnly) {
    const { date } = kstParts(ctx.slot.atMs);
    if (!(await deps.calendar.isTradingDay(date))) {
      log.info("schedule slot skipped: KRX closed", { date });
      return { skipped: "market closed", date };
    }
  }
  log.info("job started");
  try {
    const result = await deps.handlers[ctx.queue](ctx);
    log.info("job finished", { result });
    return result;
  } catch (err) {
    const mapped = toJobError(err);
    log.warn("job failed", { error: errorMessage(err), retry: !(mapped instanceof UnrecoverableError) });
    throw mapped;
  }
}
