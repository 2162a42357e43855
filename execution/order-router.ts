/**
 * The only caller of Broker.placeOrder. Per approved order: a deterministic intent key; the intent
 * (and its trade record) written to SQLite before the request; SENT just before it; then ACKED with
 * the KIS order number, REJECTED on a business rejection, or UNKNOWN on an ambiguous failure. An
 * intent that may already be at KIS is never sent again: the reconciler settles it. The intent and
 * SENT are committed durably (synchronous=FULL) and SENT is compare-and-set from NEW, in the same
 * transaction as the send guard (halt, lease fencing): a refused intent is REJECTED, never sent.
 */
import { createHash } from "node:crypto";
import { AppError, errorMessage, isAppError, type ErrorCode } from "../core/errors.js";
import { createLogger } from "../core/logger.js";
import type { OrderRequest } from "../core/types.js";
import { writeTransaction } from "../db/database.js";
import { durableTransaction } from "../db/durable.js";
import type { IntentStatus, IntentsRepo, OrderIntent } from "../db/intents-repo.js";
import type { FillTracker } from "./fill-tracker.js";
import type { OrderLedgerDeps } from "./ledger-deps.js";

export interface RouteOrder {
  order: OrderRequest;
  /** what the trade record keeps about the decision */
  trade: {
    justificationText: string;
    marketSnapshot?: unknown;
    portfolioBefore?: unknown;
    /** the price recorded for a market order (the quote it was sized from) */
    referencePriceKrw: number;
  };
}

export interface RunRef {
  runId: string;
  promptVersion?: string;
}

export interface RouteResult {
  intentKey: string;
  status: IntentStatus;
  /** true only when this call sent the request */
  sent: boolean;
  orderNo?: string;
  error?: string;
}

/**
 * Asked inside the transaction that marks an intent SENT, just before the request: a reason to
 * refuse (trading halted, the run's account lease taken over) or undefined to go ahead.
 */
export type SendGuard = (run: RunRef, order: OrderRequest) => string | undefined;

export interface OrderRouterDeps extends OrderLedgerDeps {
  fillTracker: FillTracker;
  guard?: SendGuard;
}

/** The lastError prefix of an intent the send guard refused. */
export const REFUSED = "REFUSED";

/** hash(run id + symbol + side + quantity + price): the same approved order always gets the same key. */
export function intentKey(runId: string, order: OrderRequest): string {
  const price = order.type === "market" ? "market" : String(order.limitPriceKrw);
  return createHash("sha256").update([runId, order.symbol, order.side, order.quantity, price].join("|")).digest("hex").slice(0, 32);
}

/** Failures after which the order certainly did not reach the exchange. Anything else may have. */
const DEFINITE_FAILURES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "BROKER_REJECTED",
  "BROKER_RATE_LIMITED",
  "BROKER_TOKEN_THROTTLED",
  "BROKER_AUTH",
  "BROKER_UNSUPPORTED",
  "DATA_INVALID",
  "CONFIG_INVALID",
]);

export function classifyPlaceFailure(err: unknown): "REJECTED" | "UNKNOWN" {
  return isAppError(err) && DEFINITE_FAILURES.has(err.code) ? "REJECTED" : "UNKNOWN";
}

function validate(order: OrderRequest): void {
  if (!Number.isInteger(order.quantity) || order.quantity <= 0) {
    throw new AppError("DATA_INVALID", `Expected a positive whole quantity for ${order.symbol}, received ${order.quantity}`);
  }
  const price = order.limitPriceKrw;
  if (order.type === "limit" && (price === undefined || !Number.isInteger(price) || price <= 0)) {
    throw new AppError("DATA_INVALID", `Expected a positive integer limit price for ${order.symbol}, received ${price}`);
  }
}

const resultOf = (intent: OrderIntent, sent: boolean): RouteResult => {
  const result: RouteResult = { intentKey: intent.intentKey, status: intent.status, sent };
  if (intent.orderNo !== undefined) result.orderNo = intent.orderNo;
  if (intent.lastError !== undefined) result.error = intent.lastError;
  return result;
};

export type OrderRouter = ReturnType<typeof createOrderRouter>;

