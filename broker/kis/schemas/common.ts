/** Shared pieces of KIS response schemas: numbers arrive as strings; documented but unread fields are known. */
import { z } from "zod";

export const text = z.string();

/** "12345", "-1.25", "" (empty is allowed: parse decides whether it means 0 or absent). */
export const numeric = z.string().regex(/^\s*[-+]?(\d+(\.\d*)?|\.\d+)?\s*$/, "expected a numeric string");

/** Documented fields the client does not read: declared so they are not reported as unknown. */
export function known(...names: string[]): Record<string, z.ZodOptional<z.ZodString>> {
  return Object.fromEntries(names.map((name) => [name, text.optional()]));
}

/** The rt_cd/msg_cd/msg1 envelope around every non-auth response. */
export function envelope<T extends z.ZodRawShape>(shape: T) {
  return z.object({ rt_cd: text, msg_cd: text, msg1: text, ...shape });
}

/** Continuation cursor of paged inquiries (response side, lower case). */
export const CTX_100_FIELDS = { ctx_area_fk100: text.optional(), ctx_area_nk100: text.optional() };

/** Some outputs are an object in one API and a one-element array in another (reference §3.3). */
export function objectOrRows<T extends z.ZodObject>(row: T) {
  return z.union([row, z.array(row)]);
}
