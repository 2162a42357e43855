import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAxiosTransport } from "../../../broker/kis/http.js";
import { createKisClient } from "../../../broker/kis/create-kis-client.js";
import { fixture, MemoryTokenStore, testConfig } from "../../fakes/fake-kis-http.js";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

const seen: Seen[] = [];
let server: Server;
let baseUrl = "";

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (path === "/oauth2/tokenP") return answer(res, 200, { access_token: "loopback-token-1", token_type: "Bearer", expires_in: 86400 });
      if (path === "/slow") return setTimeout(() => answer(res, 200, {}), 500);
      if (path === "/limited") return answer(res, 500, { rt_cd: "1", msg_cd: "EGW00201", msg1: "초당 거래건수를 초과하였습니다." });
      if (path.endsWith("/inquire-price")) return answer(res, 200, fixture("quote"), { tr_cont: "D" });
      return answer(res, 404, { rt_cd: "1", msg_cd: "OPSQ0002", msg1: "없는 서비스 코드 입니다" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("axios transport on loopback", () => {
  it("parses the JSON body of a 500 and lower-cases response headers", async () => {
    const transport = createAxiosTransport();

    const res = await transport({ method: "GET", url: `${baseUrl}/limited`, headers: {} });

    expect(res.status).toBe(500);
    expect(res.data).toEqual({ rt_cd: "1", msg_cd: "EGW00201", msg1: "초당 거래건수를 초과하였습니다." });
    expect(res.headers["content-type"]).toContain("application/json");
  });

  it("turns a timeout into a retryable BROKER_UNAVAILABLE", async () => {
    const transport = createAxiosTransport({ timeoutMs: 50 });

    await expect(transport({ method: "GET", url: `${baseUrl}/slow`, headers: {} })).rejects.toMatchObject({
      code: "BROKER_UNAVAILABLE",
      retryable: true,
    });
  });

  it("drives the client end to end: query with empty values kept, headers, token", async () => {
    const client = createKisClient({ config: testConfig("sim"), restUrl: baseUrl, tokenStore: new MemoryTokenStore() });

    const quote = await client.getQuote("005930");

    expect(quote.priceKrw).toBe(71500);
    const quoteRequest = seen.find((s) => s.url.includes("inquire-price"));
    expect(quoteRequest?.url).toBe("/uapi/domestic-stock/v1/quotations/inquire-price?FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930");
    expect(quoteRequest?.headers).toMatchObject({
      authorization: "Bearer loopback-token-1",
      tr_id: "FHKST01010100",
      custtype: "P",
      tr_cont: "",
    });
    const tokenRequest = seen.find((s) => s.url === "/oauth2/tokenP");
    expect(JSON.parse(tokenRequest?.body ?? "{}")).toMatchObject({ grant_type: "client_credentials" });
    expect(tokenRequest?.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  it("sends through an injected fetch when one is given", async () => {
    const urls: string[] = [];
    const counting: typeof fetch = (input, init) => {
      urls.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    const transport = createAxiosTransport({ fetchImpl: counting });

    const res = await transport({ method: "GET", url: `${baseUrl}/limited`, headers: {} });

    expect(urls).toEqual([`${baseUrl}/limited`]);
    expect(res).toMatchObject({ status: 500, data: { msg_cd: "EGW00201" } });
  });

  it("sends empty query values rather than dropping them", async () => {
    const transport = createAxiosTransport();

    await transport({ method: "GET", url: `${baseUrl}/echo`, headers: {}, query: { A: "", B: "1" } });

    expect(seen.at(-1)?.url).toBe("/echo?A=&B=1");
  });
});
