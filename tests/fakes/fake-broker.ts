/**
 * A Broker that records every call and keeps a tiny order book in memory. placeOrder follows a queue
 * of scripted behaviours (ack, reject, ambiguous failure, hang) so router and crash tests can stop
 * a request at any point; fills are applied by the test.
 */
import { kstParts, type Clock } from "../../core/clock.js";
import { AppError } from "../../core/errors.js";
import type { Broker } from "../../broker/ports.js";
import type {
  AccountAssets,
  Balance,
  BuyingPower,
  DailyOrder,
  OpenOrder,
  OrderAck,
  OrderRef,
  OrderRequest,
  OrderType,
  PeriodProfit,
} from "../../core/types.js";

export type PlaceBehaviour =
  | { kind: "ack" }
  /** a KIS business rejection (BROKER_REJECTED) */
  | { kind: "reject"; message?: string }
  /** throws before the order reaches the exchange */
  | { kind: "fail"; error: unknown }
  /** the exchange accepts the order, then the response is lost (throws `error`, default BROKER_UNAVAILABLE) */
  | { kind: "lose-ack"; error?: unknown }
  /** the process dies while the request is in flight: never settles; `accepted` says whether KIS got it */
  | { kind: "hang"; accepted: boolean };

export interface BrokerCall {
  method: keyof Broker;
  args: unknown[];
}

export class FakeBroker implements Broker {
  readonly env = "sim" as const;
  readonly calls: BrokerCall[] = [];
  readonly orders: DailyOrder[] = [];
  balance: Balance = {
    holdings: [],
    summary: {
      cashKrw: 10_000_000,
      cashD2Krw: 10_000_000,
      securitiesValueKrw: 0,
      totalValueKrw: 10_000_000,
      purchaseAmountKrw: 0,
      unrealizedPnlKrw: 0,
    },
  };
  /** set to make getOpenOrders throw (e.g. BROKER_UNSUPPORTED on paper) */
  openOrdersError: unknown;
  private readonly behaviours: PlaceBehaviour[] = [];
  private nextOrderNo = 1;
  private placeWaiters: Array<() => void> = [];

  constructor(private readonly clock: Clock) {}

  /** Scripts the next placeOrder calls; after the queue runs out every order is acknowledged. */
  script(...behaviours: PlaceBehaviour[]): this {
    this.behaviours.push(...behaviours);
    return this;
  }

  /** Resolves once placeOrder has been entered (for a hanging request). */
  placeCalled(): Promise<void> {
    return new Promise((resolve) => this.placeWaiters.push(resolve));
  }

  placeOrderCalls(): OrderRequest[] {
    return this.calls.filter((c) => c.method === "placeOrder").map((c) => c.args[0] as OrderRequest);
  }

  /** Fills part of a resting order at a price, as the exchange would. */
  fill(orderNo: string, quantity: number, priceKrw: number): void {
    const order = this.find(orderNo);
    if (quantity > order.remainingQuantity) throw new Error(`Fill of ${quantity} exceeds the ${order.remainingQuantity} remaining`);
    order.filledAmountKrw += quantity * priceKrw;
    order.filledQuantity += quantity;
    order.remainingQuantity -= quantity;
    order.averageFillPriceKrw = Math.round(order.filledAmountKrw / order.filledQuantity);
  }

  async placeOrder(request: OrderRequest): Promise<OrderAck> {
    this.record("placeOrder", request);
    const behaviour = this.behaviours.shift() ?? { kind: "ack" };
    for (const wake of this.placeWaiters.splice(0)) wake();
    if (behaviour.kind === "reject")
      throw new AppError("BROKER_REJECTED", behaviour.message ?? "주문가능금액을 초과 했습니다", { venueCode: "APBK0952" });
    if (behaviour.kind === "fail") throw behaviour.error;
    if (behaviour.kind === "hang") {
      if (behaviour.accepted) this.accept(request);
      return new Promise<OrderAck>(() => undefined);
    }
    const ack = this.accept(request);
    if (behaviour.kind === "lose-ack") throw behaviour.error ?? new AppError("BROKER_UNAVAILABLE", "socket hang up", { retryable: true });
    return ack;
  }

