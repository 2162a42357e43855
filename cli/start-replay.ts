/**
 * `start --replay DAYS`: the scheduler drives a stepped simulator through simulated days
 * (runtime/drive.ts) instead of registering the live schedule. A stepped simulator without a
 * replay is refused for a scheduler: the live schedule would fire on the wall clock, out of step.
 */
import { Redis } from "ioredis";
import type { AppConfig } from "../core/config.js";
import { AppError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { Queues } from "../jobs/queues.js";
import { runDrive, type DriveSummary } from "../runtime/drive.js";
import { simulatorClock } from "../runtime/mode.js";
import type { RoleParts } from "../runtime/roles.js";

export interface ReplayArgs {
  days: number;
  from?: string;
  stepMs: number;
}

const positiveInt = (name: string, raw: string): number => {
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isInteger(n) || n < 1)
    throw new AppError("DATA_INVALID", `--${name}: expected a positive integer, received '${raw}'`);
  return n;
};

export function parseReplayArgs(values: { replay?: string; "replay-from"?: string; "replay-step"?: string }): ReplayArgs | undefined {
  if (values.replay === undefined) {
    if (values["replay-from"] !== undefined || values["replay-step"] !== undefined)
      throw new AppError("DATA_INVALID", "--replay-from and --replay-step go with --replay DAYS");
    return undefined;
  }
  const from = values["replay-from"];
  if (from !== undefined && !/^\d{8}$/.test(from))
    throw new AppError("DATA_INVALID", `--replay-from: expected YYYYMMDD, received '${from}'`);
  return {
    days: positiveInt("replay", values.replay),
    stepMs: values["replay-step"] === undefined ? 60_000 : positiveInt("replay-step", values["replay-step"]) * 1_000,
    ...(from !== undefined ? { from } : {}),
  };
}

/** Refuses a replay without a stepped simulator to drive, and a live schedule against one. */
export async function checkReplayVenue(config: AppConfig, parts: RoleParts, replay: ReplayArgs | undefined): Promise<void> {
  if (replay && !parts.schedules) throw new AppError("DATA_INVALID", "--replay drives the schedule: use it with --role scheduler or all");
  const simUrl = config.kisEnv === "sim" ? config.sim.url : undefined;
  const stepped = simUrl ? (await simulatorClock(simUrl)).stepped : false;
  if (replay && !stepped)
    throw new AppError("CONFIG_INVALID", "--replay needs a stepped simulator: run `kis-agent sim --stepped` and set KIS_SIM_URL to it");
  if (stepped && parts.schedules && !replay)
    throw new AppError(
      "CONFIG_INVALID",
      "The simulator at KIS_SIM_URL is stepped: its clock moves only by a driver. Pass --replay DAYS, or start it without --stepped",
    );
}

export async function driveReplay(
  config: AppConfig,
  replay: ReplayArgs,
  accounts: Array<{ id: string | null; prefix: string; queues: Queues }>,
  redisUrl: string,
  log: Logger,
): Promise<DriveSummary> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const blocking = new Redis(redisUrl, { maxRetriesPerRequest: null });
  try {
    return await runDrive({
      simUrl: config.sim.url ?? "",
      redis,
      blocking,
      accounts,
      days: replay.days,
      stepMs: replay.stepMs,
      ...(replay.from ? { startDate: replay.from } : {}),
      log,
      onProgress: (p) => log.debug("replay step", p),
    });
  } finally {
    redis.disconnect();
    blocking.disconnect();
  }
}
