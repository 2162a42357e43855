import { readdirSync } from "node:fs";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createReadTools } from "../../tools/toolset.js";
import { fixture, makeHarness, reply } from "../fakes/fake-kis-http.js";

const Q = "/uapi/domestic-stock/v1/quotations";
const T = "/uapi/domestic-stock/v1/trading";

/** Every valid call of every tool, answered from the hand-written KIS fixtures. */
const CALLS: Record<string, Record<string, unknown>> = {
  get_quote: { symbol: "005930" },
  get_recent_ticks: { symbol: "005930" },
  get_daily_bars: { symbol: "005930", from: "20261101", to: "20261120" },
  get_minute_bars: { symbol: "005930", until: "101500" },
  get_volume_ranking: { limit: 5 },
  get_change_ranking: { direction: "up" },
  get_market_index: {},
  get_investor_flows: { symbol: "005930" },
  get_program_trades: { symbol: "005930" },
  get_balance: {},
  get_buying_power: { symbol: "005930", priceKrw: 71500 },
  get_sellable_quantity: { symbol: "005930" },
  get_open_orders: {},
  get_daily_orders: { from: "20261120", to: "20261120" },
  get_period_profit: { from: "20261101", to: "20261120" },
  get_trading_calendar: { from: "20261120" },
};

function serve(env: "real" | "paper" = "real") {
  const harness = makeHarness(env);
  const routes: Array<[string, string]> = [
    [`${Q}/inquire-price`, "quote"],
    [`${Q}/inquire-ccnl`, "recent-ticks"],
    [`${Q}/inquire-daily-itemchartprice`, "daily-bars"],
    [`${Q}/inquire-time-itemchartprice`, "minute-bars"],
    [`${Q}/volume-rank`, "volume-ranking"],
    ["/uapi/domestic-stock/v1/ranking/fluctuation", "change-ranking"],
    [`${Q}/inquire-index-price`, "index"],
    [`${Q}/inquire-investor`, "investor-flows"],
    [`${Q}/program-trade-by-stock`, "program-trades"],
    [`${Q}/chk-holiday`, "holidays"],
    [`${T}/inquire-balance`, "balance"],
    [`${T}/inquire-psbl-order`, "buying-power"],
    [`${T}/inquire-psbl-sell`, "sellable"],
    [`${T}/inquire-psbl-rvsecncl`, "open-orders"],
    [`${T}/inquire-daily-ccld`, "daily-orders"],
    [`${T}/inquire-period-profit`, "period-profit"],
  ];
  for (const [path, name] of routes) harness.server.on(path, undefined, reply(fixture(name)));
  const tools = createReadTools({ market: harness.client, broker: harness.client });
  const byName = (name: string): StructuredToolInterface => {
    const found = tools.find((t) => t.name === name);
    if (!found) throw new Error(`no tool ${name}`);
    return found;
  };
  return { ...harness, tools, byName };
}

/** Every KIS wire field name that appears in any fixture. */
function kisFieldNames(): Set<string> {
  const names = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        names.add(key);
        walk(child);
      }
    }
  };
  const dir = new URL("../fixtures/kis/rest/", import.meta.url);
  for (const file of readdirSync(dir)) walk(fixture(file.replace(/\.json$/, "")));
  return names;
}

describe("createReadTools", () => {
  it("offers every read endpoint under a snake_case name and nothing that changes orders", () => {
    const { tools } = serve();

    expect(tools.map((t) => t.name).sort()).toEqual(Object.keys(CALLS).sort());
    for (const t of tools) {
      expect(t.name).toMatch(/^get_[a-z_]+$/);
      expect(t.description).toContain("Read-only");
    }
  });

  it("describes every input field for the model", () => {
    const { tools } = serve();

    for (const t of tools) {
      const shape = (t.schema as z.ZodObject).shape as Record<string, z.ZodType>;
      for (const [field, schema] of Object.entries(shape)) expect(schema.description, `${t.name}.${field}`).toBeTruthy();
    }
  });

  it("rejects a malformed stock code and a malformed date in the schema", async () => {
    const { byName, server } = serve();

    await expect(byName("get_quote").invoke({ symbol: "5930" })).rejects.toThrow();
    await expect(byName("get_daily_bars").invoke({ symbol: "005930", from: "2026-11-01", to: "20261120" })).rejects.toThrow();
    expect(server.requests).toHaveLength(0);
  });

  it("answers every tool in compact JSON without any KIS field name", async () => {
    const { byName } = serve();
    const wireNames = [...kisFieldNames()].filter((name) => /[a-z]_[a-z]|^[A-Z_]+$/.test(name));
    expect(wireNames).toContain("stck_prpr");

    for (const [name, args] of Object.entries(CALLS)) {
      const output = String(await byName(name).invoke(args));
      const parsed: unknown = JSON.parse(output);
      expect(parsed, name).toBeTypeOf("object");
      for (const wire of wireNames) expect(output, `${name} leaks ${wire}`).not.toContain(`"${wire}"`);
    }
  });

  it("returns the quote in domain units", async () => {
    const { byName } = serve();

    const quote = JSON.parse(String(await byName("get_quote").invoke({ symbol: "005930" }))) as Record<string, unknown>;

    expect(quote).toMatchObject({
      symbol: "005930",
      priceKrw: 71500,
      upperLimitKrw: 93600,
      tickSizeKrw: 100,
      halted: false,
      market: "KOSPI",
    });
    expect(quote["asOf"]).toMatch(/^2026-11-20T10:15:\d\d\+09:00$/);
  });

  it("returns holdings as a column table", async () => {
    const { byName } = serve();

    const balance = JSON.parse(String(await byName("get_balance").invoke({}))) as {
      cashKrw: number;
      holdings: { columns: string[]; rows: unknown[][] };
    };

    expect(balance.cashKrw).toBe(5000000);
    expect(balance.holdings.columns.slice(0, 3)).toEqual(["symbol", "name", "quantity"]);
    expect(balance.holdings.rows).toEqual([["005930", "삼성전자", 10, 8, 70251, 71500, 12495, 1.78]]);
  });

  it("maps the index name to its KRX code", async () => {
    const { byName, server } = serve();

    await byName("get_market_index").invoke({ index: "KOSDAQ" });

    expect(server.requests.at(-1)?.query).toMatchObject({ FID_INPUT_ISCD: "1001" });
  });

  it("surfaces an expected failure as a tool error carrying the AppError code", async () => {
    const { byName } = serve("paper");

    await expect(byName("get_volume_ranking").invoke({})).rejects.toMatchObject({
      code: "BROKER_UNSUPPORTED",
      message: expect.stringMatching(/^BROKER_UNSUPPORTED: /),
    });
  });
});