export function createOrderRouter(deps: OrderRouterDeps) {
  const { db, intents, trades, broker, clock } = deps;
  const log = (deps.logger ?? createLogger("silent")).child({ module: "execution.router" });

  /** Compare-and-set from `from`; an intent no longer there is returned unchanged. */
  const settle = writeTransaction(
    db,
    (key: string, status: IntentStatus, patch: Parameters<IntentsRepo["transition"]>[2], from: IntentStatus) => {
      const nowMs = clock.now();
      if (intents.transition(key, status, patch, nowMs, from)) trades.updateExecution(key, status, patch.orderNo, nowMs);
      const intent = intents.findByKey(key);
      if (!intent) throw new AppError("NOT_FOUND", `Expected order intent ${key} in the database, found none`);
      return intent;
    },
  );

  /** NEW → SENT, or NEW → REJECTED when the guard refuses; undefined when another writer moved it first. */
  const claim = durableTransaction(
    db,
    (run: RunRef, key: string, order: OrderRequest): { sent: true } | { sent: false; intent: OrderIntent } | undefined => {
      const refusal = deps.guard?.(run, order);
      if (refusal === undefined)
        return settle(key, "SENT", { sentAtMs: clock.now() }, "NEW").status === "SENT" ? { sent: true } : undefined;
      log.warn("order refused before sending", { intentKey: key, symbol: order.symbol, side: order.side, reason: refusal });
      return { sent: false, intent: settle(key, "REJECTED", { lastError: `${REFUSED}: ${refusal}` }, "NEW") };
    },
  );

  const writeAhead = durableTransaction(db, (run: RunRef, key: string, item: RouteOrder): OrderIntent => {
    const { order, trade } = item;
    const nowMs = clock.now();
    const intent = intents.insert(
      {
        intentKey: key,
        runId: run.runId,
        symbol: order.symbol,
        side: order.side,
        quantity: order.quantity,
        type: order.type,
        limitPriceKrw: order.limitPriceKrw,
      },
      nowMs,
    );
    trades.insert(
      {
        runId: run.runId,
        promptVersion: run.promptVersion,
        intentKey: key,
        timestampMs: nowMs,
        ticker: order.symbol,
        action: order.side,
        quantity: order.quantity,
        priceKrw: order.limitPriceKrw ?? trade.referencePriceKrw,
        justificationText: trade.justificationText,
        marketSnapshot: trade.marketSnapshot,
        portfolioBefore: trade.portfolioBefore,
        executionStatus: "NEW",
      },
      nowMs,
    );
    return intent;
  });

  async function send(run: RunRef, intent: OrderIntent, order: OrderRequest): Promise<RouteResult> {
    const key = intent.intentKey;
    // SENT is committed before the request: after a crash it means "may be at KIS", never "safe to resend".
    const claimed = claim(run, key, order);
    if (claimed === undefined) return resultOf(intents.findByKey(key) ?? intent, false);
    if (!claimed.sent) return resultOf(claimed.intent, false);
    try {
      const ack = await broker.placeOrder(order);
      const acked = settle(key, "ACKED", { orderNo: ack.orderNo, orgNo: ack.orgNo, ackedAtMs: clock.now() }, "SENT");
      return resultOf(deps.fillTracker.refresh(acked), true);
    } catch (err) {
      const status = classifyPlaceFailure(err);
      const message = `${isAppError(err) ? `${err.code}: ` : ""}${errorMessage(err)}`;
      log.warn("order not acknowledged", { intentKey: key, symbol: order.symbol, side: order.side, status, error: message });
      return resultOf(settle(key, status, { lastError: message }, "SENT"), true);
    }
  }

  async function route(run: RunRef, item: RouteOrder): Promise<RouteResult> {
    const key = intentKey(run.runId, item.order);
    const existing = intents.findByKey(key);
    if (existing?.status === "SENT") {
      // The previous process died mid-request: the order may be at KIS.
      return resultOf(settle(key, "UNKNOWN", { lastError: "interrupted while sending; awaiting reconciliation" }, "SENT"), false);
    }
    if (existing && existing.status !== "NEW") return resultOf(existing, false);
    // NEW means the request never started (SENT is written first), so sending now is safe.
    return send(run, existing ?? writeAhead(run, key, item), item.order);
  }

  return {
    /** Routes approved orders one by one, in order. Invalid input throws DATA_INVALID before anything is written. */
    async submit(run: RunRef, orders: readonly RouteOrder[]): Promise<RouteResult[]> {
      orders.forEach((o) => validate(o.order));
      const results: RouteResult[] = [];
      for (const item of orders) results.push(await route(run, item));
      return results;
    },
  };
}