  async cancelOrder(ref: OrderRef, options?: { quantity?: number }): Promise<OrderAck> {
    this.record("cancelOrder", ref, options);
    const order = this.find(ref.orderNo);
    if (order.remainingQuantity === 0 || order.cancelled) throw new AppError("BROKER_REJECTED", "정정/취소할 수량이 없습니다");
    order.cancelled = true;
    order.remainingQuantity = 0;
    return { orderNo: this.newOrderNo(), orgNo: order.orgNo, acceptedAt: kstParts(this.clock.now()).time };
  }

  async getOpenOrders(): Promise<OpenOrder[]> {
    this.record("getOpenOrders");
    if (this.openOrdersError !== undefined) throw this.openOrdersError;
    return this.orders
      .filter((o) => o.remainingQuantity > 0 && !o.cancelled)
      .map(({ date: _date, averageFillPriceKrw: _a, filledAmountKrw: _f, cancelled: _c, rejectedQuantity: _r, ...open }) => open);
  }

  async getDailyOrders(range: { from: string; to: string }): Promise<DailyOrder[]> {
    this.record("getDailyOrders", range);
    return this.orders.filter((o) => o.date >= range.from && o.date <= range.to).map((o) => ({ ...o }));
  }

  async getBalance(): Promise<Balance> {
    this.record("getBalance");
    return structuredClone(this.balance);
  }

  async getAccountAssets(): Promise<AccountAssets> {
    this.record("getAccountAssets");
    const s = this.balance.summary;
    return { totalAssetsKrw: s.totalValueKrw, netAssetsKrw: s.totalValueKrw, depositKrw: s.cashKrw, stockValueKrw: s.securitiesValueKrw };
  }

  async getBuyingPower(symbol: string, priceKrw: number, type?: OrderType): Promise<BuyingPower> {
    this.record("getBuyingPower", symbol, priceKrw, type);
    const cash = this.balance.summary.cashKrw;
    const quantity = priceKrw > 0 ? Math.floor(cash / priceKrw) : 0;
    return { orderableCashKrw: cash, cashOnlyQuantity: quantity, cashOnlyAmountKrw: quantity * priceKrw, maxQuantity: quantity };
  }

  async getSellableQuantity(symbol: string): Promise<number> {
    this.record("getSellableQuantity", symbol);
    return this.balance.holdings.find((h) => h.symbol === symbol)?.sellableQuantity ?? 0;
  }

  async modifyOrder(
    ref: OrderRef,
    change: { quantity: number; type: OrderType; limitPriceKrw?: number; all?: boolean },
  ): Promise<OrderAck> {
    this.record("modifyOrder", ref, change);
    throw new AppError("BROKER_UNSUPPORTED", "FakeBroker does not modify orders");
  }

  async getPeriodProfit(range: { from: string; to: string }): Promise<PeriodProfit> {
    this.record("getPeriodProfit", range);
    return { days: [], totalRealizedPnlKrw: 0, totalFeeKrw: 0, totalTaxKrw: 0 };
  }

  private accept(request: OrderRequest): OrderAck {
    const { date, time } = kstParts(this.clock.now());
    const order: DailyOrder = {
      date,
      orderNo: this.newOrderNo(),
      orgNo: "06010",
      symbol: request.symbol,
      name: request.symbol,
      side: request.side,
      type: request.type,
      quantity: request.quantity,
      limitPriceKrw: request.limitPriceKrw ?? 0,
      filledQuantity: 0,
      averageFillPriceKrw: 0,
      filledAmountKrw: 0,
      remainingQuantity: request.quantity,
      cancelled: false,
      rejectedQuantity: 0,
      orderedAt: time,
    };
    this.orders.push(order);
    return { orderNo: order.orderNo, orgNo: order.orgNo, acceptedAt: time };
  }

  private find(orderNo: string): DailyOrder {
    const order = this.orders.find((o) => o.orderNo === orderNo);
    if (!order) throw new AppError("BROKER_REJECTED", `No order ${orderNo}`);
    return order;
  }

  private newOrderNo(): string {
    return String(this.nextOrderNo++).padStart(10, "0");
  }

  private record(method: keyof Broker, ...args: unknown[]): void {
    this.calls.push({ method, args: args.filter((a) => a !== undefined) });
  }
}
