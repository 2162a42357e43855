/**
 * Worker entry: the queues, their schedulers and one worker per queue in this process. Trading
 * runs of the account never overlap: concurrency 1 here and a global concurrency of 1 in Redis,
 * which also holds across several `kis-agent start` processes. `close()` waits for running jobs.
 */
import { UnrecoverableError, Worker, type ConnectionOptions } from "bullmq";
import { errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { processJob, type JobHandlers } from "./processor.js";
import { closeQueues, createQueues, QUEUE_NAMES, type JobData, type Queues } from "./queues.js";
import { registerSchedules, SCHEDULES, type Schedule } from "./schedules.js";
import type { TradingCalendar } from "./trading-calendar.js";

export interface JobSystemOptions {
  connection: ConnectionOptions;
  prefix: string;
  handlers: JobHandlers;
  calendar: TradingCalendar;
  log: Logger;
  /** @defaultValue SCHEDULES */
  schedules?: readonly Schedule[];
}

export interface JobSystem {
  queues: Queues;
  workers: Worker<JobData>[];
  /** Stops taking jobs, lets running ones finish, closes every connection. */
  close(): Promise<void>;
}

export async function startJobSystem(options: JobSystemOptions): Promise<JobSystem> {
  const { connection, prefix, log } = options;
  const schedules = options.schedules ?? SCHEDULES;
  const queues = createQueues(connection, prefix);
  await queues["trading-run"].setGlobalConcurrency(1);
  await registerSchedules(queues, schedules);
  const deps = { handlers: options.handlers, calendar: options.calendar, log: log.child({ module: "jobs" }), schedules };
  const workers = QUEUE_NAMES.map((name) => {
    const worker = new Worker<JobData>(name, (job) => processJob(job, deps), { connection, prefix, concurrency: 1 });
    worker.on("error", (err) => log.error("worker error", { queue: name, error: errorMessage(err) }));
    worker.on("failed", (job, err) => {
      if (job && (err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1)))
        log.error("job gave up", { queue: name, jobId: job.id, error: errorMessage(err) });
    });
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  log.info("job system started", { prefix, queues: QUEUE_NAMES.length, schedules: schedules.length });
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
