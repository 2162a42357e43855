/** The account as diagnose read it from the broker and reconciled with the database. Plain JSON. */
import { z } from "zod";

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

/** What diagnose found when it compared the broker with the database. */
export const Reconciliation = z.object({
  ok: z.boolean(),
  /** differences it explained (e.g. a fill recorded from the broker's daily orders) */
  settled: z.array(z.string()),
  /** differences it could not explain; any of these halts trading */
  unexplained: z.array(z.string()),
});
export type Reconciliation = z.infer<typeof Reconciliation>;
