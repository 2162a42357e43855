/**
 * The individual pre-trade checks over one drafted order. Each is pure and returns a denial or
 * nothing; cumulative checks (cash, sellable, weight, order count) read what the plan already used.
 */
import { acceptsRegularOrders, sessionPhase } from "../venue/krx.js";
import { dailyLossLimitKrw, type RiskLimits } from "./limits.js";
import type { OrderDraft } from "./order-draft.js";
import type { PlannedAction } from "./plan.js";
import type { RiskContext } from "./risk-context.js";
import type { RiskCode, RiskFinding } from "./risk-result.js";

/** What earlier approved actions of the same plan have already used. */
export interface PlanUsage {
  cashReservedKrw: number;
  approvedOrders: number;
  /** shares sold by symbol */
  soldQuantity: Map<string, number>;
  /** value bought by symbol */
  boughtKrw: Map<string, number>;
  /** "symbol:side" of approved orders */
  sides: Set<string>;
}

/** Checks that need only the action and the account: they run even when no order can be drafted. */
export interface ActionInput {
  action: PlannedAction;
  context: RiskContext;
  limits: RiskLimits;
  nowMs: number;
}

export interface CheckInput extends ActionInput {
  draft: OrderDraft;
  usage: PlanUsage;
}

export type ActionCheck = (input: ActionInput) => RiskFinding | undefined;
export type Check = (input: CheckInput) => RiskFinding | undefined;

const deny = (code: RiskCode, reason: string): RiskFinding => ({ kind: "denial", code, reason });
const krw = (n: number) => `${n.toLocaleString("en-US")} KRW`;
const pct = (rate: number) => `${(rate * 100).toFixed(2)} %`;
const isBuy = ({ action }: ActionInput) => action.side === "buy";
const notional = ({ draft }: CheckInput) => draft.order.quantity * draft.exposurePriceKrw;
/** Pending buys' unfilled value, of one symbol or all, optionally only those KIS holds no cash for. */
const pendingBuyKrw = (context: RiskContext, filter: (p: RiskContext["pendingOrders"][number]) => boolean) =>
  context.pendingOrders.filter((p) => p.side === "buy" && filter(p)).reduce((sum, p) => sum + (p.openBuyKrw ?? 0), 0);

export const tradingState: ActionCheck = ({ action, context }) => {
  if (context.tradingState === "HALTED") return deny("TRADING_HALTED", "Trading is halted");
  if (context.tradingState === "REDUCE_ONLY" && action.side === "buy") return deny("REDUCE_ONLY", "Trading is reduce-only: sells only");
  return undefined;
};

export const marketPhase: ActionCheck = ({ context, nowMs }) => {
  const phase = sessionPhase(nowMs, context.isTradingDay);
  return acceptsRegularOrders(phase) ? undefined : deny("MARKET_CLOSED", `The regular session does not accept orders now (phase ${phase})`);
};

export const stalePrice: Check = ({ draft, limits, nowMs }) => {
  const ageMs = nowMs - draft.quote.receivedAtMs;
  return ageMs > limits.maxQuoteAgeMs ? deny("STALE_PRICE", `Quote is ${ageMs} ms old, limit ${limits.maxQuoteAgeMs} ms`) : undefined;
};

export const symbolHalted: Check = ({ draft }) =>
  draft.quote.halted ? deny("SYMBOL_HALTED", `${draft.order.symbol} is suspended from trading`) : undefined;

export const priceBand: Check = ({ draft: { order, quote } }) => {
  const price = order.limitPriceKrw;
  if (price === undefined || (price >= quote.lowerLimitKrw && price <= quote.upperLimitKrw)) return undefined;
  return deny("PRICE_OUT_OF_BAND", `Limit ${krw(price)} is outside today's band ${krw(quote.lowerLimitKrw)}–${krw(quote.upperLimitKrw)}`);
};

export const limitUpDown: Check = ({ draft: { order, quote } }) => {
  if (order.side === "buy" && quote.priceKrw >= quote.upperLimitKrw)
    return deny("LIMIT_UP_BUY", `${order.symbol} is at its upper limit; no chasing a limit-up`);
  if (order.side === "sell" && quote.priceKrw <= quote.lowerLimitKrw)
    return deny("LIMIT_DOWN_SELL", `${order.symbol} is at its lower limit; no selling into a limit-down`);
  return undefined;
};

export const dailyLoss: ActionCheck = (input) => {
  const { context, limits } = input;
  const pnl = context.realizedPnlTodayKrw + context.unrealizedPnlKrw;
  const limitKrw = dailyLossLimitKrw(limits.dailyLossLimitRate, context);
  if (!isBuy(input) || pnl >= 0 || -pnl < limitKrw) return undefined;
  return deny(
    "DAILY_LOSS_LIMIT",
    `Today's P&L ${krw(pnl)} reached the ${pct(limits.dailyLossLimitRate)} loss limit (${krw(Math.round(limitKrw))}); buying stops`,
  );
};

