import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTempDb, type TempDb } from "./temp-db.js";

let t: TempDb;
beforeEach(() => {
  t = openTempDb();
});
afterEach(() => t.dispose());

const intent = (overrides: Record<string, unknown> = {}) => ({
  intent_key: "k1",
  run_id: "r1",
  symbol: "005930",
  side: "buy",
  quantity: 10,
  order_type: "limit",
  limit_price_krw: 70_000,
  status: "NEW",
  trade_date: "20260105",
  created_at_ms: 1,
  updated_at_ms: 1,
  ...overrides,
});
const insertIntent = (row: Record<string, unknown>) =>
  t.db
    .prepare(
      `INSERT INTO order_intents (intent_key, run_id, symbol, side, quantity, order_type, limit_price_krw, status, trade_date, created_at_ms, updated_at_ms)
     VALUES (@intent_key, @run_id, @symbol, @side, @quantity, @order_type, @limit_price_krw, @status, @trade_date, @created_at_ms, @updated_at_ms)`,
    )
    .run(row);

describe("0003-trading migration", () => {
  it("creates every trading table", () => {
    const tables = t.db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((r) => r.name);

    expect(tables).toEqual(
      expect.arrayContaining([
        "trades",
        "order_intents",
        "fills",
        "positions",
        "daily_portfolio",
        "signals",
        "graph_runs",
        "llm_calls",
        "risk_events",
        "prompt_versions",
      ]),
    );
    expect(t.db.raw.pragma("user_version", { simple: true })).toBeGreaterThanOrEqual(3);
  });

  it("keeps the seed's trade columns", () => {
    const columns = t.db
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('trades')")
      .all()
      .map((r) => r.name);

    expect(columns).toEqual(
      expect.arrayContaining([
        "timestamp_ms",
        "ticker",
        "action",
        "quantity",
        "price_krw",
        "justification_text",
        "market_snapshot",
        "portfolio_before",
        "pnl_7_days_krw",
        "pnl_30_days_krw",
        "order_number",
        "execution_status",
        "created_at_ms",
        "updated_at_ms",
        "run_id",
        "prompt_version",
      ]),
    );
  });

  it.each([
    ["an unknown status", { status: "PENDING" }],
    ["an unknown side", { side: "short" }],
    ["a zero quantity", { quantity: 0 }],
    ["a limit order without a price", { limit_price_krw: null }],
    ["a market order with a price", { order_type: "market" }],
  ])("rejects an intent with %s", (_name, overrides) => {
    expect(() => insertIntent(intent(overrides))).toThrow(/CHECK constraint failed/);
  });

  it("rejects a second intent with the same key and an order number reused on the same trade date", () => {
    insertIntent(intent());
    expect(() => insertIntent(intent())).toThrow(/UNIQUE constraint failed/);

    t.db.prepare("UPDATE order_intents SET order_no = '0000000001' WHERE intent_key = 'k1'").run();
    insertIntent(intent({ intent_key: "k2" }));
    expect(() => t.db.prepare("UPDATE order_intents SET order_no = '0000000001' WHERE intent_key = 'k2'").run()).toThrow(/UNIQUE/);
  });

  it("accepts the same KIS order number on another trade date (KIS numbers restart daily)", () => {
    insertIntent(intent({ order_no: "0000000001" }));

    expect(() => insertIntent(intent({ intent_key: "k2", trade_date: "20260106", order_no: "0000000001" }))).not.toThrow();
  });

  it("allows only one active prompt version", () => {
    const insert = t.db.prepare(
      "INSERT INTO prompt_versions (version, full_text, author, status, created_at_ms) VALUES (?, 'text', 'human', ?, 1)",
    );
    insert.run("v1", "active");
    insert.run("v2", "proposed");

    expect(() => insert.run("v3", "active")).toThrow(/UNIQUE/);
    expect(() => insert.run("v4", "draft")).toThrow(/CHECK/);
  });
});
