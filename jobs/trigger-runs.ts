/**
 * Market-event triggers (market/triggers.ts) become reactive trading-run jobs, debounced per
 * symbol: every trigger for one symbol within one window maps to the same job id — and run id —
 * so a burst of sharp moves starts one run, not ten.
 */
import type { Queue } from "bullmq";
import { kstParts } from "../core/clock.js";
import type { JobData } from "./queues.js";

/** What the live pipeline reports (structurally a market/triggers.ts TriggerEvent). */
export interface TriggerLike {
  symbol: string;
  kind: string;
  /** exchange time of the event, epoch ms */
  timeMs: number;
}

/**
 * Triggers that start a reactive trading run. The others (volume spikes, weak buy power, fake
 * rises) fire often on tick data; they reach the graph as live indicators, not as runs of their own.
 */
export const REACTIVE_TRIGGER_KINDS: ReadonlySet<string> = new Set(["sharp-move", "limit-approach", "vi", "program-dump"]);

/** @defaultValue 5 minutes: at most one reactive run per symbol per five minutes */
export const TRIGGER_WINDOW_MS = 5 * 60_000;

/** "event-005930-20261123-0910": symbol and the start of its debounce window (KST). */
export function triggerRunId(trigger: TriggerLike, windowMs = TRIGGER_WINDOW_MS): string {
  const { date, time } = kstParts(Math.floor(trigger.timeMs / windowMs) * windowMs);
  return `event-${trigger.symbol}-${date}-${time.slice(0, 4)}`;
}

/** A reactive run as a job: its id is its run id, so one symbol's window holds one run. */
export interface TriggerJob {
  jobId: string;
  data: JobData;
}

export function triggerJob(trigger: TriggerLike, windowMs = TRIGGER_WINDOW_MS): TriggerJob {
  const runId = triggerRunId(trigger, windowMs);
  return { jobId: runId, data: { runId, trigger: { kind: "event", detail: `${trigger.kind} ${trigger.symbol}` } } };
}

/** Adds the run unless one with its id exists; returns its job id either way. */
export async function addTriggerJob(queue: Queue<JobData>, { jobId, data }: TriggerJob): Promise<string> {
  const job = await queue.add("trigger", data, { jobId });
  return job.id ?? jobId;
}

/** Adds the run unless one for this symbol and window exists; returns its job id either way. */
export function enqueueTriggerRun(queue: Queue<JobData>, trigger: TriggerLike, windowMs = TRIGGER_WINDOW_MS): Promise<string> {
  return addTriggerJob(queue, triggerJob(trigger, windowMs));
}

/**
 * The one trigger dispatcher, for `start` and the replay alike: a reactive trigger becomes its
 * window's trading-run job, handed to `submit` (BullMQ's queue live, the replay's own runner);
 * the other kinds start nothing.
 */
export function createTriggerDispatcher(submit: (job: TriggerJob) => Promise<unknown>, windowMs = TRIGGER_WINDOW_MS) {
  return async (trigger: TriggerLike): Promise<void> => {
    if (!REACTIVE_TRIGGER_KINDS.has(trigger.kind)) return;
    await submit(triggerJob(trigger, windowMs));
  };
}
