/**
 * Raw KIS REST: the transport (axios), KIS headers, the rate limiter, token re-issue, read retries,
 * order safety (never retried; an ambiguous failure is an unknown outcome), validation and paging.
 */
import axios from "axios";
import type { z } from "zod";
import { AppError, errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import { ENDPOINTS, type EndpointName, type EndpointSpec, type KisWireEnv } from "./endpoints.js";
import { isAmbiguous, isTokenRejected, orderOutcomeUnknown, toKisError } from "./errors.js";
import type { RateLimiter, Sleep } from "./rate-limiter.js";
import { READ_RETRY, type RetryPolicy, withRetry } from "./retry.js";
import type { ResponseValidator } from "./schemas/validate.js";

export interface HttpRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

export interface HttpResponse {
  status: number;
  /** lower-case names */
  headers: Record<string, string>;
  /** parsed JSON when the body is JSON, else the raw text */
  data: unknown;
}

/** Throws BROKER_UNAVAILABLE (retryable) when no response arrived: network error or timeout. */
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

const JSON_UTF8 = "application/json; charset=utf-8";

function parseBody(raw: unknown): unknown {
  if (typeof raw !== "string") return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function lowerCaseHeaders(headers: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && value !== null) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return out;
}

export interface AxiosTransportOptions {
  /** @defaultValue 10_000 */
  timeoutMs?: number;
  /** Sends through this fetch (axios fetch adapter) instead of Node's http module. */
  fetchImpl?: typeof fetch;
}

export function createAxiosTransport(options: AxiosTransportOptions = {}): HttpTransport {
  const client = axios.create({
    timeout: options.timeoutMs ?? 10_000,
    // KIS puts its error envelope in non-2xx bodies too: every status is an answer to read.
    validateStatus: () => true,
    responseType: "text",
    transformResponse: [(raw: unknown) => raw],
    ...(options.fetchImpl ? { adapter: "fetch" as const, env: { fetch: options.fetchImpl } } : {}),
  });
  return async (request) => {
    try {
      const res = await client.request<unknown>({
        method: request.method,
        url: request.url,
        headers: request.headers,
        params: request.query,
        data: request.body === undefined ? undefined : JSON.stringify(request.body),
      });
      return { status: res.status, headers: lowerCaseHeaders(res.headers), data: parseBody(res.data) };
    } catch (err) {
      // The axios error holds the request headers (app secret, token): keep only its text.
      const code = (err as { code?: unknown }).code;
      const reason = typeof code === "string" ? `${code}: ${errorMessage(err)}` : errorMessage(err);
      throw new AppError("BROKER_UNAVAILABLE", `${request.method} ${new URL(request.url).pathname} failed: ${reason}`, { retryable: true });
    }
  };
}

/** Base URL and the rate limiter in front of the transport; auth endpoints use it directly. */
export class KisRest {
  private readonly baseUrl: string;

  constructor(
    private readonly transport: HttpTransport,
    baseUrl: string,
    private readonly limiter: RateLimiter,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
  }

  async send(request: Omit<HttpRequest, "url"> & { path: string }): Promise<HttpResponse> {
    await this.limiter.acquire();
    const { path, headers, ...rest } = request;
    try {
      return await this.transport({ ...rest, url: `${this.baseUrl}${path}`, headers: { "content-type": JSON_UTF8, ...headers } });
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError("BROKER_UNAVAILABLE", `${request.method} ${path} failed: ${errorMessage(err)}`, { retryable: true });
    }
  }
}

export interface AccessTokens {
  getAccessToken(): Promise<string>;
  /** The gateway rejected `token` (expired, revoked): forget it so the next call issues anew. */
  invalidate(token: string): void;
}

export interface KisHttpDeps {
  rest: KisRest;
  tokens: AccessTokens;
  appKey: string;
  appSecret: string;
  wireEnv: KisWireEnv;
  validator: ResponseValidator;
  sleep: Sleep;
  random: () => number;
  log: Logger;
  retry?: RetryPolicy;
  /** @defaultValue 20 */
  maxPages?: number;
  /** told about every request sent: its tr_id and, when it failed, the error (the health monitor counts them) */
  onCall?: (trId: string, error?: AppError) => void;
}

/** Request cursor names; the response carries the same names in lower case. */
export interface Cursor {
  fk: string;
  nk: string;
}
export const CTX_100: Cursor = { fk: "CTX_AREA_FK100", nk: "CTX_AREA_NK100" };
export const CTX_HOLIDAY: Cursor = { fk: "CTX_AREA_FK", nk: "CTX_AREA_NK" };

export interface KisPage<T> {
  data: T;
  /** response header tr_cont: F/M more pages follow, D/E last */
  trCont: string;
}

export class KisHttp {
  constructor(private readonly deps: KisHttpDeps) {}

  /** One call: GET params go in the query, POST params in the JSON body (upper-case keys, string values). */
  async call<S extends z.ZodType>(
    name: EndpointName,
    schema: S,
    params: Record<string, string>,
    trCont = "",
  ): Promise<KisPage<z.infer<S>>> {
    const spec: EndpointSpec = ENDPOINTS[name];
    const trId = spec.trId[this.deps.wireEnv];
    if (trId === null) throw new AppError("BROKER_UNSUPPORTED", `KIS offers no paper (모의투자) version of ${name} (${spec.path})`);
    const what = `KIS ${name} (${trId})`;
    const isOrder = spec.method === "POST";
    const once = () => this.authorizedSend(spec, trId, what, params, trCont);
    const res = isOrder
      ? await once()
      : await withRetry(once, {
          policy: this.deps.retry ?? READ_RETRY,
          sleep: this.deps.sleep,
          random: this.deps.random,
          onRetry: (err, attempt, delayMs) =>
            this.deps.log.warn("retrying a KIS read", { endpoint: name, attempt, delayMs, error: errorMessage(err) }),
        });
    try {
      return { data: this.deps.validator.validate(what, schema, res.data), trCont: res.headers["tr_cont"] ?? "" };
    } catch (err) {
      // KIS said rt_cd "0" but the order number is unreadable: the order may well exist.
      throw isOrder && err instanceof AppError ? orderOutcomeUnknown(what, err) : err;
    }
  }

  /** Every page of a paged inquiry, following tr_cont and the ctx_area cursor, bounded. */
  async callPages<S extends z.ZodType>(
    name: EndpointName,
    schema: S,
    params: Record<string, string>,
    cursor: Cursor = CTX_100,
  ): Promise<Array<z.infer<S>>> {
    const maxPages = this.deps.maxPages ?? 20;
    const pages: Array<z.infer<S>> = [];
    let query = { ...params, [cursor.fk]: "", [cursor.nk]: "" };
    let trCont = "";
    for (;;) {
      const page = await this.call(name, schema, query, trCont);
      pages.push(page.data);
      if (page.trCont !== "F" && page.trCont !== "M") return pages;
      if (pages.length >= maxPages) {
        throw new AppError("BROKER_RESPONSE_INVALID", `KIS ${name}: still more pages after ${maxPages}; narrow the query`);
      }
      const body = page.data as Record<string, unknown>;
      query = {
        ...params,
        [cursor.fk]: String(body[cursor.fk.toLowerCase()] ?? ""),
        [cursor.nk]: String(body[cursor.nk.toLowerCase()] ?? ""),
      };
      trCont = "N";
    }
  }

  /** Sends with the current token; on EGW00123/EGW00121 re-issues once and sends once more. */
  private async authorizedSend(
    spec: EndpointSpec,
    trId: string,
    what: string,
    params: Record<string, string>,
    trCont: string,
  ): Promise<HttpResponse> {
    const token = await this.deps.tokens.getAccessToken();
    try {
      return await this.send(spec, trId, what, params, trCont, token);
    } catch (err) {
      if (!isTokenRejected(err)) throw err;
      this.deps.log.info("KIS rejected the access token; issuing a new one", { endpoint: what, venueCode: err.venueCode });
      this.deps.tokens.invalidate(token);
      return this.send(spec, trId, what, params, trCont, await this.deps.tokens.getAccessToken());
    }
  }

  private async send(
    spec: EndpointSpec,
    trId: string,
    what: string,
    params: Record<string, string>,
    trCont: string,
    token: string,
  ): Promise<HttpResponse> {
    const isOrder = spec.method === "POST";
    const headers = {
      authorization: `Bearer ${token}`,
      appkey: this.deps.appKey,
      appsecret: this.deps.appSecret,
      tr_id: trId,
      custtype: "P",
      tr_cont: trCont,
    };
    let res: HttpResponse;
    try {
      res = await this.deps.rest.send({
        method: spec.method,
        path: spec.path,
        headers,
        ...(isOrder ? { body: params } : { query: params }),
      });
    } catch (err) {
      if (err instanceof AppError) this.deps.onCall?.(trId, err);
      throw isOrder && err instanceof AppError && isAmbiguous(err) ? orderOutcomeUnknown(what, err) : err;
    }
    this.deps.log.debug("KIS call", { endpoint: what, status: res.status, trCont: res.headers["tr_cont"] ?? "" });
    const body = res.data as { rt_cd?: unknown } | undefined;
    if (res.status >= 200 && res.status < 300 && typeof body === "object" && body !== null && body.rt_cd === "0") {
      this.deps.onCall?.(trId);
      return res;
    }
    const err = toKisError(what, res.status, res.data);
    this.deps.onCall?.(trId, err);
    throw isOrder && isAmbiguous(err) ? orderOutcomeUnknown(what, err) : err;
  }
}
