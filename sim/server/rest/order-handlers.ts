/**
 * Cash orders and modify/cancel (reference §4.1, §4.2). Input format is checked here; trading
 * rules (tick grid, band, session, cash, holdings) are the exchange's, mapped to KIS codes.
 * ORD_DVSN 00–07 and 11–16 (§4.22) on real; paper takes 00–04 only.
 */
import { kstParts } from "../../../core/clock.js";
import type { Side } from "../../../core/types.js";
import type { OrderRejectReason, OrderResult, SimOrder } from "../../exchange.js";
import { badParam, KisWireError, type KisMsgCd } from "./kis-errors.js";
import type { KisRequest } from "./kis-request.js";
import {
  ORDER_DIVISION_CODES,
  ORDER_DIVISIONS,
  type OrderDivision,
  type OrderDivisionCode,
  PRICED_DIVISIONS,
} from "../../wire/order-divisions.js";
import { ORDER_SUCCESS, readAccount, readSymbol, type RestContext, type RestHandler, type RestReply } from "./rest-context.js";

const REJECTIONS: Record<Exclude<OrderRejectReason, "MARKET_CLOSED">, KisMsgCd> = {
  UNKNOWN_SYMBOL: "APBK0656",
  INVALID_QUANTITY: "APBK0560",
  OFF_TICK_GRID: "APBK0506",
  OUTSIDE_PRICE_BAND: "APBK0510",
  INSUFFICIENT_CASH: "APBK0952",
  INSUFFICIENT_HOLDINGS: "APBK0986",
  ORDER_NOT_FOUND: "APBK0918",
  NOTHING_TO_CANCEL: "APBK0690",
  HALTED: "APBK0017",
  // 최유리/최우선 with an empty side: the price is locked at a daily limit.
  NO_QUOTE: "APBK0510",
};

/** The accepted order, or the KIS error for the exchange's refusal (paper has its own closed-market code). */
function accepted(result: OrderResult, ctx: RestContext): SimOrder {
  if (result.ok) return result.order;
  const msgCd = result.reason === "MARKET_CLOSED" ? (ctx.env === "paper" ? "40580000" : "APBK0919") : REJECTIONS[result.reason];
  throw new KisWireError(msgCd);
}

const PAPER_DIVISIONS: readonly OrderDivisionCode[] = ["00", "01", "03", "04"];

/** ORD_DVSN: unknown codes are OPSQ2001; paper refuses the off-hours and IOC/FOK divisions. */
function readDivision(ctx: RestContext): { code: OrderDivisionCode; division: OrderDivision } {
  const code = ctx.req.oneOf("ORD_DVSN", ORDER_DIVISION_CODES);
  if (ctx.env === "paper" && !PAPER_DIVISIONS.includes(code)) throw badParam("ORD_DVSN", `${code} 모의투자 미지원`);
  return { code, division: ORDER_DIVISIONS[code] };
}

const conditionOf = (d: OrderDivision) => (d.condition ? { condition: d.condition } : {});

/** A positive whole number of shares; anything else is APBK0560. */
function readQuantity(req: KisRequest): number {
  const v = req.required("ORD_QTY");
  if (!/^\d+$/.test(v) || Number(v) <= 0) throw new KisWireError("APBK0560", `ORD_QTY ${v}`);
  return Number(v);
}

/** The order's own price as an integer where its division carries one (the rest send "0"); the grid and band are the exchange's to judge. */
function readPrice(req: KisRequest, code: OrderDivisionCode): number | undefined {
  const v = req.required("ORD_UNPR");
  if (!/^\d+$/.test(v)) throw badParam("ORD_UNPR", "integer");
  return PRICED_DIVISIONS.has(code) ? Number(v) : undefined;
}

/** EXCG_ID_DVSN_CD: blank or KRX; SOR routes to KRX on real; paper accepts KRX only. */
function readVenue(ctx: RestContext): void {
  const allowed = ctx.env === "paper" ? (["KRX"] as const) : (["KRX", "SOR"] as const);
  ctx.req.oneOf("EXCG_ID_DVSN_CD", allowed, "KRX");
}

const orderTime = (order: SimOrder) => kstParts(order.placedMs).time;

export function orderCash(side: Side): RestHandler {
  return (ctx: RestContext): RestReply => {
    const accountId = readAccount(ctx);
    const code = readSymbol(ctx, "PDNO").info.code;
    const { code: division, division: d } = readDivision(ctx);
    const quantity = readQuantity(ctx.req);
    const priceKrw = readPrice(ctx.req, division);
    readVenue(ctx);
    if (side === "sell") ctx.req.oneOf("SLL_TYPE", ["01", "02", "05"] as const, "01");
    const order = accepted(
      ctx.exchange.placeOrder(accountId, {
        code,
        side,
        type: d.type,
        ...conditionOf(d),
        quantity,
        ...(priceKrw !== undefined ? { priceKrw } : {}),
        appKey: ctx.appKey,
      }),
      ctx,
    );
    return {
      body: { output: { KRX_FWDG_ORD_ORGNO: order.orgNo, ODNO: order.orderNo, ORD_TMD: orderTime(order) } },
      message: ORDER_SUCCESS,
    };
  };
}

/** The original order of a modify/cancel, matched by number and forwarding org number. */
function readOriginal(ctx: RestContext, accountId: string): string {
  const orgNo = ctx.req.required("KRX_FWDG_ORD_ORGNO");
  const raw = ctx.req.required("ORGN_ODNO");
  if (!/^\d{1,10}$/.test(raw)) throw badParam("ORGN_ODNO", "order number");
  const orderNo = raw.padStart(10, "0");
  const original = ctx.exchange.orders(accountId, "00000101", "99991231").find((o) => o.orderNo === orderNo);
  if (!original || original.orgNo !== orgNo.padStart(original.orgNo.length, "0")) throw new KisWireError("APBK0918", `ORGN_ODNO ${raw}`);
  return orderNo;
}

export function modifyOrCancel(ctx: RestContext): RestReply {
  const accountId = readAccount(ctx);
  const { code: division, division: d } = readDivision(ctx);
  const cancel = ctx.req.oneOf("RVSE_CNCL_DVSN_CD", ["01", "02"] as const) === "02";
  const all = ctx.req.oneOf("QTY_ALL_ORD_YN", ["Y", "N"] as const) === "Y";
  // With QTY_ALL_ORD_YN=Y the quantity is ignored (KIS clients send "0").
  const quantity = all ? undefined : readQuantity(ctx.req);
  const priceKrw = cancel ? undefined : readPrice(ctx.req, division);
  readVenue(ctx);
  const orderNo = readOriginal(ctx, accountId);
  const qty = quantity !== undefined ? { quantity } : {};
  const result = cancel
    ? ctx.exchange.cancelOrder(accountId, orderNo, { ...qty, all })
    : ctx.exchange.modifyOrder(accountId, orderNo, {
        ...qty,
        ...(priceKrw !== undefined ? { priceKrw } : {}),
        type: d.type,
        ...conditionOf(d),
        all,
      });
  const order = accepted(result, ctx);
  return {
    body: { output: { krx_fwdg_ord_orgno: order.orgNo, odno: order.orderNo, ord_tmd: kstParts(ctx.clock.now()).time } },
    message: ORDER_SUCCESS,
  };
}
