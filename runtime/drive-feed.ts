/**
 * The feed's side of a replay driven across processes (runtime/drive.ts). With a stepped simulator
 * the feed holder does not publish on a timer nor enqueue its triggers itself: after each step the
 * driver asks it to settle — read the simulator's time, finish what the step's frames started,
 * publish the digest and hand over the step's triggers — and waits for its answer before any run of
 * that step starts. Requests and answers are Redis lists, not pub/sub: a request waits for whichever
 * process holds the feed, and one sent while the holder changes is sent again by the driver.
 */
import { Redis } from "ioredis";
import { z } from "zod";
import { errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { TriggerJob } from "../jobs/trigger-runs.js";

export const driveKeys = (prefix: string) => ({
  requests: `${prefix}:drive:requests`,
  answers: `${prefix}:drive:answers`,
  triggers: `${prefix}:drive:triggers`,
});

export const SettleRequest = z.strictObject({ seq: z.number().int().nonnegative() });

/** How long the holder blocks on the request list before checking it still holds the feed. */
const POLL_SECONDS = 1;
/** Lists nobody reads any more (a driver that stopped) expire. */
const LIST_TTL_SECONDS = 3_600;

export interface DrivenFeed {
  /** the step's reactive trigger jobs, kept until the next settle */
  submit(job: TriggerJob): Promise<void>;
  stop(): Promise<void>;
}

export interface DrivenFeedDeps {
  redisUrl: string;
  prefix: string;
  log: Logger;
  /** reads the simulator's time, waits for the session's work, publishes the digest */
  settle(): Promise<void>;
}

/** Answers the driver's settle requests while this process holds the feed; `stop` when the lease is lost. */
export function answerDriver(deps: DrivenFeedDeps): DrivenFeed {
  const keys = driveKeys(deps.prefix);
  const client = new Redis(deps.redisUrl, { maxRetriesPerRequest: null });
  client.on("error", (err) => deps.log.debug("drive connection", { error: errorMessage(err) }));
  let triggers: TriggerJob[] = [];
  let stopped = false;

  async function answer(raw: string): Promise<void> {
    const request = SettleRequest.safeParse(JSON.parse(raw));
    if (!request.success) return deps.log.warn("drive request ignored", { error: request.error.message });
    await deps.settle();
    const handed = triggers;
    triggers = [];
    const tx = client.multi();
    if (handed.length > 0) tx.rpush(keys.triggers, ...handed.map((t) => JSON.stringify(t))).expire(keys.triggers, LIST_TTL_SECONDS);
    await tx
      .rpush(keys.answers, JSON.stringify({ seq: request.data.seq }))
      .expire(keys.answers, LIST_TTL_SECONDS)
      .exec();
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        const popped = await client.blpop(keys.requests, POLL_SECONDS);
        if (popped && !stopped) await answer(popped[1]);
      } catch (err) {
        if (!stopped) deps.log.warn("drive request failed", { error: errorMessage(err) });
      }
    }
  })();

  return {
    async submit(job) {
      triggers.push(job);
    },
    async stop() {
      stopped = true;
      await loop;
      client.disconnect();
    },
  };
}
