/**
 * Replays simulated trading days at maximum speed through the live machinery: the simulator on a
 * stepped clock, the real WebSocket tick pipeline and its triggers, THE schedule evaluated on the
 * simulated clock (jobs/schedules.ts slotsBetween) and the same job handlers and processor the
 * BullMQ workers use — so what a replay shows is what runs live. Reflection closes the replay.
 */
import { ManualClock, formatKstIso, fromKst, kstParts } from "../core/clock.js";
import { loadConfig } from "../core/config.js";
import { errorMessage } from "../core/errors.js";
import { silentLogger, type Logger } from "../core/logger.js";
import { processJob, type JobHandlers } from "../jobs/processor.js";
import { slotKey, slotsBetween, type Slot } from "../jobs/schedules.js";
import { createTradingCalendar } from "../jobs/trading-calendar.js";
import { createTriggerDispatcher } from "../jobs/trigger-runs.js";
import type { MarketDataSpec } from "../sim/market/market-data.js";
import { nextTradingDay } from "../venue/krx-calendar.js";
import type { TriggerEvent } from "../market/triggers.js";
import { createAgent, feedHooks } from "./agent.js";
import { createRuntime, type Runtime } from "./create-runtime.js";
import { createJobHandlers } from "./job-handlers.js";
import { createLiveSession, type LiveSession } from "./live.js";
import { summarizeReplay, type ReplaySummary } from "./replay-report.js";

export interface ReplayProgress {
  day: string;
  dayIndex: number;
  days: number;
  /** share of the whole replay done, 0–1 */
  fraction: number;
  simulatedTime: string;
  tradingRuns: number;
}

export interface ReplayOptions {
  days: number;
  seed: number;
  /** a fresh directory: the replay's own database, checkpoints and simulator state */
  dataDir: string;
  /** first trading day (YYYYMMDD); default the next trading day after today */
  startDate?: string;
  /** false replays the market and the tick pipeline only (the bench's "without graph") */
  withGraph?: boolean;
  /** simulated ms per step @defaultValue 5_000 */
  stepMs?: number;
  /** extra configuration (LLM provider, limits…) over the replay's own */
  env?: Record<string, string | undefined>;
  log?: Logger;
  onProgress?: (progress: ReplayProgress) => void;
  /** what the simulated market plays @defaultValue the seeded generator */
  market?: MarketDataSpec;
  /** false skips the reflections (a backtest or an evaluation of a fixed prompt) @defaultValue true */
  reflect?: boolean;
  /** called once the runtime exists, before the first step (a backtest seeds its prompt version here) */
  prepare?: (rt: Runtime) => void | Promise<void>;
  /** called after the last day, while the runtime is still open (a backtest reads its ledger here) */
  inspect?: (rt: Runtime) => void | Promise<void>;
}

/** early enough for the 07:20 pre-market analysis */
export const DAY_START = "071500";
export const DAY_END = "161000";

/** Lets the loopback socket deliver what the simulator just sent. */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Longer than any loopback delivery; a feed that fell this far behind has lost its socket. */
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Waits until the feed has read every frame the simulator sent. Ticks of one step must reach the
 * pipeline (and its triggers) before the clock moves on, or a busy machine would see them later,
 * stamped with a later time, and the same seed would replay differently.
 */
async function drainFeed(sim: Runtime["sim"], live: LiveSession, log: Logger): Promise<void> {
  if (!sim) return;
  const deadline = performance.now() + DRAIN_TIMEOUT_MS;
  await yieldToIo();
  // A frame read may start more work (a fill notice refreshes holdings), and that work more frames.
  for (;;) {
    const received = live.framesReceived();
    if (received >= sim.framesSent()) {
      await live.settled();
      if (live.framesReceived() === received && received >= sim.framesSent()) return;
      continue;
    }
    if (performance.now() > deadline) {
      log.warn("replay: feed behind the simulator", { sent: sim.framesSent(), received: live.framesReceived() });
      return;
    }
    await yieldToIo();
  }
}

