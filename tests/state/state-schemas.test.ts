/**
 * The graph states as Studio sees them: every field has a zod shape (its JSON Schema says what is
 * inside), except the few that hold text as a model wrote it, named here. And the shapes change
 * nothing they parse: LangGraph validates each node's update and stores what comes out.
 */
import { describe, expect, it } from "vitest";
import { RiskResult } from "../../risk/risk-result.js";
import { ReflectionState, TradeSample } from "../../state/reflection-state.js";
import { TradingState } from "../../state/trading-state.js";

type JsonSchema = Record<string, unknown>;
const ANNOTATIONS = new Set(["$schema", "default", "description", "title"]);

/** Paths whose schema says nothing about the value: `{}` apart from annotations. */
function opaquePaths(schema: JsonSchema, path: string): string[] {
  if (Object.keys(schema).every((k) => ANNOTATIONS.has(k))) return [path];
  const children: Array<[string, unknown]> = [
    ...Object.entries((schema.properties as Record<string, unknown>) ?? {}).map(([k, v]): [string, unknown] => [`${path}.${k}`, v]),
    ...(schema.items ? [[`${path}[]`, schema.items] as [string, unknown]] : []),
    ...((schema.anyOf as unknown[]) ?? []).map((v): [string, unknown] => [path, v]),
  ];
  return children.flatMap(([p, v]) => opaquePaths(v as JsonSchema, p));
}

function fieldsOf(state: { getJsonSchema(): unknown }): Record<string, JsonSchema> {
  return (state.getJsonSchema() as { properties: Record<string, JsonSchema> }).properties;
}

describe("state schemas in Studio", () => {
  it("gives every trading-state field a shape, with refs to the stored context instead of copies", () => {
    const fields = fieldsOf(TradingState);
    const opaque = Object.entries(fields).flatMap(([k, v]) => opaquePaths(v, k));
    expect(opaque).toEqual([]);
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(["accountRef", "marketRef", "transcript"]));
    expect(Object.keys(fields).filter((k) => ["account", "market", "messages"].includes(k))).toEqual([]);
    expect(JSON.stringify(fields.accountRef)).toContain('"heldSymbols"');
    expect(JSON.stringify(fields.risk)).toContain('"approved"');
  });

  it("gives every reflection-state field a shape but the model's unchecked proposals", () => {
    const fields = fieldsOf(ReflectionState);
    const opaque = Object.entries(fields).flatMap(([k, v]) => opaquePaths(v, k));
    expect(opaque.sort()).toEqual(["candidates[]", "patterns[].suggestion", "verdicts[].candidate"]);
    expect(fields.transcript).toMatchObject({ type: "array", items: { type: "string" } });
    for (const key of ["stats", "samples", "patterns", "verdicts"]) expect(JSON.stringify(fields[key]), key).toContain('"properties"');
  });
});

describe("state schemas store what they are given", () => {
  const action = { side: "buy" as const, symbol: "005930", quantity: 10, limitPriceKrw: 70_000, reason: "breakout" };
  const order = { symbol: "005930", side: "buy" as const, quantity: 10, type: "limit" as const, limitPriceKrw: 70_000 };

  it("keeps a risk result as the engine returned it", () => {
    const adjustment = { kind: "adjustment" as const, code: "TICK_ROUNDED" as const, reason: "rounded to the tick" };
    const denial = { kind: "denial" as const, code: "MAX_ORDER_NOTIONAL" as const, reason: "over the cap" };
    const result = {
      approved: [{ action, order, notionalKrw: 700_000, adjustments: [adjustment] }],
      denied: [
        {
          action: { side: "sell" as const, symbol: "000660", quantity: 3, reason: "exit", invalidationPriceKrw: 90_000 },
          denials: [denial],
          adjustments: [],
        },
      ],
      events: [
        { ...adjustment, action, adjustedOrder: order },
        { ...denial, action },
      ],
    };
    expect(RiskResult.parse(result)).toEqual(result);
  });

  it("rejects a risk code the engine does not have", () => {
    const bad = { approved: [], denied: [], events: [{ kind: "denial", code: "SOMETHING_ELSE", reason: "", action }] };
    expect(RiskResult.safeParse(bad).success).toBe(false);
  });

  it("keeps a trade sample's stored snapshot whole, and the {} of a trade recorded from the broker", () => {
    const symbol = {
      symbol: "005930",
      name: "삼성전자",
      priceKrw: 70_000,
      rsi14: 61.2,
      held: false,
      live: null,
      ma5: null,
      upperLimitKrw: 91_000,
    };
    const full = {
      tradeId: 1,
      symbol: "005930",
      entryAtMs: 1,
      pnlKrw: -1_200,
      holdingMs: null,
      trigger: "schedule",
      snapshot: { symbol, kospi: { value: 2_600, changeRate: -0.4 }, asOfMs: 5 },
    };
    const bare = { ...full, tradeId: 2, snapshot: {} };
    expect(TradeSample.parse(full)).toEqual(full);
    expect(TradeSample.parse(bare)).toEqual(bare);
  });
});
