/**
 * The simulator's matching engine: accounts opened on first use, validation in KRX order,
 * orders against the simulated book (limit, market, 최유리 and 최우선, with IOC/FOK), resting
 * orders filled by later prints and by the auctions, the off-hours sessions (closing-price
 * sessions against a seeded counterparty interest, single-price rounds), modify/cancel under new
 * order numbers, expiry at the end of each session, and the order and fill events a KIS client
 * receives as execution notices.
 */
import type { Clock } from "../../core/clock.js";
import { kstParts } from "../../core/clock.js";
import { OFF_HOURS_TIMES, type OffHoursSession, sessionPhase } from "../../venue/krx.js";
import type {
  AccountView,
  DailyPnl,
  ExchangeEvent,
  NewOrder,
  OrderCondition,
  OrderResult,
  OrderType,
  SimFill,
  SimOrder,
  SymbolState,
  TradePrint,
} from "../exchange.js";
import { type Account, createAccount, openSellQuantity, refreshStatus, remainingQuantity, rollPositions, settleFill } from "./accounts.js";
import { accountView, dailyPnlBetween, fillsBetween, openOrdersOf, ordersBetween } from "./account-views.js";
import { fromSnapshot, type MatchingSnapshot, toSnapshot } from "./matching-snapshot.js";
import { buyCostKrw, type FeeSchedule } from "../../core/fees.js";
import type { MarketPort } from "./market-port.js";
import { bookQuantity, priceAtEntry } from "./order-pricing.js";
import {
  checkCancelSession,
  checkCash,
  checkPrice,
  checkQuantity,
  checkSellable,
  checkSymbol,
  checkTradable,
  firstRejection,
  offHoursSessionOf,
  type Rejection,
} from "./order-checks.js";

/** The branch (KRX forwarding org) number every simulated order carries. */
export const BRANCH_ORG_NO = "91252";

export interface MatchingOptions {
  clock: Clock;
  market: MarketPort;
  emit: (event: ExchangeEvent) => void;
  initialCashKrw: number;
  fees: FeeSchedule;
}

export interface OrderChange {
  quantity?: number;
  priceKrw?: number;
  type?: OrderType;
  condition?: OrderCondition;
  all: boolean;
}

type OrderFields = Pick<
  SimOrder,
  "code" | "side" | "type" | "condition" | "quantity" | "priceKrw" | "appKey" | "originalOrderNo" | "revision"
>;

const failed = (r: Rejection): OrderResult => ({ ok: false, reason: r.reason, message: r.message });

/** Orders that rest as limits at their price and fill from the regular session's prints and auctions. */
const RESTS_AS_LIMIT: ReadonlySet<OrderType> = new Set(["limit", "best", "priority"]);

const withCondition = (condition: OrderCondition | undefined) => (condition ? { condition } : {});

/** Whether a single price `priceKrw` meets a priced order: a buy at or above it, a sell at or below. */
const crosses = (order: SimOrder, priceKrw: number) => (order.side === "buy" ? priceKrw <= order.priceKrw : priceKrw >= order.priceKrw);

export class MatchingEngine {
  private readonly accounts = new Map<string, Account>();
  private readonly byOrderNo = new Map<string, SimOrder>();
  /** open orders waiting for prints or an auction, per symbol, in time priority */
  private readonly resting = new Map<string, SimOrder[]>();
  /** per-share price each buy order reserved cash at (the limit, or the upper limit for market orders) */
  private readonly reservePerShare = new Map<string, number>();
  private lastOrderNo = 0;
  /** what is left of each closing-price session's counterparty interest, by date|session|code|side */
  private readonly pools = new Map<string, number>();

  constructor(private readonly options: MatchingOptions) {}

  account(accountId: string): AccountView {
    const account = this.accountOf(accountId);
    return accountView(account, this.orderableCashKrw(account));
  }

  openOrders(accountId: string): SimOrder[] {
    return openOrdersOf(this.accountOf(accountId));
  }

  orders(accountId: string, from: string, to: string): SimOrder[] {
    return ordersBetween(this.accountOf(accountId), from, to);
  }

  fills(accountId: string, from: string, to: string): SimFill[] {
    return fillsBetween(this.accountOf(accountId), from, to);
  }

  dailyPnl(accountId: string, from: string, to: string): DailyPnl[] {
    return dailyPnlBetween(this.accountOf(accountId), from, to);
  }

