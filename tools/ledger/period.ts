/** A period of whole KST days, as the ledger tools take it. */
import { fromKst } from "../../core/clock.js";
import { dateArg } from "../args.js";

export const periodArgs = { from: dateArg("First day"), to: dateArg("Last day (inclusive)") };

export const periodMs = (p: { from: string; to: string }) => ({ fromMs: fromKst(p.from), toMs: fromKst(p.to) + 86_400_000 });

/** Free text from the ledger: one line, cut short. */
export const brief = (text: string, max = 80) => text.replace(/[\r\n]+/g, " ").slice(0, max);
