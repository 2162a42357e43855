/**
 * Worker entry: the queues, their schedulers and one worker per queue in this process — either part
 * alone for the scheduler and worker roles of `start`. Trading runs of the account never overlap:
 * concurrency 1 here and a global concurrency of 1 in Redis, which also holds across several
 * `kis-agent start` processes on any machine. `close()` waits for running jobs.
 */
import { UnrecoverableError, Worker, type ConnectionOptions } from "bullmq";
import { errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { processJob, type JobHandlers, type ProcessorDeps } from "./processor.js";
import { closeQueues, createQueues, QUEUE_NAMES, type JobData, type QueueName, type Queues } from "./queues.js";
import { registerSchedules, SCHEDULES, type Schedule } from "./schedules.js";
import type { TradingCalendar } from "./trading-calendar.js";

export interface JobSystemOptions {
  connection: ConnectionOptions;
  prefix: string;
  /** with `calendar`: one worker per queue in this process; without: no worker (scheduler and feed roles) */
  handlers?: JobHandlers;
  calendar?: TradingCalendar;
  log: Logger;
  /** @defaultValue SCHEDULES */
  schedules?: readonly Schedule[];
  /** registers the schedules as BullMQ job schedulers (upserts: any number of processes may) @defaultValue true */
  registerSchedules?: boolean;
}

export interface JobSystem {
  queues: Queues;
  workers: Worker<JobData>[];
  /** Stops taking jobs, lets running ones finish, closes every connection. */
  close(): Promise<void>;
}

function startWorker(name: QueueName, deps: ProcessorDeps, { connection, prefix, log }: JobSystemOptions): Worker<JobData> {
  const worker = new Worker<JobData>(name, (job) => processJob(job, deps), { connection, prefix, concurrency: 1 });
  worker.on("error", (err) => log.error("worker error", { queue: name, error: errorMessage(err) }));
  worker.on("failed", (job, err) => {
    if (job && (err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1)))
      log.error("job gave up", { queue: name, jobId: job.id, error: errorMessage(err) });
  });
  return worker;
}

export async function startJobSystem(options: JobSystemOptions): Promise<JobSystem> {
  const { connection, prefix, log } = options;
  const schedules = options.schedules ?? SCHEDULES;
  const queues = createQueues(connection, prefix);
  await queues["trading-run"].setGlobalConcurrency(1);
  if (options.registerSchedules ?? true) await registerSchedules(queues, schedules);
  const { handlers, calendar } = options;
  const deps = handlers && calendar ? { handlers, calendar, log: log.child({ module: "jobs" }), schedules } : undefined;
  const workers = deps ? QUEUE_NAMES.map((name) => startWorker(name, deps, options)) : [];
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  log.info("job system started", {
    prefix,
    queues: QUEUE_NAMES.length,
    workers: workers.length,
    schedules: (options.registerSchedules ?? true) ? schedules.length : 0,
  });
  return {
    queues,
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await closeQueues(queues);
      log.info("job system stopped");
    },
  };
}
