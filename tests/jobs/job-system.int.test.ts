import { UnrecoverableError, Worker } from "bullmq";
import { afterEach, describe, expect, it } from "vitest";
import { fromKst, kstParts } from "../../core/clock.js";
import { AppError } from "../../core/errors.js";
import { silentLogger } from "../../core/logger.js";
import { processJob, type JobHandlers } from "../../jobs/processor.js";
import { closeQueues, createQueues, QUEUE_NAMES, type JobData, type Queues } from "../../jobs/queues.js";
import { SCHEDULES, enqueueSlot, listSchedulers, nextFireMs, registerSchedules, scheduleById } from "../../jobs/schedules.js";
import { builtInCalendar } from "../../jobs/trading-calendar.js";
import { enqueueTriggerRun } from "../../jobs/trigger-runs.js";
import { startJobSystem, type JobSystem } from "../../jobs/worker.js";
import { everyQueue } from "./fake-handlers.js";
import { redisScope, waitFor, type RedisScope } from "./redis-harness.js";

let scope: RedisScope;
const toClose: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of toClose.splice(0).reverse()) await close();
  await scope.cleanup();
});

function queues(name: string): Queues {
  scope = redisScope(name);
  const q = createQueues(scope.connection, scope.prefix);
  toClose.push(() => closeQueues(q));
  return q;
}

const idle = everyQueue(async () => ({}));

describe("job schedulers in Redis", () => {
  it("registers every schedule once, and a second registration (a restart) leaves one of each", async () => {
    const q = queues("register");
    await registerSchedules(q);
    await registerSchedules(q);
    const registered = await listSchedulers(q);
    expect(registered.map((s) => s.id).sort()).toEqual(SCHEDULES.map((s) => s.id).sort());
    for (const s of registered) expect(s.queue).toBe(scheduleById(s.id)?.queue);
    // One pending job per scheduler: the restart did not add a second next run.
    const delayed = await Promise.all(QUEUE_NAMES.map((name) => q[name].getDelayedCount()));
    expect(delayed.reduce((a, b) => a + b, 0)).toBe(SCHEDULES.length);
  });

  it("removes a scheduler that is no longer in the table", async () => {
    const q = queues("stale");
    await q.finalize.upsertJobScheduler("renamed-finalize", { pattern: "45 15 * * 1-5", tz: "Asia/Seoul" });
    await registerSchedules(q);
    expect((await listSchedulers(q)).map((s) => s.id)).not.toContain("renamed-finalize");
  });

  it("computes next fire times in Asia/Seoul, equal to the simulated-clock function", async () => {
    const q = queues("next");
    const before = Date.now();
    await registerSchedules(q);
    const after = Date.now();
    for (const s of await listSchedulers(q)) {
      const schedule = scheduleById(s.id);
      if (!schedule || s.nextMs === undefined) throw new Error(`scheduler ${s.id} without a next time`);
      expect([nextFireMs(schedule, before), nextFireMs(schedule, after)]).toContain(s.nextMs);
    }
    const open = (await listSchedulers(q)).find((s) => s.id === "trading-open");
    const { weekday, time } = kstParts(open?.nextMs ?? 0);
    expect(weekday).toBeGreaterThanOrEqual(1);
    expect(weekday).toBeLessThanOrEqual(5);
    expect(time).toMatch(/^09[0-5]000$/);
  });
});

