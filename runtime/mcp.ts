/**
 * The MCP service of a runtime: the same read tools the model is bound to, over the runtime's KIS
 * client (the simulator in sim mode), and a fresh MCP server over them per connection. The tools
 * see a broker whose order methods refuse, so no MCP client can reach an order even if a tool tried.
 */
import type { StructuredToolInterface } from "@langchain/core/tools";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Broker } from "../broker/ports.js";
import { AppError } from "../core/errors.js";
import { createMcpToolServer } from "../tools/mcp/server.js";
import { createReadTools } from "../tools/toolset.js";
import type { Runtime } from "./create-runtime.js";
import { venueName } from "./mode.js";

export const MCP_SERVER_NAME = "kis-agent";
export const MCP_SERVER_VERSION = "0.1.0";

export interface McpService {
  tools: StructuredToolInterface[];
  /** A new server over the shared tools: one per stdio session or per stateless HTTP request. */
  createServer(): McpServer;
}

/** `broker` with its read methods only: placing, modifying or cancelling an order is refused. */
export function readOnlyBroker(broker: Broker): Broker {
  const refuse = (method: string) => () =>
    Promise.reject(new AppError("BROKER_UNSUPPORTED", `${method} is not available here: the MCP tools only read`));
  return {
    env: broker.env,
    getBalance: () => broker.getBalance(),
    getAccountAssets: () => broker.getAccountAssets(),
    getBuyingPower: (symbol, priceKrw, type) => broker.getBuyingPower(symbol, priceKrw, type),
    getSellableQuantity: (symbol) => broker.getSellableQuantity(symbol),
    getOpenOrders: () => broker.getOpenOrders(),
    getDailyOrders: (range) => broker.getDailyOrders(range),
    getPeriodProfit: (range) => broker.getPeriodProfit(range),
    placeOrder: refuse("placeOrder"),
    modifyOrder: refuse("modifyOrder"),
    cancelOrder: refuse("cancelOrder"),
  };
}

function instructions(rt: Pick<Runtime, "config">): string {
  const venue = venueName(rt.config);
  return [
    `Read-only tools over the Korea Investment & Securities Open API, answered by ${venue}.`,
    "Stocks are 6-character KRX codes (005930 = Samsung Electronics); prices in KRW; dates YYYYMMDD in Korea time.",
    "No tool places, changes or cancels an order.",
  ].join(" ");
}

export function createMcpService(rt: Pick<Runtime, "config" | "kis" | "log">): McpService {
  const tools = createReadTools({ market: rt.kis, broker: readOnlyBroker(rt.kis) });
  const log = rt.log.child({ component: "mcp" });
  return {
    tools,
    createServer: () =>
      createMcpToolServer(tools, { name: MCP_SERVER_NAME, version: MCP_SERVER_VERSION, instructions: instructions(rt), log }),
  };
}
