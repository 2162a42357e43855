/**
 * A scripted KIS server behind the client's transport seam: routes by path (and tr_id), records
 * every request, issues numbered tokens. No sockets; a ManualClock stands in for time.
 */
import { readFileSync } from "node:fs";
import { ManualClock } from "../../core/clock.js";
import { type AppConfig, loadConfig } from "../../core/config.js";
import { createLogger, type Logger } from "../../core/logger.js";
import { createKisClient, type CreateKisClientOptions } from "../../broker/kis/create-kis-client.js";
import type { HttpRequest, HttpResponse, HttpTransport } from "../../broker/kis/http.js";
import type { KisClient } from "../../broker/kis/kis-client.js";
import type { StoredToken, TokenStore } from "../../broker/kis/token-store.js";

export interface RecordedRequest extends HttpRequest {
  path: string;
  trId: string | undefined;
}

export type Reply = HttpResponse | Error | ((request: RecordedRequest) => HttpResponse | Promise<HttpResponse>);

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/kis/rest/${name}.json`, import.meta.url), "utf8")) as Record<string, unknown>;
}

export function reply(data: unknown, options: { status?: number; trCont?: string } = {}): HttpResponse {
  return { status: options.status ?? 200, headers: options.trCont === undefined ? {} : { tr_cont: options.trCont }, data };
}

/** A KIS error envelope, e.g. kisError(500, "EGW00201", "초당 거래건수를 초과하였습니다."). */
export function kisError(status: number, msgCd: string, msg1 = "error"): HttpResponse {
  return reply({ rt_cd: "1", msg_cd: msgCd, msg1 }, { status });
}

export const SECRETS = {
  appKey: "PStestAppKey0123456789abcdefghijkl",
  appSecret: "testAppSecret-abcdefghijklmnopqrstuvwxyz0123456789",
};

export class FakeKisServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, Reply[]>();
  private issued = 0;

  constructor() {
    this.on("/oauth2/tokenP", undefined, () =>
      reply({ access_token: `fake-access-token-${++this.issued}`, token_type: "Bearer", expires_in: 86_400 }),
    );
    this.on("/oauth2/Approval", undefined, reply({ approval_key: "fake-approval-key-0001" }));
    this.on("/oauth2/revokeP", undefined, reply({ code: 200, message: "접근토큰 폐기에 성공하였습니다" }));
  }

  get tokensIssued(): number {
    return this.issued;
  }

  /** Replies are used in order; the last one repeats. A route with a tr_id wins over one without. */
  on(path: string, trId: string | undefined, ...replies: Reply[]): this {
    this.routes.set(`${path}|${trId ?? ""}`, replies);
    return this;
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  readonly transport: HttpTransport = async (request) => {
    const url = new URL(request.url);
    const recorded: RecordedRequest = { ...request, path: url.pathname, trId: request.headers["tr_id"] };
    this.requests.push(recorded);
    const key = [`${recorded.path}|${recorded.trId ?? ""}`, `${recorded.path}|`].find((k) => this.routes.has(k));
    const queue = key === undefined ? undefined : this.routes.get(key);
    if (queue === undefined || queue.length === 0) return kisError(500, "OPSQ0002", "없는 서비스 코드 입니다");
    const next = queue.length > 1 ? queue.shift() : queue[0];
    if (next instanceof Error) throw next;
    return typeof next === "function" ? next(recorded) : (next as HttpResponse);
  };
}

export class MemoryTokenStore implements TokenStore {
  token: StoredToken | undefined;
  async load(): Promise<StoredToken | undefined> {
    return this.token;
  }
  async save(token: StoredToken): Promise<void> {
    this.token = token;
  }
  async clear(): Promise<void> {
    this.token = undefined;
  }
}

export const START_MS = Date.UTC(2026, 10, 20, 1, 15, 0); // 2026-11-20 10:15 KST, a Friday

export function testConfig(env: "sim" | "paper" | "real", dataDir = "/nonexistent-kis-test"): AppConfig {
  return loadConfig({
    KIS_ENV: env,
    KIS_APP_KEY: SECRETS.appKey,
    KIS_APP_SECRET: SECRETS.appSecret,
    KIS_ACCOUNT_NO: "12345678-01",
    KIS_LIVE_TRADING: env === "real" ? "enabled" : "disabled",
    ...(env === "real" ? { KIS_HTS_ID: "testhts" } : {}),
    KIS_SIM_URL: "http://127.0.0.1:18080",
    KIS_SIM_RATE_LIMIT: "0",
    DATA_DIR: dataDir,
  });
}

export interface TestHarness {
  client: KisClient;
  server: FakeKisServer;
  clock: ManualClock;
  sleeps: number[];
  logLines: string[];
  log: Logger;
  store: MemoryTokenStore;
}

/** A client wired to a fake server; sleeping advances the manual clock instantly. */
export function makeHarness(
  env: "sim" | "paper" | "real" = "real",
  overrides: Partial<CreateKisClientOptions> & { server?: FakeKisServer; clock?: ManualClock } = {},
): TestHarness {
  const { server = new FakeKisServer(), clock = new ManualClock(START_MS), ...options } = overrides;
  const sleeps: number[] = [];
  const logLines: string[] = [];
  const log = createLogger(
    "debug",
    (line) => logLines.push(line),
    {},
    () => clock.now(),
  );
  const store = new MemoryTokenStore();
  const client = createKisClient({
    config: testConfig(env),
    restUrl: "http://127.0.0.1:18080",
    clock,
    log,
    transport: server.transport,
    tokenStore: store,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    ...options,
  });
  return { client, server, clock, sleeps, logLines, log, store };
}
