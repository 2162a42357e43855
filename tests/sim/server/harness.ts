/**
 * Starts the simulator's front over a FakeExchange on a loopback port with a stepped clock, and
 * speaks raw KIS HTTP to it with fetch (never the product's KIS client).
 */
import { fromKst, ManualClock, type Clock } from "../../../core/clock.js";
import { silentLogger } from "../../../core/logger.js";
import type { SimExchange } from "../../../sim/exchange.js";
import { createSimExchange } from "../../../sim/market/create-exchange.js";
import { startSimServer, type SimServerOptions } from "../../../sim/server/sim-server.js";
import { FakeExchange } from "../../fakes/fake-exchange.js";

/** Monday 2026-11-23 10:00 KST: a trading day in the continuous session. */
export const TRADING_MS = fromKst("20261123", "100000");
export const APP_KEY = "PSsimAppKey0000000000000000000000000";
export const APP_SECRET = "simSecret".repeat(20);
export const CANO = "12345678";
export const PRODUCT = "01";
export const ACCOUNT_ID = CANO + PRODUCT;

export interface KisResponse {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

export interface CallOptions {
  trId?: string;
  params?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  token?: string | null;
  appKey?: string;
  appSecret?: string;
}

export interface Harness<E extends SimExchange = FakeExchange> {
  url: string;
  wsUrl: string;
  clock: ManualClock;
  wall: ManualClock;
  exchange: E;
  token(appKey?: string, appSecret?: string): Promise<string>;
  approval(appKey?: string, appSecret?: string): Promise<string>;
  get(path: string, options?: CallOptions): Promise<KisResponse>;
  post(path: string, options?: CallOptions): Promise<KisResponse>;
  admin(method: "GET" | "POST", path: string, body?: unknown): Promise<KisResponse>;
  close(): Promise<void>;
}

async function toResponse(res: Response): Promise<KisResponse> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** The front over the FakeExchange: the market prints only what a test makes it print. */
export function startHarness(overrides: Partial<SimServerOptions> = {}): Promise<Harness> {
  const clock = new ManualClock(TRADING_MS);
  return startWith(new FakeExchange(clock as Clock), clock, overrides);
}

/** The front over the real seeded core (createSimExchange). */
export function startRealHarness(overrides: Partial<SimServerOptions> = {}, seed = 1): Promise<Harness<SimExchange>> {
  const clock = new ManualClock(TRADING_MS);
  return startWith(createSimExchange({ seed, clock }), clock, overrides);
}

async function startWith<E extends SimExchange>(
  exchange: E,
  clock: ManualClock,
  overrides: Partial<SimServerOptions>,
): Promise<Harness<E>> {
  const wall = new ManualClock(1_000_000);
  const server = await startSimServer({
    exchange,
    clock,
    wallClock: wall,
    host: "127.0.0.1",
    port: 0,
    rateLimitPerSec: 0,
    allowedAppKeys: [],
    allowedAccounts: [],
    tokenTtlSec: 86_400,
    pingIntervalMs: 30_000,
    pumpIntervalMs: 20,
    log: silentLogger,
    ...overrides,
  });
  const url = `http://127.0.0.1:${server.port}`;
  const tokens = new Map<string, string>();

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }).then(
      toResponse,
    );

  async function token(appKey = APP_KEY, appSecret = APP_SECRET): Promise<string> {
    const cached = tokens.get(appKey);
    if (cached) return cached;
    const res = await post("/oauth2/tokenP", { grant_type: "client_credentials", appkey: appKey, appsecret: appSecret });
    const t = String(res.json.access_token);
    tokens.set(appKey, t);
    return t;
  }

  async function call(method: "GET" | "POST", path: string, o: CallOptions = {}): Promise<KisResponse> {
    const appKey = o.appKey ?? APP_KEY;
    const bearer = o.token === undefined ? await token(appKey, o.appSecret ?? APP_SECRET) : o.token;
    const headers: Record<string, string> = {
      "content-type": "application/json; charset=utf-8",
      appkey: appKey,
      appsecret: o.appSecret ?? APP_SECRET,
      custtype: "P",
      ...(o.trId ? { tr_id: o.trId } : {}),
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...o.headers,
    };
    const query = o.params ? `?${new URLSearchParams(o.params).toString()}` : "";
    const body = method === "POST" ? (o.rawBody ?? JSON.stringify(o.body ?? {})) : undefined;
    return toResponse(await fetch(url + path + query, { method, headers, ...(body !== undefined ? { body } : {}) }));
  }

  return {
    url,
    wsUrl: `ws://127.0.0.1:${server.port}`,
    clock,
    wall,
    exchange,
    token,
    async approval(appKey = APP_KEY, appSecret = APP_SECRET) {
      const res = await post("/oauth2/Approval", { grant_type: "client_credentials", appkey: appKey, secretkey: appSecret });
      return String(res.json.approval_key);
    },
    get: (path, o) => call("GET", path, o),
    post: (path, o) => call("POST", path, o),
    admin: (method, path, body) =>
      fetch(url + path, {
        method,
        ...(body !== undefined ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}),
      }).then(toResponse),
    close: () => server.close(),
  };
}

export const ORDER_CASH = "/uapi/domestic-stock/v1/trading/order-cash";
export const RVSECNCL = "/uapi/domestic-stock/v1/trading/order-rvsecncl";
export const BALANCE = "/uapi/domestic-stock/v1/trading/inquire-balance";
export const QUOTE = "/uapi/domestic-stock/v1/quotations/inquire-price";

export const balanceParams = (extra: Record<string, string> = {}) => ({
  CANO,
  ACNT_PRDT_CD: PRODUCT,
  AFHR_FLPR_YN: "N",
  OFL_YN: "",
  INQR_DVSN: "02",
  UNPR_DVSN: "01",
  FUND_STTL_ICLD_YN: "N",
  FNCG_AMT_AUTO_RDPT_YN: "N",
  PRCS_DVSN: "00",
  CTX_AREA_FK100: "",
  CTX_AREA_NK100: "",
  ...extra,
});

export const orderBody = (extra: Record<string, string> = {}) => ({
  CANO,
  ACNT_PRDT_CD: PRODUCT,
  PDNO: "005930",
  ORD_DVSN: "00",
  ORD_QTY: "10",
  ORD_UNPR: "70000",
  EXCG_ID_DVSN_CD: "KRX",
  SLL_TYPE: "",
  CNDT_PRIC: "",
  ...extra,
});
