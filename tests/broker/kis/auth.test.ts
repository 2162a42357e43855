import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../core/clock.js";
import { createKisClient } from "../../../broker/kis/create-kis-client.js";
import { FileTokenStore } from "../../../broker/kis/token-store.js";
import { FakeKisServer, fixture, kisError, makeHarness, reply, SECRETS, START_MS, testConfig } from "../../fakes/fake-kis-http.js";

const TOKEN = "/oauth2/tokenP";
const QUOTE = "/uapi/domestic-stock/v1/quotations/inquire-price";
const HOUR_MS = 3_600_000;

describe("KisAuth access token", () => {
  it("issues one token for ten concurrent callers", async () => {
    const { client, server } = makeHarness("real");
    server.on(QUOTE, undefined, reply(fixture("quote")));

    await Promise.all(Array.from({ length: 10 }, () => client.getQuote("005930")));

    expect(server.requestsTo(TOKEN)).toHaveLength(1);
    expect(server.requestsTo(TOKEN)[0]?.body).toEqual({
      grant_type: "client_credentials",
      appkey: SECRETS.appKey,
      appsecret: SECRETS.appSecret,
    });
    expect(new Set(server.requestsTo(QUOTE).map((r) => r.headers["authorization"]))).toEqual(new Set(["Bearer fake-access-token-1"]));
  });

  it("refreshes the token when less than ten minutes remain", async () => {
    const { client, server, clock } = makeHarness("real");
    server.on(QUOTE, undefined, reply(fixture("quote")));

    await client.getQuote("005930");
    clock.advance(23 * HOUR_MS + 49 * 60_000);
    await client.getQuote("005930");
    expect(server.requestsTo(TOKEN)).toHaveLength(1);
    clock.advance(2 * 60_000);
    await client.getQuote("005930");

    expect(server.requestsTo(TOKEN)).toHaveLength(2);
    expect(server.requestsTo(QUOTE)[2]?.headers["authorization"]).toBe("Bearer fake-access-token-2");
  });

  it.each(["EGW00123", "EGW00121"])("re-issues the token once on %s and retries the call once", async (code) => {
    const { client, server } = makeHarness("real");
    server.on(QUOTE, undefined, kisError(500, code, "token rejected"), reply(fixture("quote")));

    const quote = await client.getQuote("005930");

    expect(quote.symbol).toBe("005930");
    expect(server.requestsTo(TOKEN)).toHaveLength(2);
    expect(server.requestsTo(QUOTE).map((r) => r.headers["authorization"])).toEqual([
      "Bearer fake-access-token-1",
      "Bearer fake-access-token-2",
    ]);
  });

  it("fails with BROKER_AUTH when the fresh token is rejected too", async () => {
    const { client, server } = makeHarness("real");
    server.on(QUOTE, undefined, kisError(500, "EGW00123", "기간이 만료된 token 입니다."));

    await expect(client.getQuote("005930")).rejects.toMatchObject({ code: "BROKER_AUTH", venueCode: "EGW00123" });
    expect(server.requestsTo(QUOTE)).toHaveLength(2);
  });

  it("waits out EGW00133 when no valid token is cached, then issues", async () => {
    const { client, server, sleeps } = makeHarness("real");
    server.on(TOKEN, undefined, kisError(403, "EGW00133", "접근토큰 발급 잠시 후 다시 시도하세요(1분당 1회)"), reply(fixture("token")));
    server.on(QUOTE, undefined, reply(fixture("quote")));

    await client.getQuote("005930");

    expect(sleeps).toContain(60_000);
    expect(server.requestsTo(TOKEN)).toHaveLength(2);
  });

  it("reuses the still-valid cached token on EGW00133 instead of waiting", async () => {
    const { client, server, store, sleeps } = makeHarness("real");
    store.token = { accessToken: "cached-token-expiring-soon", issuedAtMs: START_MS - 23 * HOUR_MS, expiresAtMs: START_MS + 5 * 60_000 };
    server.on(TOKEN, undefined, kisError(403, "EGW00133", "접근토큰 발급 잠시 후 다시 시도하세요(1분당 1회)"));
    server.on(QUOTE, undefined, reply(fixture("quote")));

    await client.getQuote("005930");
    await client.getQuote("005930");

    expect(sleeps.filter((ms) => ms >= 60_000)).toEqual([]);
    expect(server.requestsTo(TOKEN)).toHaveLength(1);
    expect(server.requestsTo(QUOTE)[0]?.headers["authorization"]).toBe("Bearer cached-token-expiring-soon");
  });

  it("gives up with BROKER_TOKEN_THROTTLED after the bounded number of waits", async () => {
    const { client, server, sleeps } = makeHarness("real");
    server.on(TOKEN, undefined, kisError(403, "EGW00133", "접근토큰 발급 잠시 후 다시 시도하세요(1분당 1회)"));

    await expect(client.getQuote("005930")).rejects.toMatchObject({ code: "BROKER_TOKEN_THROTTLED" });
    expect(sleeps).toEqual([60_000, 60_000, 60_000]);
  });
});