  placeOrder(accountId: string, request: NewOrder): OrderResult {
    const account = this.accountOf(accountId);
    const now = this.options.clock.now();
    const state = this.options.market.state(request.code);
    let priceKrw = 0;
    const rejection = firstRejection(
      () => checkSymbol(request.code, state),
      () => checkQuantity(request.quantity),
      () => checkTradable(state!, request.type, request.condition, now),
      () => checkPrice(request.type, request.priceKrw, state!),
      () => {
        const priced = priceAtEntry(request.type, request.side, request.priceKrw, state!, this.options.market.book(request.code));
        if (typeof priced !== "number") return priced;
        priceKrw = priced;
        return undefined;
      },
      () =>
        request.side === "buy"
          ? checkCash(this.reserveKrw(request.quantity, this.reservePrice(request.type, priceKrw, state!)), this.orderableCashKrw(account))
          : undefined,
      () => (request.side === "sell" ? checkSellable(request.quantity, this.sellable(account, request.code)) : undefined),
    );
    if (rejection) {
      this.emitRejected(accountId, request, priceKrw, now);
      return failed(rejection);
    }
    const order = this.newOrder(account, { ...request, priceKrw }, now, state!);
    this.options.emit({ kind: "order", order, action: "accepted" });
    this.execute(account, order, now);
    return { ok: true, order };
  }

  /** Replaces (part of) the remaining quantity with a new order; the original keeps its fills. */
  modifyOrder(accountId: string, orderNo: string, change: OrderChange): OrderResult {
    const now = this.options.clock.now();
    const found = this.findOpen(accountId, orderNo);
    if ("reason" in found) return failed(found);
    const { original, remaining, state } = found;
    const account = this.accountOf(accountId);
    const quantity = change.all ? remaining : change.quantity;
    const type = change.type ?? original.type;
    const condition = change.type === undefined ? original.condition : change.condition;
    let priceKrw = 0;
    const released = this.reserveKrw(quantity ?? 0, this.reservePerShare.get(orderNo) ?? 0);
    const rejection = firstRejection(
      () => checkQuantity(quantity, remaining),
      () => checkTradable(state, type, condition, now),
      () => checkPrice(type, change.priceKrw ?? original.priceKrw, state),
      () => {
        const priced = priceAtEntry(
          type,
          original.side,
          change.priceKrw ?? original.priceKrw,
          state,
          this.options.market.book(original.code),
        );
        if (typeof priced !== "number") return priced;
        priceKrw = priced;
        return undefined;
      },
      () =>
        original.side === "buy"
          ? checkCash(this.reserveKrw(quantity ?? 0, this.reservePrice(type, priceKrw, state)), this.orderableCashKrw(account) + released)
          : undefined,
    );
    if (rejection || quantity === undefined) return failed(rejection ?? { reason: "INVALID_QUANTITY", message: "Expected a quantity" });
    this.withdraw(original, quantity);
    const fields: OrderFields = {
      code: original.code,
      side: original.side,
      type,
      ...withCondition(condition),
      quantity,
      priceKrw,
      appKey: original.appKey,
      originalOrderNo: orderNo,
      revision: "modify",
    };
    const order = this.newOrder(account, fields, now, state);
    this.options.emit({ kind: "order", order, action: "modified" });
    this.execute(account, order, now);
    return { ok: true, order };
  }

  /** Cancels (part of) the remaining quantity; the cancellation gets its own order number, as at KIS. */
  cancelOrder(accountId: string, orderNo: string, change: { quantity?: number; all: boolean }): OrderResult {
    const now = this.options.clock.now();
    const found = this.findOpen(accountId, orderNo);
    if ("reason" in found) return failed(found);
    const { original, remaining, state } = found;
    const quantity = change.all ? remaining : change.quantity;
    const rejection = firstRejection(
      () => checkQuantity(quantity, remaining),
      () => checkCancelSession(original.type, now),
    );
    if (rejection || quantity === undefined) return failed(rejection ?? { reason: "INVALID_QUANTITY", message: "Expected a quantity" });
    this.withdraw(original, quantity);
    const fields: OrderFields = {
      code: original.code,
      side: original.side,
      type: original.type,
      ...withCondition(original.condition),
      quantity,
      priceKrw: original.priceKrw,
      appKey: original.appKey,
      originalOrderNo: orderNo,
      revision: "cancel",
    };
    const record = this.newOrder(this.accountOf(accountId), fields, now, state);
    record.cancelledQuantity = quantity;
    refreshStatus(record);
    this.options.emit({ kind: "order", order: record, action: "cancelled" });
    return { ok: true, order: record };
  }

  /** A background print: resting limits at or through its price fill, up to its quantity, in time priority. */
  onPrint(trade: TradePrint): void {
    const list = this.resting.get(trade.code);
    if (list === undefined || list.length === 0) return;
    let available = trade.quantity;
    for (const order of list) {
      if (available === 0) break;
      if (!RESTS_AS_LIMIT.has(order.type)) continue;
      if (order.side === "buy" ? trade.priceKrw > order.priceKrw : trade.priceKrw < order.priceKrw) continue;
      const quantity = Math.min(available, remainingQuantity(order));
      available -= quantity;
      this.fill(order, quantity, order.priceKrw, trade.timeMs);
    }
    this.prune(trade.code);
  }

