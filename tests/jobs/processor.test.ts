import { UnrecoverableError } from "bullmq";
import { describe, expect, it } from "vitest";
import { fromKst } from "../../core/clock.js";
import { AppError } from "../../core/errors.js";
import { silentLogger } from "../../core/logger.js";
import { processJob, toJobError, type JobContext, type JobHandlers, type JobLike } from "../../jobs/processor.js";
import type { QueueName } from "../../jobs/queues.js";
import { builtInCalendar } from "../../jobs/trading-calendar.js";
import { everyQueue } from "./fake-handlers.js";

function recordingHandlers(fail?: unknown): { handlers: JobHandlers; calls: JobContext[] } {
  const calls: JobContext[] = [];
  const handler = async (ctx: JobContext) => {
    calls.push(ctx);
    if (fail !== undefined) throw fail;
    return { ok: true };
  };
  return { handlers: everyQueue(handler), calls };
}

const schedulerJob = (queueName: QueueName, scheduleId: string, slotMs: number): JobLike => ({
  id: `repeat:${scheduleId}:${slotMs}`,
  queueName,
  data: { scheduleId },
  opts: { prevMillis: slotMs },
  attemptsMade: 0,
});

const deps = (handlers: JobHandlers) => ({ handlers, calendar: builtInCalendar, log: silentLogger });

describe("processJob", () => {
  it("runs a scheduler's slot with the slot time BullMQ fired it for", async () => {
    const { handlers, calls } = recordingHandlers();
    const slotMs = fromKst("20261123", "091000");
    await expect(processJob(schedulerJob("trading-run", "trading-open", slotMs), deps(handlers))).resolves.toEqual({ ok: true });
    expect(calls).toEqual([
      {
        queue: "trading-run",
        jobId: `repeat:trading-open:${slotMs}`,
        attempt: 1,
        slot: { scheduleId: "trading-open", queue: "trading-run", atMs: slotMs },
      },
    ]);
  });

  it("skips a trading-day schedule on a KRX holiday without calling the handler", async () => {
    const { handlers, calls } = recordingHandlers();
    const christmas = fromKst("20261225", "091000");
    await expect(processJob(schedulerJob("trading-run", "trading-open", christmas), deps(handlers))).resolves.toMatchObject({
      skipped: "market closed",
      date: "20261225",
    });
    expect(calls).toEqual([]);
  });

  it("runs the weekly reflection on a Sunday", async () => {
    const { handlers, calls } = recordingHandlers();
    await processJob(schedulerJob("reflection-run", "weekly-reflection", fromKst("20261129", "180000")), deps(handlers));
    expect(calls).toHaveLength(1);
  });

  it("prefers the slot in the job data (a replay) and carries trigger and run id", async () => {
    const { handlers, calls } = recordingHandlers();
    const slotMs = fromKst("20261123", "100000");
    const trigger = { kind: "event" as const, detail: "sharp-move 005930" };
    await processJob(
      {
        id: "x",
        queueName: "trading-run",
        data: { scheduleId: "trading-midday", slotMs, runId: "r1", trigger },
        opts: { prevMillis: 1 },
        attemptsMade: 2,
      },
      deps(handlers),
    );
    expect(calls[0]).toMatchObject({ attempt: 3, runId: "r1", trigger, slot: { atMs: slotMs } });
  });

  it("turns a non-retryable AppError into an UnrecoverableError", async () => {
    const { handlers } = recordingHandlers(new AppError("BROKER_REJECTED", "order rejected"));
    const err = await processJob(schedulerJob("reconcile", "reconcile-pre-open", fromKst("20261123", "085000")), deps(handlers)).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UnrecoverableError);
    expect((err as Error).message).toBe("BROKER_REJECTED: order rejected");
  });

  it("lets a retryable error through for BullMQ to retry with backoff", async () => {
    const original = new AppError("BROKER_UNAVAILABLE", "timeout", { retryable: true });
    const { handlers } = recordingHandlers(original);
    await expect(processJob(schedulerJob("reconcile", "reconcile-pre-open", fromKst("20261123", "085000")), deps(handlers))).rejects.toBe(
      original,
    );
  });

  it("refuses malformed job data as unrecoverable", async () => {
    const { handlers, calls } = recordingHandlers();
    const bad = { id: "b", queueName: "finalize", data: { scheduleId: "finalize", appSecret: "x" }, opts: {}, attemptsMade: 0 };
    await expect(processJob(bad, deps(handlers))).rejects.toBeInstanceOf(UnrecoverableError);
    const unknown = { id: "u", queueName: "finalize", data: { scheduleId: "no-such-schedule", slotMs: 1 }, opts: {}, attemptsMade: 0 };
    await expect(processJob(unknown, deps(handlers))).rejects.toThrow(/unknown schedule/);
    expect(calls).toEqual([]);
  });
});

describe("toJobError", () => {
  it("keeps plain errors retryable and wraps non-errors", () => {
    const plain = new Error("boom");
    expect(toJobError(plain)).toBe(plain);
    expect(toJobError("text")).toBeInstanceOf(Error);
    expect(toJobError("text")).not.toBeInstanceOf(UnrecoverableError);
  });
});
