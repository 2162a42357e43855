/**
 * Turns a planned action into a concrete order, or the reasons it cannot be one: unknown symbol,
 * bad quantity, bad price. Off-grid limit prices are rounded (buys down, sells up) and recorded.
 */
import type { OrderRequest, Quote } from "../core/types.js";
import { KRX_CODE_PATTERN, roundDownToTick, roundUpToTick } from "../venue/krx.js";
import type { PlannedAction } from "./plan.js";
import type { RiskContext } from "./risk-context.js";
import type { RiskFinding } from "./risk-result.js";

export interface OrderDraft {
  action: PlannedAction;
  quote: Quote;
  order: OrderRequest;
  /** the price the position is valued at: the limit, or the last price for a market order */
  exposurePriceKrw: number;
  /** the price KIS reserves cash at: the limit, or the upper limit for a market buy */
  reservePriceKrw: number;
  adjustments: RiskFinding[];
}

export type DraftOutcome = { ok: true; draft: OrderDraft } | { ok: false; denials: RiskFinding[] };

const deny = (code: RiskFinding["code"], reason: string): RiskFinding => ({ kind: "denial", code, reason });

function quantityDenial(action: PlannedAction, quote: Quote): RiskFinding | undefined {
  const { quantity } = action;
  if (!Number.isInteger(quantity) || quantity <= 0) {
    return deny("INVALID_QUANTITY", `Expected a positive whole number of shares, received ${quantity}`);
  }
  const lot = Math.max(1, quote.lotSize);
  if (quantity % lot !== 0) return deny("INVALID_QUANTITY", `Expected a multiple of the ${lot}-share lot, received ${quantity}`);
  return undefined;
}

/** Rounds a limit price onto the KRX grid in the order's favour; market orders pass through. */
function resolvePrice(action: PlannedAction): { priceKrw?: number; adjustment?: RiskFinding; denial?: RiskFinding } {
  const asked = action.limitPriceKrw;
  if (asked === undefined) return {};
  if (!Number.isFinite(asked) || asked <= 0) return { denial: deny("INVALID_PRICE", `Expected a positive limit price, received ${asked}`) };
  const priceKrw = action.side === "buy" ? roundDownToTick(asked) : roundUpToTick(asked);
  if (priceKrw <= 0) return { denial: deny("INVALID_PRICE", `Limit price ${asked} rounds to nothing on the tick grid`) };
  if (priceKrw === asked) return { priceKrw };
  const direction = action.side === "buy" ? "down" : "up";
  return {
    priceKrw,
    adjustment: { kind: "adjustment", code: "TICK_ROUNDED", reason: `Limit ${asked} rounded ${direction} to ${priceKrw} on the tick grid` },
  };
}

export function draftOrder(action: PlannedAction, context: RiskContext): DraftOutcome {
  const quote = KRX_CODE_PATTERN.test(action.symbol) ? context.quotes[action.symbol] : undefined;
  if (!quote) return { ok: false, denials: [deny("UNKNOWN_SYMBOL", `No quote for symbol '${action.symbol}'`)] };
  const price = resolvePrice(action);
  const denials = [quantityDenial(action, quote), price.denial].filter((d): d is RiskFinding => d !== undefined);
  if (denials.length > 0) return { ok: false, denials };
  const order: OrderRequest =
    price.priceKrw === undefined
      ? { symbol: action.symbol, side: action.side, quantity: action.quantity, type: "market" }
      : { symbol: action.symbol, side: action.side, quantity: action.quantity, type: "limit", limitPriceKrw: price.priceKrw };
  // KIS reserves a market buy's cash at the upper limit (상한가); its exposure is valued at the last price.
  const exposurePriceKrw = price.priceKrw ?? quote.priceKrw;
  const reservePriceKrw = price.priceKrw ?? (action.side === "buy" ? quote.upperLimitKrw : quote.priceKrw);
  return {
    ok: true,
    draft: { action, quote, order, exposurePriceKrw, reservePriceKrw, adjustments: price.adjustment ? [price.adjustment] : [] },
  };
}
