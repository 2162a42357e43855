/**
 * The simulator's own admin API under /sim/ (plain JSON, not KIS): reset, account and order
 * views, state, the stepped clock and fault injection. Not part of the KIS surface.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { formatKstIso, ManualClock, type Clock } from "../../core/clock.js";
import { sessionPhase } from "../../venue/krx.js";
import type { SimExchange } from "../exchange.js";
import type { AuthStore } from "./auth-store.js";
import { FaultRequest, type FaultState } from "./fault-state.js";
import { parseJsonObject, readBody, sendJson } from "./http-io.js";

export interface AdminDeps {
  exchange: SimExchange;
  clock: Clock;
  auth: AuthStore;
  faults: FaultState;
  /** terminates every WebSocket session */
  dropSockets(): number;
  /** advances the exchange to the clock and sends the frames at once */
  step(): void;
  /** waits until every open WebSocket session has read what was sent (PINGPONG echoes), or the timeout */
  barrier(timeoutMs: number): Promise<boolean>;
}

class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ResetRequest = z.object({ seed: z.number().int().optional() }).strict();
/** `sync`: answer only once the sessions have read the step's frames (a driver of several processes). */
const ClockRequest = z.union([
  z.object({ advanceMs: z.number().int().nonnegative(), sync: z.boolean().optional() }).strict(),
  z.object({ toMs: z.number().int(), sync: z.boolean().optional() }).strict(),
]);
/** Longer than any loopback delivery; a session that has not echoed by then has lost its socket. */
const BARRIER_TIMEOUT_MS = 10_000;
const ALL_DATES = ["00000101", "99991231"] as const;

function parse<T>(schema: z.ZodType<T>, raw: string): T {
  const body = parseJsonObject(raw);
  if (!body) throw new AdminError(400, "Expected a JSON object body");
  const result = schema.safeParse(body);
  if (!result.success) throw new AdminError(400, z.prettifyError(result.error));
  return result.data;
}

function checkAccountId(accountId: string): string {
  if (!/^\d{10}$/.test(accountId)) throw new AdminError(400, `Expected a 10-digit account id (CANO + ACNT_PRDT_CD), received ${accountId}`);
  return accountId;
}

function clockView(clock: Clock) {
  const nowMs = clock.now();
  return { nowMs, kst: formatKstIso(nowMs), phase: sessionPhase(nowMs), stepped: clock instanceof ManualClock };
}

export function createAdmin(deps: AdminDeps) {
  const { exchange, clock } = deps;

  async function moveClock(raw: string) {
    if (!(clock instanceof ManualClock))
      throw new AdminError(409, "The clock is not stepped: start the simulator with --stepped (a ManualClock) to move it");
    const req = parse(ClockRequest, raw);
    const target = "advanceMs" in req ? clock.now() + req.advanceMs : req.toMs;
    if (target < clock.now()) throw new AdminError(400, `Expected a time at or after ${clock.now()}, received ${target}`);
    clock.set(target);
    deps.step();
    if (!req.sync) return clockView(clock);
    return { ...clockView(clock), synced: await deps.barrier(BARRIER_TIMEOUT_MS) };
  }

  function applyFault(raw: string) {
    const fault = parse(FaultRequest, raw);
    switch (fault.kind) {
      case "rate-limit-storm":
        deps.faults.startStorm(fault.durationMs);
        break;
      case "http-5xx":
        deps.faults.add5xx(fault.count, fault.path);
        break;
      case "drop-order-ack":
        deps.faults.addDroppedAcks(fault.count);
        break;
      case "revoke-tokens":
        deps.auth.revokeAll();
        break;
      case "expire-tokens":
        deps.auth.expireAll();
        break;
      case "drop-sockets":
        return { applied: fault.kind, dropped: deps.dropSockets() };
    }
    return { applied: fault.kind, active: deps.faults.active() };
  }

  function accountView(accountId: string) {
    return { ...exchange.account(checkAccountId(accountId)), openOrders: exchange.openOrders(accountId) };
  }

  function route(method: string, url: URL, raw: string): unknown {
    if (method === "GET" && url.pathname === "/sim/clock") return clockView(clock);
    const path = url.pathname;
    const account = /^\/sim\/accounts\/([^/]+)$/.exec(path);
    if (method === "GET" && account?.[1]) return accountView(decodeURIComponent(account[1]));
    if (method === "GET" && path === "/sim/orders") {
      const id = url.searchParams.get("account") ?? "";
      return { account: id, orders: exchange.orders(checkAccountId(id), ...ALL_DATES) };
    }
    if (method === "GET" && path === "/sim/state") {
      const symbols = exchange.symbols().map((info) => ({ ...info, state: exchange.symbol(info.code) }));
      return { clock: clockView(clock), symbols };
    }
    if (method === "GET" && path === "/sim/faults") return { active: deps.faults.active() };
    if (method === "POST" && path === "/sim/faults") return applyFault(raw);
    if (method === "POST" && path === "/sim/clock") return moveClock(raw);
    if (method === "POST" && path === "/sim/reset") {
      exchange.reset(parse(ResetRequest, raw).seed);
      deps.faults.clear();
      return { reset: true, clock: clockView(clock) };
    }
    throw new AdminError(404, `No admin route ${method} ${path}`);
  }

  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const raw = await readBody(req);
    try {
      sendJson(res, 200, await route(req.method ?? "GET", url, raw));
    } catch (err) {
      if (err instanceof AdminError) sendJson(res, err.status, { error: err.message });
      else throw err;
    }
  };
}
