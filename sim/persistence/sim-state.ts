/**
 * The simulator's state file (version 1): the accounts of the matching engine as JSON, checked
 * with zod on the way in. App keys are stored only as fingerprints, since the file lives beside
 * the product's data; tokens are not stored at all.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "../../core/errors.js";
import type { MatchingSnapshot } from "../matching/matching-snapshot.js";

const FINGERPRINT_PREFIX = "sha256:";

const krw = z.number().int();
const count = z.number().int().nonnegative();
const yyyymmdd = z.string().regex(/^\d{8}$/);
const side = z.enum(["buy", "sell"]);

const SimOrderSchema = z
  .object({
    accountId: z.string(),
    orderNo: z.string().regex(/^\d{10}$/),
    orgNo: z.string(),
    originalOrderNo: z.string().optional(),
    revision: z.enum(["modify", "cancel"]).optional(),
    code: z.string(),
    side,
    type: z.enum(["limit", "market"]),
    quantity: count,
    priceKrw: krw,
    filledQuantity: count,
    filledAmountKrw: krw,
    cancelledQuantity: count,
    rejectedQuantity: count,
    status: z.enum(["open", "filled", "cancelled", "rejected"]),
    placedMs: z.number().int(),
    appKey: z.string(),
  })
  .strict();

const SimFillSchema = z
  .object({
    accountId: z.string(),
    orderNo: z.string(),
    code: z.string(),
    side,
    quantity: count,
    priceKrw: krw,
    timeMs: z.number().int(),
    feeKrw: krw,
    taxKrw: krw,
  })
  .strict();

const AccountRecordSchema = z
  .object({
    id: z.string(),
    cashKrw: krw,
    positions: z.array(
      z.object({ code: z.string(), quantity: count, purchaseAmountKrw: krw, boughtToday: count, soldToday: count }).strict(),
    ),
    orders: z.array(SimOrderSchema),
    fills: z.array(SimFillSchema),
    dailyPnl: z.array(
      z.object({ date: yyyymmdd, buyAmountKrw: krw, sellAmountKrw: krw, realizedPnlKrw: krw, feeKrw: krw, taxKrw: krw }).strict(),
    ),
  })
  .strict();

export interface SimState {
  version: 1;
  /** the market seed of the run that wrote the file (informational: accounts do not depend on it) */
  seed: number;
  accounts: MatchingSnapshot;
}

const SimStateSchema = z
  .object({
    version: z.literal(1),
    seed: z.number().int(),
    accounts: z
      .object({
        savedAtMs: z.number().int(),
        lastOrderNo: count,
        accounts: z.array(AccountRecordSchema),
        reservePerShareKrw: z.record(z.string(), krw),
      })
      .strict(),
  })
  .strict();

/** A stable, one-way stand-in for an app key: notices are routed by key, but the key is a secret. */
export function appKeyFingerprint(appKey: string): string {
  if (appKey.startsWith(FINGERPRINT_PREFIX)) return appKey;
  return FINGERPRINT_PREFIX + createHash("sha256").update(appKey).digest("hex").slice(0, 16);
}

export function toSimState(seed: number, snapshot: MatchingSnapshot): SimState {
  const accounts = snapshot.accounts.map((a) => ({ ...a, orders: a.orders.map((o) => ({ ...o, appKey: appKeyFingerprint(o.appKey) })) }));
  return { version: 1, seed, accounts: { ...snapshot, accounts } };
}

/** Parses a state file's text; a file that is not valid JSON or not version 1 is a DATA_INVALID error. */
export function parseSimState(text: string, source: string): SimState {
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (err) {
    throw new AppError("DATA_INVALID", `Expected JSON in the simulator state file ${source}`, { cause: err });
  }
  const result = SimStateSchema.safeParse(raw);
  if (!result.success)
    throw new AppError("DATA_INVALID", `Expected a version 1 simulator state file in ${source}: ${z.prettifyError(result.error)}`);
  return result.data;
}
