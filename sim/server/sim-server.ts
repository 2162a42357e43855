/**
 * The simulator's network front: one HTTP server for KIS REST, the /sim/ admin API and the
 * WebSocket upgrade, around a SimExchange and a clock.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock } from "../../core/clock.js";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { SimExchange } from "../exchange.js";
import { createAdmin } from "./admin.js";
import { AuthStore } from "./auth-store.js";
import { FaultState } from "./fault-state.js";
import { startPump } from "./pump.js";
import { httpDate } from "./http-io.js";
import { RateLimiter, type RestRateLimits } from "./rate-limiter.js";
import { ReservationBook } from "./reservations.js";
import { createRestGateway } from "./rest/rest-gateway.js";
import { createWsGateway, type WsSessionStats } from "./ws/ws-gateway.js";

export interface SimServerOptions {
  exchange: SimExchange;
  clock: Clock;
  /** transport timing: rate-limit buckets and fault durations */
  wallClock: Clock;
  host: string;
  port: number;
  /** REST requests per second per app key, by the environment of the tr_id (a number: both); 0 = off. */
  rateLimitPerSec: number | RestRateLimits;
  allowedAppKeys: readonly string[];
  allowedAccounts: readonly string[];
  tokenTtlSec: number;
  /** minimum time between two new tokens of one app key (EGW00133). @defaultValue 60_000 */
  tokenIssueIntervalMs?: number;
  pingIntervalMs: number;
  pumpIntervalMs: number;
  log: Logger;
}

export interface SimServer {
  port: number;
  /** Advances the exchange to the clock now and sends what happened, without waiting for the pump timer. */
  step(): void;
  /** WebSocket frames sent so far: a replay driver waits until its client has read them all. */
  framesSent(): number;
  /** WebSocket sessions per app key (fail-over tests): sim/server/ws/ws-gateway.ts */
  sessionStats(): WsSessionStats;
  close(): Promise<void>;
}

export async function startSimServer(o: SimServerOptions): Promise<SimServer> {
  const log = o.log.child({ module: "sim.server" });
  const auth = new AuthStore(o.clock, o.tokenTtlSec, new Set(o.allowedAppKeys), o.tokenIssueIntervalMs);
  const faults = new FaultState(o.wallClock);
  const reservations = new ReservationBook(o.clock);
  const ws = createWsGateway({ exchange: o.exchange, clock: o.clock, auth, pingIntervalMs: o.pingIntervalMs, log });
  // Reserved orders go out when their session opens, whether or not a request comes in then.
  const afterTick = () => {
    reservations.release(o.exchange);
    ws.flush();
  };
  const pump = startPump(o.exchange, o.clock, o.pumpIntervalMs, afterTick, log);
  const rest = createRestGateway({
    exchange: o.exchange,
    clock: o.clock,
    auth,
    limiter: new RateLimiter(o.rateLimitPerSec, o.wallClock),
    faults,
    allowedAccounts: new Set(o.allowedAccounts.map((a) => a.replace("-", ""))),
    reservations,
    log,
  });
  const step = () => {
    pump.sync();
    afterTick();
  };
  const admin = createAdmin({ exchange: o.exchange, clock: o.clock, auth, faults, dropSockets: ws.dropAll, step, barrier: ws.barrier });

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sim");
    try {
      pump.sync();
      reservations.release(o.exchange);
      await (url.pathname.startsWith("/sim/") ? admin(req, res, url) : rest(req, res, url));
    } catch (err) {
      log.error("request failed", { path: url.pathname, error: errorMessage(err) });
      if (!res.headersSent) res.writeHead(500, { Date: httpDate(o.clock.now()), "Content-Length": "0" }).end();
    } finally {
      ws.flush();
    }
  }

  const server = createServer((req, res) => void onRequest(req, res));
  server.on("upgrade", (req, socket, head: Buffer) => ws.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info("simulator listening", { host: o.host, port });

  return {
    port,
    step,
    framesSent: () => ws.framesSent(),
    sessionStats: () => ws.sessionStats(),
    async close() {
      pump.stop();
      await ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
