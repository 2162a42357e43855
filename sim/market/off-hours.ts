/**
 * The counterparty interest of the closing-price sessions (장전/장후 시간외 종가): how many shares
 * the rest of the market offers orders of one side at the fixed price — a seeded 0.05–0.3 % of a
 * day's volume, per symbol, day, session and side, so the same seed fills the same orders.
 */
import type { Side } from "../../core/types.js";
import type { OffHoursSession } from "../../market/krx.js";
import { deriveSeed, Rng } from "./random.js";

export function offHoursQuantity(seed: number, code: string, date: string, session: OffHoursSession, side: Side, dayVolume: number): number {
  const rng = new Rng(deriveSeed(seed, `off-hours:${code}:${date}:${session}:${side}`));
  return Math.max(1, Math.round(dayVolume * (0.0005 + 0.0025 * rng.next())));
}
