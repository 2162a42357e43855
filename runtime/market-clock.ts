/**
 * "Now" in market time for commands that open no runtime (`kis-agent runs`): the wall clock for
 * paper and real, the external simulator's own clock, or the time an in-process simulator would
 * start at. Approval ages are measured in this time, as the approve node measures them.
 */
import { systemClock } from "../core/clock.js";
import type { AppConfig } from "../core/config.js";
import { errorMessage } from "../core/errors.js";
import { resolveSimStart } from "../sim/index.js";

export async function marketNow(config: AppConfig): Promise<{ nowMs: number; note?: string }> {
  if (config.kisEnv !== "sim") return { nowMs: systemClock.now() };
  if (config.sim.url) {
    try {
      const state = (await (await fetch(new URL("/sim/state", config.sim.url))).json()) as { clock: { nowMs: number } };
      return { nowMs: state.clock.nowMs };
    } catch (err) {
      return { nowMs: systemClock.now(), note: `simulator clock not read (${errorMessage(err)}); ages use the wall clock` };
    }
  }
  return { nowMs: resolveSimStart(systemClock.now(), config.sim.start).startMs, note: "in-process simulator: ages use the time it would start at" };
}
