import { AIMessage, ToolMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import {
  createOfflineReflectionInvestigator,
  createOfflineTradingInvestigator,
  offlineCandidates,
} from "../../llm/offline-investigation.js";
import type { MarketContext } from "../../state/market-context.js";
import { makeMarket, makeSymbol } from "../builders/trading.js";

const entry = { volumeRatio: 2, priceKrw: 70_000, ma5: 69_000, ma20: 68_000, rsi14: 60, changeRate: 2 };

describe("offline trading investigation", () => {
  const market = makeMarket([
    makeSymbol({ symbol: "000001", volumeRatio: 5, rsi14: 90 }), // no entry signal, highest volume
    makeSymbol({ symbol: "000002", ...entry }),
    makeSymbol({ symbol: "000003", ...entry, volumeRatio: 3 }),
    makeSymbol({ symbol: "000004", ...entry, volumeRatio: 9, held: true }),
  ]);

  it("picks unheld entry candidates first, then by volume ratio", () => {
    expect(offlineCandidates(market)).toEqual(["000003", "000002"]);
  });

  it("asks for minute bars and investor flows of both in one turn, then closes without tool calls — the same every time", async () => {
    const investigator = createOfflineTradingInvestigator<{ market: MarketContext | null }>();
    const first = await investigator.next([], { market });
    expect(first.message.tool_calls?.map((c) => `${c.name}:${(c.args as { symbol: string }).symbol}`)).toEqual([
      "get_minute_bars:000003",
      "get_investor_flows:000003",
      "get_minute_bars:000002",
      "get_investor_flows:000002",
    ]);
    expect((await investigator.next([], { market })).message.tool_calls).toEqual(first.message.tool_calls);
    const answers = (first.message.tool_calls ?? []).map((c) => new ToolMessage({ content: "{}", tool_call_id: c.id ?? "" }));
    const closing = await investigator.next([first.message, ...answers], { market });
    expect(closing.message.tool_calls ?? []).toEqual([]);
    expect(closing.call).toBeUndefined();
  });

  it("calls no tool when there is no unheld symbol", async () => {
    const investigator = createOfflineTradingInvestigator<{ market: MarketContext | null }>();
    const turn = await investigator.next([], { market: makeMarket([makeSymbol({ held: true })]) });
    expect(turn.message.tool_calls ?? []).toEqual([]);
  });
});

describe("offline reflection investigation", () => {
  it("asks for realised P&L by symbol and by rule over the period when it closed a trade, and nothing otherwise", async () => {
    const investigator = createOfflineReflectionInvestigator<{ stats: { fromMs: number; toMs: number; closed: number } | null }>();
    const stats = { fromMs: Date.UTC(2026, 10, 16), toMs: Date.UTC(2026, 10, 22, 12), closed: 3 };
    const turn = await investigator.next([], { stats });
    expect(turn.message.tool_calls?.map((c) => c.args)).toEqual([
      { from: "20261116", to: "20261122", by: "symbol" },
      { from: "20261116", to: "20261122", by: "rule" },
    ]);
    expect((await investigator.next([], { stats: { ...stats, closed: 0 } })).message.tool_calls ?? []).toEqual([]);
    expect((await investigator.next([new AIMessage("x")], { stats })).message.tool_calls ?? []).toEqual([]);
  });
});
