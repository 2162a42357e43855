/**
 * The `offline` provider's investigation: a documented, deterministic tool-calling policy, so the
 * demo, the tests and Studio run the same investigate ⇄ tools loop with no keys. Rules:
 *  1. First turn: pick up to `symbols` unheld symbols — those passing the offline entry signal
 *     first (llm/offline-policy.ts), then by volume ratio, then by code — and ask, in parallel,
 *     for each one's last `minuteBars` 1-minute bars and `flowDays` days of investor flows.
 *     No symbol to look at: no tool call, and the loop ends at once.
 *  2. Second turn: a closing note naming each answer (ok, or its error), and no further calls.
 * The rules policy then decides exactly as it would without the evidence: the investigation is
 * what an entry is audited against, not a new signal, so offline decisions stay reproducible.
 */
import { AIMessage, type BaseMessage, type ToolMessage } from "@langchain/core/messages";
import { formatKstIso } from "../core/clock.js";
import type { MarketContext } from "../state/market-context.js";
import type { Investigator } from "./investigator.js";
import { entrySignal } from "./offline-policy.js";

export const OFFLINE_INVESTIGATION = { symbols: 2, minuteBars: 30, flowDays: 5 } as const;

export function offlineCandidates(market: MarketContext): string[] {
  return market.symbols
    .filter((s) => !s.held)
    .sort(
      (a, b) =>
        Number(entrySignal(b)) - Number(entrySignal(a)) || (b.volumeRatio ?? 0) - (a.volumeRatio ?? 0) || a.symbol.localeCompare(b.symbol),
    )
    .slice(0, OFFLINE_INVESTIGATION.symbols)
    .map((s) => s.symbol);
}

function firstTurn(market: MarketContext): AIMessage {
  const symbols = offlineCandidates(market);
  if (symbols.length === 0) return new AIMessage("오프라인 조사: 살펴볼 미보유 종목이 없습니다.");
  const tool_calls = symbols.flatMap((symbol, i) => [
    {
      id: `offline-${i}-bars`,
      name: "get_minute_bars",
      args: { symbol, limit: OFFLINE_INVESTIGATION.minuteBars },
      type: "tool_call" as const,
    },
    {
      id: `offline-${i}-flows`,
      name: "get_investor_flows",
      args: { symbol, days: OFFLINE_INVESTIGATION.flowDays },
      type: "tool_call" as const,
    },
  ]);
  return new AIMessage({ content: `오프라인 조사: ${symbols.join(", ")}의 분봉과 투자자 수급을 확인합니다.`, tool_calls });
}

function closingTurn(messages: readonly BaseMessage[]): AIMessage {
  const answers = messages
    .filter((m): m is ToolMessage => m.getType() === "tool")
    .map((m) => `${m.tool_call_id} ${m.status === "error" ? "오류" : "확인"}`);
  return new AIMessage(`오프라인 조사 완료: ${answers.join(", ")}. 판단은 규칙과 통계가 내립니다.`);
}

export function createOfflineTradingInvestigator<S extends { market: MarketContext | null }>(): Investigator<S> {
  return {
    provider: "offline",
    async next(messages, state) {
      const opened = messages.some((m) => m.getType() === "ai");
      if (opened || !state.market) return { message: closingTurn(messages) };
      return { message: firstTurn(state.market) };
    },
  };
}

/**
 * The offline reflection's investigation: when the period closed any round trip, ask for its
 * realised P&L by symbol and by rule (in parallel), then close. The statistics analysis decides.
 */
export function createOfflineReflectionInvestigator<
  S extends { stats: { fromMs: number; toMs: number; closed: number } | null },
>(): Investigator<S> {
  const day = (ms: number) => formatKstIso(ms).slice(0, 10).replace(/-/g, "");
  return {
    provider: "offline",
    async next(messages, state) {
      if (messages.some((m) => m.getType() === "ai")) return { message: closingTurn(messages) };
      if (!state.stats || state.stats.closed === 0) return { message: new AIMessage("오프라인 조사: 이 기간에 마감된 거래가 없습니다.") };
      const period = { from: day(state.stats.fromMs), to: day(state.stats.toMs) };
      const tool_calls = (["symbol", "rule"] as const).map((by) => ({
        id: `offline-pnl-${by}`,
        name: "get_realised_pnl",
        args: { ...period, by },
        type: "tool_call" as const,
      }));
      return { message: new AIMessage({ content: "오프라인 조사: 기간 손익을 종목별·규칙별로 확인합니다.", tool_calls }) };
    },
  };
}
