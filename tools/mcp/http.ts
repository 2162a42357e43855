/**
 * MCP over Streamable HTTP on loopback, stateless: every POST to /mcp gets a fresh server and
 * transport, so nothing is kept between requests. The gates, in this order:
 *  - the Host header must name loopback and an Origin, when sent, must be a loopback page: a web
 *    page cannot reach the server through DNS rebinding (403);
 *  - `Authorization: Bearer <token>`, compared in constant time (401 otherwise);
 *  - then only POST to /mcp (404, 405): there is no session to stream to or to delete.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { AppError, errorMessage } from "../../core/errors.js";
import { silentLogger, type Logger } from "../../core/logger.js";

export const MCP_HTTP_HOST = "127.0.0.1";
export const MCP_HTTP_PATH = "/mcp";
const LOOPBACK_NAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);
/** Tool arguments are a few fields; anything larger is not a call to these tools. */
const MAX_BODY_BYTES = 64 * 1024;

export interface McpHttpOptions {
  /** a new server for each request */
  createServer: () => McpServer;
  token: string;
  /** 0 picks a free port */
  port: number;
  log?: Logger;
}

export interface McpHttpHandle {
  url: string;
  port: number;
  close(): Promise<void>;
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Equal-length digests, so neither the content nor the length of the token leaks through timing. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/i.exec(header ?? "");
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1].trim()), digest(token));
}

function hostnameOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** Why a request may not come from this machine's own clients, or undefined when it may. */
export function foreignReason(headers: IncomingMessage["headers"]): string | undefined {
  const host = headers.host;
  if (!host || !LOOPBACK_NAMES.has(hostnameOf(`http://${host}`) ?? "")) return `Host '${host ?? ""}' is not loopback`;
  const origin = headers.origin;
  if (origin !== undefined && !LOOPBACK_NAMES.has(hostnameOf(origin) ?? "")) return `Origin '${origin}' is not loopback`;
  return undefined;
}

function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}

async function serveOne(req: IncomingMessage, res: ServerResponse, createMcpServer: () => McpServer): Promise<void> {
  const server = createMcpServer();
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
    maxRequestBodySize: MAX_BODY_BYTES,
  });
  res.on("close", () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res);
}

function handler(options: McpHttpOptions, log: Logger) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const foreign = foreignReason(req.headers);
    if (foreign) {
      log.warn("mcp request refused", { reason: foreign, remote: req.socket.remoteAddress });
      return refuse(res, 403, `Forbidden: ${foreign}`);
    }
    if (!bearerMatches(req.headers.authorization, options.token)) {
      log.warn("mcp request without a valid token", { remote: req.socket.remoteAddress });
      return refuse(res, 401, "Unauthorized: send Authorization: Bearer <MCP_TOKEN>", { "www-authenticate": 'Bearer realm="kis-agent"' });
    }
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== MCP_HTTP_PATH) return refuse(res, 404, `Not found: the MCP endpoint is ${MCP_HTTP_PATH}`);
    if (req.method !== "POST") return refuse(res, 405, "Method not allowed: this stateless server takes POST only", { allow: "POST" });
    serveOne(req, res, options.createServer).catch((err: unknown) => {
      log.error("mcp request failed", { error: err });
      if (!res.headersSent) refuse(res, 500, "Internal error");
      else res.end();
    });
  };
}

export async function startMcpHttpServer(options: McpHttpOptions): Promise<McpHttpHandle> {
  const log = options.log ?? silentLogger;
  const server: Server = createServer(handler(options, log));
  server.listen(options.port, MCP_HTTP_HOST);
  try {
    await once(server, "listening");
  } catch (err) {
    throw new AppError("CONFIG_INVALID", `Cannot serve MCP on ${MCP_HTTP_HOST}:${options.port}: ${errorMessage(err)}`);
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${MCP_HTTP_HOST}:${port}${MCP_HTTP_PATH}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
