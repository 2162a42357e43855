/**
 * Starts the KIS-compatible simulator: the market core behind one HTTP server that speaks KIS
 * REST, the KIS WebSocket protocol and the /sim/ admin API on a loopback port.
 */
import { AcceleratedClock, formatKstIso, fromKst, kstParts, systemClock, type Clock } from "../core/clock.js";
import { AppError } from "../core/errors.js";
import { silentLogger, type Logger } from "../core/logger.js";
import { acceptsRegularOrders, sessionPhase } from "../venue/krx.js";
import { isKrxTradingDay, nextTradingDay } from "../venue/krx-calendar.js";
import type { SimExchange } from "./exchange.js";
import { createSimExchange } from "./market/create-exchange.js";
import type { MarketDataSpec } from "./market/market-data.js";
import { keepSimState, readSimState } from "./persistence/state-file.js";
import { restRateLimits } from "./server/rate-limiter.js";
import { startSimServer } from "./server/sim-server.js";
import type { WsSessionStats } from "./server/ws/ws-gateway.js";

export interface SimulatorOptions {
  /** @defaultValue "127.0.0.1" */
  host?: string;
  /** 0 picks a free port. @defaultValue 0 */
  port?: number;
  /** @defaultValue 1 */
  seed?: number;
  /** Used as is when given; otherwise an AcceleratedClock from `start` at `speed`. */
  clock?: Clock;
  /** simulated ms per wall ms. @defaultValue 1 */
  speed?: number;
  /** epoch ms the simulated clock starts at; absent → now, or the next session when outside KRX hours */
  start?: number;
  /**
   * REST requests per second per app key, for real and paper tr_ids alike; 0 = off (benchmarks,
   * replays and tests that need speed pass 0). Absent → KIS's own limits: 18/s for a real app key,
   * 1/s for one that sends paper tr_ids (EGW00201 beyond).
   */
  rateLimitPerSec?: number;
  /** empty = any app key */
  allowedAppKeys?: string[];
  /** 10-digit CANO+ACNT_PRDT_CD; empty = any well-formed account */
  allowedAccounts?: string[];
  /** @defaultValue 86400 */
  tokenTtlSec?: number;
  /** Simulated ms between two new tokens of one app key (EGW00133); tests shorten KIS's minute. @defaultValue 60000 */
  tokenIssueIntervalMs?: number;
  /** @defaultValue 30000 */
  pingIntervalMs?: number;
  /**
   * JSON file the accounts (cash, holdings, orders, fills, daily P&L, order numbers) are restored
   * from on start and saved to after every order/fill change and on close; absent → fresh accounts.
   * The market stays seeded. A file saved later than the start moves the start to its saved time
   * (see `note`); with an injected `clock` behind it, start-up fails with CONFIG_INVALID.
   */
  stateFile?: string;
  /** recorded data the market plays instead of its seeded generator (sim/market/market-data.ts) */
  market?: MarketDataSpec;
  log?: Logger;
}

export interface SimulatorHandle {
  /** http://127.0.0.1:PORT */
  restUrl: string;
  /** ws://127.0.0.1:PORT (clients append /tryitout) */
  wsUrl: string;
  clock: Clock;
  exchange: SimExchange;
  /** why the simulated clock starts later than asked (a state file saved later), when it does */
  note?: string;
  /** Advances the market to the clock now and sends the resulting frames at once (replay drivers). */
  step(): void;
  /** WebSocket frames sent so far, to every session (replay drivers drain against it). */
  framesSent(): number;
  /** WebSocket sessions per app key: the most open at once, refused second sessions, duplicate registrations */
  sessionStats(): WsSessionStats;
  close(): Promise<void>;
}

const PUMP_INTERVAL_MS = 25;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Where the simulated clock starts. An ISO time with offset (or epoch ms) is used as given;
 * without one, a wall time outside the regular session moves to 09:00 KST of the next trading
 * day (today's when it is a trading day before 09:00), with a note saying so.
 */
export function resolveSimStart(wallMs: number, start?: string | number): { startMs: number; note?: string } {
  if (typeof start === "number") return { startMs: start };
  if (start !== undefined) {
    const ms = ISO_WITH_OFFSET.test(start) ? Date.parse(start) : NaN;
    if (Number.isNaN(ms))
      throw new AppError("DATA_INVALID", `Expected an ISO time with offset such as 2026-03-02T09:00:00+09:00, received ${start}`);
    return { startMs: ms };
  }
  const phase = sessionPhase(wallMs);
  if (phase !== "PRE_OPEN_AUCTION" && acceptsRegularOrders(phase)) return { startMs: wallMs };
  const { date, secondOfDay } = kstParts(wallMs);
  const day = isKrxTradingDay(date) && secondOfDay < 9 * 3600 ? date : nextTradingDay(date);
  const startMs = fromKst(day, "090000");
  return { startMs, note: `${formatKstIso(wallMs)} is outside KRX hours; the simulated clock starts at ${formatKstIso(startMs)}` };
}

/**
 * The injected clock as is (createSimExchange refuses one behind the saved time); otherwise an
 * accelerated clock from the start, moved to the state's saved time when that is later, so that
 * simulated time never runs backwards across restarts.
 */
function simulatedClock(options: SimulatorOptions, speed: number, savedAtMs: number | undefined): { clock: Clock; note?: string } {
  if (options.clock) return { clock: options.clock };
  const requestedMs = options.start ?? resolveSimStart(systemClock.now()).startMs;
  if (savedAtMs === undefined || savedAtMs <= requestedMs) return { clock: new AcceleratedClock(requestedMs, speed) };
  return {
    clock: new AcceleratedClock(savedAtMs, speed),
    note: `the state file was saved at ${formatKstIso(savedAtMs)}, after the requested start ${formatKstIso(requestedMs)}; the simulated clock resumes at ${formatKstIso(savedAtMs)}`,
  };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new AppError("CONFIG_INVALID", `Expected a positive speed, received ${speed}`);
  const log = options.log ?? silentLogger;
  const seed = options.seed ?? 1;
  const state = options.stateFile === undefined ? undefined : readSimState(options.stateFile);
  const { clock, note } = simulatedClock(options, speed, state?.accounts.savedAtMs);
  if (note) log.info(note);
  const exchange = createSimExchange({
    seed,
    clock,
    ...(state ? { accounts: state.accounts } : {}),
    ...(options.market ? { market: options.market } : {}),
  });
  const keeper = options.stateFile === undefined ? undefined : keepSimState(exchange, options.stateFile, seed, log);
  const host = options.host ?? "127.0.0.1";
  const server = await startSimServer({
    exchange,
    clock,
    wallClock: systemClock,
    host,
    port: options.port ?? 0,
    rateLimitPerSec: restRateLimits(options.rateLimitPerSec),
    allowedAppKeys: options.allowedAppKeys ?? [],
    allowedAccounts: options.allowedAccounts ?? [],
    tokenTtlSec: options.tokenTtlSec ?? 86_400,
    ...(options.tokenIssueIntervalMs !== undefined ? { tokenIssueIntervalMs: options.tokenIssueIntervalMs } : {}),
    pingIntervalMs: options.pingIntervalMs ?? 30_000,
    pumpIntervalMs: PUMP_INTERVAL_MS,
    log,
  });
  return {
    restUrl: `http://${host}:${server.port}`,
    wsUrl: `ws://${host}:${server.port}`,
    clock,
    exchange,
    ...(note ? { note } : {}),
    step: () => server.step(),
    framesSent: () => server.framesSent(),
    sessionStats: () => server.sessionStats(),
    async close() {
      await server.close();
      keeper?.close();
    },
  };
}