describe("KisAuth disk cache", () => {
  let dir = "";
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("reuses the token on disk across client instances and writes it with mode 0600", async () => {
    dir = await mkdtemp(join(tmpdir(), "kis-token-"));
    const server = new FakeKisServer().on(QUOTE, undefined, reply(fixture("quote")));
    const make = () =>
      createKisClient({
        config: testConfig("real", dir),
        transport: server.transport,
        clock: new ManualClock(START_MS),
        sleep: async () => {},
      });

    await make().getQuote("005930");
    await make().getQuote("005930");

    expect(server.requestsTo(TOKEN)).toHaveLength(1);
    const store = new FileTokenStore(dir, "real", SECRETS.appKey, "https://openapi.koreainvestment.com:9443");
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
    const content = await readFile(store.path, "utf8");
    expect(content).toContain("fake-access-token-1");
    expect(content).not.toContain(SECRETS.appSecret);
    expect(content).not.toContain(SECRETS.appKey);
  });

  it("keeps one file per environment and app key", () => {
    const real = new FileTokenStore("/data", "real", "key-a", "https://host");
    expect(new FileTokenStore("/data", "paper", "key-a", "https://host").path).not.toBe(real.path);
    expect(new FileTokenStore("/data", "real", "key-b", "https://host").path).not.toBe(real.path);
    expect(new FileTokenStore("/data", "real", "key-a", "https://host").path).toBe(real.path);
  });
});

describe("KisAuth approval key and revoke", () => {
  it("issues the approval key once with secretkey, and caches it", async () => {
    const { client, server } = makeHarness("real");

    const keys = await Promise.all([client.auth.getApprovalKey(), client.auth.getApprovalKey()]);
    await client.auth.getApprovalKey();

    expect(keys).toEqual(["fake-approval-key-0001", "fake-approval-key-0001"]);
    expect(server.requestsTo("/oauth2/Approval")).toHaveLength(1);
    expect(server.requestsTo("/oauth2/Approval")[0]?.body).toEqual({
      grant_type: "client_credentials",
      appkey: SECRETS.appKey,
      secretkey: SECRETS.appSecret,
    });
  });

  it("revokes the token and issues a new one on the next call", async () => {
    const { client, server, store } = makeHarness("real");
    server.on(QUOTE, undefined, reply(fixture("quote")));
    await client.getQuote("005930");

    await client.auth.revoke();
    await client.getQuote("005930");

    expect(server.requestsTo("/oauth2/revokeP")[0]?.body).toMatchObject({ token: "fake-access-token-1", appkey: SECRETS.appKey });
    expect(server.requestsTo(QUOTE)[1]?.headers["authorization"]).toBe("Bearer fake-access-token-2");
    expect(store.token?.accessToken).toBe("fake-access-token-2");
  });
});

describe("secrets in logs", () => {
  it("never writes the app key, secret, token or approval key to the log", async () => {
    const { client, server, logLines } = makeHarness("real");
    server.on(
      QUOTE,
      undefined,
      kisError(500, "EGW00123", `token ${"fake-access-token-1"} expired`),
      kisError(500, "EGW00201", `limit hit by ${SECRETS.appKey} with fake-access-token-2`),
      reply(fixture("quote")),
    );

    await client.getQuote("005930");
    await client.auth.getApprovalKey();
    await client.getDailyOrders({ from: "20261120", to: "20261120" }).catch(() => undefined);

    const all = logLines.join("\n");
    expect(all).toContain("limit hit by [REDACTED] with [REDACTED]");
    for (const secret of [SECRETS.appKey, SECRETS.appSecret, "fake-access-token-1", "fake-access-token-2", "fake-approval-key-0001"]) {
      expect(all).not.toContain(secret);
    }
  });
});
