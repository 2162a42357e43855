import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { describe, expect, it } from "vitest";
import type { KisClient } from "../../broker/kis/kis-client.js";
import { ManualClock } from "../../core/clock.js";
import { loadConfig } from "../../core/config.js";
import { silentLogger } from "../../core/logger.js";
import { createMcpService, readOnlyBroker } from "../../runtime/mcp.js";
import { FakeBroker } from "../fakes/fake-broker.js";
import { fakeQuote, FakeMarketData } from "../fakes/fake-market-data.js";

/** The runtime's KIS client stands for both ports; here a fake market and a fake broker in one object. */
function fakeKis(): { kis: KisClient; broker: FakeBroker } {
  const broker = new FakeBroker(new ManualClock(0));
  const market = new FakeMarketData();
  market.quotes.set("005930", fakeQuote("005930", 71_500));
  const marketMethod = (key: PropertyKey) => (market as unknown as Record<PropertyKey, unknown>)[key];
  const kis = new Proxy(broker, {
    get(target, key) {
      const method = marketMethod(key);
      return !(key in target) && typeof method === "function" ? method.bind(market) : Reflect.get(target, key);
    },
  });
  return { kis: kis as unknown as KisClient, broker };
}

describe("readOnlyBroker", () => {
  it("passes reads through and refuses every order method without reaching the broker", async () => {
    const broker = new FakeBroker(new ManualClock(0));
    const view = readOnlyBroker(broker);

    await expect(view.getBalance()).resolves.toMatchObject({ summary: { cashKrw: 10_000_000 } });
    await expect(view.placeOrder({ symbol: "005930", side: "buy", quantity: 1, type: "market" })).rejects.toMatchObject({
      code: "BROKER_UNSUPPORTED",
    });
    await expect(view.modifyOrder({ orderNo: "1", orgNo: "1" }, { quantity: 1, type: "market" })).rejects.toMatchObject({
      code: "BROKER_UNSUPPORTED",
    });
    await expect(view.cancelOrder({ orderNo: "1", orgNo: "1" })).rejects.toMatchObject({ code: "BROKER_UNSUPPORTED" });
    expect(broker.calls.map((c) => c.method)).toEqual(["getBalance"]);
  });
});

describe("createMcpService", () => {
  it("serves the read tools over the runtime's KIS client, saying which venue answers", async () => {
    const { kis } = fakeKis();
    const service = createMcpService({ config: loadConfig({}), kis, log: silentLogger });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await service.createServer().connect(serverSide);
    const client = new Client({ name: "test", version: "0" });
    await client.connect(clientSide);

    const quote = (await client.callTool({ name: "get_quote", arguments: { symbol: "005930" } })) as { content: Array<{ text: string }> };
    const balance = (await client.callTool({ name: "get_balance", arguments: {} })) as { content: Array<{ text: string }> };

    expect((await client.listTools()).tools).toHaveLength(service.tools.length);
    expect(client.getInstructions()).toMatch(/simulator \(KIS_ENV=sim\)/);
    expect(JSON.parse(quote.content[0]?.text ?? "")).toMatchObject({ priceKrw: 71_500 });
    expect(JSON.parse(balance.content[0]?.text ?? "")).toMatchObject({ cashKrw: 10_000_000 });
    await client.close();
  });

  it("gives each connection its own server over the same tools", () => {
    const service = createMcpService({ config: loadConfig({}), kis: fakeKis().kis, log: silentLogger });

    expect(service.createServer()).not.toBe(service.createServer());
  });
});
