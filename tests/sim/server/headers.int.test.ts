/**
 * Response headers on the wire, read from a raw socket (fetch would hide the case): standard names
 * capitalised as KIS sends them, KIS's own tr_id / tr_cont / gt_uid in lower case, `Date` from the
 * simulated clock — on successes, KIS errors, unknown paths and the token endpoints alike. KIS's
 * Python sample turns every all-lower-case header name into a namedtuple field, so each such name
 * must be a Python identifier.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_KEY, APP_SECRET, QUOTE, startHarness, type Harness } from "./harness.js";

interface RawResponse {
  status: number;
  /** header names exactly as sent, in order */
  names: string[];
  headers: Map<string, string>;
}

function rawRequest(url: string, method: string, path: string, headers: Record<string, string>, body = ""): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  const lines = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    "Connection: close",
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(`${lines.join("\r\n")}\r\n\r\n${body}`));
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const [head = ""] = text.split("\r\n\r\n");
      const [statusLine = "", ...rest] = head.split("\r\n");
      const names: string[] = [];
      const map = new Map<string, string>();
      for (const line of rest) {
        const i = line.indexOf(":");
        names.push(line.slice(0, i));
        map.set(line.slice(0, i), line.slice(i + 1).trim());
      }
      resolve({ status: Number(statusLine.split(" ")[1]), names, headers: map });
    });
  });
}

/** What kis_auth.APIResp keeps: the all-lower-case names, each of which must be a Python identifier. */
const lowerCaseNames = (r: RawResponse) => r.names.filter((n) => n === n.toLowerCase());
const PY_IDENTIFIER = /^[a-z][a-z0-9_]*$/;

let h: Harness;
let token: string;
const auth = () => ({
  "content-type": "application/json; charset=utf-8",
  authorization: `Bearer ${token}`,
  appkey: APP_KEY,
  appsecret: APP_SECRET,
  custtype: "P",
});
const QUOTE_QUERY = `${QUOTE}?FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930`;

beforeAll(async () => {
  h = await startHarness();
  token = await h.token();
});
afterAll(async () => {
  await h.close();
});

function expectKisStandardHeaders(r: RawResponse): void {
  expect(r.names).toEqual(expect.arrayContaining(["Content-Type", "Content-Length", "Date"]));
  expect(r.headers.get("Content-Type")).toBe("application/json; charset=UTF-8");
  expect(r.headers.get("Date")).toBe(new Date(h.clock.now()).toUTCString());
  for (const name of lowerCaseNames(r)) expect(name).toMatch(PY_IDENTIFIER);
}

describe("REST response headers on the wire", () => {
  it("answers an inquiry with capitalised standard headers and lower-case tr_id, tr_cont, gt_uid", async () => {
    const r = await rawRequest(h.url, "GET", QUOTE_QUERY, { ...auth(), tr_id: "FHKST01010100" });
    expect(r.status).toBe(200);
    expectKisStandardHeaders(r);
    expect(lowerCaseNames(r).sort()).toEqual(["gt_uid", "tr_cont", "tr_id"]);
    expect(r.headers.get("tr_id")).toBe("FHKST01010100");
    expect(r.headers.get("gt_uid")).toMatch(/^[0-9a-f]{32}$/);
  });

  it("sends the simulated clock's time in Date, not the wall clock's", async () => {
    h.clock.advance(3_600_000);
    const r = await rawRequest(h.url, "GET", QUOTE_QUERY, { ...auth(), tr_id: "FHKST01010100" });
    expect(Date.parse(r.headers.get("Date") ?? "")).toBe(Math.floor(h.clock.now() / 1000) * 1000);
  });

  it("keeps the same headers on a KIS error (wrong tr_id) and on an unknown path", async () => {
    const wrong = await rawRequest(h.url, "GET", QUOTE_QUERY, { ...auth(), tr_id: "TTTC8434R" });
    expect(wrong.status).toBe(500);
    expectKisStandardHeaders(wrong);
    expect(wrong.headers.get("tr_id")).toBe("TTTC8434R");
    const missing = await rawRequest(h.url, "GET", "/uapi/domestic-stock/v1/quotations/nothing", { ...auth(), tr_id: "FHKST01010100" });
    expect(missing.status).toBe(404);
    expectKisStandardHeaders(missing);
  });

  it("answers the token, approval and hashkey endpoints with the same standard headers", async () => {
    const json = { "Content-Type": "application/json", Accept: "text/plain", charset: "UTF-8" };
    const tokenP = await rawRequest(
      h.url,
      "POST",
      "/oauth2/tokenP",
      json,
      JSON.stringify({ grant_type: "client_credentials", appkey: APP_KEY, appsecret: APP_SECRET }),
    );
    const approval = await rawRequest(
      h.url,
      "POST",
      "/oauth2/Approval",
      json,
      JSON.stringify({ grant_type: "client_credentials", appkey: APP_KEY, secretkey: APP_SECRET }),
    );
    const hash = await rawRequest(
      h.url,
      "POST",
      "/uapi/hashkey",
      { ...json, appkey: APP_KEY, appsecret: APP_SECRET },
      JSON.stringify({ CANO: "12345678" }),
    );
    const refused = await rawRequest(
      h.url,
      "POST",
      "/oauth2/tokenP",
      json,
      JSON.stringify({ grant_type: "client_credentials", appkey: APP_KEY, appsecret: "wrong" }),
    );
    for (const r of [tokenP, approval, hash]) {
      expect(r.status).toBe(200);
      expectKisStandardHeaders(r);
    }
    expect(refused.status).toBe(500);
    expectKisStandardHeaders(refused);
  });
});
