/**
 * `kis-agent mcp` as an MCP client runs it: a child process (`npx tsx cli/index.ts mcp`) over the
 * in-process simulator, driven with raw newline-delimited JSON-RPC on stdio, then `--http` with
 * raw requests and the SDK's client. stdout must carry nothing but the protocol, even at debug.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SIM_START = "2026-11-23T10:00:00+09:00";
const dirs: string[] = [];

interface Rpc {
  jsonrpc: string;
  id?: number;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}
interface ToolResult {
  content: Array<{ type: string; text: string }>;
  isError?: boolean;
}
interface Quote {
  symbol: string;
  priceKrw: number;
  upperLimitKrw: number;
  lowerLimitKrw: number;
  tickSizeKrw: number;
  asOf: string;
}

/**
 * stdio runs as an MCP client's config would start it (`npx tsx cli/index.ts mcp`); HTTP runs the
 * installed `kis-agent` entry, so SIGTERM reaches the server itself rather than npm's wrapper.
 */
function startCli(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  const dataDir = mkdtempSync(join(tmpdir(), "mcp-cli-"));
  dirs.push(dataDir);
  const [command, prefix] = args.includes("--http") ? [process.execPath, ["bin/kis-agent.js"]] : ["npx", ["tsx", "cli/index.ts"]];
  return spawn(command, [...prefix, "mcp", ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      KIS_ENV: "sim",
      KIS_SIM_URL: "",
      DATA_DIR: dataDir,
      KIS_SIM_START: SIM_START,
      LOG_LEVEL: "debug",
      MCP_TOKEN: "",
      ...env,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** Newline-delimited JSON-RPC over the child's stdin/stdout, keeping every stdout line. */
function stdioPeer(child: ChildProcessWithoutNullStreams) {
  const lines: string[] = [];
  const waiters = new Map<number, (message: Rpc) => void>();
  let pending = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdout.on("data", (d: Buffer) => {
    pending += d.toString();
    for (let nl = pending.indexOf("\n"); nl >= 0; nl = pending.indexOf("\n")) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      lines.push(line);
      const message = JSON.parse(line) as Rpc;
      if (message.id !== undefined) waiters.get(message.id)?.(message);
    }
  });
  let nextId = 1;
  return {
    lines,
    stderr: () => stderr,
    send: (message: Record<string, unknown>) => child.stdin.write(`${JSON.stringify(message)}\n`),
    request(method: string, params?: Record<string, unknown>): Promise<Rpc> {
      const id = nextId++;
      const answered = new Promise<Rpc>((resolve) => waiters.set(id, resolve));
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, ...(params ? { params } : {}) })}\n`);
      return answered;
    },
  };
}

/** Resolves with the first match of `pattern` in the child's stderr so far. */
function stderrMatch(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<RegExpExecArray> {
  let seen = "";
  return new Promise((resolve, reject) => {
    child.stderr.on("data", (d: Buffer) => {
      seen += d.toString();
      const match = pattern.exec(seen);
      if (match) resolve(match);
    });
    child.once("exit", (code) => reject(new Error(`exited ${code} before ${pattern}: ${seen}`)));
  });
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("kis-agent mcp (stdio)", () => {
  let child: ChildProcessWithoutNullStreams;
  let peer: ReturnType<typeof stdioPeer>;
  let initialized: Rpc;

  beforeAll(async () => {
    child = startCli([]);
    peer = stdioPeer(child);
    initialized = await peer.request("initialize", {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "raw-test", version: "0" },
    });
    peer.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  }, 120_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });

  it("initializes as kis-agent with tools, saying it serves the simulator read-only", () => {
    expect(initialized.result).toMatchObject({ serverInfo: { name: "kis-agent" }, capabilities: { tools: {} } });
    expect(initialized.result?.["instructions"]).toMatch(/simulator.*No tool places, changes or cancels an order/s);
  });

  it("lists the typed read tools, none of which touches an order", async () => {
    const { result } = await peer.request("tools/list");
    const tools = (result?.["tools"] ?? []) as Array<{
      name: string;
      inputSchema: Record<string, unknown>;
      annotations?: Record<string, unknown>;
    }>;

    expect(tools.length).toBeGreaterThanOrEqual(16);
    expect(tools.find((t) => t.name === "get_quote")?.inputSchema).toMatchObject({
      type: "object",
      required: ["symbol"],
      properties: { symbol: { type: "string", pattern: "^[0-9A-Z]{6}$" } },
    });
    expect(tools.find((t) => t.name === "get_daily_bars")?.inputSchema).toMatchObject({
      required: expect.arrayContaining(["symbol", "from", "to"]),
    });
    for (const t of tools) {
      expect(t.name).not.toMatch(/(^|_)(place|cancel|modify|buy|sell|order)(_|$)/);
      expect(t.annotations?.["readOnlyHint"]).toBe(true);
    }
  }, 60_000);

  it("answers a quote from the simulator", async () => {
    const { result } = await peer.request("tools/call", { name: "get_quote", arguments: { symbol: "005930" } });
    const call = result as unknown as ToolResult;
    const quote = JSON.parse(call.content[0]?.text ?? "") as Quote;

    expect(call.isError).toBeFalsy();
    expect(quote.symbol).toBe("005930");
    expect(quote.asOf.slice(0, 13)).toBe("2026-11-23T10");
    expect(quote.priceKrw).toBeGreaterThanOrEqual(quote.lowerLimitKrw);
    expect(quote.priceKrw).toBeLessThanOrEqual(quote.upperLimitKrw);
    expect(quote.priceKrw % quote.tickSizeKrw).toBe(0);
  }, 60_000);

  it("answers calls sent together, each under its own id", async () => {
    const symbols = ["005930", "000660", "035420", "005380", "051910"];
    const answers = await Promise.all(symbols.map((symbol) => peer.request("tools/call", { name: "get_quote", arguments: { symbol } })));

    expect(answers.map((a) => (JSON.parse((a.result as unknown as ToolResult).content[0]?.text ?? "") as Quote).symbol)).toEqual(symbols);
  }, 60_000);

  it("returns a bad argument and an unknown tool as error results, and keeps serving", async () => {
    const bad = (await peer.request("tools/call", { name: "get_quote", arguments: { symbol: "5930" } })).result as unknown as ToolResult;
    const order = (await peer.request("tools/call", { name: "place_order", arguments: { symbol: "005930", side: "buy", quantity: 1 } }))
      .result as unknown as ToolResult;
    const after = (await peer.request("tools/call", { name: "get_market_index", arguments: {} })).result as unknown as ToolResult;

    expect(bad.isError).toBe(true);
    expect(bad.content[0]?.text).toMatch(/6-character KRX code.*symbol/s);
    expect(order.isError).toBe(true);
    expect(order.content[0]?.text).toMatch(/place_order not found/);
    expect(after.isError).toBeFalsy();
  }, 60_000);

  it("writes only JSON-RPC on stdout, logs on stderr, and exits 0 when the client closes stdin", async () => {
    child.stdin.end();
    const [code] = (await once(child, "exit")) as [number];

    expect(code).toBe(0);
    expect(peer.lines.length).toBeGreaterThanOrEqual(6);
    for (const line of peer.lines) expect((JSON.parse(line) as Rpc).jsonrpc, line).toBe("2.0");
    expect(peer.stderr()).toMatch(/"msg":"mcp server ready on stdio"/);
    expect(peer.stderr()).toMatch(/"level":"debug"/);
  }, 60_000);
});

describe("kis-agent mcp (stdio), hostile input", () => {
  it("answers what it can parse, ignores a garbage line, and ends the session on a line over 1 MiB", async () => {
    const child = startCli([], { LOG_LEVEL: "info" });
    child.stdin.on("error", () => {}); // the server may close its end before the long line is all written
    const peer = stdioPeer(child);
    peer.send({ jsonrpc: "2.0", id: 0, method: "ping" }); // before initialize: answered all the same
    child.stdin.write("this is not json\n");
    const pong = await peer.request("ping");
    child.stdin.write("x".repeat(1_100_000));
    const [code] = (await once(child, "exit")) as [number];

    expect(pong).toMatchObject({ jsonrpc: "2.0", result: {} });
    expect(peer.lines.map((l) => (JSON.parse(l) as Rpc).id)).toEqual([0, 1]);
    expect(code).toBe(0);
    expect(peer.stderr()).toMatch(/"msg":"mcp stdio message refused"/);
    expect(peer.stderr()).toMatch(/"why":"transport closed"/);
  }, 120_000);
});

describe("kis-agent mcp --http", () => {
  it("prints the URL and a generated token; 401 without it, tools/call with it; exits 0 on SIGTERM", async () => {
    const child = startCli(["--http", "--port", "0"]);
    try {
      const [, url = "", token = ""] = await stderrMatch(
        child,
        /(http:\/\/127\.0\.0\.1:\d+\/mcp)\s+send the header\s+Authorization: Bearer (\S+)/,
      );

      const anonymous = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
      });
      expect(anonymous.status).toBe(401);

      const client = new Client({ name: "test", version: "0" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
      );
      const call = (await client.callTool({ name: "get_quote", arguments: { symbol: "000660" } })) as ToolResult;
      await client.close();
      expect(call.isError).toBeFalsy();
      expect(JSON.parse(call.content[0]?.text ?? "")).toMatchObject({ symbol: "000660", asOf: expect.stringMatching(/^2026-11-23T10/) });

      child.kill("SIGTERM");
      const [code] = (await once(child, "exit")) as [number];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 120_000);

  it("uses MCP_TOKEN when set and never prints it", async () => {
    const token = "configured-token-abcdef0123456789";
    const child = startCli(["--http", "--port", "0"], { MCP_TOKEN: token });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    try {
      const [, url = ""] = await stderrMatch(child, /(http:\/\/127\.0\.0\.1:\d+\/mcp)\s+send the header/);
      const init = (authorization: string) =>
        fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization },
          body: JSON.stringify({
            jsonrpc: "2.0",
            id: 1,
            method: "initialize",
            params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
          }),
        });

      expect((await init(`Bearer ${token}`)).status).toBe(200);
      expect((await init("Bearer some-other-token-0123456789")).status).toBe(401);
      child.kill("SIGTERM");
      await once(child, "exit");
      expect(stderr).toContain("Authorization: Bearer $MCP_TOKEN");
      expect(stderr).not.toContain(token);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 120_000);

  it("refuses a short MCP_TOKEN at start", async () => {
    const child = startCli(["--http", "--port", "0"], { MCP_TOKEN: "short" });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, "exit")) as [number];

    expect(code).toBe(1);
    expect(stderr).toMatch(/CONFIG_INVALID: .*MCP_TOKEN: use at least 16 characters/);
    expect(stderr).not.toMatch(/\bshort\b/);
  }, 120_000);
});
