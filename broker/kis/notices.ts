/**
 * Decodes decrypted H0STCNI0/H0STCNI9 execution-notice records (reference §7.3). The record width
 * comes from tokens / count: fields #0–#16 are mapped by position for any width ≥ 17, the named
 * tail (order price, symbol name) only for the current 26-field layout.
 */
import type { ExecutionNotice, NoticeEvent } from "../../core/market-events.js";
import { H0STCNI0_FIELDS, fieldIndex } from "./realtime-layouts.js";

const F = (name: string) => fieldIndex(H0STCNI0_FIELDS, name);
const N = {
  account: F("ACNT_NO"),
  order: F("ODER_NO"),
  original: F("OODER_NO"),
  side: F("SELN_BYOV_CLS"),
  correction: F("RCTF_CLS"),
  symbol: F("STCK_SHRN_ISCD"),
  quantity: F("CNTG_QTY"),
  price: F("CNTG_UNPR"),
  time: F("STCK_CNTG_HOUR"),
  refused: F("RFUS_YN"),
  filled: F("CNTG_YN"),
  accepted: F("ACPT_YN"),
  branch: F("BRNC_NO"),
  orderQuantity: F("ODER_QTY"),
  name: F("CNTG_ISNM40"),
  orderPrice: F("ODER_PRC"),
};
/** Fields #0–#16 are stable across every published layout. */
const STABLE_WIDTH = N.orderQuantity + 1;
const CURRENT_WIDTH = H0STCNI0_FIELDS.length;

export type NoticeDecodeResult = { ok: true; notices: ExecutionNotice[]; width: number } | { ok: false; tokens: number; count: number };

/** Event per the §7.3 table: CNTG_YN, RFUS_YN, ACPT_YN, RCTF_CLS. */
function eventOf(f: readonly string[], o: number): NoticeEvent {
  if (f[o + N.filled] === "2") return "filled";
  if (f[o + N.refused] === "1") return "rejected";
  const accept = f[o + N.accepted];
  if (accept === "3") return "unfilled-cancelled";
  const correction = f[o + N.correction];
  if (accept === "2" && correction === "1") return "modified";
  if (accept === "2" && correction === "2") return "cancelled";
  return "accepted";
}

const int = (s: string | undefined): number => {
  const v = Number(s ?? "");
  return Number.isFinite(v) ? v : 0;
};
const text = (s: string | undefined): string => (s ?? "").trim();

function toNotice(f: readonly string[], o: number, width: number): ExecutionNotice {
  const notice: ExecutionNotice = {
    event: eventOf(f, o),
    accountNo: text(f[o + N.account]),
    orderNo: text(f[o + N.order]),
    originalOrderNo: text(f[o + N.original]),
    side: f[o + N.side] === "01" ? "sell" : "buy",
    symbol: text(f[o + N.symbol]),
    quantity: int(f[o + N.quantity]),
    priceKrw: int(f[o + N.price]),
    orderQuantity: int(f[o + N.orderQuantity]),
    time: text(f[o + N.time]),
    branchNo: text(f[o + N.branch]),
  };
  if (width === CURRENT_WIDTH) {
    notice.orderPriceKrw = int(f[o + N.orderPrice]);
    notice.symbolName = text(f[o + N.name]);
  }
  return notice;
}

/** Notices are a few per minute: a split is clear and cheap enough here. */
export function decodeNotices(plaintext: string, count: number): NoticeDecodeResult {
  const fields = plaintext.split("^");
  const width = fields.length / count;
  if (count <= 0 || !Number.isInteger(width) || width < STABLE_WIDTH) return { ok: false, tokens: fields.length, count };
  const notices: ExecutionNotice[] = [];
  for (let r = 0; r < count; r++) notices.push(toNotice(fields, r * width, width));
  return { ok: true, notices, width };
}
