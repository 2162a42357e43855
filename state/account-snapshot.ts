/** The account as diagnose read it from the broker and reconciled with the database. Plain JSON. */
import { z } from "zod";
import type { Balance, OpenOrder } from "../core/types.js";

export const HoldingView = z.object({
  symbol: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  sellableQuantity: z.number().int(),
  averagePriceKrw: z.number(),
  purchaseAmountKrw: z.number(),
  currentPriceKrw: z.number(),
  evaluationAmountKrw: z.number(),
  unrealizedPnlKrw: z.number(),
  unrealizedPnlRate: z.number(),
});
export type HoldingView = z.infer<typeof HoldingView>;

export const OpenOrderView = z.object({
  orderNo: z.string(),
  orgNo: z.string(),
  symbol: z.string(),
  side: z.enum(["buy", "sell"]),
  quantity: z.number().int(),
  limitPriceKrw: z.number(),
  filledQuantity: z.number().int(),
  remainingQuantity: z.number().int(),
  orderedAt: z.string(),
});
export type OpenOrderView = z.infer<typeof OpenOrderView>;

export const AccountSnapshot = z.object({
  readAtMs: z.number(),
  cashKrw: z.number(),
  orderableCashKrw: z.number(),
  securitiesValueKrw: z.number(),
  totalAssetsKrw: z.number(),
  holdings: z.array(HoldingView),
  openOrders: z.array(OpenOrderView),
});
export type AccountSnapshot = z.infer<typeof AccountSnapshot>;

/**
 * What the checkpointed state keeps of the account: where the snapshot is stored (run_context) and
 * the few figures Studio and the report show. Nodes load the snapshot itself by its ref.
 */
export const AccountRef = z.object({
  ref: z.string(),
  readAtMs: z.number(),
  cashKrw: z.number(),
  orderableCashKrw: z.number(),
  totalAssetsKrw: z.number(),
  heldSymbols: z.array(z.string()),
  openOrders: z.number().int(),
});
export type AccountRef = z.infer<typeof AccountRef>;

export const accountRefOf = (ref: string, a: AccountSnapshot): AccountRef => ({
  ref,
  readAtMs: a.readAtMs,
  cashKrw: a.cashKrw,
  orderableCashKrw: a.orderableCashKrw,
  totalAssetsKrw: a.totalAssetsKrw,
  heldSymbols: a.holdings.map((h) => h.symbol),
  openOrders: a.openOrders.length,
});

/** The broker's balance, open orders and buying power as one snapshot. */
export function toAccountSnapshot(
  balance: Balance,
  openOrders: readonly OpenOrder[],
  buyingPowerKrw: number,
  nowMs: number,
): AccountSnapshot {
  return {
    readAtMs: nowMs,
    cashKrw: balance.summary.cashKrw,
    orderableCashKrw: buyingPowerKrw,
    securitiesValueKrw: balance.summary.securitiesValueKrw,
    totalAssetsKrw: balance.summary.totalValueKrw,
    holdings: balance.holdings.filter((h) => h.quantity > 0).map((h) => ({ ...h })),
    openOrders: openOrders.map((o) => ({
      orderNo: o.orderNo,
      orgNo: o.orgNo,
      symbol: o.symbol,
      side: o.side,
      quantity: o.quantity,
      limitPriceKrw: o.limitPriceKrw,
      filledQuantity: o.filledQuantity,
      remainingQuantity: o.remainingQuantity,
      orderedAt: o.orderedAt,
    })),
  };
}

/** What diagnose found when it compared the broker with the database. */
export const Reconciliation = z.object({
  ok: z.boolean(),
  /** differences it explained (e.g. a fill recorded from the broker's daily orders) */
  settled: z.array(z.string()),
  /** differences it could not explain; any of these halts trading */
  unexplained: z.array(z.string()),
});
export type Reconciliation = z.infer<typeof Reconciliation>;
