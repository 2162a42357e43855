/**
 * A small deterministic SimExchange for the simulator's wire front: three symbols, a book ten
 * ticks deep around the last price with ample size, immediate fills for marketable orders, and
 * `trade()` / `program()` helpers so a test decides exactly what the market prints.
 */
import { addDays, kstParts, type Clock } from "../../core/clock.js";
import { acceptsRegularOrders, isOnTickGrid, priceLimits, sessionPhase, stepTicks } from "../../venue/krx.js";
import type {
  AccountView,
  Bar,
  BookSnapshot,
  DailyPnl,
  ExchangeEvent,
  Holding,
  IndexState,
  InvestorDay,
  NewOrder,
  OrderResult,
  ProgramPrint,
  SimExchange,
  SimFill,
  SimOrder,
  SymbolInfo,
  SymbolState,
  TradePrint,
} from "../../sim/exchange.js";
import type { Side } from "../../core/types.js";

export const FAKE_SYMBOLS: SymbolInfo[] = [
  { code: "005930", name: "삼성전자", market: "KOSPI", previousCloseKrw: 70_000, sharesOutstanding: 5_969_782_550 },
  { code: "000660", name: "SK하이닉스", market: "KOSPI", previousCloseKrw: 200_000, sharesOutstanding: 728_002_365 },
  { code: "247540", name: "에코프로비엠", market: "KOSDAQ", previousCloseKrw: 118_400, sharesOutstanding: 97_801_344 },
];
export const FAKE_INITIAL_CASH_KRW = 100_000_000;
const FEE_RATE = 0.00015;
const SELL_TAX_RATE = 0.0018;
const BOOK_SIZE = 1_000_000;

interface Account {
  cashKrw: number;
  holdings: Map<string, Holding>;
}

function freshState(info: SymbolInfo): SymbolState {
  const { upperKrw, lowerKrw } = priceLimits(info.previousCloseKrw);
  return {
    info,
    basePriceKrw: info.previousCloseKrw,
    upperLimitKrw: upperKrw,
    lowerLimitKrw: lowerKrw,
    openKrw: 0,
    highKrw: 0,
    lowKrw: 0,
    lastKrw: 0,
    volume: 0,
    tradeValueKrw: 0,
    buyVolume: 0,
    sellVolume: 0,
    buyCount: 0,
    sellCount: 0,
    previousDayVolume: 1_000_000,
    halted: false,
    lastTradeMs: 0,
  };
}

export class FakeExchange implements SimExchange {
  private states = new Map<string, SymbolState>();
  private prints = new Map<string, TradePrint[]>();
  private programs = new Map<string, Array<ProgramPrint & { priceKrw: number }>>();
  private accounts = new Map<string, Account>();
  private allOrders: SimOrder[] = [];
  private allFills: SimFill[] = [];
  private listeners = new Set<(e: ExchangeEvent) => void>();
  private nextOrderNo = 1;
  advancedToMs = 0;

  constructor(readonly clock: Clock) {
    this.reset();
  }