  /** A single price of the regular session: every resting order of it that crosses fills in full at it. */
  onAuction(code: string, priceKrw: number, timeMs: number): void {
    for (const order of this.resting.get(code) ?? []) {
      if (offHoursSessionOf(order.type) !== undefined) continue;
      if (order.type === "market" || crosses(order, priceKrw)) this.fill(order, remainingQuantity(order), priceKrw, timeMs);
    }
    this.prune(code);
  }

  /** A 시간외 단일가 round: every resting single-price order that crosses fills in full at its price. */
  onSinglePrice(code: string, priceKrw: number, timeMs: number): void {
    for (const order of this.resting.get(code) ?? []) {
      if (order.type === "singlePrice" && crosses(order, priceKrw)) this.fill(order, remainingQuantity(order), priceKrw, timeMs);
    }
    this.prune(code);
  }

  /** 15:40: the 장후 시간외 orders entered since 15:30 meet the session's counterparty interest, oldest first. */
  onPostCloseMatching(timeMs: number): void {
    for (const [code, list] of this.resting) {
      for (const order of list) if (order.type === "postClose") this.fillFromPool(order, timeMs);
      this.prune(code);
    }
  }

  /** The end of an off-hours session: what is still open of it expires. */
  onOffHoursEnd(session: OffHoursSession): void {
    for (const [code, list] of this.resting) {
      for (const order of list) if (offHoursSessionOf(order.type) === session) this.cancelRest(order, "expired");
      this.prune(code);
    }
  }

  /** Every account as plain data, for a state file. */
  snapshot(): MatchingSnapshot {
    return toSnapshot(this.accounts.values(), this.lastOrderNo, this.reservePerShare, this.options.clock.now());
  }

  /**
   * Replaces every account with the snapshot's, as of the session `sessionDate` (see
   * `fromSnapshot`). Call it once the market has reached the clock, so that restored resting
   * orders only meet prints after the moment they are restored.
   */
  restore(snapshot: MatchingSnapshot, sessionDate: string): void {
    const restored = fromSnapshot(snapshot, sessionDate);
    for (const map of [this.accounts, this.byOrderNo, this.resting, this.reservePerShare]) map.clear();
    for (const [id, account] of restored.accounts) {
      this.accounts.set(id, account);
      for (const order of account.orders) if (order.orderNo !== "") this.byOrderNo.set(order.orderNo, order);
    }
    for (const [orderNo, perShare] of restored.reservePerShare) this.reservePerShare.set(orderNo, perShare);
    for (const order of restored.resting) this.rest(order);
    this.lastOrderNo = restored.lastOrderNo;
  }

  /**
   * The close: the regular session's open orders expire (the off-hours sessions' orders live to
   * their own ends), and today's position counters reset.
   */
  onDayEnd(): void {
    for (const [code, list] of this.resting) {
      for (const order of list) if (offHoursSessionOf(order.type) === undefined) this.cancelRest(order, "expired");
      this.prune(code);
    }
    for (const account of this.accounts.values()) rollPositions(account);
  }

  private accountOf(accountId: string): Account {
    let account = this.accounts.get(accountId);
    if (!account) {
      account = createAccount(accountId, this.options.initialCashKrw);
      this.accounts.set(accountId, account);
    }
    return account;
  }

  private findOpen(accountId: string, orderNo: string): Rejection | { original: SimOrder; remaining: number; state: SymbolState } {
    const original = this.byOrderNo.get(orderNo);
    const state = original && this.options.market.state(original.code);
    if (!original || original.accountId !== accountId || !state)
      return { reason: "ORDER_NOT_FOUND", message: `Expected an order of account ${accountId}, received order number ${orderNo}` };
    const remaining = remainingQuantity(original);
    if (remaining <= 0)
      return { reason: "NOTHING_TO_CANCEL", message: `Order ${orderNo} has no remaining quantity (status ${original.status})` };
    return { original, remaining, state };
  }

  private newOrder(account: Account, fields: OrderFields, now: number, state: SymbolState): SimOrder {
    const order: SimOrder = {
      accountId: account.id,
      orderNo: String(++this.lastOrderNo).padStart(10, "0"),
      orgNo: BRANCH_ORG_NO,
      ...fields,
      filledQuantity: 0,
      filledAmountKrw: 0,
      cancelledQuantity: 0,
      rejectedQuantity: 0,
      status: "open",
      placedMs: now,
    };
    if (order.side === "buy") this.reservePerShare.set(order.orderNo, this.reservePrice(order.type, order.priceKrw, state));
    account.orders.push(order);
    this.byOrderNo.set(order.orderNo, order);
    return order;
  }

