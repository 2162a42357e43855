/**
 * Builds the KIS client for the configured environment: base URL, wire tr_ids and rate limit come
 * from tables (endpoints.ts); only the hosts differ between sim, paper and real.
 */
import { type Clock, systemClock } from "../../core/clock.js";
import type { AppConfig } from "../../core/config.js";
import { AppError } from "../../core/errors.js";
import { type Logger, silentLogger } from "../../core/logger.js";
import { KisAuth } from "./auth.js";
import { KIS_HOSTS, KIS_RATE_LIMITS, type KisWireEnv } from "./endpoints.js";
import { createAxiosTransport, type HttpTransport, KisHttp, type KisHttpDeps, KisRest } from "./http.js";
import { KisClient } from "./kis-client.js";
import { RateLimiter, realSleep, type Sleep } from "./rate-limiter.js";
import type { RetryPolicy } from "./retry.js";
import { ResponseValidator } from "./schemas/validate.js";
import { FileTokenStore, type TokenStore } from "./token-store.js";

export interface CreateKisClientOptions {
  config: AppConfig;
  /** REST base URL, e.g. the simulator's http://127.0.0.1:PORT; wins over config and the host table. */
  restUrl?: string;
  clock?: Clock;
  log?: Logger;
  /** Replaces the axios transport entirely (unit tests). */
  transport?: HttpTransport;
  /** Keeps axios but sends through this fetch. */
  fetchImpl?: typeof fetch;
  /** @defaultValue 10_000 */
  timeoutMs?: number;
  sleep?: Sleep;
  random?: () => number;
  /** Defaults to a file under config.dataDir. */
  tokenStore?: TokenStore;
  /** tr_ids used against the simulator. @defaultValue "real" */
  simWireEnv?: KisWireEnv;
  retry?: RetryPolicy;
  /** sees every REST request's tr_id and outcome (the health monitor's error rate) */
  onCall?: KisHttpDeps["onCall"];
}

function resolveRestUrl(options: CreateKisClientOptions): string {
  const { config } = options;
  const url = options.restUrl ?? config.restUrl ?? (config.kisEnv === "sim" ? config.sim.url : KIS_HOSTS[config.kisEnv].rest);
  if (url === undefined) {
    throw new AppError("CONFIG_INVALID", "KIS_ENV=sim needs the simulator's REST URL (restUrl, KIS_REST_URL or KIS_SIM_URL)");
  }
  return url;
}

/**
 * Requests per second: an explicit override, else the in-process simulator's setting, else KIS's
 * published limit — also for an external simulator (KIS_SIM_URL), which a plain `kis-agent sim`
 * starts with KIS's own limits.
 */
function resolveRate(config: AppConfig, wireEnv: KisWireEnv): number {
  if (config.rateLimitPerSec !== undefined) return config.rateLimitPerSec;
  if (config.kisEnv !== "sim") return KIS_RATE_LIMITS[config.kisEnv];
  return config.sim.rateLimitPerSec > 0 || config.sim.url === undefined ? config.sim.rateLimitPerSec : KIS_RATE_LIMITS[wireEnv];
}

export function createKisClient(options: CreateKisClientOptions): KisClient {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const log = (options.log ?? silentLogger).child({ module: "kis.client" });
  const restUrl = resolveRestUrl(options);
  const wireEnv: KisWireEnv = config.kisEnv === "sim" ? (options.simWireEnv ?? "real") : config.kisEnv;
  const { appKey, appSecret } = config.credentials;

  const transport =
    options.transport ??
    createAxiosTransport({
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
    });
  const rest = new KisRest(transport, restUrl, new RateLimiter(clock, sleep, resolveRate(config, wireEnv)));
  const validator = new ResponseValidator(log);
  const store = options.tokenStore ?? new FileTokenStore(config.dataDir, config.kisEnv, appKey, restUrl);
  const auth = new KisAuth({ rest, store, validator, clock, sleep, random, log, appKey, appSecret });
  const http = new KisHttp({
    rest,
    tokens: auth,
    appKey,
    appSecret,
    wireEnv,
    validator,
    sleep,
    random,
    log,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.onCall ? { onCall: options.onCall } : {}),
  });
  return new KisClient({ http, auth, env: config.kisEnv, wireEnv, credentials: config.credentials, clock, log });
}
