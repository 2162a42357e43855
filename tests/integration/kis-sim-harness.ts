/**
 * The real KIS client (createKisClient, axios over loopback) against the real simulator
 * (startSimulator over the seeded core) on a stepped clock, with a temp DATA_DIR for the token
 * cache. Every request the client sends is recorded at its transport seam.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createKisClient } from "../../broker/kis/create-kis-client.js";
import type { KisWireEnv } from "../../broker/kis/endpoints.js";
import { createAxiosTransport, type HttpRequest } from "../../broker/kis/http.js";
import type { KisClient } from "../../broker/kis/kis-client.js";
import type { Sleep } from "../../broker/kis/rate-limiter.js";
import type { RetryPolicy } from "../../broker/kis/retry.js";
import { fromKst, ManualClock } from "../../core/clock.js";
import { loadConfig } from "../../core/config.js";
import { createLogger } from "../../core/logger.js";
import { type SimulatorHandle, type SimulatorOptions, startSimulator } from "../../sim/index.js";

/** Monday 2026-11-23, a KRX trading day; 10:30 KST is inside the continuous session. */
export const SESSION_DATE = "20261123";
export const SESSION_MS = fromKst(SESSION_DATE, "103000");
export const APP_KEY = "PSintegrationKey00000000000000000000";
export const APP_SECRET = "integrationSecret".repeat(10);
export const SYMBOL = "005930";

export interface SentRequest {
  method: string;
  path: string;
  trId: string;
  /** request header tr_cont: "" first page, "N" next pages */
  trCont: string;
  query: Record<string, string>;
  authorization: string;
}

export interface ClientOptions {
  wireEnv?: KisWireEnv;
  /** 10 digits, CANO + ACNT_PRDT_CD; each test can trade in its own account. @defaultValue "5000000001" */
  accountId?: string;
  sleep?: Sleep;
  retry?: RetryPolicy;
}

export interface SimClient {
  client: KisClient;
  accountId: string;
  sent: SentRequest[];
  /** the client's JSON log lines, debug level included */
  logLines: string[];
  /** requests to one path (a suffix such as "/inquire-price" is enough) */
  sentTo(pathSuffix: string): SentRequest[];
}

export interface SimEnv {
  sim: SimulatorHandle;
  clock: ManualClock;
  dataDir: string;
  connect(options?: ClientOptions): SimClient;
  /** POST /sim/faults: the simulator's own admin API */
  fault(body: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** A fresh simulator on a stepped clock at `SESSION_MS` (or `startMs`), plus a temp DATA_DIR. */
export async function startSimEnv(options: Omit<SimulatorOptions, "clock"> & { startMs?: number } = {}): Promise<SimEnv> {
  const { startMs = SESSION_MS, ...simOptions } = options;
  const clock = new ManualClock(startMs);
  // Limits off unless a test asks for them: the stepped clock makes bursts of calls in no wall time.
  const sim = await startSimulator({ seed: 11, pingIntervalMs: 60_000, rateLimitPerSec: 0, ...simOptions, clock });
  const dataDir = await mkdtemp(join(tmpdir(), "kis-int-"));

  function connect(o: ClientOptions = {}): SimClient {
    const accountId = o.accountId ?? "5000000001";
    const config = loadConfig({
      KIS_ENV: "sim",
      KIS_APP_KEY: APP_KEY,
      KIS_APP_SECRET: APP_SECRET,
      KIS_ACCOUNT_NO: accountId,
      KIS_SIM_RATE_LIMIT: "0",
      DATA_DIR: dataDir,
    });
    const sent: SentRequest[] = [];
    const logLines: string[] = [];
    const axios = createAxiosTransport({ timeoutMs: 5_000 });
    const transport = (request: HttpRequest) => {
      sent.push(record(request));
      return axios(request);
    };
    const client = createKisClient({
      config,
      restUrl: sim.restUrl,
      clock,
      transport,
      simWireEnv: o.wireEnv ?? "real",
      log: createLogger(
        "debug",
        (line) => logLines.push(line),
        {},
        () => clock.now(),
      ),
      ...(o.sleep ? { sleep: o.sleep } : {}),
      ...(o.retry ? { retry: o.retry } : {}),
    });
    return { client, accountId, sent, logLines, sentTo: (suffix) => sent.filter((r) => r.path.endsWith(suffix)) };
  }

  return {
    sim,
    clock,
    dataDir,
    connect,
    async fault(body) {
      const res = await fetch(`${sim.restUrl}/sim/faults`, { method: "POST", body: JSON.stringify(body) });
      if (res.status !== 200) throw new Error(`POST /sim/faults answered ${res.status}: ${await res.text()}`);
    },
    async close() {
      await sim.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function record(request: HttpRequest): SentRequest {
  return {
    method: request.method,
    path: new URL(request.url).pathname,
    trId: request.headers["tr_id"] ?? "",
    trCont: request.headers["tr_cont"] ?? "",
    query: request.query ?? {},
    authorization: request.headers["authorization"] ?? "",
  };
}

/** Runs `fn` and returns what it threw (a test fails if nothing was thrown). */
export async function caught(fn: () => Promise<unknown>): Promise<Error & { code?: string; venueCode?: string; retryable?: boolean }> {
  try {
    await fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("Expected the call to fail, but it succeeded");
}
