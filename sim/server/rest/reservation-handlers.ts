/** 주식예약주문, its inquiry and its modify/cancel (CTSC0008U, CTSC0004R, CTSC0013U/CTSC0009U; real only). */
import { kstParts } from "../../../core/clock.js";
import type { Side } from "../../../core/types.js";
import type { OrderType } from "../../exchange.js";
import type { Reservation } from "../reservations.js";
import { badParam, KisWireError } from "./kis-errors.js";
import { CURSOR_200, paginate } from "./paging.js";
import { ORDER_SUCCESS, readAccount, readSymbol, type RestContext, type RestHandler, type RestReply } from "./rest-context.js";
import { int, orderTypeName } from "./wire-values.js";

const SIDES: Record<string, Side> = { "01": "sell", "02": "buy" };
const TYPES: Record<string, OrderType> = { "00": "limit", "01": "market" };
const RESERVATIONS_PAGE = 20;

function readOrderFields(ctx: RestContext) {
  const req = ctx.req;
  const quantity = req.integer("ORD_QTY");
  if (quantity <= 0) throw new KisWireError("APBK0560", `ORD_QTY ${quantity}`);
  const side = SIDES[req.oneOf("SLL_BUY_DVSN_CD", ["01", "02"] as const)]!;
  const type = TYPES[req.oneOf("ORD_DVSN_CD", ["00", "01"] as const)]!;
  const priceKrw = req.integer("ORD_UNPR");
  if (type === "limit" && priceKrw <= 0) throw badParam("ORD_UNPR", "a limit price");
  req.oneOf("ORD_OBJT_CBLC_DVSN_CD", ["10"] as const);
  const endDate = (req.optional("RSVN_ORD_END_DT") ?? "").trim() === "" ? "" : req.date("RSVN_ORD_END_DT");
  return { quantity, side, type, priceKrw: type === "limit" ? priceKrw : 0, endDate };
}

/** The reservation window is checked before anything is stored: 15:40 to 07:30, or a closed day. */
function orderDate(ctx: RestContext): string {
  const date = ctx.reservations.orderDateNow();
  if (date === undefined) throw new KisWireError("APBK0919", "(예약주문 가능시간 15:40~07:30)");
  return date;
}

export function reserveOrder(ctx: RestContext): RestReply {
  const accountId = readAccount(ctx);
  const code = readSymbol(ctx, "PDNO").info.code;
  const fields = readOrderFields(ctx);
  const r = ctx.reservations.add({ accountId, code, appKey: ctx.appKey, ...fields }, orderDate(ctx));
  return { body: { output: { RSVN_ORD_SEQ: String(r.seq) } }, message: ORDER_SUCCESS };
}

function readReservation(ctx: RestContext, accountId: string): Reservation {
  const seq = ctx.req.integer("RSVN_ORD_SEQ");
  ctx.req.required("RSVN_ORD_ORGNO");
  const r = ctx.reservations.find(accountId, seq);
  if (!r || r.orderDate !== ctx.req.date("RSVN_ORD_ORD_DT")) throw new KisWireError("APBK0918", `RSVN_ORD_SEQ ${seq}`);
  if (r.status !== "waiting") throw new KisWireError("APBK0690", `RSVN_ORD_SEQ ${seq}`);
  return r;
}

/** Cancel (CTSC0009U) or modify (CTSC0013U) a reservation that has not been sent yet. */
export function reservedOrderChange(kind: "cancel" | "modify"): RestHandler {
  return (ctx) => {
    const accountId = readAccount(ctx);
    const r = readReservation(ctx, accountId);
    if (kind === "modify") {
      const code = readSymbol(ctx, "PDNO").info.code;
      const fields = readOrderFields(ctx);
      orderDate(ctx);
      Object.assign(r, { code, ...fields });
    } else {
      r.status = "cancelled";
      r.cancelledMs = ctx.clock.now();
    }
    return { body: { output: { NRML_PRCS_YN: "Y" } }, message: ORDER_SUCCESS };
  };
}

