/**
 * Continuation paging as KIS does it: the response header `tr_cont` is "M" while more pages
 * follow and "D" on the last; the body carries the cursor (ctx_area_fk100 / ctx_area_nk100, or
 * ctx_area_fk / ctx_area_nk for holidays) that the client sends back with `tr_cont: N`.
 */
import { badParam } from "./kis-errors.js";
import type { KisRequest } from "./kis-request.js";

export interface Cursor {
  /** request parameter names; the response body uses them in lower case */
  fk: string;
  nk: string;
}

export const CURSOR_100: Cursor = { fk: "CTX_AREA_FK100", nk: "CTX_AREA_NK100" };
export const CURSOR_200: Cursor = { fk: "CTX_AREA_FK200", nk: "CTX_AREA_NK200" };
export const CURSOR_PLAIN: Cursor = { fk: "CTX_AREA_FK", nk: "CTX_AREA_NK" };

export interface Page<T> {
  rows: T[];
  trCont: "M" | "D";
  /** cursor fields for the response body */
  cursor: Record<string, string>;
}

/**
 * Cuts `rows` into pages of `size`. The NK cursor holds the offset of the next row; FK echoes
 * `scope` (what the query was about) so a cursor from another query is refused.
 */
export function paginate<T>(req: KisRequest, rows: readonly T[], size: number, scope: string, cursor: Cursor = CURSOR_100): Page<T> {
  const start = startOffset(req, rows.length, scope, cursor);
  const slice = rows.slice(start, start + size);
  const next = start + slice.length;
  const more = next < rows.length;
  return {
    rows: slice,
    trCont: more ? "M" : "D",
    cursor: {
      [cursor.fk.toLowerCase()]: scope,
      [cursor.nk.toLowerCase()]: more ? String(next).padStart(10, "0") : "",
    },
  };
}

function startOffset(req: KisRequest, total: number, scope: string, cursor: Cursor): number {
  const nk = req.optional(cursor.nk)?.trim() ?? "";
  if (nk === "") return 0;
  const fk = req.optional(cursor.fk)?.trim() ?? "";
  if (fk !== "" && fk !== scope) throw badParam(cursor.fk, "cursor of another query");
  if (!/^\d+$/.test(nk) || Number(nk) > total) throw badParam(cursor.nk, "unknown cursor");
  return Number(nk);
}
