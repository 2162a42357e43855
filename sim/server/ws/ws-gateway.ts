/**
 * The KIS WebSocket endpoint: accepts upgrades on /tryitout, /tryitout/<TR_ID> and /, keeps the
 * sessions (one per app key), sends PINGPONG every `pingIntervalMs` and feeds market frames.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { kstParts, type Clock } from "../../../core/clock.js";
import type { Logger } from "../../../core/logger.js";
import type { SimExchange } from "../../exchange.js";
import type { AuthStore } from "../auth-store.js";
import { createFeedBroadcaster } from "./feed-broadcaster.js";
import { WsSession } from "./ws-session.js";

export interface WsGatewayDeps {
  exchange: SimExchange;
  clock: Clock;
  auth: AuthStore;
  pingIntervalMs: number;
  log: Logger;
}

const WS_PATH = /^\/(tryitout(\/[A-Z0-9]+)?)?$/;

export function createWsGateway(deps: WsGatewayDeps) {
  const log = deps.log.child({ module: "sim.ws" });
  const wss = new WebSocketServer({ noServer: true });
  const sessions = new Set<WsSession>();
  const owners = new Map<string, WsSession>();
  let sentByClosed = 0;
  // Observability for fail-over tests: open sessions that presented each app key, refused or not.
  const presented = new Map<string, Set<WsSession>>();
  const stats = { maxSessionsPerAppKey: 0, refusedSessions: 0, duplicateRegistrationsByClosed: 0 };
  const registry = {
    claim(appKey: string, session: WsSession): boolean {
      const open = presented.get(appKey) ?? new Set<WsSession>();
      presented.set(appKey, open.add(session));
      stats.maxSessionsPerAppKey = Math.max(stats.maxSessionsPerAppKey, open.size);
      const owner = owners.get(appKey);
      if (owner && owner !== session) {
        stats.refusedSessions++;
        return false;
      }
      owners.set(appKey, session);
      return true;
    },
    approvalAppKey: (key: string | undefined) => deps.auth.approvalAppKey(key),
  };
  const feed = createFeedBroadcaster(deps.exchange, () => sessions, log);

  function attach(socket: WebSocket): void {
    const session = new WsSession(socket, registry);
    sessions.add(session);
    socket.on("message", (data: RawData, isBinary: boolean) => {
      if (!isBinary) session.handle(data.toString());
    });
    socket.on("error", (err) => log.debug("socket error", { error: err.message }));
    socket.on("close", () => {
      sessions.delete(session);
      sentByClosed += session.sent;
      stats.duplicateRegistrationsByClosed += session.duplicateRegistrations;
      for (const open of presented.values()) open.delete(session);
      if (session.appKey !== undefined && owners.get(session.appKey) === session) owners.delete(session.appKey);
    });
  }

  function ping(): void {
    const { date, time } = kstParts(deps.clock.now());
    const frame = JSON.stringify({ header: { tr_id: "PINGPONG", datetime: `${date}${time}` } });
    for (const s of sessions) s.ping(frame);
  }

  /**
   * Resolves once every open session has echoed a PINGPONG sent now — that is, read every frame sent
   * before it (one socket, in order) — or after `timeoutMs`; says which. A stepped clock's driver
   * uses it so that the feed has read a step's frames before the runs of that step start.
   */
  async function barrier(timeoutMs: number): Promise<boolean> {
    ping();
    const waiting = [...sessions].filter((s) => s.open).map((s) => ({ s, pings: s.pings }));
    const deadline = Date.now() + timeoutMs;
    while (waiting.some(({ s, pings }) => s.open && s.pongs < pings)) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return true;
  }
  const pingTimer = setInterval(ping, deps.pingIntervalMs);

  return {
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      const path = new URL(req.url ?? "/", "http://sim").pathname;
      if (!WS_PATH.test(path)) {
        socket.end("HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n");
        return;
      }
      wss.handleUpgrade(req, socket, head, attach);
    },
    flush: () => feed.flush(),
    barrier,
    /** Frames sent to every session so far, closed ones included. */
    framesSent: () => [...sessions].reduce((n, s) => n + s.sent, sentByClosed),
    /**
     * Most sessions ever open at once for one app key (a refused second session counts while open),
     * second sessions refused, and subscribe requests for a registration the session already held.
     */
    sessionStats: () => ({
      maxSessionsPerAppKey: stats.maxSessionsPerAppKey,
      refusedSessions: stats.refusedSessions,
      duplicateRegistrations: [...sessions].reduce((n, s) => n + s.duplicateRegistrations, stats.duplicateRegistrationsByClosed),
    }),
    /** Terminates every session (fault injection); returns how many there were. */
    dropAll(): number {
      const n = sessions.size;
      for (const s of sessions) s.terminate();
      return n;
    },
    async close(): Promise<void> {
      clearInterval(pingTimer);
      feed.stop();
      for (const s of sessions) s.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

export type WsGateway = ReturnType<typeof createWsGateway>;
export type WsSessionStats = ReturnType<WsGateway["sessionStats"]>;