describe("job ids", () => {
  it("de-duplicate a schedule slot enqueued twice", async () => {
    const q = queues("slot");
    const slot = { scheduleId: "trading-open", queue: "trading-run" as const, atMs: fromKst("20261123", "091000") };
    const first = await enqueueSlot(q, slot);
    const second = await enqueueSlot(q, slot);
    expect(second).toBe(first);
    expect(await q["trading-run"].getWaitingCount()).toBe(1);
  });

  it("debounce trigger runs per symbol and window", async () => {
    const q = queues("trigger");
    const t = fromKst("20261123", "101000");
    const ids = [
      await enqueueTriggerRun(q["trading-run"], { symbol: "005930", kind: "sharp-move", timeMs: t }),
      await enqueueTriggerRun(q["trading-run"], { symbol: "005930", kind: "volume-spike", timeMs: t + 60_000 }),
      await enqueueTriggerRun(q["trading-run"], { symbol: "000660", kind: "sharp-move", timeMs: t }),
      await enqueueTriggerRun(q["trading-run"], { symbol: "005930", kind: "sharp-move", timeMs: t + 5 * 60_000 }),
    ];
    expect(new Set(ids).size).toBe(3);
    expect(ids[1]).toBe(ids[0]);
    const job = await q["trading-run"].getJob(ids[0] ?? "");
    expect(job?.data).toEqual({ runId: ids[0], trigger: { kind: "event", detail: "sharp-move 005930" } });
  });
});

describe("processing through a real worker", () => {
  it("fails a non-retryable error once as UnrecoverableError and retries a retryable one", async () => {
    const q = queues("errors");
    const failures: Record<string, string> = {};
    const handlers: JobHandlers = {
      ...idle,
      reconcile: async (ctx) => {
        throw ctx.runId === "fatal"
          ? new AppError("CONFIG_INVALID", "bad limits")
          : new AppError("BROKER_UNAVAILABLE", "timeout", { retryable: true });
      },
    };
    const worker = new Worker<JobData>("reconcile", (job) => processJob(job, { handlers, calendar: builtInCalendar, log: silentLogger }), {
      connection: scope.connection,
      prefix: scope.prefix,
    });
    worker.on("failed", (job, err) => void (job && (failures[job.id ?? ""] = err.name)));
    toClose.push(() => worker.close());
    const opts = { attempts: 3, backoff: { type: "fixed", delay: 10 } };
    await q.reconcile.add("r", { runId: "fatal" }, { ...opts, jobId: "fatal" });
    await q.reconcile.add("r", { runId: "transient" }, { ...opts, jobId: "transient" });
    const fatal = await waitFor(
      async () => ((await q.reconcile.getJob("fatal"))?.finishedOn ? q.reconcile.getJob("fatal") : undefined),
      "fatal job",
    );
    const transient = await waitFor(
      async () => ((await q.reconcile.getJob("transient"))?.finishedOn ? q.reconcile.getJob("transient") : undefined),
      "transient job",
    );
    expect(fatal?.attemptsMade).toBe(1);
    expect(fatal?.failedReason).toBe("CONFIG_INVALID: bad limits");
    expect(failures.fatal).toBe(new UnrecoverableError("x").name);
    expect(transient?.attemptsMade).toBe(3);
    expect(failures.transient).toBe("AppError");
  });

  it("never overlaps trading runs, even with two worker processes' systems on one Redis", async () => {
    scope = redisScope("overlap");
    let active = 0;
    let maxActive = 0;
    const done: string[] = [];
    const handlers: JobHandlers = {
      ...idle,
      "trading-run": async (ctx) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 40));
        active--;
        done.push(ctx.runId ?? "");
        return {};
      },
    };
    const start = async (): Promise<JobSystem> => {
      const system = await startJobSystem({
        connection: scope.connection,
        prefix: scope.prefix,
        handlers,
        calendar: builtInCalendar,
        log: silentLogger,
      });
      toClose.push(() => system.close());
      return system;
    };
    const a = await start();
    await start();
    const t = fromKst("20261123", "101000");
    for (const symbol of ["005930", "000660", "035420", "051910", "005380", "068270"]) {
      await enqueueTriggerRun(a.queues["trading-run"], { symbol, kind: "sharp-move", timeMs: t });
    }
    await waitFor(async () => (done.length === 6 ? true : undefined), "six trading runs");
    expect(maxActive).toBe(1);
    expect((await listSchedulers(a.queues)).length).toBe(SCHEDULES.length);
  });
});