export const consecutiveLosses: ActionCheck = (input) => {
  const { context, limits } = input;
  if (!isBuy(input) || context.consecutiveLosses < limits.maxConsecutiveLosses) return undefined;
  return deny(
    "CONSECUTIVE_LOSSES",
    `${context.consecutiveLosses} losing trades in a row (limit ${limits.maxConsecutiveLosses}); buying stops`,
  );
};

export const duplicatePending: Check = ({ draft: { order }, usage, context }) => {
  const key = `${order.symbol}:${order.side}`;
  const pending = context.pendingOrders.some((p) => p.symbol === order.symbol && p.side === order.side);
  if (!pending && !usage.sides.has(key)) return undefined;
  return deny(
    "DUPLICATE_PENDING_ORDER",
    `A ${order.side} order for ${order.symbol} is already ${pending ? "open or unknown" : "in this plan"}`,
  );
};

export const orderNotional: Check = (input) => {
  const value = notional(input);
  const max = input.limits.maxOrderNotionalKrw;
  return value > max ? deny("MAX_ORDER_NOTIONAL", `Order value ${krw(value)} exceeds ${krw(max)}`) : undefined;
};

export const ordersPerDay: Check = ({ usage, context, limits }) => {
  const count = context.ordersPlacedToday + usage.approvedOrders;
  return count >= limits.maxOrdersPerDay
    ? deny("MAX_ORDERS_PER_DAY", `${count} orders today already (limit ${limits.maxOrdersPerDay})`)
    : undefined;
};

export const orderableCash: Check = (input) => {
  if (!isBuy(input)) return undefined;
  const { draft, usage, context } = input;
  const needKrw = draft.order.quantity * draft.reservePriceKrw;
  const leftKrw = context.orderableCashKrw - usage.cashReservedKrw - pendingBuyKrw(context, (p) => p.cashNotReserved === true);
  return needKrw > leftKrw ? deny("INSUFFICIENT_CASH", `Needs ${krw(needKrw)}, orderable ${krw(Math.max(0, leftKrw))} left`) : undefined;
};

export const sellableQuantity: Check = (input) => {
  if (isBuy(input)) return undefined;
  const {
    draft: { order },
    usage,
    context,
  } = input;
  const held = context.holdings.find((h) => h.symbol === order.symbol)?.sellableQuantity ?? 0;
  const left = held - (usage.soldQuantity.get(order.symbol) ?? 0);
  return order.quantity > left
    ? deny("INSUFFICIENT_SELLABLE", `Sell of ${order.quantity} ${order.symbol} exceeds the ${Math.max(0, left)} sellable`)
    : undefined;
};

export const positionWeight: Check = (input) => {
  if (!isBuy(input)) return undefined;
  const {
    draft: { order, quote },
    usage,
    context,
    limits,
  } = input;
  const heldKrw = (context.holdings.find((h) => h.symbol === order.symbol)?.quantity ?? 0) * quote.priceKrw;
  const pendingKrw = pendingBuyKrw(context, (p) => p.symbol === order.symbol);
  const afterKrw = heldKrw + pendingKrw + (usage.boughtKrw.get(order.symbol) ?? 0) + notional(input);
  if (context.totalAssetsKrw > 0 && afterKrw <= limits.maxPositionWeight * context.totalAssetsKrw) return undefined;
  const weight = context.totalAssetsKrw > 0 ? pct(afterKrw / context.totalAssetsKrw) : "n/a (no assets)";
  return deny("MAX_POSITION_WEIGHT", `${order.symbol} would be ${weight} of assets, limit ${pct(limits.maxPositionWeight)}`);
};

/** Account-level checks, run for every action, in report order. */
/** Rules the weekly reflection learned can only tighten: a block_entry rule denies the buy. */
export const learnedRule: ActionCheck = ({ action, context }) => {
  const rule = action.side === "buy" ? context.entryBlocks?.[action.symbol] : undefined;
  return rule ? deny("LEARNED_RULE", `Learned rule ${rule} blocks new buys of ${action.symbol}`) : undefined;
};

export const ACTION_CHECKS: readonly ActionCheck[] = [tradingState, marketPhase, dailyLoss, consecutiveLosses, learnedRule];

/** Order-level checks, run once an order could be drafted, in report order. */
export const ORDER_CHECKS: readonly Check[] = [
  stalePrice,
  symbolHalted,
  priceBand,
  limitUpDown,
  duplicatePending,
  orderNotional,
  ordersPerDay,
  orderableCash,
  sellableQuantity,
  positionWeight,
];