  symbols(): SymbolInfo[] {
    return FAKE_SYMBOLS;
  }
  symbol(code: string): SymbolState | undefined {
    return this.states.get(code);
  }
  book(code: string): BookSnapshot | undefined {
    const s = this.states.get(code);
    if (!s) return undefined;
    const mid = s.lastKrw || s.basePriceKrw;
    const level = (i: number, up: boolean) => ({ priceKrw: stepTicks(mid, up ? i + 1 : -i), quantity: BOOK_SIZE });
    const asks = Array.from({ length: 10 }, (_, i) => level(i, true));
    const bids = Array.from({ length: 10 }, (_, i) => level(i, false));
    return { code, timeMs: this.clock.now(), asks, bids, totalAskQuantity: 10 * BOOK_SIZE, totalBidQuantity: 10 * BOOK_SIZE };
  }
  recentTrades(code: string, limit: number): TradePrint[] {
    return (this.prints.get(code) ?? []).slice(-limit).reverse();
  }
  minuteBars(code: string, untilMs: number): Bar[] {
    const bars = new Map<string, Bar>();
    for (const t of this.prints.get(code) ?? []) {
      if (t.timeMs > untilMs) continue;
      const { date, time } = kstParts(t.timeMs);
      const key = `${time.slice(0, 4)}00`;
      const bar = bars.get(key);
      if (!bar)
        bars.set(key, {
          date,
          time: key,
          openKrw: t.priceKrw,
          highKrw: t.priceKrw,
          lowKrw: t.priceKrw,
          closeKrw: t.priceKrw,
          volume: t.quantity,
          tradeValueKrw: t.priceKrw * t.quantity,
        });
      else
        Object.assign(bar, {
          highKrw: Math.max(bar.highKrw, t.priceKrw),
          lowKrw: Math.min(bar.lowKrw, t.priceKrw),
          closeKrw: t.priceKrw,
          volume: bar.volume + t.quantity,
          tradeValueKrw: bar.tradeValueKrw + t.priceKrw * t.quantity,
        });
    }
    return [...bars.values()];
  }
  /** One bar per calendar day for the 40 days before today, drifting up 100 KRW a day. */
  dailyBars(code: string, from: string, to: string): Bar[] {
    const s = this.states.get(code);
    if (!s) return [];
    const today = kstParts(this.clock.now()).date;
    return Array.from({ length: 40 }, (_, i) => {
      const closeKrw = s.basePriceKrw - (40 - i) * 100;
      return {
        date: addDays(today, i - 40),
        openKrw: closeKrw - 100,
        highKrw: closeKrw + 200,
        lowKrw: closeKrw - 200,
        closeKrw,
        volume: 1000 + i,
        tradeValueKrw: closeKrw * (1000 + i),
      };
    }).filter((b) => b.date >= from && b.date <= to);
  }
  investorFlows(code: string): InvestorDay[] {
    return this.dailyBars(code, "00000101", "99991231")
      .reverse()
      .slice(0, 5)
      .map((b, i) => ({
        date: b.date,
        closeKrw: b.closeKrw,
        individualNetQuantity: 100 - i,
        foreignNetQuantity: -50 + i,
        institutionNetQuantity: -50,
        individualNetValueKrw: (100 - i) * b.closeKrw,
        foreignNetValueKrw: (-50 + i) * b.closeKrw,
        institutionNetValueKrw: -50 * b.closeKrw,
      }));
  }
  programSeries(code: string): Array<ProgramPrint & { priceKrw: number }> {
    return [...(this.programs.get(code) ?? [])].reverse();
  }
  nxt(): undefined {
    return undefined;
  }
  indicative(): undefined {
    return undefined;
  }
  index(code: string): IndexState | undefined {
    if (code !== "0001" && code !== "1001") return undefined;
    return {
      code,
      value: 2650.12,
      previousClose: 2640,
      open: 2641.5,
      high: 2655,
      low: 2638.25,
      volume: 1000,
      tradeValueKrw: 5_000_000,
      advancers: 2,
      decliners: 1,
      unchanged: 0,
      upperLimitCount: 0,
      lowerLimitCount: 0,
    };
  }
  advanceTo(ms: number): void {
    this.advancedToMs = Math.max(this.advancedToMs, ms);
  }
  on(listener: (event: ExchangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Test helper: prints a trade and the book that follows it. */
  trade(code: string, priceKrw: number, quantity: number, aggressor: Side = "buy"): TradePrint {
    const s = this.states.get(code);
    if (!s) throw new Error(`unknown symbol ${code}`);
    const print: TradePrint = { code, timeMs: this.clock.now(), priceKrw, quantity, aggressor };
    Object.assign(s, {
      openKrw: s.openKrw || priceKrw,
      highKrw: Math.max(s.highKrw, priceKrw),
      lowKrw: s.lowKrw ? Math.min(s.lowKrw, priceKrw) : priceKrw,
      lastKrw: priceKrw,
      volume: s.volume + quantity,
      tradeValueKrw: s.tradeValueKrw + priceKrw * quantity,
      lastTradeMs: print.timeMs,
    });
    if (aggressor === "buy") Object.assign(s, { buyVolume: s.buyVolume + quantity, buyCount: s.buyCount + 1 });
    else Object.assign(s, { sellVolume: s.sellVolume + quantity, sellCount: s.sellCount + 1 });
    this.prints.set(code, [...(this.prints.get(code) ?? []), print]);
    const book = this.book(code)!;
    this.emit({ kind: "trade", trade: print, state: s, book });
    this.emit({ kind: "book", book });
    return print;
  }
  /** Test helper: one cumulative program-trading print. */
  program(code: string, buyVolume: number, sellVolume: number): void {
    const s = this.states.get(code)!;
    const priceKrw = s.lastKrw || s.basePriceKrw;
    const p = {
      code,
      timeMs: this.clock.now(),
      buyVolume,
      sellVolume,
      buyValueKrw: buyVolume * priceKrw,
      sellValueKrw: sellVolume * priceKrw,
      priceKrw,
    };
    this.programs.set(code, [...(this.programs.get(code) ?? []), p]);
    this.emit({ kind: "program", program: p });
  }

  account(accountId: string): AccountView {
    const a = this.acct(accountId);
    const reserved = this.openOrders(accountId)
      .filter((o) => o.side === "buy")
      .reduce((n, o) => n + this.cost(o.priceKrw * this.remaining(o)), 0);
    return {
      accountId,
      cashKrw: a.cashKrw,
      orderableCashKrw: a.cashKrw - reserved,
      holdings: [...a.holdings.values()].map((h) => ({ ...h })),
    };
  }
  placeOrder(accountId: string, o: NewOrder): OrderResult {
    const s = this.states.get(o.code);
    if (!s) return { ok: false, reason: "UNKNOWN_SYMBOL", message: o.code };
    if (!Number.isInteger(o.quantity) || o.quantity <= 0) return { ok: false, reason: "INVALID_QUANTITY", message: String(o.quantity) };
    if (s.halted) return { ok: false, reason: "HALTED", message: o.code };
    if (!acceptsRegularOrders(sessionPhase(this.clock.now()))) return { ok: false, reason: "MARKET_CLOSED", message: "closed" };
    const priceKrw = o.type === "market" ? 0 : (o.priceKrw ?? 0);
    if (o.type === "limit" && !isOnTickGrid(priceKrw)) return { ok: false, reason: "OFF_TICK_GRID", message: String(priceKrw) };
    if (o.type === "limit" && (priceKrw > s.upperLimitKrw || priceKrw < s.lowerLimitKrw))
      return { ok: false, reason: "OUTSIDE_PRICE_BAND", message: String(priceKrw) };
    const view = this.account(accountId);
    if (o.side === "buy" && this.cost((priceKrw || s.upperLimitKrw) * o.quantity) > view.orderableCashKrw)
      return { ok: false, reason: "INSUFFICIENT_CASH", message: "cash" };
    if (o.side === "sell" && (view.holdings.find((h) => h.code === o.code)?.sellableQuantity ?? 0) < o.quantity)
      return { ok: false, reason: "INSUFFICIENT_HOLDINGS", message: "holdings" };
    const order: SimOrder = {
      accountId,
      orderNo: String(this.nextOrderNo++).padStart(10, "0"),
      orgNo: "91252",
      code: o.code,
      side: o.side,
      type: o.type,
      quantity: o.quantity,
      priceKrw,
      filledQuantity: 0,
      filledAmountKrw: 0,
      cancelledQuantity: 0,
      rejectedQuantity: 0,
      status: "open",
      placedMs: this.clock.now(),
      appKey: o.appKey,
    };
    this.allOrders.push(order);
    if (o.side === "sell") this.holding(accountId, o.code).sellableQuantity -= o.quantity;
    this.emit({ kind: "order", order: { ...order }, action: "accepted" });
    const book = this.book(o.code)!;
    const touch = o.side === "buy" ? book.asks[0]!.priceKrw : book.bids[0]!.priceKrw;
    if (o.type === "market" || (o.side === "buy" ? priceKrw >= touch : priceKrw <= touch)) this.fill(order, touch);
    return { ok: true, order: { ...order } };
  }
  modifyOrder(accountId: string, orderNo: string, change: { quantity?: number; priceKrw?: number; all: boolean }): OrderResult {
    const o = this.allOrders.find((x) => x.accountId === accountId && x.orderNo === orderNo);
    if (!o) return { ok: false, reason: "ORDER_NOT_FOUND", message: orderNo };
    if (this.remaining(o) === 0) return { ok: false, reason: "NOTHING_TO_CANCEL", message: orderNo };
    if (change.priceKrw !== undefined && !isOnTickGrid(change.priceKrw))
      return { ok: false, reason: "OFF_TICK_GRID", message: String(change.priceKrw) };
    o.priceKrw = change.priceKrw ?? o.priceKrw;
    this.emit({ kind: "order", order: { ...o }, action: "modified" });
    return { ok: true, order: { ...o } };
  }
  cancelOrder(accountId: string, orderNo: string, change: { quantity?: number; all: boolean }): OrderResult {
    const o = this.allOrders.find((x) => x.accountId === accountId && x.orderNo === orderNo);
    if (!o) return { ok: false, reason: "ORDER_NOT_FOUND", message: orderNo };
    const left = this.remaining(o);
    if (left === 0) return { ok: false, reason: "NOTHING_TO_CANCEL", message: orderNo };
    const quantity = change.all ? left : Math.min(left, change.quantity ?? left);
    o.cancelledQuantity += quantity;
    if (o.side === "sell") this.holding(accountId, o.code).sellableQuantity += quantity;
    if (this.remaining(o) === 0) o.status = "cancelled";
    this.emit({ kind: "order", order: { ...o }, action: "cancelled" });
    return { ok: true, order: { ...o } };
  }
  openOrders(accountId: string): SimOrder[] {
    return this.allOrders.filter((o) => o.accountId === accountId && this.remaining(o) > 0).map((o) => ({ ...o }));
  }
  orders(accountId: string, from: string, to: string): SimOrder[] {
    return this.allOrders
      .filter((o) => o.accountId === accountId && inRange(o.placedMs, from, to))
      .reverse()
      .map((o) => ({ ...o }));
  }
  fills(accountId: string, from: string, to: string): SimFill[] {
    return this.allFills.filter((f) => f.accountId === accountId && inRange(f.timeMs, from, to));
  }
  dailyPnl(accountId: string, from: string, to: string): DailyPnl[] {
    const days = new Map<string, DailyPnl>();
    for (const f of this.fills(accountId, from, to)) {
      const date = kstParts(f.timeMs).date;
      const d = days.get(date) ?? { date, buyAmountKrw: 0, sellAmountKrw: 0, realizedPnlKrw: 0, feeKrw: 0, taxKrw: 0 };
      const amount = f.priceKrw * f.quantity;
      if (f.side === "buy") d.buyAmountKrw += amount;
      else d.sellAmountKrw += amount;
      d.feeKrw += f.feeKrw;
      d.taxKrw += f.taxKrw;
      days.set(date, d);
    }
    return [...days.values()];
  }
  reset(): void {
    this.states = new Map(FAKE_SYMBOLS.map((info) => [info.code, freshState(info)]));
    this.prints.clear();
    this.programs.clear();
    this.accounts.clear();
    this.allOrders = [];
    this.allFills = [];
  }
  setHalted(code: string, halted: boolean): void {
    const s = this.states.get(code);
    if (s) s.halted = halted;
  }

  private fill(o: SimOrder, priceKrw: number): void {
    const quantity = this.remaining(o);
    const amount = priceKrw * quantity;
    const fill: SimFill = {
      accountId: o.accountId,
      orderNo: o.orderNo,
      code: o.code,
      side: o.side,
      quantity,
      priceKrw,
      timeMs: this.clock.now(),
      feeKrw: Math.floor(amount * FEE_RATE),
      taxKrw: o.side === "sell" ? Math.floor(amount * SELL_TAX_RATE) : 0,
    };
    Object.assign(o, { filledQuantity: o.filledQuantity + quantity, filledAmountKrw: o.filledAmountKrw + amount, status: "filled" });
    const a = this.acct(o.accountId);
    const h = this.holding(o.accountId, o.code);
    if (o.side === "buy") {
      a.cashKrw -= amount + fill.feeKrw;
      Object.assign(h, {
        quantity: h.quantity + quantity,
        sellableQuantity: h.sellableQuantity + quantity,
        purchaseAmountKrw: h.purchaseAmountKrw + amount,
        boughtToday: h.boughtToday + quantity,
      });
    } else {
      a.cashKrw += amount - fill.feeKrw - fill.taxKrw;
      const cost = h.averagePriceKrw * quantity;
      Object.assign(h, {
        quantity: h.quantity - quantity,
        purchaseAmountKrw: h.purchaseAmountKrw - cost,
        soldToday: h.soldToday + quantity,
      });
    }
    h.averagePriceKrw = h.quantity > 0 ? Math.round(h.purchaseAmountKrw / h.quantity) : 0;
    this.allFills.push(fill);
    this.emit({ kind: "fill", order: { ...o }, fill });
  }
  private remaining(o: SimOrder): number {
    return o.quantity - o.filledQuantity - o.cancelledQuantity - o.rejectedQuantity;
  }
  private cost(amountKrw: number): number {
    return amountKrw + Math.floor(amountKrw * FEE_RATE);
  }
  private acct(accountId: string): Account {
    let a = this.accounts.get(accountId);
    if (!a) this.accounts.set(accountId, (a = { cashKrw: FAKE_INITIAL_CASH_KRW, holdings: new Map() }));
    return a;
  }
  private holding(accountId: string, code: string): Holding {
    const a = this.acct(accountId);
    let h = a.holdings.get(code);
    if (!h)
      a.holdings.set(
        code,
        (h = { code, quantity: 0, sellableQuantity: 0, averagePriceKrw: 0, purchaseAmountKrw: 0, boughtToday: 0, soldToday: 0 }),
      );
    return h;
  }
  private emit(e: ExchangeEvent): void {
    for (const l of this.listeners) l(e);
  }
}

const inRange = (ms: number, from: string, to: string) => {
  const d = kstParts(ms).date;
  return d >= from && d <= to;
};
