import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { APP_KEY, APP_SECRET, QUOTE, startHarness, type Harness } from "./harness.js";

const quoteParams = { FID_COND_MRKT_DIV_CODE: "J", FID_INPUT_ISCD: "005930" };
let h: Harness;

const tokenP = (appkey = APP_KEY, appsecret = APP_SECRET) =>
  fetch(`${h.url}/oauth2/tokenP`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "client_credentials", appkey, appsecret }),
  }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));

beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe("access token", () => {
  it("issues a bearer token with its expiry in KST", async () => {
    const res = await tokenP();
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ token_type: "Bearer", expires_in: 86_400, access_token_token_expired: "2026-11-24 10:00:00" });
    expect(String(res.json.access_token).split(".")).toHaveLength(3);
    expect(res.json).not.toHaveProperty("rt_cd");
  });

  it("returns the same token when asked again while it is valid", async () => {
    const first = await tokenP();
    h.clock.advance(3_600_000);
    const second = await tokenP();
    expect(second.json.access_token).toBe(first.json.access_token);
    expect(second.json.expires_in).toBe(86_400 - 3_600);
  });

  it("refuses a new issuance within 60 s with EGW00133 over HTTP 403", async () => {
    const first = await tokenP();
    await h.post("/oauth2/revokeP", { body: { appkey: APP_KEY, appsecret: APP_SECRET, token: first.json.access_token }, token: null });
    const refused = await tokenP();
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ rt_cd: "1", msg_cd: "EGW00133", error_code: "EGW00133" });
    h.clock.advance(60_000);
    const again = await tokenP();
    expect(again.status).toBe(200);
    expect(again.json.access_token).not.toBe(first.json.access_token);
  });

  it("issues a fresh token once six hours have passed", async () => {
    const first = await tokenP();
    h.clock.advance(6 * 3_600_000);
    expect((await tokenP()).json.access_token).not.toBe(first.json.access_token);
  });

  it("refuses a different secret for a known app key with EGW00103", async () => {
    await tokenP();
    const res = await tokenP(APP_KEY, "another-secret");
    expect(res.status).toBe(500);
    expect(res.json.msg_cd).toBe("EGW00103");
  });

  it("refuses app keys outside allowedAppKeys", async () => {
    await h.close();
    h = await startHarness({ allowedAppKeys: ["only-this-key"] });
    const res = await tokenP();
    expect(res.json.msg_cd).toBe("EGW00103");
  });
});

describe("token checks on REST calls", () => {
  it("answers EGW00121 without a token", async () => {
    const res = await h.get(QUOTE, { trId: "FHKST01010100", params: quoteParams, token: null });
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ rt_cd: "1", msg_cd: "EGW00121" });
  });

  it("answers EGW00121 for a revoked token", async () => {
    const token = await h.token();
    const revoke = await h.post("/oauth2/revokeP", { body: { appkey: APP_KEY, appsecret: APP_SECRET, token }, token: null });
    expect(revoke.json).toMatchObject({ code: 200 });
    const res = await h.get(QUOTE, { trId: "FHKST01010100", params: quoteParams, token });
    expect(res.json.msg_cd).toBe("EGW00121");
  });

  it("answers EGW00123 once the token has expired", async () => {
    const token = await h.token();
    h.clock.advance(86_400_000);
    const res = await h.get(QUOTE, { trId: "FHKST01010100", params: quoteParams, token });
    expect(res.status).toBe(500);
    expect(res.json.msg_cd).toBe("EGW00123");
  });

  it("answers EGW00121 for a token issued to another app key", async () => {
    const other = await h.token("other-app-key", "other-secret");
    const res = await h.get(QUOTE, { trId: "FHKST01010100", params: quoteParams, token: other });
    expect(res.json.msg_cd).toBe("EGW00121");
  });

  it("answers EGW00103 without the app key headers", async () => {
    const token = await h.token();
    const res = await h.get(QUOTE, { trId: "FHKST01010100", params: quoteParams, token, headers: { appkey: "" } });
    expect(res.status).toBe(500);
    expect(res.json.msg_cd).toBe("EGW00103");
  });
});

describe("approval key and hashkey", () => {
  it("issues an approval key for the app key and secret (secretkey)", async () => {
    const key = await h.approval();
    expect(key.length).toBeGreaterThan(40);
  });

  it("hashes a body and echoes it", async () => {
    const body = { CANO: "12345678", ORD_QTY: "1" };
    const res = await h.post("/uapi/hashkey", { body, token: null });
    expect(res.json.JsonBody).toEqual(body);
    expect(String(res.json.HASH)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("answers OPSQ0001 for a malformed token request", async () => {
    const res = await fetch(`${h.url}/oauth2/tokenP`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { msg_cd: string }).msg_cd).toBe("OPSQ0001");
  });
});
