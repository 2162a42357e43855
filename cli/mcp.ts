/**
 * `kis-agent mcp [--http [--port P]]`: serves the read tools to MCP clients against KIS_ENV (the
 * in-process simulator by default). On stdio, stdout carries the protocol alone: every log line
 * and any stray console output go to stderr. Over HTTP, the server listens on 127.0.0.1 only and
 * wants a bearer token (MCP_TOKEN, or one generated now and printed to stderr).
 */
import { randomBytes } from "node:crypto";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { loadCommandConfig } from "../core/accounts.js";
import { AppError } from "../core/errors.js";
import { registerSecret } from "../core/logger.js";
import { createRuntime, type Runtime } from "../runtime/create-runtime.js";
import { createMcpService, type McpService } from "../runtime/mcp.js";
import { startMcpHttpServer } from "../tools/mcp/http.js";
import type { Command } from "./index.js";
import { parseCommandArgs } from "./output.js";

const DEFAULT_PORT = 8808;
/** unanswered input the stdio transport holds at most; a longer line ends the session */
const STDIO_MAX_BUFFER_BYTES = 1024 * 1024;

const USAGE = `usage: kis-agent mcp [--http [--port P]]

Serves the read tools (quotes, ticks, bars, rankings, index, investor and program flows, balance,
buying power, orders, period profit, calendar) to MCP clients, against KIS_ENV — the in-process
simulator by default. No tool places, changes or cancels an order.

  (default)   stdio: newline-delimited JSON-RPC on stdin/stdout, for clients that start the
              server themselves (Claude Desktop, Cursor…); logs go to stderr
  --http      Streamable HTTP at http://127.0.0.1:P/mcp; every request needs the header
              'Authorization: Bearer <MCP_TOKEN>' (unset: a token is generated and printed to stderr)
  --port P    the HTTP port (default ${DEFAULT_PORT}; 0 picks a free one)
  --help      show this help`;

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PORT;
  const port = Number(raw);
  if (!(Number.isInteger(port) && port >= 0 && port <= 65_535))
    throw new AppError("DATA_INVALID", `--port: expected 0–65535, received '${raw}'`);
  return port;
}

/** Settles with the reason on SIGINT/SIGTERM or on the first of `also`. */
function untilStopped(...also: Array<Promise<string>>): Promise<string> {
  const signalled = new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  return Promise.race([signalled, ...also]);
}

/** Settles when the stdio client is gone: stdin ended, or stdout can no longer be written (EPIPE). */
function clientGone(): Promise<string> {
  return new Promise((resolve) => {
    process.stdin.once("end", () => resolve("stdin closed"));
    process.stdout.once("error", (err) => resolve(`stdout failed: ${err.message}`));
  });
}

/** stdout is the protocol: anything printed with console.log/info/debug goes to stderr instead. */
function keepStdoutForProtocol(): void {
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
}

async function serveStdio(rt: Runtime, service: McpService): Promise<void> {
  const server = service.createServer();
  server.server.onerror = (err) => rt.log.warn("mcp stdio message refused", { error: err });
  // The transport closes itself on a message over the buffer bound: the session is over then too.
  const closed = new Promise<string>((resolve) => (server.server.onclose = () => resolve("transport closed")));
  const gone = clientGone(); // listening before the transport starts reading, so an early EOF is not missed
  await server.connect(new StdioServerTransport(process.stdin, process.stdout, { maxBufferSize: STDIO_MAX_BUFFER_BYTES }));
  rt.log.info("mcp server ready on stdio", { tools: service.tools.length, kisEnv: rt.config.kisEnv });
  const why = await untilStopped(gone, closed);
  rt.log.info("mcp server stopping", { why });
  await server.close();
  process.stdin.destroy(); // a paused stdin still holds the process open when the transport, not the client, ended
}

async function serveHttp(rt: Runtime, service: McpService, port: number): Promise<void> {
  const generated = rt.config.mcpToken === undefined;
  const token = rt.config.mcpToken ?? randomBytes(32).toString("base64url");
  registerSecret(token);
  const http = await startMcpHttpServer({ createServer: service.createServer, token, port, log: rt.log.child({ component: "mcp-http" }) });
  process.stderr.write(
    [
      `kis-agent mcp: ${service.tools.length} read tools (KIS_ENV=${rt.config.kisEnv}) at`,
      `    ${http.url}`,
      "  send the header",
      `    Authorization: Bearer ${generated ? token : "$MCP_TOKEN"}`,
      ...(generated ? ["  (a new token at each start; set MCP_TOKEN to keep one)"] : []),
      "",
    ].join("\n"),
  );
  const why = await untilStopped();
  rt.log.info("mcp server stopping", { why });
  await http.close();
}

export const command: Command = {
  async run(args) {
    const { values } = parseCommandArgs(args, {
      http: { type: "boolean", default: false },
      port: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (values.port !== undefined && !values.http) throw new AppError("DATA_INVALID", "--port applies to --http only");
    const port = parsePort(values.port);
    if (!values.http) keepStdoutForProtocol();
    const rt = await createRuntime({ config: loadCommandConfig() });
    try {
      const service = createMcpService(rt);
      if (values.http) await serveHttp(rt, service, port);
      else await serveStdio(rt, service);
      return 0;
    } finally {
      await rt.close();
    }
  },
};
