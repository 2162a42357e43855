/**
 * The job handlers over a real runtime: the simulator on loopback, a SQLite data directory, the
 * real KIS client. Jobs go through processJob as a worker would hand them over (no Redis needed).
 */
import { UnrecoverableError } from "bullmq";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fromKst } from "../../core/clock.js";
import { AppError } from "../../core/errors.js";
import { silentLogger } from "../../core/logger.js";
import { processJob, type JobLike } from "../../jobs/processor.js";
import { createAgent } from "../../runtime/agent.js";
import { createJobHandlers } from "../../runtime/job-handlers.js";
import { slotKey } from "../../jobs/schedules.js";
import { builtInCalendar } from "../../jobs/trading-calendar.js";
import type { Runtime } from "../../runtime/create-runtime.js";
import { startHarness, type Harness } from "../fakes/trading-harness.js";

let h: Harness;
let rt: Runtime;
beforeEach(async () => {
  h = await startHarness();
  rt = await h.open();
});
afterEach(() => h.close());

const slotJob = (queueName: string, scheduleId: string, time: string): JobLike => {
  const slotMs = fromKst("20261123", time);
  return { id: `repeat:${scheduleId}:${slotMs}`, queueName, data: { scheduleId }, opts: { prevMillis: slotMs }, attemptsMade: 0 };
};

describe("runtime job handlers", () => {
  it("runs a schedule slot as one trading run named after the slot, and a repeat of the slot adds nothing", async () => {
    const handlers = createJobHandlers(createAgent(rt));
    const deps = { handlers, calendar: builtInCalendar, log: silentLogger };
    const job = slotJob("trading-run", "trading-open", "091000");
    const runId = slotKey({ scheduleId: "trading-open", atMs: fromKst("20261123", "091000") });
    await expect(processJob(job, deps)).resolves.toMatchObject({ runId, status: "succeeded" });
    await processJob({ ...job, attemptsMade: 1 }, deps);
    const runs = rt.repos.runs.listRecent(10);
    expect(runs).toEqual([expect.objectContaining({ runId, graph: "trading", trigger: "schedule", status: "succeeded" })]);
  });

  it("does not retry a trading run whose failure retrying cannot fix", async () => {
    rt.planner = { provider: "openai", model: "broken", plan: () => Promise.reject(new AppError("CONFIG_INVALID", "model name rejected")) };
    const handlers = createJobHandlers(createAgent(rt));
    const failure = processJob(slotJob("trading-run", "trading-open", "092000"), {
      handlers,
      calendar: builtInCalendar,
      log: silentLogger,
    });
    await expect(failure).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(failure).rejects.toThrow(/CONFIG_INVALID: trading run .* failed: model name rejected/);
  });

  it("finalizes the day into daily_portfolio from the simulator's account", async () => {
    const handlers = createJobHandlers(createAgent(rt));
    const result = await processJob(slotJob("finalize", "finalize", "154000"), { handlers, calendar: builtInCalendar, log: silentLogger });
    expect(result).toMatchObject({ cancelled: 0, report: expect.stringContaining("daily report") });
    const row = rt.db.prepare("SELECT total_value_krw FROM daily_portfolio").get() as { total_value_krw: number } | undefined;
    expect(row?.total_value_krw).toBeGreaterThan(0);
    expect(row?.total_value_krw).toBe(result.totalValueKrw);
  });

  it("hands the market scan's finds to the live feed and reconciles on its own queue", async () => {
    const finds: string[][] = [];
    const handlers = createJobHandlers(createAgent(rt), { onScanFinds: (symbols) => finds.push(symbols) });
    const deps = { handlers, calendar: builtInCalendar, log: silentLogger };
    const scan = await processJob(slotJob("market-scan", "market-scan-day", "101500"), deps);
    expect(finds).toHaveLength(1);
    expect(scan.symbols).toEqual(finds[0]);
    expect(finds[0]?.length).toBeGreaterThan(0);
    await expect(processJob(slotJob("reconcile", "reconcile-pre-open", "085000"), deps)).resolves.toEqual({
      matched: 0,
      rejected: 0,
      updated: 0,
      pending: 0,
    });
  });

  it("runs the pre-market analysis: stores the day's picks and hands them to the feed", async () => {
    const picked: string[][] = [];
    const handlers = createJobHandlers(createAgent(rt), { onPicks: (s) => picked.push(s) });
    const result = await processJob(slotJob("daily-analysis", "daily-analysis", "072000"), {
      handlers,
      calendar: builtInCalendar,
      log: silentLogger,
    });
    expect((result.picks as string[]).length).toBeGreaterThan(0);
    expect(picked).toEqual([result.picks]);
    expect(rt.repos.dailyPicks.list(result.date as string).map((p) => p.symbol)).toEqual(result.picks);
  });
});