export async function runReplay(options: ReplayOptions): Promise<ReplaySummary> {
  const log = options.log ?? silentLogger;
  const withGraph = options.withGraph ?? true;
  const reflect = withGraph && (options.reflect ?? true);
  const stepMs = options.stepMs ?? 5_000;
  const firstDay = options.startDate ?? nextTradingDay(kstParts(Date.now()).date);
  const days: string[] = [firstDay];
  while (days.length < options.days) days.push(nextTradingDay(days.at(-1) ?? firstDay));
  const clock = new ManualClock(fromKst(firstDay, DAY_START));
  const config = loadConfig({
    ...options.env,
    KIS_ENV: "sim",
    DATA_DIR: options.dataDir,
    KIS_SIM_SEED: String(options.seed),
    KIS_SIM_RATE_LIMIT: "0",
    KIS_SIM_URL: undefined,
  });
  const rt = await createRuntime({ config, log, sim: { clock, ...(options.market ? { market: options.market } : {}) } });
  const wallStart = performance.now();
  let live: LiveSession | undefined;
  try {
    await options.prepare?.(rt);
    live = createLiveSession(rt, { investorPollMs: 0, feed: { idleTimeoutMs: 3_600_000 } });
    await live.start();
    const agent = createAgent(rt, { live });
    const handlers = createJobHandlers(agent, feedHooks(rt, live));
    const calendar = createTradingCalendar(rt.kis, log);
    const triggers: TriggerEvent[] = [];
    live.on("trigger", (t) => triggers.push(t));
    const counters = { tradingRuns: 0, reactiveRuns: 0, jobs: 0, jobFailures: 0, triggers: 0 };
    const run = async (queue: keyof JobHandlers, id: string, data: Record<string, unknown>) => {
      if ((!withGraph && queue === "trading-run") || (!reflect && queue === "reflection-run")) return;
      counters.jobs++;
      if (queue === "trading-run") counters.tradingRuns++;
      try {
        await processJob({ id, queueName: queue, data, opts: {}, attemptsMade: 0 }, { handlers, calendar, log });
      } catch (err) {
        counters.jobFailures++;
        log.warn("replay job failed", { id, error: errorMessage(err) });
      }
      // Execution notices and subscription acks of the run arrive before the next step.
      if (live) await drainFeed(rt.sim, live, log);
    };
    // One job per id, as BullMQ keeps it live: a symbol's window starts one reactive run.
    const reactive = new Set<string>();
    const dispatch = createTriggerDispatcher(async ({ jobId, data }) => {
      if (reactive.has(jobId)) return;
      reactive.add(jobId);
      counters.reactiveRuns++;
      await run("trading-run", jobId, data);
    });
    const runSlot = (slot: Slot) => run(slot.queue, slotKey(slot), { scheduleId: slot.scheduleId, slotMs: slot.atMs });
    for (const [dayIndex, day] of days.entries()) {
      const start = fromKst(day, DAY_START);
      const end = fromKst(day, DAY_END);
      // The slots since the previous day's end, once: cron evaluation in a time zone is too slow to
      // repeat per step. Overnight ones (the weekend reflection) run at their own time first.
      const slots = slotsBetween(clock.now(), end);
      while (slots[0] && slots[0].atMs < start) {
        const slot = slots.shift() as Slot;
        clock.set(slot.atMs);
        rt.sim?.step();
        await drainFeed(rt.sim, live, log);
        await runSlot(slot);
      }
      for (let t = start; t <= end; t += stepMs) {
        clock.set(t);
        rt.sim?.step();
        await drainFeed(rt.sim, live, log);
        while (slots[0] && slots[0].atMs <= t) await runSlot(slots.shift() as Slot);
        for (const trigger of triggers.splice(0)) {
          counters.triggers++;
          await dispatch(trigger);
        }
        options.onProgress?.({
          day,
          dayIndex,
          days: days.length,
          fraction: (dayIndex + (t - start) / (end - start)) / days.length,
          simulatedTime: formatKstIso(t),
          tradingRuns: counters.tradingRuns,
        });
      }
    }
    if (reflect)
      await run("reflection-run", `reflection-replay-${options.seed}-${firstDay}`, {
        runId: `reflection-replay-${options.seed}-${firstDay}`,
        trigger: { kind: "replay", detail: `after ${days.length} day(s)` },
      });
    await options.inspect?.(rt);
    await live.stop();
    live = undefined;
    return await summarizeReplay(agent, { days, seed: options.seed, withGraph, wallMs: performance.now() - wallStart, counters });
  } finally {
    await live?.stop().catch(() => undefined);
    await rt.close();
  }
}

export type { Runtime };
