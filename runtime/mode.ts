/**
 * Where the mode is decided. KIS_ENV (sim | paper | real, parsed in core/config.ts) is read here and
 * nowhere else: it becomes the venue the agent talks to — the REST and WebSocket hosts (the
 * in-process simulator, an external one, or KIS's own), the tr_id table on the wire, and the clock
 * that tells market time. Everything else is built the same way in every mode.
 */
import { join } from "node:path";
import { accountIds, loadAccountConfig } from "../core/accounts.js";
import { KIS_HOSTS, type KisWireEnv } from "../broker/kis/endpoints.js";
import { AcceleratedClock, ManualClock, systemClock, type Clock } from "../core/clock.js";
import { loadLedgerConfig, type AppConfig, type KisEnv } from "../core/config.js";
import { AppError, errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { resolveSimStart, startSimulator, type SimulatorHandle, type SimulatorOptions } from "../sim/index.js";

export interface Venue {
  restUrl: string;
  wsUrl: string;
  /** the simulator's clock in sim mode, the wall clock otherwise */
  clock: Clock;
  /** the tr_ids on the wire: paper's against the paper account, the real ones elsewhere (the simulator speaks both) */
  wireEnv: KisWireEnv;
  /** the in-process simulator, when sim mode starts one */
  sim?: SimulatorHandle;
  /**
   * Present when an external simulator's clock is stepped by a driver (`sim --stepped`): reads its
   * time into `clock`. The driver moves time only between jobs, so a job reads it once, first.
   */
  followClock?: () => Promise<void>;
}

const wireEnvOf = (config: AppConfig): KisWireEnv => (config.kisEnv === "paper" ? "paper" : "real");

interface SimClockView {
  nowMs: number;
  stepped: boolean;
}

/** The external simulator's own time (KIS_SIM_URL): it owns the clock. */
export async function simulatorClock(url: string): Promise<SimClockView> {
  const res = await fetch(new URL("/sim/clock", url)).catch((err: unknown) => {
    throw new AppError("BROKER_UNAVAILABLE", `Cannot reach the simulator at ${url} (KIS_SIM_URL): ${errorMessage(err)}`, { cause: err });
  });
  if (!res.ok) throw new AppError("BROKER_UNAVAILABLE", `The simulator at ${url} answered ${res.status} to GET /sim/clock`);
  return (await res.json()) as SimClockView;
}

const simulatorNow = async (url: string) => (await simulatorClock(url)).nowMs;

/** Follows the external simulator's time: at KIS_SIM_SPEED, or read afresh each time when a driver steps it. */
async function externalSimClock(url: string, speed: number): Promise<Pick<Venue, "clock" | "followClock">> {
  const view = await simulatorClock(url);
  if (!view.stepped) return { clock: new AcceleratedClock(view.nowMs, speed) };
  const clock = new ManualClock(view.nowMs);
  return { clock, followClock: async () => clock.set(await simulatorNow(url)) };
}

/** Opens the venue of the configured mode; sim mode starts the simulator in-process unless KIS_SIM_URL names one. */
export async function openVenue(config: AppConfig, log: Logger, simOverrides?: Partial<SimulatorOptions>): Promise<Venue> {
  const wireEnv = wireEnvOf(config);
  if (config.kisEnv !== "sim") {
    const hosts = KIS_HOSTS[config.kisEnv];
    return { restUrl: config.restUrl ?? hosts.rest, wsUrl: config.wsUrl ?? hosts.ws, clock: systemClock, wireEnv };
  }
  if (config.sim.url) {
    const wsUrl = config.wsUrl ?? config.sim.url.replace(/^http/, "ws");
    return { restUrl: config.sim.url, wsUrl, ...(await externalSimClock(config.sim.url, config.sim.speed)), wireEnv };
  }
  const start = resolveSimStart(systemClock.now(), config.sim.start);
  if (start.note) log.info(start.note);
  const sim = await startSimulator({
    seed: config.sim.seed,
    speed: config.sim.speed,
    start: start.startMs,
    rateLimitPerSec: config.sim.rateLimitPerSec,
    log,
    stateFile: join(config.dataDir, "sim-state.json"),
    ...simOverrides,
  });
  return { restUrl: sim.restUrl, wsUrl: sim.wsUrl, clock: sim.clock, wireEnv, sim };
}

/**
 * "Now" in market time for commands that open no venue (`kis-agent runs`): the wall clock for
 * paper and real, the external simulator's own clock, or the time an in-process simulator would
 * start at. Approval ages are measured in this time, as the approve node measures them.
 */
export async function marketNow(config: AppConfig): Promise<{ nowMs: number; note?: string }> {
  if (config.kisEnv !== "sim") return { nowMs: systemClock.now() };
  if (config.sim.url) {
    try {
      return { nowMs: await simulatorNow(config.sim.url) };
    } catch (err) {
      return { nowMs: systemClock.now(), note: `simulator clock not read (${errorMessage(err)}); ages use the wall clock` };
    }
  }
  return {
    nowMs: resolveSimStart(systemClock.now(), config.sim.start).startMs,
    note: "in-process simulator: ages use the time it would start at",
  };
}

const MODES: readonly KisEnv[] = ["sim", "paper", "real"];

function modeFlag(flag: string | undefined): KisEnv | undefined {
  if (flag === undefined) return undefined;
  if (!(MODES as readonly string[]).includes(flag))
    throw new AppError("DATA_INVALID", `--env: expected one of ${MODES.join(", ")}, received '${flag}'`);
  return flag as KisEnv;
}

/**
 * The ledger of the mode a flag names (`halt --env`), else of the shell's KIS_ENV, of the account
 * `--account` picks (ACCOUNT_ID) — reading no KIS key.
 */
export function ledgerConfigOf(flag: string | undefined, env: Record<string, string | undefined> = process.env): AppConfig {
  const base = loadLedgerConfig(modeFlag(flag) ?? modeFlag(env["KIS_ENV"] || "sim") ?? "sim", env);
  return loadAccountConfig(base, env, accountIds(env["ACCOUNT_ID"]), true);
}

/** The prefix that opens a sim-mode data directory (the demo's) from a shell in any mode. */
export const simCommandPrefix = (config: AppConfig) => (config.kisEnv === "sim" ? "" : "KIS_ENV=sim ");

/** Whether the account trades real money: the console then asks for a typed confirmation. */
export const tradesRealMoney = (config: AppConfig) => config.kisEnv === "real";

/** The venue in words, for what the agent tells its clients (the MCP server's instructions). */
export const venueName = (config: AppConfig) =>
  config.kisEnv === "sim" ? "the KIS-compatible simulator (KIS_ENV=sim)" : `the KIS ${config.kisEnv} account (KIS_ENV=${config.kisEnv})`;
