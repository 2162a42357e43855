/**
 * A replay across processes: the scheduler role's `--replay DAYS` steps a stepped simulator
 * (`sim --stepped`) through simulated trading days and enqueues THE schedule's slots as BullMQ jobs
 * for whichever workers share the Redis — the in-process replay's loop (runtime/replay.ts), with the
 * queues in place of direct calls. Each step the simulator answers once every feed session has read
 * the step's frames; each account's feed holder then settles (runtime/drive-feed.ts); then the due
 * slots run one job at a time, then the step's reactive runs, each job followed by the same barrier
 * at the same time. Jobs are serial on purpose: the same seed gives the same ledger however many
 * workers share them, and whichever of them dies.
 */
import type { Redis } from "ioredis";
import { formatKstIso, fromKst, kstParts } from "../core/clock.js";
import { AppError, errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { JobData, QueueName, Queues } from "../jobs/queues.js";
import { slotKey, slotsBetween, type Slot } from "../jobs/schedules.js";
import type { TriggerJob } from "../jobs/trigger-runs.js";
import { isKrxTradingDay, nextTradingDay } from "../venue/krx-calendar.js";
import { driveKeys, SettleRequest } from "./drive-feed.js";
import { simulatorClock } from "./mode.js";
import { DAY_END, DAY_START } from "./replay.js";

export interface DrivenAccount {
  /** for logs and the summary; null for the single-account default */
  id: string | null;
  prefix: string;
  queues: Queues;
}

export interface DriveOptions {
  /** the stepped simulator (KIS_SIM_URL) */
  simUrl: string;
  /** a connection for blocking reads (BLPOP), used by nothing else */
  blocking: Redis;
  redis: Redis;
  accounts: readonly DrivenAccount[];
  days: number;
  /** first trading day (YYYYMMDD); default the simulator's day, or the next trading day after it */
  startDate?: string;
  /** simulated ms per step @defaultValue 60_000 */
  stepMs?: number;
  log: Logger;
  onProgress?: (p: { day: string; simulatedTime: string; jobs: number }) => void;
  /** how long a step waits for an account's feed holder @defaultValue 60 s */
  feedTimeoutMs?: number;
  /** how long one job may take, retries and a dead worker's fail-over included @defaultValue 10 min */
  jobTimeoutMs?: number;
}

export interface DriveSummary {
  days: string[];
  steps: number;
  jobs: number;
  /** jobs that failed after their last attempt */
  jobFailures: number;
  reactiveRuns: number;
  wallMs: number;
}

const POLL_MS = 20;
/** How long the driver blocks for a feed's answer before asking again (a holder that changed). */
const ANSWER_WAIT_S = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Moves the stepped simulator's clock and waits until its sessions have read the step (`synced`). */
async function moveSimClock(simUrl: string, toMs: number): Promise<{ synced?: boolean }> {
  const res = await fetch(new URL("/sim/clock", simUrl), { method: "POST", body: JSON.stringify({ toMs, sync: true }) });
  const json = (await res.json()) as { synced?: boolean; error?: string };
  if (!res.ok) throw new AppError("BROKER_UNAVAILABLE", `The simulator refused the clock move: ${json.error ?? res.status}`);
  return json;
}

function replayDays(first: string, count: number): string[] {
  const days = [first];
  while (days.length < count) days.push(nextTradingDay(days.at(-1) ?? first));
  return days;
}

function firstDayAt(nowMs: number): string {
  const { date } = kstParts(nowMs);
  return isKrxTradingDay(date) && nowMs <= fromKst(date, DAY_START) ? date : nextTradingDay(date);
}

export async function runDrive(o: DriveOptions): Promise<DriveSummary> {
  const wallStart = performance.now();
  const stepMs = o.stepMs ?? 60_000;
  const start = await simulatorClock(o.simUrl);
  if (!start.stepped)
    throw new AppError(
      "CONFIG_INVALID",
      `The simulator at ${o.simUrl} runs on its own clock: start it with --stepped to replay across processes`,
    );
  const days = replayDays(o.startDate ?? firstDayAt(start.nowMs), o.days);
  const counters = { steps: 0, jobs: 0, jobFailures: 0, reactiveRuns: 0 };
  const reactive = new Set<string>();
  /** triggers the feeds handed over, run at the step's trigger phase */
  const pending: Array<[DrivenAccount, TriggerJob]> = [];
  let nowMs = start.nowMs;
  let seq = Date.now();

  /** One job, waited for to its end; a failed job is counted and the replay goes on, as live. */
  async function runJob(account: DrivenAccount, queue: QueueName, jobId: string, data: JobData): Promise<void> {
    counters.jobs++;
    const q = account.queues[queue];
    await q.add(queue, data, { jobId });
    const deadline = Date.now() + (o.jobTimeoutMs ?? 600_000);
    for (;;) {
      const state = await q.getJobState(jobId);
      if (state === "completed") return sync(nowMs);
      if (state === "failed") {
        counters.jobFailures++;
        o.log.warn("replay job failed", { account: account.id, queue, jobId });
        return sync(nowMs);
      }
      if (Date.now() > deadline)
        throw new AppError(
          "BROKER_UNAVAILABLE",
          `Job ${queue}/${jobId} did not finish in time: are workers running on prefix ${account.prefix}?`,
        );
      await sleep(POLL_MS);
    }
  }

  /** Asks the account's feed holder to settle the step and hands back its triggers. */
  async function settle(account: DrivenAccount): Promise<TriggerJob[]> {
    const keys = driveKeys(account.prefix);
    const mine = ++seq;
    const deadline = Date.now() + (o.feedTimeoutMs ?? 60_000);
    // A request left by a holder that died is replaced, not piled up.
    const ask = () =>
      o.redis
        .multi()
        .del(keys.requests)
        .rpush(keys.requests, JSON.stringify({ seq: mine }))
        .exec();
    await ask();
    for (;;) {
      const popped = await o.blocking.blpop(keys.answers, ANSWER_WAIT_S);
      if (popped && SettleRequest.safeParse(JSON.parse(popped[1])).data?.seq === mine) break;
      if (Date.now() > deadline)
        throw new AppError(
          "FEED_ERROR",
          `No feed answered for ${account.id ?? "the account"} on prefix ${account.prefix}: is a \`start --role feed\` (or all) process running?`,
        );
      if (!popped) await ask();
    }
    const [[, raw]] = (await o.redis.multi().lrange(keys.triggers, 0, -1).del(keys.triggers).exec()) as [[unknown, string[]]];
    return raw.map((r) => JSON.parse(r) as TriggerJob);
  }

  /**
   * Moves the simulator to `atMs` (or only waits, at the same time), then lets every account's feed
   * settle and keeps their triggers. Also after each job: its orders printed trades and notices, and
   * the next job must see them whether its worker reads the feed's memory or the published digest.
   */
  async function sync(atMs: number): Promise<void> {
    const moved = await moveSimClock(o.simUrl, atMs);
    if (moved.synced === false) o.log.warn("replay: a feed session did not read the step in time", { at: formatKstIso(atMs) });
    nowMs = atMs;
    for (const account of o.accounts) for (const job of await settle(account)) pending.push([account, job]);
  }

  const step = (atMs: number) => (counters.steps++, sync(atMs));

  const runSlot = async (slot: Slot) => {
    for (const account of o.accounts) await runJob(account, slot.queue, slotKey(slot), { scheduleId: slot.scheduleId, slotMs: slot.atMs });
  };

  /** The triggers handed over so far; those their runs raise wait for the next step, as in the in-process replay. */
  const runTriggers = async () => {
    for (const [account, job] of pending.splice(0)) {
      const key = `${account.prefix}|${job.jobId}`;
      if (reactive.has(key)) continue;
      reactive.add(key);
      counters.reactiveRuns++;
      await runJob(account, "trading-run", job.jobId, job.data);
    }
  };

  try {
    for (const day of days) {
      const dayStart = fromKst(day, DAY_START);
      const end = fromKst(day, DAY_END);
      const slots = slotsBetween(nowMs, end);
      while (slots[0] && slots[0].atMs < dayStart) {
        const slot = slots.shift() as Slot;
        await step(Math.max(nowMs, slot.atMs));
        await runTriggers();
        await runSlot(slot);
      }
      for (let t = Math.max(dayStart, nowMs); t <= end; t += stepMs) {
        await step(t);
        while (slots[0] && slots[0].atMs <= t) await runSlot(slots.shift() as Slot);
        await runTriggers();
        o.onProgress?.({ day, simulatedTime: formatKstIso(t), jobs: counters.jobs });
      }
    }
  } catch (err) {
    o.log.error("replay stopped", { at: formatKstIso(nowMs), error: errorMessage(err) });
    throw err;
  }
  return { days, ...counters, wallMs: Math.round(performance.now() - wallStart) };
}
