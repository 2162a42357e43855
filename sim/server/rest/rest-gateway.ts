/**
 * The KIS REST front: faults, app key, rate limit, token, tr_id and body checks in the order
 * KIS's gateway applies them, then the endpoint handler inside the rt_cd envelope. A refused
 * request changes nothing: every check runs before the handler touches the exchange.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../../../core/clock.js";
import { errorMessage } from "../../../core/errors.js";
import type { Logger } from "../../../core/logger.js";
import type { SimExchange } from "../../exchange.js";
import type { AuthStore } from "../auth-store.js";
import type { FaultState } from "../fault-state.js";
import { httpDate, parseJsonObject, readBody, sendJson } from "../http-io.js";
import type { RateLimiter } from "../rate-limiter.js";
import type { ReservationBook } from "../reservations.js";
import { badParam, KisWireError } from "./kis-errors.js";
import { KisRequest, type ParamSource } from "./kis-request.js";
import { OAUTH_HANDLERS, oauthAppKey } from "./oauth-handlers.js";
import { INQUIRY_SUCCESS, type RestContext } from "./rest-context.js";
import { isKnownPath, methodOf, resolveRoute, type Route } from "./routes.js";

export interface RestGatewayDeps {
  exchange: SimExchange;
  clock: Clock;
  auth: AuthStore;
  limiter: RateLimiter;
  faults: FaultState;
  allowedAccounts: ReadonlySet<string>;
  reservations: ReservationBook;
  log: Logger;
}

const CASH_ORDERS = new Set<Route["name"]>(["orderCashBuy", "orderCashSell"]);

/** KIS's own response headers of an enveloped answer: the tr_id echoed, the paging flag, a transaction id. */
function kisHeaders(trId: string, trCont = ""): Record<string, string> {
  return { tr_id: trId, tr_cont: trCont, gt_uid: randomBytes(16).toString("hex") };
}

function queryParams(url: URL): ParamSource {
  const out: ParamSource = {};
  for (const [k, v] of url.searchParams) out[k] = v;
  return out;
}

/** POST bodies: a JSON object whose values are all strings (KIS rejects numbers). */
function bodyParams(raw: string): ParamSource {
  const body = parseJsonObject(raw);
  if (!body) throw new KisWireError("OPSQ0001");
  const out: ParamSource = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v !== "string") throw badParam(k, "string value");
    out[k] = v;
  }
  return out;
}

export function createRestGateway(deps: RestGatewayDeps) {
  const log = deps.log.child({ module: "sim.rest" });

  /** Every answer carries `Date` from the simulated clock, as KIS's carries its own time. */
  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    sendJson(res, status, body, { Date: httpDate(deps.clock.now()), ...headers });
  }

  function sendKisError(res: ServerResponse, err: KisWireError, oauth: boolean, trId: string): void {
    // OAuth endpoints answer errors with error_code/error_description too; KIS clients read either.
    const extra = oauth ? { error_code: err.msgCd, error_description: err.msg1 } : {};
    send(res, err.status, { ...err.body(), ...extra }, oauth ? {} : kisHeaders(trId));
  }

  function handleOAuth(res: ServerResponse, path: string, raw: string, headers: IncomingMessage["headers"]): void {
    const handler = OAUTH_HANDLERS[path];
    if (!handler) return;
    const body = parseJsonObject(raw);
    if (!body) throw new KisWireError("OPSQ0001");
    const req = new KisRequest("POST", path, headers, {});
    if (!deps.limiter.tryTake(oauthAppKey(body, req) ?? "")) throw new KisWireError("EGW00201");
    const reply = handler({ auth: deps.auth, clock: deps.clock }, body, req);
    send(res, reply.status, reply.body);
  }

  /** Gateway checks in KIS order; returns the route and the authenticated app key. */
  function admit(method: string, path: string, req: KisRequest): { route: Route; appKey: string } {
    if (methodOf(path) !== method) throw new KisWireError("OPSQ0002", `${method} ${path}`);
    const appKey = req.header("appkey");
    if (!deps.auth.acceptsCredentials(appKey, req.header("appsecret"))) throw new KisWireError("EGW00103");
    const route = resolveRoute(path, req.header("tr_id") ?? "");
    // A paper tr_id is a paper app key's call: it counts against the paper limit.
    if (!deps.limiter.tryTake(appKey, route?.env)) throw new KisWireError("EGW00201");
    const token = deps.auth.checkBearer(req.header("authorization"), appKey);
    if (token === "invalid") throw new KisWireError("EGW00121");
    if (token === "expired") throw new KisWireError("EGW00123");
    if (!route) throw new KisWireError("OPSQ0002", `tr_id ${req.header("tr_id") ?? ""}`);
    return { route, appKey };
  }

  function handleEndpoint(httpReq: IncomingMessage, res: ServerResponse, url: URL, raw: string): void {
    const method = httpReq.method ?? "GET";
    const probe = new KisRequest(method, url.pathname, httpReq.headers, {});
    const { route, appKey } = admit(method, url.pathname, probe);
    const params = method === "GET" ? queryParams(url) : bodyParams(raw);
    const req = new KisRequest(method, url.pathname, httpReq.headers, params);
    const ctx: RestContext = {
      exchange: deps.exchange,
      clock: deps.clock,
      req,
      trId: route.trId,
      env: route.env,
      appKey,
      allowedAccounts: deps.allowedAccounts,
      reservations: deps.reservations,
    };
    const reply = route.handler(ctx);
    if (CASH_ORDERS.has(route.name) && deps.faults.takeDroppedAck()) {
      log.info("fault: dropping an order acknowledgement", { path: url.pathname });
      httpReq.socket.destroy();
      return;
    }
    const message = reply.message ?? INQUIRY_SUCCESS;
    send(res, 200, { rt_cd: "0", msg_cd: message.msgCd, msg1: message.msg1, ...reply.body }, kisHeaders(ctx.trId, reply.trCont));
  }

  /** Answers one REST request (the caller has brought the market up to the clock). */
  return async function handle(httpReq: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const raw = await readBody(httpReq);
    const status5xx = deps.faults.take5xx(url.pathname);
    if (status5xx !== undefined) {
      res.writeHead(status5xx, { Date: httpDate(deps.clock.now()), "Content-Length": "0" }).end();
      return;
    }
    const oauth = url.pathname in OAUTH_HANDLERS;
    const trId = new KisRequest("GET", url.pathname, httpReq.headers, {}).header("tr_id") ?? "";
    try {
      if (deps.faults.inStorm()) throw new KisWireError("EGW00201");
      if (oauth) handleOAuth(res, url.pathname, raw, httpReq.headers);
      else if (!isKnownPath(url.pathname)) send(res, 404, new KisWireError("OPSQ0002", url.pathname).body(), kisHeaders(trId));
      else handleEndpoint(httpReq, res, url, raw);
    } catch (err) {
      if (err instanceof KisWireError) return sendKisError(res, err, oauth, trId);
      log.error("REST handler failed", { path: url.pathname, error: errorMessage(err) });
      send(res, 500, { rt_cd: "1", msg_cd: "EGW00000", msg1: "시스템 오류입니다" }, oauth ? {} : kisHeaders(trId));
    }
  };
}
