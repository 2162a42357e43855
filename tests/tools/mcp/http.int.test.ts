/**
 * The Streamable HTTP server on a real loopback socket, over read tools backed by fakes: the
 * gates (Host/Origin, bearer token, method, path, body size) answered with raw HTTP, and a real
 * MCP session through the SDK's client.
 */
import { request } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMcpHttpServer, bearerMatches, type McpHttpHandle } from "../../../tools/mcp/http.js";
import { createMcpToolServer } from "../../../tools/mcp/server.js";
import { createReadTools } from "../../../tools/toolset.js";
import { ManualClock } from "../../../core/clock.js";
import { FakeBroker } from "../../fakes/fake-broker.js";
import { fakeQuote, FakeMarketData } from "../../fakes/fake-market-data.js";

const TOKEN = "test-token-0123456789abcdef";
const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
};

let http: McpHttpHandle;

beforeAll(async () => {
  const market = new FakeMarketData();
  market.quotes.set("005930", fakeQuote("005930", 71_500));
  const tools = createReadTools({ market, broker: new FakeBroker(new ManualClock(0)) });
  http = await startMcpHttpServer({
    createServer: () => createMcpToolServer(tools, { name: "kis-agent", version: "0" }),
    token: TOKEN,
    port: 0,
  });
});

afterAll(() => http.close());

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so Host and Origin can be whatever an attacker's page would send. */
function raw(options: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: http.port,
        method: options.method ?? "POST",
        path: options.path ?? "/mcp",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...options.headers },
      },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body ?? JSON.stringify(INITIALIZE));
  });
}

const bearer = { authorization: `Bearer ${TOKEN}` };

describe("startMcpHttpServer", () => {
  it("listens on 127.0.0.1 at /mcp", () => {
    expect(http.url).toBe(`http://127.0.0.1:${http.port}/mcp`);
  });

  it("answers 401 with a Bearer challenge to a request without the token or with a wrong one", async () => {
    const without = await raw({});
    const wrong = await raw({ headers: { authorization: `Bearer ${TOKEN}x` } });
    const basic = await raw({ headers: { authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString("base64")}` } });
    const elsewhere = await raw({ method: "GET", path: "/", body: "" });

    for (const res of [without, wrong, basic, elsewhere]) {
      expect(res.status).toBe(401);
      expect(res.headers["www-authenticate"]).toMatch(/^Bearer /);
      expect(res.body).not.toContain(TOKEN);
    }
  });

  it("initializes with the token", async () => {
    const res = await raw({ headers: bearer });

    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ id: 1, result: { serverInfo: { name: "kis-agent" }, capabilities: { tools: {} } } });
  });

  it("refuses a request whose Host is not loopback (DNS rebinding), token or not", async () => {
    const res = await raw({ headers: { ...bearer, host: `attacker.example:${http.port}` } });

    expect(res.status).toBe(403);
    expect(res.body).toMatch(/Host 'attacker.example:\d+' is not loopback/);
  });

  it("refuses a browser request from a foreign page and accepts one from a loopback page", async () => {
    const foreign = await raw({ headers: { ...bearer, origin: "https://attacker.example" } });
    const opaque = await raw({ headers: { ...bearer, origin: "null" } });
    const local = await raw({ headers: { ...bearer, origin: "http://localhost:6274", host: `localhost:${http.port}` } });

    expect(foreign.status).toBe(403);
    expect(opaque.status).toBe(403);
    expect(local.status).toBe(200);
  });

  it("takes POST only (stateless: no stream to open, no session to delete) and /mcp only", async () => {
    const get = await raw({ method: "GET", headers: bearer, body: "" });
    const del = await raw({ method: "DELETE", headers: bearer, body: "" });
    const elsewhere = await raw({ path: "/", headers: bearer });

    expect([get.status, get.headers["allow"]]).toEqual([405, "POST"]);
    expect(del.status).toBe(405);
    expect(elsewhere.status).toBe(404);
  });

  it("refuses an oversized body before parsing it", async () => {
    const res = await raw({ headers: bearer, body: JSON.stringify({ ...INITIALIZE, padding: "x".repeat(100_000) }) });

    expect(res.status).toBe(413);
  });

  it("serves the tools to the SDK's client with the token, errors as results", async () => {
    const client = new Client({ name: "test", version: "0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers: bearer } }));
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      const quote = (await client.callTool({ name: "get_quote", arguments: { symbol: "005930" } })) as { content: Array<{ text: string }> };
      const bad = await client.callTool({ name: "get_quote", arguments: { symbol: "x" } });

      expect(names).toContain("get_quote");
      expect(JSON.parse(quote.content[0]?.text ?? "")).toMatchObject({ symbol: "005930", priceKrw: 71_500 });
      expect(bad.isError).toBe(true);
    } finally {
      await client.close();
    }
  });

  it("refuses to start on a port already taken, with a typed error", async () => {
    const second = startMcpHttpServer({
      createServer: () => createMcpToolServer([], { name: "x", version: "0" }),
      token: TOKEN,
      port: http.port,
    });

    await expect(second).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message: expect.stringMatching(/Cannot serve MCP on 127\.0\.0\.1:\d+: .*EADDRINUSE/),
    });
  });

  it("fails the SDK's client without the token", async () => {
    const client = new Client({ name: "test", version: "0" });

    await expect(client.connect(new StreamableHTTPClientTransport(new URL(http.url)))).rejects.toThrow();
  });
});

describe("bearerMatches", () => {
  it("accepts exactly the token after 'Bearer '", () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(TOKEN, TOKEN)).toBe(false);
    expect(bearerMatches(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
    expect(bearerMatches("Bearer ", TOKEN)).toBe(false);
    expect(bearerMatches(undefined, TOKEN)).toBe(false);
  });
});