const PROCESSED = {
  "0": () => true,
  "1": (r: Reservation) => r.status === "sent" || r.status === "refused",
  "2": (r: Reservation) => r.status === "waiting",
} as const;
const RESULT_NAMES: Record<Reservation["status"], string> = { waiting: "미처리", sent: "처리", refused: "거부", cancelled: "취소" };

/** 주식예약주문조회: reservations received or due in the date range, 20 a page (FK200/NK200). */
export function reservedOrders(ctx: RestContext): RestReply {
  const accountId = readAccount(ctx);
  const req = ctx.req;
  const from = req.date("RSVN_ORD_ORD_DT");
  const to = req.date("RSVN_ORD_END_DT");
  if (from > to) throw badParam("RSVN_ORD_ORD_DT", "after RSVN_ORD_END_DT");
  req.oneOf("TMNL_MDIA_KIND_CD", ["00"] as const, "00");
  const processed = PROCESSED[req.oneOf("PRCS_DVSN_CD", ["0", "1", "2"] as const)];
  const withCancelled = req.oneOf("CNCL_YN", ["Y", "N"] as const) === "Y";
  const seq = (req.optional("RSVN_ORD_SEQ") ?? "").trim();
  const code = (req.optional("PDNO") ?? "").trim();
  const side = (req.optional("SLL_BUY_DVSN_CD") ?? "").trim();
  const rows = ctx.reservations
    .list(accountId)
    .filter((r) => (r.orderDate >= from && r.orderDate <= to) || (kstParts(r.receivedMs).date >= from && kstParts(r.receivedMs).date <= to))
    .filter((r) => processed(r) && (withCancelled || r.status !== "cancelled"))
    .filter((r) => (seq === "" || String(r.seq) === seq) && (code === "" || r.code === code) && (side === "" || SIDES[side] === r.side))
    .reverse();
  const page = paginate(req, rows, RESERVATIONS_PAGE, `${accountId}${from}${to}`, CURSOR_200);
  const output = page.rows.map((r) => {
    const order = r.orderNo ? ctx.exchange.orders(accountId, r.orderDate, r.orderDate).find((o) => o.orderNo === r.orderNo) : undefined;
    const received = kstParts(r.receivedMs);
    return {
      rsvn_ord_seq: String(r.seq),
      rsvn_ord_ord_dt: r.orderDate,
      rsvn_ord_rcit_dt: received.date,
      pdno: r.code,
      ord_dvsn_cd: r.type === "limit" ? "00" : "01",
      ord_rsvn_qty: int(r.quantity),
      tot_ccld_qty: int(order?.filledQuantity ?? 0),
      cncl_ord_dt: r.cancelledMs ? kstParts(r.cancelledMs).date : "",
      ord_tmd: r.sentMs ? kstParts(r.sentMs).time : "",
      ctac_tlno: "",
      rjct_rson2: r.refusal ?? "",
      odno: r.orderNo ?? "",
      rsvn_ord_rcit_tmd: received.time,
      kor_item_shtn_name: ctx.exchange.symbol(r.code)?.info.name ?? r.code,
      sll_buy_dvsn_cd: r.side === "sell" ? "01" : "02",
      ord_rsvn_unpr: int(r.priceKrw),
      tot_ccld_amt: int(order?.filledAmountKrw ?? 0),
      loan_dt: "",
      cncl_rcit_tmd: r.cancelledMs ? kstParts(r.cancelledMs).time : "",
      prcs_rslt: RESULT_NAMES[r.status],
      ord_dvsn_name: orderTypeName({ type: r.type }),
      tmnl_mdia_kind_cd: "00",
      rsvn_end_dt: r.endDate,
    };
  });
  return { body: { ...page.cursor, output }, trCont: page.trCont };
}