  /**
   * In continuous trading marketable quantity takes the book (a FOK only when the book holds all
   * of it); the rest rests, or is cancelled for market and IOC/FOK orders. Closing-price orders
   * fill from their session's interest while it matches; single-price orders wait for a round.
   */
  private execute(account: Account, order: SimOrder, now: number): void {
    if (order.type === "preOpenClose" || (order.type === "postClose" && kstParts(now).secondOfDay >= OFF_HOURS_TIMES.postCloseMatchStart)) {
      this.fillFromPool(order, now, account);
    } else if (sessionPhase(now) === "CONTINUOUS" && offHoursSessionOf(order.type) === undefined) {
      const limit = order.type === "market" ? 0 : order.priceKrw;
      const allAvailable =
        order.condition !== "FOK" || bookQuantity(this.options.market.book(order.code), order.side, limit) >= order.quantity;
      if (allAvailable) {
        for (const take of this.options.market.takeLiquidity(order.code, order.side, limit, remainingQuantity(order), now)) {
          this.fill(order, take.quantity, take.priceKrw, now, account);
        }
      }
      if ((order.type === "market" || order.condition !== undefined) && order.status === "open")
        this.cancelRest(order, "unfilled-remainder");
    }
    if (order.status === "open") this.rest(order);
  }

  /** A closing-price order takes what its session's counterparty interest still holds, at its fixed price. */
  private fillFromPool(order: SimOrder, timeMs: number, account = this.accountOf(order.accountId)): void {
    const session = offHoursSessionOf(order.type)!;
    const key = `${kstParts(timeMs).date}|${session}|${order.code}|${order.side}`;
    const available = this.pools.get(key) ?? this.options.market.offHoursQuantity(order.code, session, order.side);
    const quantity = Math.min(available, remainingQuantity(order));
    this.pools.set(key, available - quantity);
    if (quantity > 0) this.fill(order, quantity, order.priceKrw, timeMs, account);
  }

  private rest(order: SimOrder): void {
    const list = this.resting.get(order.code);
    if (list) list.push(order);
    else this.resting.set(order.code, [order]);
  }

  private fill(order: SimOrder, quantity: number, priceKrw: number, timeMs: number, account = this.accountOf(order.accountId)): void {
    const fill = settleFill(account, order, quantity, priceKrw, timeMs, this.options.fees);
    this.options.emit({ kind: "fill", order, fill });
  }

  private cancelRest(order: SimOrder, cause: "expired" | "unfilled-remainder"): void {
    order.cancelledQuantity += remainingQuantity(order);
    refreshStatus(order);
    this.options.emit({ kind: "order", order, action: "cancelled", cause });
  }

  private withdraw(order: SimOrder, quantity: number): void {
    order.cancelledQuantity += quantity;
    refreshStatus(order);
    this.prune(order.code);
  }

  private prune(code: string): void {
    const list = this.resting.get(code);
    if (list)
      this.resting.set(
        code,
        list.filter((o) => o.status === "open"),
      );
  }

  private emitRejected(accountId: string, request: NewOrder, priceKrw: number, now: number): void {
    const order: SimOrder = {
      accountId,
      orderNo: "",
      orgNo: BRANCH_ORG_NO,
      code: request.code,
      side: request.side,
      type: request.type,
      ...withCondition(request.condition),
      quantity: request.quantity,
      priceKrw,
      filledQuantity: 0,
      filledAmountKrw: 0,
      cancelledQuantity: 0,
      rejectedQuantity: request.quantity,
      status: "rejected",
      placedMs: now,
      appKey: request.appKey,
    };
    this.options.emit({ kind: "order", order, action: "rejected" });
  }

  private reservePrice(type: OrderType, priceKrw: number, state: SymbolState): number {
    return type === "market" ? state.upperLimitKrw : priceKrw;
  }

  private reserveKrw(quantity: number, perShareKrw: number): number {
    return buyCostKrw(quantity * perShareKrw, this.options.fees);
  }

  private orderableCashKrw(account: Account): number {
    let reserved = 0;
    for (const o of account.orders) {
      if (o.side === "buy" && o.status === "open")
        reserved += this.reserveKrw(remainingQuantity(o), this.reservePerShare.get(o.orderNo) ?? 0);
    }
    return account.cashKrw - reserved;
  }

  private sellable(account: Account, code: string): number {
    return (account.positions.get(code)?.quantity ?? 0) - openSellQuantity(account, code);
  }
}
