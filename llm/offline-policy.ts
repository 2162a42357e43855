/**
 * The `offline` decision maker: a documented, deterministic rules strategy over the same inputs the
 * model sees, with the decision prompt's numeric defaults. Its plans take the same validation and
 * risk path as a model's. Rules, in order:
 *  1. Stop loss: a holding at or below −7 % against its average price is sold in full.
 *  2. Take profit: a holding at or above +15 % sells half, once per position (`profitTaken`).
 *  3. Entries, only for symbols not held: today's volume ≥ 1.5× its pro-rated 20-day average, rising
 *     indicators (price > MA5 > MA20, daily RSI14 between 50 and 70), up on the day but less than
 *     +15 % (no chasing towards the +30 % limit), a fresh quote, and — when live ticks exist — a
 *     체결강도 of at least 100 and an intraday RSI below 80. Best volume ratios first, at most
 *     `maxEntries`, each sized to `entryWeight` of total assets within the per-symbol bound.
 *  4. Learned rules (the prompt's `rules` section, conditions evaluated on each symbol's snapshot):
 *     `block_entry` removes an entry, `halve_size` halves its quantity, `exit_position` sells a
 *     holding in full. They only ever make the policy stricter.
 */
import { roundDownToTick } from "../venue/krx.js";
import type { PlanBounds } from "../risk/plan-bounds.js";
import type { AccountSnapshot } from "../state/account-snapshot.js";
import type { MarketContext, SymbolContext } from "../state/market-context.js";
import type { Decision, ProposedAction } from "../state/decision.js";
import { compileRules, snapshotOf, type CompiledRules } from "../rules/apply-rules.js";
import type { LearnedRule } from "../rules/rule-schema.js";

export interface OfflinePolicyInput {
  account: AccountSnapshot;
  market: MarketContext;
  bounds: PlanBounds;
  /** symbols whose current position already took its half profit */
  profitTaken: readonly string[];
  /** symbols learned rules exclude from new entries this run */
  blockedEntries?: readonly string[];
  /** the learned rules in force (the prompt version's rules section) */
  learnedRules?: readonly LearnedRule[];
}

export const OFFLINE_POLICY = {
  stopLossRate: -7,
  takeProfitRate: 15,
  minVolumeRatio: 1.5,
  rsiFloor: 50,
  rsiCeiling: 70,
  maxDayChangeRate: 15,
  minBuyPower: 100,
  maxLiveRsi: 80,
  entryWeight: 0.1,
  maxEntries: 3,
} as const;

const P = OFFLINE_POLICY;

function exits(input: OfflinePolicyInput, rules: CompiledRules): ProposedAction[] {
  const actions: ProposedAction[] = [];
  for (const h of input.account.holdings) {
    const bound = input.bounds.maxQuantity[h.symbol]?.sell ?? 0;
    if (h.sellableQuantity <= 0 || bound <= 0) continue;
    const context = input.market.symbols.find((s) => s.symbol === h.symbol);
    const price = context?.priceKrw ?? h.currentPriceKrw;
    const learned = context && rules.firing("exit_position", snapshotOf(context, input.market));
    if (h.unrealizedPnlRate <= P.stopLossRate) {
      actions.push(
        sell(
          h.symbol,
          Math.min(h.sellableQuantity, bound),
          price,
          `손절: 평가손익률 ${h.unrealizedPnlRate.toFixed(2)}% ≤ ${P.stopLossRate}%`,
        ),
      );
    } else if (h.unrealizedPnlRate >= P.takeProfitRate && !input.profitTaken.includes(h.symbol) && h.quantity >= 2) {
      const half = Math.min(Math.floor(h.quantity / 2), h.sellableQuantity, bound);
      if (half > 0)
        actions.push(sell(h.symbol, half, price, `절반 이익실현: 평가손익률 ${h.unrealizedPnlRate.toFixed(2)}% ≥ ${P.takeProfitRate}%`));
    } else if (learned) {
      actions.push(sell(h.symbol, Math.min(h.sellableQuantity, bound), price, `학습된 규칙 ${learned.id}: ${learned.condition}`));
    }
  }
  return actions;
}

function sell(symbol: string, quantity: number, priceKrw: number, reason: string): ProposedAction {
  return { side: "sell", symbol, quantity, limitPriceKrw: priceKrw, reason, invalidationPriceKrw: null };
}

export function entrySignal(s: SymbolContext): boolean {
  const rising = s.ma5 !== null && s.ma20 !== null && s.priceKrw > s.ma5 && s.ma5 > s.ma20;
  const rsiOk = s.rsi14 !== null && s.rsi14 >= P.rsiFloor && s.rsi14 <= P.rsiCeiling;
  const liveOk = s.live === null || (!s.live.stale && (s.live.buyPower ?? 100) >= P.minBuyPower && (s.live.rsi14 ?? 0) < P.maxLiveRsi);
  return (
    !s.held &&
    (s.volumeRatio ?? 0) >= P.minVolumeRatio &&
    rising &&
    rsiOk &&
    s.changeRate > 0 &&
    s.changeRate < P.maxDayChangeRate &&
    liveOk
  );
}

function entries(input: OfflinePolicyInput, rules: CompiledRules): ProposedAction[] {
  if (!input.bounds.allowedActions.includes("buy")) return [];
  const blocked = new Set(input.blockedEntries ?? []);
  const candidates = input.market.symbols
    .filter((s) => entrySignal(s) && !blocked.has(s.symbol) && !rules.firing("block_entry", snapshotOf(s, input.market)))
    .sort((a, b) => (b.volumeRatio ?? 0) - (a.volumeRatio ?? 0) || a.symbol.localeCompare(b.symbol));
  const actions: ProposedAction[] = [];
  for (const s of candidates.slice(0, P.maxEntries)) {
    const halved = rules.firing("halve_size", snapshotOf(s, input.market)) ? 2 : 1;
    const bySize = Math.floor((input.account.totalAssetsKrw * P.entryWeight) / s.priceKrw / halved);
    const quantity = Math.min(bySize, input.bounds.maxQuantity[s.symbol]?.buy ?? 0);
    if (quantity <= 0) continue;
    // Invalidation at the stop-loss level the exit rule will enforce.
    const stop = roundDownToTick(Math.floor((s.priceKrw * (100 + P.stopLossRate)) / 100));
    const reason = `진입: 거래량 ${s.volumeRatio?.toFixed(2)}배, 가격 ${s.priceKrw} > MA5 ${s.ma5?.toFixed(0)} > MA20 ${s.ma20?.toFixed(0)}, RSI14 ${s.rsi14?.toFixed(1)}`;
    actions.push({ side: "buy", symbol: s.symbol, quantity, limitPriceKrw: s.priceKrw, reason, invalidationPriceKrw: stop });
  }
  return actions;
}

export function offlineDecision(input: OfflinePolicyInput): Decision {
  const rules = compileRules(input.learnedRules ?? []);
  const sells = input.bounds.allowedActions.includes("sell") ? exits(input, rules) : [];
  const buys = entries(input, rules);
  const actions = [...sells, ...buys];
  return {
    actions,
    justification:
      actions.length === 0
        ? "오프라인 규칙: 손절·이익실현·진입 조건을 만족하는 종목이 없어 거래하지 않습니다."
        : `오프라인 규칙: 매도 ${sells.length}건, 매수 ${buys.length}건. ${actions.map((a) => `${a.symbol} ${a.reason}`).join(" / ")}`,
    riskAssessment: `종목당 총자산의 ${P.entryWeight * 100}% 이내, 손절 ${P.stopLossRate}%, 리스크 엔진이 최종 판단합니다.`,
  };
}
