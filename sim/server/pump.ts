/**
 * Keeps the market moving: on a short wall-clock timer (and before each request) it advances the
 * exchange to the simulated clock, then lets the feed send what happened.
 */
import type { Clock } from "../../core/clock.js";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { SimExchange } from "../exchange.js";

export interface Pump {
  /** Advances the exchange to the clock now. */
  sync(): void;
  stop(): void;
}

export function startPump(exchange: SimExchange, clock: Clock, intervalMs: number, afterTick: () => void, log: Logger): Pump {
  let lastMs = -Infinity;
  const sync = () => {
    const now = clock.now();
    if (now <= lastMs) return;
    lastMs = now;
    exchange.advanceTo(now);
  };
  const timer = setInterval(() => {
    try {
      sync();
      afterTick();
    } catch (err) {
      log.error("pump: advancing the exchange failed", { error: errorMessage(err) });
    }
  }, intervalMs);
  return { sync, stop: () => clearInterval(timer) };
}
