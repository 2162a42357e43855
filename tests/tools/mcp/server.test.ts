import { readdirSync, readFileSync } from "node:fs";
import { ToolMessage } from "@langchain/core/messages";
import { tool, type StructuredToolInterface } from "@langchain/core/tools";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ManualClock } from "../../../core/clock.js";
import { AppError } from "../../../core/errors.js";
import { registerSecret } from "../../../core/logger.js";
import { createMcpToolServer, toCallToolResult } from "../../../tools/mcp/server.js";
import { createReadTools } from "../../../tools/toolset.js";
import { FakeBroker } from "../../fakes/fake-broker.js";
import { fakeQuote, FakeMarketData } from "../../fakes/fake-market-data.js";

type TextResult = { content: Array<{ type: string; text: string }>; isError?: boolean };

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function connect(tools: StructuredToolInterface[]): Promise<Client> {
  const server = createMcpToolServer(tools, { name: "kis-agent-test", version: "0.0.0", instructions: "read only" });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "test", version: "0.0.0" });
  await client.connect(clientSide);
  clients.push(client);
  return client;
}

function readToolsOverFakes() {
  const market = new FakeMarketData();
  market.quotes.set("005930", fakeQuote("005930", 71_500));
  const broker = new FakeBroker(new ManualClock(Date.parse("2026-11-20T01:15:00Z")));
  return { market, broker, tools: createReadTools({ market, broker }) };
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<TextResult> {
  return (await client.callTool({ name, arguments: args })) as TextResult;
}

describe("createMcpToolServer", () => {
  it("lists every read tool with its description, typed JSON Schema and read-only annotations", async () => {
    const { tools } = readToolsOverFakes();
    const client = await connect(tools);

    const listed = (await client.listTools()).tools;

    expect(listed.map((t) => t.name)).toEqual(tools.map((t) => t.name));
    const quote = listed.find((t) => t.name === "get_quote");
    expect(quote?.description).toContain("Read-only");
    expect(quote?.inputSchema).toMatchObject({
      type: "object",
      required: ["symbol"],
      properties: { symbol: { type: "string", pattern: "^[0-9A-Z]{6}$" } },
    });
    const orders = listed.find((t) => t.name === "get_daily_orders");
    expect(orders?.inputSchema.properties?.["status"]).toMatchObject({ enum: ["all", "filled", "unfilled"], default: "all" });
    expect(orders?.inputSchema.required).toEqual(["from", "to"]);
    for (const t of listed) expect(t.annotations, t.name).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });

  it("tells the client what it serves at initialize", async () => {
    const client = await connect([]);

    expect(client.getInstructions()).toBe("read only");
    expect(client.getServerVersion()).toMatchObject({ name: "kis-agent-test" });
  });

  it("answers a call with the tool's compact JSON", async () => {
    const { tools } = readToolsOverFakes();
    const client = await connect(tools);

    const result = await call(client, "get_quote", { symbol: "005930" });

    expect(result.isError).toBeFalsy();
    expect(JSON.parse(result.content[0]?.text ?? "")).toMatchObject({ symbol: "005930", priceKrw: 71_500, tickSizeKrw: 100 });
  });

  it("returns a bad argument as an error result naming the field, without reaching the market", async () => {
    const { tools, market } = readToolsOverFakes();
    const client = await connect(tools);

    const result = await call(client, "get_quote", { symbol: "5930" });

    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(/symbol/);
    expect(result.content[0]?.text).toMatch(/6-character KRX code/);
    expect(market.calls).toEqual([]);
  });

  it("returns an unknown tool — an order, say — as an error result", async () => {
    const { tools, broker } = readToolsOverFakes();
    const client = await connect(tools);

    const result = await call(client, "place_order", { symbol: "005930", side: "buy", quantity: 10 });

    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(/place_order not found/);
    expect(broker.calls).toEqual([]);
  });

  it("returns a KIS failure as an error result carrying the AppError code, and keeps serving", async () => {
    const { tools, market } = readToolsOverFakes();
    market.failing.add("getQuote");
    const client = await connect(tools);

    const failed = await call(client, "get_quote", { symbol: "005930" });
    market.failing.clear();
    const next = await call(client, "get_quote", { symbol: "005930" });

    expect(failed).toMatchObject({ isError: true, content: [{ type: "text", text: "BROKER_UNAVAILABLE: getQuote is down" }] });
    expect(next.isError).toBeFalsy();
  });

  it("returns an unexpected exception as an error result with its message, secrets masked", async () => {
    registerSecret("mcp-test-secret-value");
    const broken = tool(
      () => {
        throw new TypeError("cannot read price of undefined (key mcp-test-secret-value)");
      },
      { name: "get_broken", description: "Always fails. Read-only.", schema: z.object({}) },
    );
    const client = await connect([broken]);

    const result = await call(client, "get_broken", {});

    expect(result).toMatchObject({ isError: true, content: [{ text: "cannot read price of undefined (key [REDACTED])" }] });
  });

  it("refuses to register a tool without a zod input schema", () => {
    const untyped = tool(() => "x", { name: "get_untyped", description: "Read-only.", schema: { type: "object", properties: {} } });

    expect(() => createMcpToolServer([untyped], { name: "t", version: "0" })).toThrow(AppError);
  });
});

describe("toCallToolResult", () => {
  it("keeps a ToolMessage's error status", () => {
    const result = toCallToolResult(
      new ToolMessage({ content: "DATA_INVALID: symbol 123456 is not in the universe", tool_call_id: "c1", status: "error" }),
    );

    expect(result).toEqual({ content: [{ type: "text", text: "DATA_INVALID: symbol 123456 is not in the universe" }], isError: true });
  });

  it("serialises a non-string result as JSON", () => {
    expect(toCallToolResult({ priceKrw: 1 })).toEqual({ content: [{ type: "text", text: '{"priceKrw":1}' }] });
  });
});

describe("the served tools", () => {
  const ORDER_WORDS = new Set([
    "place",
    "submit",
    "send",
    "buy",
    "sell",
    "order",
    "cancel",
    "modify",
    "amend",
    "revise",
    "correct",
    "execute",
    "trade",
  ]);

  it("contain no tool that places, modifies or cancels an order", async () => {
    const client = await connect(readToolsOverFakes().tools);

    for (const t of (await client.listTools()).tools) {
      expect(t.name, t.name).toMatch(/^get_[a-z_]+$/);
      expect(
        t.name.split("_").filter((word) => ORDER_WORDS.has(word)),
        t.name,
      ).toEqual([]);
      expect(t.annotations?.readOnlyHint, t.name).toBe(true);
    }
  });

  it("come from tool modules that never call an order method of the broker", () => {
    const dir = new URL("../../../tools/", import.meta.url);
    const sources = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));

    expect(sources.length).toBeGreaterThan(10);
    for (const file of sources) {
      expect(readFileSync(new URL(file, dir), "utf8"), file).not.toMatch(/\.(placeOrder|modifyOrder|cancelOrder)\b/);
    }
  });
});
